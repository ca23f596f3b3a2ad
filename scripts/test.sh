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
# One closing line over all test assemblies, counted from the TRX results.
python3 - "$RESULTS" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    for r in ET.parse(path).getroot().iter(ns + "UnitTestResult"):
        o = r.get("outcome")
        if o == "Passed": p += 1
        elif o == "NotExecuted": s += 1
        else: f += 1
print(f"Tests: {p} passed, {f} failed, {s} skipped")
PY
exit $status
