#!/usr/bin/env bash
# Installs the npm packages of the extension (whose sync modules the web library imports) and of web/ (locked), and
# bundles web/src into web/dist, which the server serves at /app.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
for dir in extension web; do
  if [ ! -d "$root/$dir/node_modules" ] || [ "$root/$dir/package-lock.json" -nt "$root/$dir/node_modules/.package-lock.json" ]; then
    (cd "$root/$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
cd "$root/web"
npm run --silent build
