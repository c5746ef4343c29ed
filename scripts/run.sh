#!/usr/bin/env bash
# Builds the extension into extension/dist and the web library into web/dist, and runs the server on http://127.0.0.1:5080 with its data in ./data.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build-extension.sh"
echo "Extension built: load $root/extension/dist unpacked in chrome://extensions"
"$root/scripts/build-web.sh"
echo "Web library built: open ${PAPERNOTES_URLS:-http://127.0.0.1:5080}/app/ once the server runs"
# `dotnet run` starts the server in its project folder; the data belongs where this script was run, as README says.
export Storage__Path="${Storage__Path:-$PWD/data}"
export Auth__ExtensionRedirectUris__0="${Auth__ExtensionRedirectUris__0:-https://iahkonijnnkmacmjgpkjilgoflajhfpm.chromiumapp.org/}"
exec dotnet run --project "$root/server/PaperNotes.Server" -c Release -- --urls "${PAPERNOTES_URLS:-http://127.0.0.1:5080}" "$@"
