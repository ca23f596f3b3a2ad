#!/usr/bin/env bash
# Runs every test (unit, integration with real ffmpeg/SQLite, end-to-end) and prints one summary line.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/scripts/install-deps.sh" --test || exit 1
cd "$ROOT"
RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
dotnet build ResearchStudio.sln -nologo -v q || exit 1
dotnet test ResearchStudio.sln --no-build -nologo --logger "trx" --results-directory "$RESULTS" "$@" 2>&1 | tee "$RESULTS/console.log"
status=${PIPESTATUS[0]}
# One closing line over all test assemblies, read from the TRX counters.
python3 - "$RESULTS" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    s += int(c.get("notExecuted", 0))
print(f"Tests: {p} passed, {f} failed, {s} skipped")
PY
exit $status
