#!/usr/bin/env bash
# Installs every Debian package qiao needs to build, test and run.
# Idempotent: does nothing when all are present; runs `apt-get update` only
# when something is missing.
set -euo pipefail

pkgs=(
  build-essential pkg-config clang        # compiler, pkg-config, libFuzzer
  libsqlite3-dev sqlite3                  # embedded store (+ the CLI the benchmarks compare with)
  libjansson-dev                          # JSON
  libsodium-dev                           # argon2id, tokens, constant-time compare
  libopencc-dev opencc                    # traditional -> simplified (t2s)
  libfriso-dev friso-dict friso           # Chinese word segmentation (+ the segmenter CLI for benchmarks)
  libutf8proc-dev                         # NFKC and case folding
  libcmocka-dev                           # unit tests
  libmicrohttpd-dev                       # HTTP server
  libxlsxwriter-dev                       # XLSX exports
  libcurl4-openssl-dev                    # sending mail over SMTP
  python3-aiosmtpd                        # the SMTP server of the mail tests and benchmark
  curl                                    # HTTP tests (tests/http)
  jq python3                              # CLI tests read JSON output and check ICS/XLSX files
  chromium nodejs fonts-wqy-microhei      # browser tests (tests/e2e: playwright-core drives chromium)
)
# Debian's nodejs comes without npm (NodeSource's includes it).
command -v npm >/dev/null 2>&1 || pkgs+=(npm)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps.sh: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
