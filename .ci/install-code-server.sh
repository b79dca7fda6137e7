#!/usr/bin/env bash
# Installs a real VS Code for the integration tests without downloading anything but npm
# packages: code-server 4.100.3 (= VS Code 1.100.3, the newest that runs on Node 20) and
# playwright-core, into a tools folder kept out of the project's package.json (a plain
# `npm ci` of code-server would run postinstall steps that download from GitHub).
# Follows ../shared/vscode-offline/ (verified on this machine kind).
# usage: install-code-server.sh <dest-dir>     (skips the work when it is already there)
set -euo pipefail
DEST=$(mkdir -p "${1:?dest dir}" && cd "$1" && pwd)
CS_VERSION=4.100.3
PW_VERSION=1.65.1
if [ -x "$DEST/node_modules/.bin/code-server" ] && [ -d "$DEST/node_modules/playwright-core" ]; then exit 0; fi

need=()
for tool in g++ make python3 rg chromium; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  packages=()
  for tool in "${need[@]}"; do
    case "$tool" in g++|make) packages+=(build-essential) ;; rg) packages+=(ripgrep) ;; *) packages+=("$tool") ;; esac
  done
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

NODE_GYP=$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js
NODEDIR=/usr   # the nodejs package ships include/node: node-gyp needs no header download
export npm_config_nodedir=$NODEDIR npm_config_node_gyp=$NODE_GYP
FLAGS="--ignore-scripts --no-audit --no-fund --loglevel=error"
cd "$DEST"
[ -f package.json ] || echo '{ "name": "apigw-sim-tools", "private": true }' > package.json
npm install $FLAGS "code-server@$CS_VERSION" "playwright-core@$PW_VERSION"
(cd node_modules/argon2 && node ../@mapbox/node-pre-gyp/bin/node-pre-gyp rebuild --build-from-source --nodedir="$NODEDIR" >/dev/null)
cd node_modules/code-server/lib/vscode
npm install $FLAGS --omit=dev
for module in kerberos native-watchdog node-pty @vscode/deviceid @vscode/spdlog; do
  (cd "node_modules/$module" && node "$NODE_GYP" rebuild --nodedir="$NODEDIR" -j "$(nproc)" >/dev/null)
done
find node_modules/node-pty/build/Release -mindepth 1 ! -name pty.node -exec rm -rf {} + 2>/dev/null || true
mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
cd extensions && npm install $FLAGS --omit=dev && node postinstall.mjs >/dev/null
XDG_CONFIG_HOME="$DEST/.home/config" XDG_DATA_HOME="$DEST/.home/data" "$DEST/node_modules/.bin/code-server" --version
