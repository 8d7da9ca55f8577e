#!/usr/bin/env bash
# Installs the peers the scheduling benchmark compares qiao with: CBC
# (coinor-cbc) and GLPK (glpk-utils). Benchmark only; qiao does not link them.
# Idempotent: does nothing when both are present.
set -euo pipefail
pkgs=(coinor-cbc glpk-utils)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "bench-deps-sched.sh: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
