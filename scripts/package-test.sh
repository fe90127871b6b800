#!/usr/bin/env bash
# The Linux packages, tested as a user gets them: builds the release bundles once (`tauri build`:
# .deb and .rpm, and the AppImage when Tauri's AppImage tools are available offline), checks
# their metadata and desktop entry, installs the .deb with apt (which pulls its dependencies),
# launches the INSTALLED binary under Xvfb with a throw-away data folder, checks that its window
# shows and has painted, saves docs/screenshots/installed-deb.png, opens a feed file through the
# installed desktop entry, then removes the package and checks that its files are gone.
#
# Needs `scripts/setup.sh test` and `npm ci`. Respects CARGO_TARGET_DIR. Root or sudo for apt.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

target_dir=${CARGO_TARGET_DIR:-$repo/target}
case $target_dir in /*) ;; *) target_dir=$repo/$target_dir ;; esac
bundle_dir=$target_dir/release/bundle

package=newsdesk
binary=/usr/bin/newsdesk-app
desktop_entry=/usr/share/applications/Newsdesk.desktop
# bundle.fileAssociations in src-tauri/tauri.conf.json, in that order.
mime_types="application/rss+xml;application/atom+xml;application/xml;application/json;text/html;text/markdown;text/plain;"
screenshot=$repo/docs/screenshots/installed-deb.png

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "not ok - $*"; }
check() { # check DESCRIPTION COMMAND...
    local description=$1
    shift
    if "$@"; then ok "$description"; else fail "$description"; fi
}

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)

# ---------------------------------------------------------------- the part that runs in Xvfb
# Launches the installed app twice: plainly (window, size, paint, screenshot), then through the
# desktop entry with a feed file (the file must arrive in argv). Prints ok/not ok lines.
if [ "${1:-}" = "--under-xvfb" ]; then
    work=$2
    app_pid=
    stop_app() {
        if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
            kill "$app_pid" 2>/dev/null || true
            wait "$app_pid" 2>/dev/null || true
        fi
        app_pid=
    }
    trap stop_app EXIT

    # Prints the id of the window titled "Newsdesk", polling for up to 30 s while process $1
    # runs. One search can fail by itself (a window closes while xdotool reads it: BadWindow);
    # the next one is the answer.
    newsdesk_window() {
        local window
        for _ in $(seq 1 300); do
            window=$(xdotool search --name '^Newsdesk$' 2>/dev/null | head -1 || true)
            [ -n "$window" ] && echo "$window" && return 0
            kill -0 "$1" 2>/dev/null || return 1
            sleep 0.1
        done
        return 1
    }

    # A throw-away home: the library, WebKit's caches and the window state all land in $work.
    export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share \
        XDG_CACHE_HOME=$work/home/.cache XDG_STATE_HOME=$work/home/.local/state
    export NEWSDESK_DATA_DIR=$work/data NEWSDESK_REPORT_READY=1
    mkdir -p "$HOME" "$NEWSDESK_DATA_DIR"

    started=$(date +%s%N)
    "$binary" >"$work/app.out" 2>"$work/app.err" &
    app_pid=$!

    if window=$(newsdesk_window "$app_pid"); then
        ok "the installed $binary opens a window titled \"Newsdesk\" ($(( ($(date +%s%N) - started) / 1000000 )) ms)"
    else
        fail "the installed $binary opens a window titled \"Newsdesk\""
        sed 's/^/    app: /' "$work/app.err" | tail -20
        exit 1
    fi

    eval "$(xdotool getwindowgeometry --shell "$window")"
    # shellcheck disable=SC2153 # WIDTH and HEIGHT come from xdotool
    check "the window has the configured size 1200x780 (got ${WIDTH}x${HEIGHT})" \
        test "$WIDTH" = 1200 -a "$HEIGHT" = 780
    check "the window's class is the desktop entry's StartupWMClass (newsdesk-app)" \
        bash -c "xdotool search --classname '^newsdesk-app\$' | grep -qx '$window'"

    # Painted: the window's pixels are not one flat colour. Poll: WebKit paints after the map.
    painted=no
    for _ in $(seq 1 150); do
        import -window root "$work/shot.png"
        stats=$(convert "$work/shot.png" -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage \
            -format '%k %[fx:standard_deviation]' info:)
        colors=${stats% *}
        deviation=${stats#* }
        if [ "$colors" -ge 64 ] && awk -v d="$deviation" 'BEGIN { exit !(d > 0.05) }'; then
            painted=yes
            break
        fi
        sleep 0.2
    done
    check "the window has painted its page ($colors colours, standard deviation $deviation)" \
        test "$painted" = yes
    ready=$(grep -m1 '^newsdesk-ready ' "$work/app.out" || true)
    [ -z "$ready" ] || echo "    app reported: $ready"
    cp "$work/shot.png" "$screenshot"
    echo "    screenshot: ${screenshot#"$repo"/}"
    check "the app keeps its library in the throw-away data folder" \
        test -s "$NEWSDESK_DATA_DIR/library.sqlite3"
    check "the app is still running" kill -0 "$app_pid"
    stop_app

    # Opening a file from the desktop: the entry's Exec line must hand the path to the app.
    feed="$work/files/world news.rss"
    mkdir -p "$work/files"
    cat >"$feed" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Package test</title><link>https://example.org/</link>
<description>one story</description><item><title>Installed from a .deb</title>
<link>https://example.org/deb</link><description>Opened through the desktop entry.</description>
</item></channel></rss>
EOF
    gio launch "$desktop_entry" "$feed" >"$work/gio.out" 2>&1 || true
    launched=
    for _ in $(seq 1 100); do
        launched=$(pgrep -n -x newsdesk-app || true)
        [ -n "$launched" ] && break
        sleep 0.1
    done
    if [ -n "$launched" ]; then
        app_pid=$launched
        argv=$(tr '\0' '\n' <"/proc/$launched/cmdline" || true)
        check "opening a .rss file with the desktop entry starts $binary with the file's path" \
            test "$(readlink "/proc/$launched/exe")"$'\n'"$argv" = "$binary"$'\n'"newsdesk-app"$'\n'"$feed"
        [ "$argv" = "newsdesk-app"$'\n'"$feed" ] || echo "    argv: $(tr '\n' ' ' <<<"$argv")"
        if newsdesk_window "$app_pid" >/dev/null; then
            ok "... and its window opens"
        else
            fail "... and its window opens"
        fi
        # Not our child: wait for it by polling.
        kill "$app_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
        app_pid=
    else
        fail "opening a .rss file with the desktop entry starts $binary ($(cat "$work/gio.out"))"
    fi
    exit 0
fi

# ---------------------------------------------------------------- build
work=$(mktemp -d /tmp/newsdesk-package-test.XXXXXX)
chmod 755 "$work"
installed=no
cleanup() {
    if [ "$installed" = yes ]; then
        echo "package-test: removing $package after a failure"
        "${as_root[@]}" apt-get purge -y -qq "$package" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

[ -d node_modules/@tauri-apps/cli ] || npm ci --no-audit --no-fund

bundles=deb,rpm
# Tauri's AppImage bundler downloads linuxdeploy and AppRun from GitHub into its tools folder;
# build the AppImage only where they are already there (docs/packaging.md).
tools=${XDG_CACHE_HOME:-$HOME/.cache}/tauri
if [ -x "$tools/linuxdeploy-x86_64.AppImage" ] && [ -e "$tools/AppRun-x86_64" ]; then
    bundles+=,appimage
else
    echo "package-test: no AppImage: Tauri's AppImage tools are not in $tools (they come from GitHub)"
fi

echo "package-test: release build and bundles ($bundles) in $target_dir"
build_started=$(date +%s)
npx tauri build --ci --bundles "$bundles" -- --locked
echo "package-test: release build and bundles took $(($(date +%s) - build_started)) s"

# ---------------------------------------------------------------- the bundles
version=$(node -p 'require("./src-tauri/tauri.conf.json").version')
deb=$bundle_dir/deb/Newsdesk_${version}_amd64.deb
rpm_file=$bundle_dir/rpm/Newsdesk-${version}-1.x86_64.rpm
check "tauri build wrote ${deb#"$repo"/}" test -s "$deb"
check "tauri build wrote ${rpm_file#"$repo"/}" test -s "$rpm_file"
[ -s "$deb" ] || exit 1

field() { dpkg-deb --field "$deb" "$1"; }
check "the .deb is package $package $version for amd64" \
    test "$(field Package) $(field Version) $(field Architecture)" = "$package $version amd64"
check "the .deb depends on WebKitGTK 4.1 and GTK 3 ($(field Depends))" \
    bash -c "grep -q 'libwebkit2gtk-4.1-0' <<<'$(field Depends)' && grep -q 'libgtk-3-0' <<<'$(field Depends)'"
check "the .deb describes itself ($(field Description | head -1))" \
    test "$(field Description | head -1)" = "A fast, safe, local news reader"

# Files only (not directories), as absolute paths.
dpkg-deb --contents "$deb" | awk '$1 !~ /^d/ { print $6 }' | sed 's#^\.\{0,1\}/\{0,1\}#/#' \
    | sort >"$work/shipped-files"
printf '%s\n' "$binary" "$desktop_entry" /usr/share/icons/hicolor/{32x32,64x64,128x128,512x512}/apps/newsdesk-app.png \
    | sort >"$work/expected-files"
check "the .deb ships the binary, the desktop entry and 4 icons, nothing else ($(paste -sd' ' "$work/shipped-files"))" \
    cmp -s "$work/expected-files" "$work/shipped-files"

dpkg-deb --extract "$deb" "$work/deb-root"
entry=$work/deb-root$desktop_entry
check "the desktop entry passes desktop-file-validate" desktop-file-validate "$entry"
entry_value() { sed -n "s/^$1=//p" "$entry"; }
check "the desktop entry hands the files to open to the app (Exec=$(entry_value Exec))" \
    test "$(entry_value Exec)" = "newsdesk-app %F"
check "the desktop entry opens feeds, pages, notes and text (MimeType=$(entry_value MimeType))" \
    test "$(entry_value MimeType)" = "$mime_types"
check "the desktop entry files Newsdesk under Network;News;Feed;" \
    test "$(entry_value Categories)" = "Network;News;Feed;"

if [ -s "$rpm_file" ]; then
    rpm_info=$(rpm -qp --queryformat '%{NAME} %{VERSION} %{LICENSE}' "$rpm_file" 2>/dev/null)
    check "the .rpm is $package $version, MIT ($rpm_info)" test "$rpm_info" = "$package $version MIT"
    check "the .rpm ships the binary and the desktop entry" bash -c \
        "rpm -qlp '$rpm_file' 2>/dev/null | grep -qx '$binary' && rpm -qlp '$rpm_file' 2>/dev/null | grep -qx '$desktop_entry'"
fi

# ---------------------------------------------------------------- install
if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q installed; then
    echo "package-test: $package is installed from an earlier run; removing it first"
    "${as_root[@]}" apt-get purge -y -qq "$package" >/dev/null
fi
cp "$deb" "$work/"
chmod 644 "$work/${deb##*/}"
installed=yes
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "$work/${deb##*/}"
check "apt installed $package" \
    test "$(dpkg-query -W -f='${Status} ${Version}' "$package")" = "install ok installed $version"
