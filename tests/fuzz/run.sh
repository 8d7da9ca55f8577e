#!/usr/bin/env bash
# Builds each libFuzzer harness tests/fuzz/fuzz_*.c with clang against the
# project's sources and runs it for SECONDS (default 30) on its seed corpus
# tests/fuzz/corpus/<name>/. Crashes are written to build/fuzz/.
set -euo pipefail
secs=${1:-30}
cd "$(dirname "$0")/../.."
bash scripts/deps.sh
pkgs="sqlite3 jansson libsodium opencc friso libutf8proc libmicrohttpd xlsxwriter libcurl"
cflags="-std=c17 -g -O1 -D_GNU_SOURCE -Isrc $(pkg-config --cflags $pkgs | sed 's/-I/-isystem /g')"
libs="$(pkg-config --libs $pkgs) -lpthread -lm"
srcs=$(find src -name '*.c' ! -path src/main.c | sort)
mkdir -p build/fuzz
for h in tests/fuzz/fuzz_*.c; do
  [ -e "$h" ] || continue
  name=$(basename "$h" .c)
  echo "== $name (${secs}s)"
  clang $cflags -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -o "build/fuzz/$name" "$h" $srcs $libs
  corpus="tests/fuzz/corpus/$name"
  mkdir -p "build/fuzz/$name.corpus"
  (cd build/fuzz && "./$name" -max_total_time="$secs" -artifact_prefix="$name-" "$name.corpus" "../../$corpus")
done
