#!/usr/bin/env bash
# Release sizes, and start-up time and memory against an empty Tauri window, printed as Markdown.
#
# Five subjects start in turn, interleaved (the order rotates every round), inside one Xvfb
# server, each with a data folder and home of its own that stay in place between its starts
# (warm: library, WebKit cache and window state there; one discarded warm-up start each):
#   hello    the baseline, benches/hello-tauri: one page, one command, the same Tauri (one
#            Cargo.lock), built with the same features and profile;
#   hello-cpu  the same with WebKit's accelerated compositing off, as Newsdesk paints;
#   empty    Newsdesk with an empty library;
#   library  Newsdesk with a library of STORIES (default 100,000) generated articles;
#   session  the same library, with NEWSDESK_BENCH_SESSION=1: the page opens 20 articles and runs
#            10 searches through its own controls (ui/js/bench-session.js), then reports.
# First paint: started with NEWSDESK_REPORT_READY=1, each app prints `newsdesk-ready <ms since
# process start>` from the first requestAnimationFrame callback of its page (Newsdesk queues it
# before asking for any data, so it marks the frame that shows the window's chrome and skeleton
# rows). Newsdesk also prints `newsdesk-mark <name> <ms>` lines: its start-up profile.
# Memory: PSS (/proc/PID/smaps_rollup) summed over the app and all its descendants (WebKit's
# web and network processes), 4 s after the start; for `session`, 1 s after its session ended.
# Each app is stopped with SIGTERM (Newsdesk then closes cleanly, as at a logout) and its
# processes are gone before the next start, so no two share pages.
#
# Usage: scripts/measure-startup.sh [--no-build]   (RUNS=N rounds, default 7; STORIES=N)
# Needs `scripts/setup.sh test` and `npm ci`. Respects CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
runs=${RUNS:-7}
stories=${STORIES:-100000}
settle_ms=4000

target_dir=${CARGO_TARGET_DIR:-$repo/target}
case $target_dir in /*) ;; *) target_dir=$repo/$target_dir ;; esac
app=$target_dir/release/newsdesk-app
hello=$target_dir/release/hello-tauri
bundle_dir=$target_dir/release/bundle

thousands() { sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$1"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Every process of the tree under $1 (itself first).
tree() {
    echo "$1"
    local child
    for child in $(pgrep -P "$1" || true); do tree "$child"; done
}

# The CPU time (ms) WebKit's web process under $1 has used so far, all its threads: less moved
# by other work on the machine than a wall-clock time.
web_cpu_ms() {
    local process ns=0 task
    for process in $(tree "$1"); do
        [[ $(cat "/proc/$process/comm" 2>/dev/null) == WebKitWebProces* ]] || continue
        for task in /proc/"$process"/task/*/schedstat; do
            ns=$(( ns + $(cut -d' ' -f1 "$task" 2>/dev/null || echo 0) ))
        done
    done
    echo $(( ns / 1000000 ))
}

# ---------------------------------------------------------------- one start (inside Xvfb)
# Prints "metric value" lines: ready, webcpu (the web process's CPU ms by the first paint), marks
# (mark:NAME), PSS per process (pss:COMM, kB).
start_once() { # start_once SUBJECT WORK
    local subject=$1 dir=$2/$1 binary=$app wait_for=""
    local compositing=()
    case $subject in
        hello) binary=$hello ;;
        hello-cpu) binary=$hello compositing=(WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1) ;;
        session) dir=$2/library wait_for=session-done ;;
    esac
    mkdir -p "$dir/home" "$dir/data"
    local started line deadline remaining seen=""
    started=$(now_ms)
    coproc APP {
        exec env HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/.config" \
            XDG_DATA_HOME="$dir/home/.local/share" XDG_CACHE_HOME="$dir/home/.cache" \
            NEWSDESK_DATA_DIR="$dir/data" NEWSDESK_REPORT_READY=1 \
            ${wait_for:+NEWSDESK_BENCH_SESSION=1} "${compositing[@]}" "$binary" 2>/dev/null
    }
    local pid=$APP_PID
    # Lines are read until 4 s after the start (a session: until 1 s after it reports its end).
    deadline=$(( started + settle_ms ))
    [ -z "$wait_for" ] || deadline=$(( started + 120000 ))
    while remaining=$(( deadline - $(now_ms) )) && [ "$remaining" -gt 0 ]; do
        IFS= read -r -t "$(printf '%d.%03d' $((remaining / 1000)) $((remaining % 1000)))" line \
            <&"${APP[0]}" || { [ $? -gt 128 ] && continue; break; }
        case $line in
            "newsdesk-ready "*)
                seen=yes
                echo "ready ${line#newsdesk-ready }"
                echo "webcpu $(web_cpu_ms "$pid")" ;;
            "newsdesk-mark "*)
                set -- $line
                echo "mark:$2 $3"
                if [ "$2" = "$wait_for" ]; then deadline=$(( $(now_ms) + 1000 )); fi ;;
            "newsdesk-count "*)
                set -- $line
                echo "count:$2 $3" ;;
        esac
    done
    [ -n "$seen" ] || { echo "measure-startup: $subject: no newsdesk-ready line" >&2; exit 1; }
    local processes process
    processes=$(tree "$pid")
    for process in $processes; do
        awk -v comm="$(cat "/proc/$process/comm" 2>/dev/null)" \
            '/^Pss:/ { print "pss:" comm, $2 }' "/proc/$process/smaps_rollup" 2>/dev/null || true
    done
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    # WebKit's processes outlive the app briefly: the next start must not share pages with them.
    for _ in $(seq 50); do
        kill -0 $processes 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL $processes 2>/dev/null || true
}

