#!/usr/bin/env bash
# End-to-end tests of the real app: builds it, then drives it through WebDriver
# (tauri-driver → WebKitWebDriver) under a virtual X display. Needs `scripts/setup.sh test`.
set -euo pipefail
cd "$(dirname "$0")/.."

TAURI_DRIVER_VERSION=2.1.0
if ! command -v tauri-driver >/dev/null 2>&1; then
    echo "e2e: installing tauri-driver $TAURI_DRIVER_VERSION"
    cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION"
fi
export PATH="$HOME/.cargo/bin:$PATH"

[ -d node_modules/webdriverio ] || npm ci --no-audit --no-fund

cargo build -p newsdesk-app -p newsdesk --locked
xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 tests/e2e/
