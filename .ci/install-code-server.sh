#!/usr/bin/env bash
# Installs a real VS Code for the tests without downloading anything but npm and Debian
# packages: code-server 4.100.3 (= VS Code 1.100.3, the newest that runs on Node 20) and
# playwright-core, into a tools folder kept out of the project's package.json (a plain
# `npm ci` of code-server would run postinstall steps that download from GitHub).
# Follows ../shared/vscode-offline/ (verified on this machine kind).
#
# usage: install-code-server.sh <dest-dir>
#   The install lives in a per-machine cache (APIGW_SIM_TOOLS_CACHE, default
#   ${XDG_CACHE_HOME:-~/.cache}/apigw-traffic-sim/), keyed by the versions; <dest-dir> becomes a
#   link to it, so a fresh checkout on the same machine reuses it. Nothing is installed when
#   <dest-dir> already has it. The Debian packages the tests need are checked on every run and
#   installed when missing; if that fails, this script fails.
set -euo pipefail
CS_VERSION=4.100.3
PW_VERSION=1.65.1
DEST=${1:?dest dir}

# apt-get install of whatever is missing; fails loudly (set -e) and checks the result.
ensure_packages() {
  local need=() packages=() tool
  for tool in "$@"; do
    case "$tool" in
      libkrb5-dev) dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev) ;;
      *) command -v "$tool" >/dev/null 2>&1 || need+=("$tool") ;;
    esac
  done
  [ ${#need[@]} -eq 0 ] && return 0
  for tool in "${need[@]}"; do
    case "$tool" in g++|make) packages+=(build-essential) ;; rg) packages+=(ripgrep) ;; *) packages+=("$tool") ;; esac
  done
  echo "[install-code-server] apt-get install ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  for tool in "${need[@]}"; do
    if [ "$tool" = libkrb5-dev ]; then dpkg -s libkrb5-dev >/dev/null 2>&1; else command -v "$tool" >/dev/null; fi \
      || { echo "[install-code-server] $tool is still missing after apt-get install" >&2; exit 1; }
  done
}

# The browser the tests drive, needed on every run.
ensure_packages chromium

installed() { [ -x "$1/node_modules/.bin/code-server" ] && [ -f "$1/node_modules/playwright-core/package.json" ]; }
if installed "$DEST"; then exit 0; fi

CACHE=${APIGW_SIM_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/apigw-traffic-sim}/code-server-$CS_VERSION-playwright-$PW_VERSION
if ! installed "$CACHE"; then
  ensure_packages g++ make python3 rg libkrb5-dev
  echo "[install-code-server] installing code-server $CS_VERSION and playwright-core $PW_VERSION into $CACHE"
  rm -rf "$CACHE.partial" && mkdir -p "$CACHE.partial"
  (
    cd "$CACHE.partial"
    NODE_GYP=$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js
    NODEDIR=/usr   # the nodejs package ships include/node: node-gyp needs no header download
    export npm_config_nodedir=$NODEDIR npm_config_node_gyp=$NODE_GYP
    FLAGS="--ignore-scripts --no-audit --no-fund --loglevel=error"
    echo '{ "name": "apigw-sim-tools", "private": true }' > package.json
    npm install $FLAGS "code-server@$CS_VERSION" "playwright-core@$PW_VERSION"
    (cd node_modules/argon2 && node ../@mapbox/node-pre-gyp/bin/node-pre-gyp rebuild --build-from-source --nodedir="$NODEDIR" --loglevel=error >/dev/null)
    cd node_modules/code-server/lib/vscode
    npm install $FLAGS --omit=dev
    for module in kerberos native-watchdog node-pty @vscode/deviceid @vscode/spdlog; do
      (cd "node_modules/$module" && node "$NODE_GYP" rebuild --nodedir="$NODEDIR" -j "$(nproc)" --loglevel=error >/dev/null)
    done
    # node-pty's own postinstall only cleans build/Release (its last step needs npx, online).
    find node_modules/node-pty/build/Release -mindepth 1 ! -name pty.node -exec rm -rf {} +
    # @vscode/ripgrep's postinstall downloads rg from GitHub; Debian's is the same tool.
    mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    ln -sfn node_modules node_modules.asar
    (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
    (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
    cd extensions && npm install $FLAGS --omit=dev && node postinstall.mjs >/dev/null
  )
  rm -rf "$CACHE" && mv "$CACHE.partial" "$CACHE"
fi

# Each tool has its own folder under .tools/ (code-server/, bench/): a checkout from before,
# where .tools itself was the link to this cache, gets a plain folder in its place.
PARENT=$(dirname "$DEST")
if [ -L "$PARENT" ]; then rm "$PARENT"; fi
mkdir -p "$PARENT"
# DEST may be a stale link or an empty folder; anything else is left alone.
if [ -L "$DEST" ] || { [ -d "$DEST" ] && [ -z "$(ls -A "$DEST")" ]; }; then rm -rf "$DEST"; fi
[ -e "$DEST" ] && { echo "[install-code-server] $DEST exists without code-server in it; remove it and run again" >&2; exit 1; }
ln -s "$CACHE" "$DEST"
XDG_CONFIG_HOME="$CACHE/.home/config" XDG_DATA_HOME="$CACHE/.home/data" "$DEST/node_modules/.bin/code-server" --version
