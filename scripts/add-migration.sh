#!/usr/bin/env bash
# Adds one EF Core migration to both providers under the same id, so they stay in step.
# Usage: scripts/add-migration.sh <Name>
set -euo pipefail
name="$1"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for p in Sqlite SqlServer; do
  dotnet ef migrations add "$name" --project "src/ResearchStudio.Data.$p" --startup-project "src/ResearchStudio.Data.$p" --context StudioDbContext --output-dir Migrations >/dev/null
done
# Give the SQL Server migration the SQLite one's timestamp.
id=$(basename "$(ls src/ResearchStudio.Data.Sqlite/Migrations/*_"$name".cs)" .cs)
other=$(basename "$(ls src/ResearchStudio.Data.SqlServer/Migrations/*_"$name".cs)" .cs)
if [ "$id" != "$other" ]; then
  for f in src/ResearchStudio.Data.SqlServer/Migrations/"$other"*; do
    sed -i "s/$other/$id/" "$f"
    mv "$f" "${f/$other/$id}"
  done
fi
echo "Added $id to both providers."
