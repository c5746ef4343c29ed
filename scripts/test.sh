#!/usr/bin/env bash
# Every test suite: server (xunit), extension and web library (unit + end to end in Chromium), and the compose file.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/setup-machine.sh
echo "== docker-compose.yml"
docker-compose -f docker-compose.yml config --quiet && echo "docker-compose.yml is valid"
echo "== server tests"
dotnet test PaperNotes.sln -c Release --logger "console;verbosity=minimal" 2>&1 | grep -vE '^\s*$|NU1603|^(warn|info): |^      '
echo "== extension"
scripts/build-extension.sh
(cd extension && npm test)
echo "== web library"
scripts/build-web.sh
(cd web && npm test)
