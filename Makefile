# Newsdesk — the two commands that matter: `make run` and `make test`.

.PHONY: run test test-core test-ui test-e2e setup lint-workflows test-package measure-startup bench

# Opens the desktop app (installs missing system packages first; needs a display).
run:
	scripts/setup.sh app
	cargo run -p newsdesk-app --locked

# Every test: core and app (Rust), the UI in Chromium, the real app end to end (WebDriver), the
# CI workflow lint, then the release build: .deb/.rpm bundles, installed and launched (Xvfb).
test: setup
	cargo test --workspace --locked
	node --test --test-concurrency=1 tests/ui/
	scripts/e2e.sh
	scripts/lint-workflows.sh
	scripts/package-test.sh

test-core:
	cargo test -p newsdesk --locked

test-ui:
	node --test --test-concurrency=1 tests/ui/

test-e2e:
	scripts/e2e.sh

# GitHub Actions workflows, checked with actionlint.
lint-workflows:
	scripts/lint-workflows.sh

# Release build → .deb and .rpm → install the .deb, launch it headless, screenshot, remove it.
test-package: setup
	scripts/package-test.sh

# Release sizes, and start-up time and memory against an empty Tauri window (benches/hello-tauri),
# interleaved in one run (a Markdown section on stdout).
measure-startup: setup
	scripts/measure-startup.sh

# BENCHMARKS.md: import, search, reading and memory at 1k–100k stories, then release sizes and
# cold start (about 30 minutes on 2 cores; more the first time, when 1.5 GB of corpora are made).
# The harness and the corpus are the dev-only crates benches/newsdesk-bench and benches/corpus;
# `cargo bench -p newsdesk-bench` runs the criterion micro-benchmarks of the core's hot paths.
bench: setup
	cargo build --release --locked -p newsdesk -p newsdesk-bench --bin newsdesk --bin newsdesk-bench
	cargo run --release --locked -p newsdesk-bench -- --out BENCHMARKS.md
	scripts/measure-startup.sh >> BENCHMARKS.md

setup:
	scripts/setup.sh test
	npm ci --no-audit --no-fund