check "$binary is on PATH as newsdesk-app" test "$(command -v newsdesk-app)" = "$binary"
# desktop-file-utils' trigger rebuilds the MIME cache from the installed entry.
missing=
IFS=';' read -r -a types <<<"$mime_types"
for type in "${types[@]}"; do
    grep -q "^$type=.*Newsdesk.desktop" /usr/share/applications/mimeinfo.cache || missing+=" $type"
done
check "the system's MIME cache offers Newsdesk for all ${#types[@]} file types${missing:+ (missing:$missing)}" \
    test -z "$missing"

# ---------------------------------------------------------------- launch the installed app
mkdir -p "$(dirname "$screenshot")"
xvfb-run -a -s "-screen 0 1280x800x24" "$repo/scripts/package-test.sh" --under-xvfb "$work" >"$work/xvfb.log" 2>&1 || true
cat "$work/xvfb.log"
passed=$((passed + $(grep -c '^ok - ' "$work/xvfb.log" || true)))
failed=$((failed + $(grep -c '^not ok - ' "$work/xvfb.log" || true)))
grep -q '^ok - .*painted' "$work/xvfb.log" || fail "the installed app ran under Xvfb and painted"

# ---------------------------------------------------------------- remove
"${as_root[@]}" apt-get purge -y -qq "$package" >/dev/null
installed=no
check "apt removed $package" bash -c "! dpkg-query -W -f='\${Status}' '$package' 2>/dev/null | grep -q installed"
left=
while read -r path; do
    [ -f "$path" ] || [ -L "$path" ] && left+=" $path"
done <"$work/shipped-files"
check "every file the package installed is gone${left:+ (left:$left)}" test -z "$left"
check "the MIME cache no longer offers Newsdesk" \
    bash -c "! grep -q Newsdesk.desktop /usr/share/applications/mimeinfo.cache 2>/dev/null"

echo "package test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
