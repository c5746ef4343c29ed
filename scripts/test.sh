#!/usr/bin/env bash
# Every test suite: server (xunit, once on LiteDB and once on a throwaway PostgreSQL), extension and web library (unit +
# end to end in Chromium), and the compose file with and without its postgres profile.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/setup-machine.sh
echo "== docker-compose.yml"
docker-compose -f docker-compose.yml config --quiet && docker-compose -f docker-compose.yml --profile postgres config --quiet \
  && echo "docker-compose.yml is valid"
quiet() { grep -vE '^\s*$|NU1603|^(warn|info|fail): |^      '; }
echo "== server tests on LiteDB"
dotnet test PaperNotes.sln -c Release --logger "console;verbosity=minimal" 2>&1 | quiet
echo "== server tests on PostgreSQL"
PAPERNOTES_TEST_ENGINE=postgres dotnet test tests/PaperNotes.Server.Tests -c Release --no-build \
  --logger "console;verbosity=minimal" 2>&1 | quiet
echo "== extension"
scripts/build-extension.sh
(cd extension && npm test)
echo "== web library"
scripts/build-web.sh
(cd web && npm test)
