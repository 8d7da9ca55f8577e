#!/usr/bin/env bash
# Debian packages needed only by the benchmarks (bench/match.sh, bench/peers,
# bench/web_load.sh, bench/soak.sh): Xapian 1.4 for Python, the friso CLI, sqlite3, bc, GNU
# time, wrk (HTTP load generator: web_load.sh and soak.sh) and nginx (the static-file ceiling beside
# qiao in bench/web_load.sh; the script starts its own on a loopback port).
set -euo pipefail
pkgs=(python3-xapian libxapian-dev friso sqlite3 python3 bc time wrk nginx)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
# RUNLEVEL=1: the nginx package must not start a system-wide server
$SUDO env RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
