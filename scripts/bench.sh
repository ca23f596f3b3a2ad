#!/usr/bin/env bash
# Runs every benchmark under bench/ and writes bench/RESULTS.md (machine, date, key figures, full
# logs under bench/results/). Moderate sizes by default (about 20 minutes on 2 idle cores);
# --full uses each benchmark's own defaults (hours for the largest ones).
#
#   scripts/bench.sh [--full] [--only name[,name...]] [--no-build] [--report-only]
#
# Names: foundation, transcription, whisper, search, tagging, montage, personas, pages.
set -euo pipefail
export LC_ALL=C.UTF-8
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/bench/results"
FULL=0
ONLY=""
BUILD=1
RUN=1
while [ $# -gt 0 ]; do
    case "$1" in
        --full) FULL=1 ;;
        --only) ONLY="$2"; shift ;;
        --no-build) BUILD=0 ;;
        --report-only) RUN=0; BUILD=0 ;;
        *) echo "bench.sh: unknown argument $1 (use --full, --only names, --no-build)" >&2; exit 2 ;;
    esac
    shift
done
mkdir -p "$OUT"

# name | project | moderate arguments | full arguments | time limit (s); the quickest and most
# asked-for figures first, so a run cut short still reports them.
BENCHES=(
    "pages|ResearchStudio.Bench.Pages|--interviews 200 --rounds 20|--interviews 200 --rounds 100|600"
    "montage|ResearchStudio.Bench.Montage|--runs 1|--runs 3|600"
    "search|ResearchStudio.Bench.Search|--segments 600000 --queries 50|--segments 600000|600"
    "tagging|ResearchStudio.Bench.Tagging||--errors|300"
    "personas|ResearchStudio.Bench.Personas|200 8|500 8|300"
    "transcription|ResearchStudio.Bench.Transcription|$ROOT/media-fixtures|$ROOT/media-fixtures|600"
    "whisper|ResearchStudio.Bench.Whisper|tiny|tiny base|600"
    "foundation|ResearchStudio.Bench|all --size-mb 256 --interviews 5|all|600"
)

selected() { [ -z "$ONLY" ] || [[ ",$ONLY," == *",$1,"* ]]; }

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
STARTED="$(date -u '+%Y-%m-%d %H:%M UTC')"
[ "$RUN" = 1 ] && echo "$STARTED|$LOAD_START" > "$OUT/started"
IFS='|' read -r STARTED LOAD_START < "$OUT/started" || true
for row in "${BENCHES[@]}"; do
    IFS='|' read -r name project moderate full limit <<< "$row"
    [ "$RUN" = 1 ] && selected "$name" || continue
    args="$moderate"
    [ "$FULL" = 1 ] && args="$full"
    # The apphost, not `dotnet x.dll`: the Whisper benchmark re-launches its own executable.
    exe="$ROOT/bench/$project/bin/Release/net10.0/$project"
    if [ "$BUILD" = 1 ] && ! dotnet build -c Release "$ROOT/bench/$project" -nologo -v q > "$OUT/$name.build.log" 2>&1; then
        echo "0 build failed (see bench/results/$name.build.log)" > "$OUT/$name.status"
        continue
    fi
    echo "== $name: $project $args"
    start=$(date +%s)
    # GNU time reports the peak RSS of the benchmark and of the processes it waited for (the studio
    # server, ffmpeg); word splitting of $args is intended (fixed argument lists above).
    # shellcheck disable=SC2086
    if (cd "$ROOT/bench/$project" && timeout "$limit" /usr/bin/time -f "PEAK_RSS_KB %M" "$exe" $args) > "$OUT/$name.log" 2>&1; then
        status=ok
    else
        status="failed (exit $?)"
    fi
    echo "$(( $(date +%s) - start )) $status" > "$OUT/$name.status"
    echo "   $status in $(( $(date +%s) - start )) s"
done

# ---- RESULTS.md ----------------------------------------------------------------------------
figure() { grep -E "$2" "$OUT/$1.log" 2>/dev/null | tail -n "${3:-5}" | sed 's/^/    /' || true; }
section() {
    local name=$1 title=$2 pattern=$3 lines=${4:-6}
    if [ ! -f "$OUT/$name.status" ]; then
        printf '### %s\n\nNot run in this pass (run `scripts/bench.sh --only %s`).\n\n' "$title" "$name"
        return 0
    fi
    read -r seconds status < "$OUT/$name.status" || true
    echo "### $title"
    echo
    echo "Status: $status, $seconds s; peak RSS of the benchmark process tree: $(( $(grep -Eo 'PEAK_RSS_KB [0-9]+' "$OUT/$name.log" | tail -1 | cut -d' ' -f2 || echo 0) / 1024 )) MiB. Full log: \`bench/results/$name.log\`."
    echo
    figure "$name" "$pattern" "$lines"
    echo
}

{
    echo "# Benchmark results"
    echo
    echo "Written by \`scripts/bench.sh$( [ "$FULL" = 1 ] && echo ' --full')\` on $STARTED."
    echo
    echo "| Machine | |"
    echo "| --- | --- |"
    echo "| CPU | $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') |"
    echo "| RAM | $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) |"
    echo "| OS | $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r) |"
    echo "| .NET | $(dotnet --version) SDK |"
    echo "| Load average at start / end | $LOAD_START / $(cut -d' ' -f1-3 /proc/loadavg) |"
    echo "| Sizes | $( [ "$FULL" = 1 ] && echo 'full (each benchmark default)' || echo 'moderate (scripts/bench.sh defaults)') |"
    echo
    echo "A load average above the core count means other processes shared the CPU: wall-clock"
    echo "figures are then pessimistic; the benchmarks that measure CPU time say so in their lines."
    echo
    echo "## Key figures"
    echo
    section transcription "Transcription real-time factors (pocketsphinx on the fixtures; RTF = wall / audio)" "RTF|^[a-z-]+ +[a-zA-Z0-9_.-]+\.wav|skipped" 12
    section whisper "Whisper ONNX real-time factor (random-weight models of the real shapes)" "^==|^encoder per|^decoder per|RTF|peak working set" 12
    section montage "Montage render: renderer vs hand-written ffmpeg command (ratio goal <= 1.10)" "^RESULT|^CPU|^Peak memory|^Plan" 5
    section search "Search latency (p95 per query type) and index build" "^corpus|^build:|^type|^word|^phrase|^prefix|^fuzzy|^faceted" 12
    section tagging "Automatic coding: quality on the held-out corpus and analysis time" "trained|macro-F1|accuracy|^Performance" 14
    section personas "Persona drafting time" "participants=" 2
    section pages "Page time to first byte on a study of 200 interviews (goal p95 <= 100 ms)" "p95|seeded" 12
    section foundation "Upload and pipeline (probe + normalise)" "^upload|^pipeline|^machine" 4
} > "$ROOT/bench/RESULTS.md"
echo "Wrote bench/RESULTS.md"