if [ "${1:-}" = "--rounds" ]; then
    work=$2
    subjects=(hello hello-cpu empty library session)
    for subject in "${subjects[@]}"; do start_once "$subject" "$work" >/dev/null; done # warm-up
    for round in $(seq 1 "$runs"); do
        for i in "${!subjects[@]}"; do
            subject=${subjects[$(( (i + round) % ${#subjects[@]} ))]}
            start_once "$subject" "$work" | sed "s/^/$subject $round /"
        done
    done
    exit 0
fi

# ---------------------------------------------------------------- builds and the library
if [ "${1:-}" != "--no-build" ]; then
    [ -d node_modules/@tauri-apps/cli ] || npm ci --no-audit --no-fund >&2
    echo "measure-startup: release build and bundles" >&2
    npx tauri build --ci --bundles deb,rpm -- --locked >&2
    # The baseline with the app's Tauri features (one feature resolution for both) and, like
    # `tauri build`, Tauri's custom-protocol feature.
    cargo build --release --locked -p newsdesk-app -p hello-tauri --features tauri/custom-protocol >&2
    cargo build --release --locked -p newsdesk -p newsdesk-bench --bin newsdesk --bin newsdesk-bench >&2
fi
for binary in "$app" "$hello"; do
    [ -x "$binary" ] || { echo "measure-startup: no release binary at $binary" >&2; exit 1; }
done

# The library: the benchmark's corpus of $stories stories, imported by the CLI (made once, and
# brought up to this build's schema by opening it: an upgrade's re-index is not what is measured).
library=$target_dir/bench-data/startup-library-$stories
tools=$target_dir/release
[ -x "$tools/newsdesk-bench" ] || tools=$target_dir/debug
if [ ! -s "$library/library.sqlite3" ]; then
    echo "measure-startup: making a library of $stories stories" >&2
    dump=$("$tools/newsdesk-bench" --dump-only "$stories")
    rm -rf "$library.partial" && mkdir -p "$library.partial"
    "$tools/newsdesk" --db "$library.partial/library.sqlite3" import "$dump" >&2
    rm -rf "$library" && mv "$library.partial" "$library"
fi
"$tools/newsdesk" --db "$library/library.sqlite3" stats >/dev/null

work=$(mktemp -d /tmp/newsdesk-startup.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/library/data"
cp "$library/library.sqlite3" "$work/library/data/"

load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "measure-startup: $runs rounds of 5 starts (hello, hello-cpu, empty, library, session)" >&2
xvfb-run -a -s "-screen 0 1280x800x24" "$repo/scripts/measure-startup.sh" --rounds "$work" \
    >"$work/results.txt"

# ---------------------------------------------------------------- figures
# values SUBJECT METRIC: one value per round (PSS metrics summed over the round's processes).
values() {
    awk -v s="$1" -v m="$2" '$1 == s && ($3 == m || (m == "pss" && $3 ~ /^pss:/) ||
        (m ~ /^pss:/ && index($3, m) == 1)) { sum[$2] += $4 }
        END { for (r in sum) print sum[r] }' "$work/results.txt"
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%d\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%d–%d\n", v[1], v[NR] }'; }
med() { values "$1" "$2" | median; }
ms_cell() { [ -n "$(med "$1" "$2")" ] && printf '%s ms (%s)' "$(med "$1" "$2")" "$(values "$1" "$2" | range)" || echo "—"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
mb_cell() { local m; m=$(med "$1" "$2"); [ -n "$m" ] && printf '%s MB (%s–%s)' "$(mb "$m")" \
    "$(mb "$(values "$1" "$2" | sort -n | head -1)")" "$(mb "$(values "$1" "$2" | sort -n | tail -1)")" || echo "—"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
verdict() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { print (a <= b * t) ? "met" : "not met" }'; }

hello_ready=$(med hello ready) hello_pss=$(med hello pss) hello_webcpu=$(med hello webcpu)
row() { # row LABEL SUBJECT
    local ready pss
    ready=$(med "$2" ready) pss=$(med "$2" pss)
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" \
        "$([ "$2" = session ] && echo — || ms_cell "$2" ready)" \
        "$([ "$2" = session ] && echo — || ratio "$ready" "$hello_ready")" \
        "$([ "$2" = session ] && echo — || echo "$(med "$2" webcpu) ms ($(ratio "$(med "$2" webcpu)" "$hello_webcpu"))")" \
        "$(ms_cell "$2" mark:library-shown)" "$(mb_cell "$2" pss)" "$(ratio "$pss" "$hello_pss")"
}
pss_row() { # pss_row LABEL SUBJECT: PSS by process
    printf '| %s | %s | %s | %s |\n' "$1" "$(mb "$(med "$2" "pss:$3")")" \
        "$(mb "$(med "$2" pss:WebKitWebProces)")" "$(mb "$(med "$2" pss:WebKitNetworkP)")"
}
gap() { # gap SUBJECT FROM TO: ms between two metrics' medians
    local from to
    from=$(med "$1" "$2") to=$(med "$1" "$3")
    if [ -n "$from" ] && [ -n "$to" ]; then echo $(( to - from )); else echo "?"; fi
}
mark_row() { # mark_row NAME WHAT
    local cells=() subject value
    for subject in hello empty library; do
        value=$(med "$subject" "mark:$1")
        cells+=("${value:-—}")
    done
    printf '| %s | %s | %s | %s |\n' "$2" "${cells[@]}"
}

version=$(node -p 'require("./src-tauri/tauri.conf.json").version')
tauri_version=$(awk '/^name = "tauri"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
deb=$bundle_dir/deb/Newsdesk_${version}_amd64.deb
rpm_file=$bundle_dir/rpm/Newsdesk-${version}-1.x86_64.rpm
human() { numfmt --to=iec-i --suffix=B --format='%.1f' "$1"; }
size_row() { printf '| %s | %s | %s |\n' "$1" "$(human "$(stat -c %s "$2")")" "${3:-}"; }
stripped_note=$(file -b "$app" | grep -o 'not stripped\|stripped' | head -1)
if [ "$stripped_note" = "not stripped" ] && strip -o "$work/stripped" "$app" 2>/dev/null; then
    stripped_note="not stripped; $(human "$(stat -c %s "$work/stripped")") after \`strip\`"
fi
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
webkit=$(dpkg-query -W -f='${Version}' libwebkit2gtk-4.1-0 2>/dev/null || echo unknown)
# What the page loads: index.html, every file it names (the stylesheet names none) and the
# window's modules, which main.js preloads once the first frame is painted (WINDOW_MODULES).
first_frame_files=$(grep -o '\(href\|src\)="[^"]*"' ui/index.html | sed 's/.*="\(.*\)"/\1/' | sort -u)
page_files=$({ echo "$first_frame_files"; sed -n 's|^  "\./\(.*\.js\)",$|js/\1|p' ui/js/main.js; } | sort -u)
first_frame_modules=$(grep -c '\.js$' <<<"$first_frame_files")
page_requests=$(( $(wc -l <<<"$page_files") + 1 ))
page_names="$(grep -c '\.js$' <<<"$page_files") modules, $(grep -c '\.css$' <<<"$page_files") stylesheet, $(grep -c '\.svg$' <<<"$page_files") image"
page_kb=$(( ($(cd ui && cat index.html $page_files | wc -c) + 512) / 1024 ))
session_pss=$(med session pss) library_ready=$(med library ready) empty_ready=$(med empty ready)

cat <<EOF
## Release build: size and start-up

Measured by \`scripts/measure-startup.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores ($cpu),
$(sed -n "s/^PRETTY_NAME=//p" /etc/os-release | tr -d '"'), WebKitGTK $webkit, Tauri $tauri_version, Xvfb 1280×800×24, Newsdesk $version
(commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src src-tauri ui Cargo.toml Cargo.lock benches || echo ", with uncommitted changes")),
load average $load when it began.

| file | size | note |
|---|---|---|
$(size_row "release binary \`newsdesk-app\`" "$app" "$stripped_note"
  [ ! -s "$deb" ] || size_row "\`${deb##*/}\`" "$deb" "installed size $(human "$(( $(dpkg-deb --field "$deb" Installed-Size) * 1024 ))")"
  [ ! -s "$rpm_file" ] || size_row "\`${rpm_file##*/}\`" "$rpm_file"
  size_row "release binary \`hello-tauri\` (the baseline)" "$hello")

**Start-up against an empty Tauri window** — $runs rounds; in each, the five starts run one
after another in a rotating order, warm (library, WebKit cache and window state in place).
Median (min–max); ratios to the hello-world app's median of the same run. "Web process CPU by
then": the CPU time WebKit's web process had used when the page reported its first frame (all
its threads, \`/proc/PID/task/*/schedstat\`) — the work behind the first frame, which other
jobs on a shared machine move less than the wall-clock time.

| | first paint (\`newsdesk-ready\`) | × hello | web process CPU by then | library shown | PSS | × hello |
|---|---|---|---|---|---|---|
$(row "hello-world Tauri app (\`benches/hello-tauri\`)" hello)
$(row "the same, compositing off (as Newsdesk paints)" hello-cpu)
$(row "Newsdesk, empty library" empty)
$(row "Newsdesk, $(thousands "$stories")-article library" library)
$(row "Newsdesk, $(thousands "$stories") articles, after opening 20 and 10 searches" session)

Targets: first paint ≤ 1.1× the hello-world app's — empty library **$(verdict "$empty_ready" "$hello_ready" 1.1)**,
$(thousands "$stories") articles **$(verdict "$library_ready" "$hello_ready" 1.1)**; PSS ≤ 1.2× with $(thousands "$stories") articles after
the session — **$(verdict "$session_pss" "$hello_pss" 1.2)**. Against the hello-world app painting as Newsdesk does
(compositing off): first paint $(ratio "$empty_ready" "$(med hello-cpu ready)") (empty) and $(ratio "$library_ready" "$(med hello-cpu ready)") ($(thousands "$stories")),
PSS $(ratio "$session_pss" "$(med hello-cpu pss)") after the session.

PSS by process (median MB; the app process, WebKit's web process, its network process):

| | app | web | network |
|---|---|---|---|
$(pss_row hello hello hello-tauri)
$(pss_row "hello, compositing off" hello-cpu hello-tauri)
$(pss_row "Newsdesk, empty" empty newsdesk-app)
$(pss_row "Newsdesk, $(thousands "$stories")" library newsdesk-app)
$(pss_row "Newsdesk, $(thousands "$stories"), after the session" session newsdesk-app)

**Start-up profile** — the apps' own marks, ms since the process started (median of the
$runs rounds; \`newsdesk-mark\` lines; the hello-world app has the first two, its page's
milestones and its first paint):

| ms since start | hello-world | Newsdesk, empty | Newsdesk, $(thousands "$stories") articles |
|---|---|---|---|
$(mark_row plugins "Tauri is built: its plugins are set up (dialog, window state)")
$(mark_row setup "the window exists (Tauri calls the app's setup)")
$(mark_row library-opened "the library is open (a reader and the writer thread; run marker), on a thread of its own started after the plugins")
$(mark_row setup-done "setup done: the event loop runs, WebKit loads the page")
$(mark_row navigation-start "WebKit's web process is up and asks the app for the page")
$(mark_row html-received "WebKit has the page's HTML")
$(mark_row main-start "\`main.js\` runs (the stylesheet and its two modules are in) and asks for the first frame")
$(printf '| %s | %s | %s | %s |\n' "first paint (Newsdesk: the window's chrome and skeleton rows)" "$hello_ready" "$empty_ready" "$library_ready")
$(mark_row modules-loaded "after the first frame: the window's modules are in (\`bootstrap.js\` runs)")
$(mark_row page-start "\`bootstrap.js\` has built the views and asks for the library")
$(mark_row load "the load event (every file the page names is in)")
$(mark_row overview "the counts and sources are in (\`library_overview\`)")
$(mark_row library-shown "the list's first page is shown")
$(mark_row checked "the check after an unclean shutdown has answered (a no-op after a clean one)")

What the page loads: $page_requests requests (\`index.html\` and $page_names), $page_kb KB
uncompressed. Before the first frame: \`index.html\`, the stylesheet, the image and
$first_frame_modules modules (\`main.js\` and the two it imports, preloaded by \`index.html\`); the others once it
is painted, all at once (\`main.js\` preloads them). Fonts: the system's, no font files.

- "first paint" is the page's first animation frame, as the hello-world app's; "library shown"
  is the frame after the counts arrived and the list asked for its first page.
- Under Xvfb there is no GPU: the hello app, as WebKit does by default, composites with Mesa's
  software OpenGL; Newsdesk paints without compositing (below).
- PSS divides shared pages among the processes that map them: another WebKit app running on the
  machine at the same time lowers both subjects' figures. Compare rows of one run.
- Reproduce: \`make measure-startup\` (builds the release bundles first) or
  \`scripts/measure-startup.sh --no-build\`; \`RUNS=N\`, \`STORIES=N\`.

### Start-up and memory: what was cut, and where the rest goes

- **The first frame comes before any data, and before the window's code.** The page's one
  script, \`main.js\`, imports two small modules (the backend's API and the reader's settings: a
  chosen theme must not flash), asks for the first frame and imports
  \`bootstrap.js\`, the window's wiring, with its controllers and views, only once that frame is
  painted (a task queued from the frame's callback). That frame shows the toolbar, the panes and
  skeleton rows (HTML and CSS: the list's background while it is \`aria-busy\`). The counts and
  the list's first page follow ("library shown"). Until 2026-12-01 \`main.js\` imported
  \`bootstrap.js\` right after asking for the frame: preloaded, it was in already, so the window's
  code ran and the library's first queries (the counts: tens of ms at 100,000 articles) started
  before the frame and competed with it for the two cores (their marks came before the first
  paint). Measured then with the CPU time (\`/proc/PID/task/*/schedstat\`) of WebKit's web process
  from setup to the first frame, one start each under load: 306–339 ms (empty), 244–323 ms
  (100,000) before, 183–189 ms after, the hello app's 146–173 ms; \`main.js\` → first paint went
  from 43–56 ms to 13–21 ms (medians of two runs).
- **No accelerated compositing.** WebKitGTK composites with OpenGL by default; without a GPU
  (here, and in many virtual machines) that is Mesa's software OpenGL, which costs the first
  frame and keeps textures in the web process's own memory. In this run the hello app itself,
  without it, paints its first frame in $(ratio "$(med hello-cpu ready)" "$hello_ready") the time and holds $(ratio "$(med hello-cpu pss)" "$hello_pss") the memory. Newsdesk tells
  WebKit so before GTK starts, with WebKit's own variables \`WEBKIT_DISABLE_COMPOSITING_MODE=1\` and
  \`WEBKIT_DISABLE_DMABUF_RENDERER=1\` (the renderer a composited page is handed over with;
  \`NEWSDESK_COMPOSITING=1\` keeps WebKit's default, and a value the user gave either variable is
  kept): its pages are text and a few panes, which the CPU paints fast enough; the cost is that
  scrolling is painted by the CPU on machines with a GPU too. Until 2026-12-07 it set the
  webview's hardware-acceleration policy to "never" in Tauri's setup, after WebKit had begun to
  set both processes up for compositing (Mesa's libraries are loaded either way: the variables
  save its setting up, not its loading). Measured on 2026-12-07 (the
  build before and this one, interleaved with the hello app, 14 rounds, empty library): first
  paint 327.5 → 296 ms (the hello app's 324.5 ms), WebKit's request for the page 271 → 242.5
  ms since the start, the app's PSS 94.5 → 89.6 MB and the web process's 119.8 → 113.5 MB.
- **SIGTERM closes the app cleanly.** A logout, a shutdown or \`kill\` sends SIGTERM; it used to end
  the process on the spot, leaving the run marker, so the next start took it for a crash and
  checked the whole library (and the benchmark measured that check at every start). Now it
  closes the app as its close button does.
- **Plugins** (dialog, window state; on Linux no opener since 2026-12-07: articles' web pages
  open through the \`open\` crate's launchers, without the WebKit variables the app set for
  itself) are set up inside Tauri's build: compare the first
  two marks with the hello app's, which has no plugins; the difference is within the noise of
  this machine, so nothing was deferred.
  Single-instance (D-Bus) is on only for the default library; the benchmark gives the app a
  data folder of its own (\`NEWSDESK_DATA_DIR\`), where it is off.
- **The library** opens on a thread of its own (a reader connection and the writer thread, the
  run marker), started as soon as Tauri's plugins are set up (a second start for the default
  library has then handed its files to the first one and ended, untouched), while Tauri creates
  the window; setup takes it, waiting only if it is not open yet. Opened in setup, it held the
  main thread, and so the page's loading, 2–16 ms. The check after an unclean shutdown runs after
  the first frame, on the jobs connection, and shows its result when it has one.
- **Module loading**: before its first frame the page loads only what that frame needs:
  \`index.html\`, the stylesheet, the logo, and \`main.js\` with the two modules it imports
  (\`api.js\`, \`settings.js\`), which \`index.html\` preloads. Once the frame is painted,
  \`main.js\` adds \`modulepreload\` links for the window's $(( $(grep -c '\.js$' <<<"$page_files") - first_frame_modules )) other modules (\`WINDOW_MODULES\`: \`bootstrap.js\` and
  all it imports; a test checks the list against the import graph) and imports \`bootstrap.js\`,
  so they arrive in one round. Until 2026-12-06 \`main.js\` imported four modules and
  \`index.html\` preloaded all 20, whose fetching and compiling then competed with the first
  frame's. Measured then with a quick harness (20 interleaved starts each, empty library, one
  Xvfb): first paint 398 ms before, 382 ms after, the hello app's 336 ms; a \`main.js\` with no
  import at all, 378 ms; the Newsdesk app serving the hello app's page, 329 ms. So what was left
  lay in the page itself, not in the app process or its plugins.
- **Fonts**: every family of a CSS font stack that the system lacks costs WebKitGTK a fontconfig
  lookup for each size and weight the page uses. The stacks named five or six families each
  (\`-apple-system\`, "Segoe UI", "Noto Sans", "Iowan Old Style", "SF Mono", ...), most of which a
  Linux system lacks; each platform's faces now come through the CSS keywords (\`system-ui\`,
  \`ui-serif\`, \`ui-monospace\`) and the generic family, with Georgia for Windows' reading text.
  Measured on 2026-12-06 (16 interleaved starts each, empty library): WebKit's web process had
  used 236 ms of CPU when the first frame came with the old stacks, 197 ms with the short ones
  (the hello app's 190 ms, a page without any stylesheet 190 ms); first paint 392 → 345 ms
  (hello 322 ms). In \`perf\` profiles of 2026-12-01 the rest of the web process's extra work
  before its first frame is JavaScriptCore (the modules) and WebKit's style and layout (a larger
  page than the hello app's).
  On Linux (since 2026-12-06, evening) the page takes fontconfig's own families: WebKitGTK
  asks fontconfig for each family of a stack in turn, and fontconfig 2.14 knows none of the
  keywords, so each was a lookup missed before the generic family was tried. The shell marks
  the page before it is parsed (\`data-fonts="fontconfig"\`, an initialization script of its
  guard plugin, Linux only), and the stylesheet then names \`sans-serif\`, \`Georgia, serif\` and
  \`monospace\`. With \`FC_DEBUG=1\`, fontconfig's matching steps in one start: 2,375 → 1,223 (the
  hello app's 184). Interleaved with the build before it (16 rounds, empty library): request →
  first frame 71 → 65 ms, HTML → first frame 45.5 → 37.5 ms, first paint 390 → 381 ms (hello
  362 ms). macOS and Windows keep the keyword stacks.
- **What is left of the gap** (this run's medians, empty library): from setup, the web process
  takes $(gap empty mark:setup-done mark:navigation-start) ms to start and ask for the page, the app serves the HTML in
  $(gap empty mark:navigation-start mark:html-received) ms, the stylesheet and \`main.js\`'s modules take $(gap empty mark:html-received mark:main-start) ms more, then the frame
  $(gap empty mark:main-start ready) ms. The hello app's whole first frame comes $(gap hello mark:setup ready) ms after its setup; its web process
  asks for its page $(gap hello mark:setup mark:navigation-start) ms after it, has the HTML $(gap hello mark:navigation-start mark:html-received) ms later and paints
  $(gap hello mark:html-received ready) ms after that. Measured once (2026-12-01, 8 interleaved
  rounds on a quiet machine, empty library): without the window-state plugin, and with
  compositing turned off through WebKit's environment instead of its settings, the figures did
  not change (409 and 398 ms against 403 ms to the first frame). WebKit's environment was
  measured again on 2026-12-07, with its DMA-BUF renderer off as well, in three interleaved runs
  (8, 10 and 14 rounds, empty library): the first frame came 26–35 ms sooner in each, the web
  process asking for the page 28–31 ms sooner; the app now paints that way (No accelerated
  compositing, above).
- **Where the page's time goes** (2026-12-06: \`perf record -F 4000\` of single starts, and six
  interleaved runs of 6–16 rounds with variants of the page built for the purpose). Most of
  the web process's CPU before its first frame is its own start, the same for both apps: 58–100 ms
  in the dynamic linker (\`do_lookup_x\`, relocating WebKit's libraries). Newsdesk's page work
  (WebKit, JavaScriptCore, fontconfig) is about 20 ms of CPU, and the app's main thread is
  mostly idle while the page loads. When the web process asks for the page moves by ±20 ms
  between runs, so the variants are compared by the time from that request to the first
  frame, taken in each start (medians): the hello app 15–22 ms, Newsdesk 64.5–72 ms. Without the
  stylesheet: 43, 55 and 55 ms against 68, 72 and 71.5 ms in three runs. With \`sans-serif\` and
  \`monospace\` for \`system-ui\` and \`ui-monospace\`: 50, 63.5 and 61.5 ms against 72, 71.5 and
  70.5 ms (first paint 356 against 371 ms over 16 rounds in the third);
  each change alone, 62 and 60.5 ms against 64.5 ms. Without the logo image (and the icon link):
  55 against 68 ms in one run; the logo drawn in the page instead of loaded: 70.5 against
  68 ms. Without the skeleton rows (66 and 75.5 ms), the stylesheet's second half (73.5 ms) or
  its \`:has()\` rule (77 ms): no gain. Two more, the evening of 2026-12-06: the four dialogs (half
  of \`index.html\`'s 10 KB and every form control of the window) kept in a template that \`main.js\`
  puts in place after the first frame, 61, 70.5 and 73.5 ms against 70.5–72.5 ms (14, 14 and 30
  rounds; the web process's CPU by the first frame 200 / 226 / 216 against 218 / 226 / 220 ms);
  without the icon link, 67 and 69 ms against 73 and 64 ms: no gain from either, neither kept.
  A page without the dialogs at all (not a working window: the most that building them later
  could win) painted first in 334 and 414 ms against 342 and 430 ms, its web process's CPU 168
  and 232 ms against 192 and 238 ms (14 and 30 rounds): 6–24 ms, too uncertain to move the
  dialogs out of the page for. So the stylesheet holds 15–25 ms of the ~50 ms gap, and
  generic font families in place of the platform keywords win back about 9 ms on Linux. They would give up the
  platforms' own faces on macOS and Windows (\`system-ui\` there is SF and Segoe UI), so they need
  per-platform stacks first; nothing was kept then (since done for Linux alone: Fonts, above).
- **Three more looks at the page phase** (2026-12-06, evening of the last stop).
  - *When the app serves the page's files*: a build made for the purpose logged each request as
    the app answered it (Tauri's \`on_web_resource_request\`), six starts. \`index.html\` is served
    0–4 ms after the web process asks for it; the stylesheet, the logo and the three modules
    all within 2 ms of each other about 20 ms later, as the preload scanner reads the HTML.
    The app answers at once; the time goes in the web process.
  - *What the web process does then* (\`perf record -F 4000\` of three starts, the samples placed
    on the app's own clock by its first \`newsdesk-mark\` line): from the request to the first
    frame, 80–105 ms under \`perf\`, it runs without pause: JavaScriptCore about 10 ms (Tauri's
    injected scripts), WebKit's parsing and style 10 ms, **fontconfig 20 ms** (font matching:
    \`FcConfigSubstituteWithPat\`, \`FcPatternFilter\`, malloc), layout 10–15 ms, JavaScriptCore
    again 10–20 ms (the page's three modules). The hello app's page spends 5–8 ms in
    fontconfig. Mesa's software OpenGL is loaded 50–100 ms before the request in every app and
    mode (during the web process's own start), so it is not part of this gap: it is loaded during
    the web process's start, which WebKit's environment shortened (2026-12-07, above), though
    the libraries are still loaded.
  - *Tried, not kept*: the stylesheet inlined into \`index.html\` (a \`<style>\` element, which
    Tauri gives a nonce): request → first frame 81.5 ms against 81 ms, first paint 422 against
    420 ms (16 rounds): the request costs nothing. Compositing turned back on
    (\`NEWSDESK_COMPOSITING=1\`, the same build, 14 rounds, empty library): first paint 654 ms
    against 436 ms (hello 393 ms), PSS 330 MB against 239 MB (hello 262 MB).
- **Tried the night of 2026-12-06, not kept** (each build interleaved with the current app
  and the hello app, empty library).
  - *Tauri's JavaScript API, injected or loaded as modules.* With \`withGlobalTauri\` Tauri
    injects its API (41 KB) and each plugin's (dialog, file system, opener, window state: 10 KB) into the page before it is parsed; the hello app injects
    the 41 KB too. A measurement build without them (its one call before the frame sent through
    Tauri's internal IPC object: not a working window) had used 220 against 243 ms and 223 against
    238 ms of web-process CPU by its first frame (16 and 14 rounds, empty library); first paint
    410 against 428 ms and 408 against 400 ms. The same API loaded instead as the ES modules the
    page uses (\`core.js\` and \`event.js\` of \`@tauri-apps/api\` 2.12.5 with tslib, 27 KB,
    preloaded by \`index.html\`) cost as much as the injection: web-process CPU 234 against 228 ms
    and 241 against 238 ms, first paint 414 against 400 ms in both runs (16 and 14 rounds; hello
    380 and 383 ms). The page needs only \`invoke\` before its frame, and the one way to it
    without either is Tauri's internal \`__TAURI_INTERNALS__\`, not a public API: the global API
    stays.
  - *One font for the whole page* (\`* { font: inherit }\`: fontconfig matched 5 fonts instead
    of 14): web-process CPU by the first frame 214 against 211 ms, request → first frame 61.5
    against 61 ms (16 rounds). Fonts no longer weigh on the first frame.
  - *Tauri's \`freezePrototype\` off*: web-process CPU 234 against 224 ms, request → first frame
    71.5 against 73 ms (16 rounds): the frozen prototype costs nothing measurable, and it stays.
  - *The four dialogs built after the first frame* (a working window: \`views/dialogs.js\` made
    them with the DOM helpers when the window's code loaded, and \`index.html\` fell from 10 to
    5.8 KB; the UI tests passed): web-process CPU by the first frame 222 against 211 ms, request →
    first frame 65 against 66 ms, first paint 380 against 374 ms (20 rounds, hello 345 ms). The
    dialogs' markup does not hold the first frame back either.
- **The app process**: its page caches are bounded — the reading connection 8 MB, the small
  writes' 2 MB; the jobs connection keeps the library's 32 MB while a job runs and gives it back
  after. The parsing worker starts only with an import. SQLite maps no memory (\`mmap_size\` 0).
- **The library's size**: since schema 8 (2026-12-06) the counts and sources the window shows
  first are read from a row per source (a table kept as articles come and go), not from an index entry per
  article: with 100,000 articles the app process held 97 MB against 92 MB for an empty library,
  now 94 against 93 MB. The web process holds 5–6 MB more with any article shown (31 or
  100,000) than with the empty library's welcome (the first section of this file has the
  table).
- **WebKit's web process** is most of the difference that is left: the list is virtualised (a
  screenful of rows in the DOM, whatever the library's size) and the reader holds one article,
  but after the session the web process's malloc heap has grown by tens of MB (from its
  \`smaps\`, measured once on this machine: \`[heap]\` 4 → 38 MB). That heap is the system
  allocator's, which WebKit's painting, font and text libraries use (JavaScriptCore has its own);
  a smaller allocator threshold (\`MALLOC_MMAP_THRESHOLD_\`) did not change it, so it is memory
  in use, not freed memory kept. Not bounded yet.
EOF
