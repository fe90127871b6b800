# Newsdesk — the two commands that matter: `make run` and `make test`.

.PHONY: run test test-core test-ui test-e2e setup

# Opens the desktop app (installs missing system packages first; needs a display).
run:
	scripts/setup.sh app
	cargo run -p newsdesk-app --locked

# Every test: core and app (Rust), the UI in Chromium, then the real app end to end (WebDriver).
test: setup
	cargo test --workspace --locked
	node --test --test-concurrency=1 tests/ui/
	scripts/e2e.sh

test-core:
	cargo test -p newsdesk --locked

test-ui:
	node --test --test-concurrency=1 tests/ui/

test-e2e:
	scripts/e2e.sh

setup:
	scripts/setup.sh test
	npm ci --no-audit --no-fund
