#!/usr/bin/env bash
# Installs the extension's npm packages (locked) and bundles extension/src into extension/dist.
set -euo pipefail
cd "$(dirname "$0")/../extension"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
