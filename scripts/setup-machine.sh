#!/usr/bin/env bash
# Installs what a fresh machine lacks for the test suites: Debian's Chromium (browser tests), PostgreSQL (the server
# suite's second pass starts a throwaway cluster from its binaries; no service is needed) and docker-compose (to
# validate docker-compose.yml; no Docker engine is needed). Idempotent and quiet when all is present.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian..."
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
