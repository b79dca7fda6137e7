#!/usr/bin/env bash
# Installs what the render bench compares against, into a tools folder kept out of the
# project's package.json: Mermaid 11 (not a dependency of the extension, and it must not
# become one) and playwright-core to drive Debian's chromium (apt-get install chromium).
# usage: install-bench-tools.sh <dest-dir>     (skips the work when it is already there)
set -euo pipefail
DEST=$(mkdir -p "${1:?dest dir}" && cd "$1" && pwd)
MERMAID_VERSION=11
PW_VERSION=1.65.1
if [ -f "$DEST/node_modules/mermaid/dist/mermaid.min.js" ] && [ -d "$DEST/node_modules/playwright-core" ]; then exit 0; fi
cd "$DEST"
[ -f package.json ] || echo '{ "name": "apigw-sim-bench-tools", "private": true }' > package.json
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "mermaid@$MERMAID_VERSION" "playwright-core@$PW_VERSION"
