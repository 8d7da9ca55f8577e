#!/usr/bin/env bash
# Debian packages needed only by the benchmarks (bench/match.sh, bench/peers):
# Xapian 1.4 for Python, and the friso CLI and sqlite3 already in deps.sh.
set -euo pipefail
pkgs=(python3-xapian libxapian-dev friso sqlite3 python3)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
