# Newsdesk — the two commands that matter: `make run` and `make test`.

.PHONY: run test test-core setup

# Every test: core unit, integration and property tests.
test:
	scripts/setup.sh core
	cargo test --workspace --locked

test-core:
	cargo test --locked

setup:
	scripts/setup.sh test
