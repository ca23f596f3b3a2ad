#!/usr/bin/env bash
# One command for a new user: installs what is missing, restores, migrates, loads the demo study
# from media-fixtures/ and serves the studio on http://127.0.0.1:5000 (SQLite in ./data).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/scripts/install-deps.sh"
export Studio__DataFolder="${Studio__DataFolder:-$ROOT/data}"
export Studio__DemoFolder="${Studio__DemoFolder:-$ROOT/media-fixtures}"
dotnet build "$ROOT/ResearchStudio.sln" -c Release -nologo -v q
cd "$ROOT/src/ResearchStudio.Web"
exec dotnet run -c Release --no-build -- --seed-demo --urls "${URLS:-http://127.0.0.1:5000}"
