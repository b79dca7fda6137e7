#!/usr/bin/env bash
# The Debian packages the tests use, installed when missing (apt-get, as root), so that the
# README's test command works on a fresh machine as it does in CI: openssl makes the
# throwaway certificate of the real node:tls comparison; curl's ClientHello checks the curl
# profile; tshark reads the exported pcapng captures; chromium drives VS Code's workbench
# (code-server) and the webview tests. The fidelity harness (test/simulator/fidelity/) runs
# real chromium and curl, captures with dumpcap (tshark's dependency wireshark-common brings
# it) and reads with tshark; it also needs root, unshare and ip (util-linux and iproute2).
# A warm machine skips apt; an install that fails, or leaves a tool missing, fails the run
# with the list of what to install.
set -euo pipefail
# tool:package, for the tools whose package has another name.
need=()
tools=()
for pair in openssl:openssl curl:curl tshark:tshark dumpcap:wireshark-common chromium:chromium ip:iproute2 unshare:util-linux; do
  tool="${pair%%:*}"
  command -v "$tool" >/dev/null 2>&1 || { need+=("${pair#*:}"); tools+=("$tool"); }
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "[install-test-packages] apt-get install ${need[*]}"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "[install-test-packages] the tests need ${need[*]}: install them (Debian: sudo apt-get install ${need[*]}) and run again" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "[install-test-packages] $tool is still missing after apt-get install" >&2; exit 1; }
done
