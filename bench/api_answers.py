#!/usr/bin/env python3
"""Fetches the API answer of every path in the given files from a running
`qiao serve` and writes them, one path and its answer's bytes a record, to OUT
(the bench's request lists of bench/web_load.sh, to compare the answers of
two builds byte for byte: `cmp` of two OUT files).
    python3 bench/api_answers.py BASE_URL OUT PATHS_FILE...
"""
import hashlib
import sys
import urllib.request

base, out, files = sys.argv[1], sys.argv[2], sys.argv[3:]
n = 0
with open(out, "wb") as f:
    for name in files:
        for line in open(name, encoding="utf-8"):
            path = line.strip()
            if not path:
                continue
            with urllib.request.urlopen(base + path) as r:
                body = r.read()
                status = r.status
            f.write(b"%s %d %d\n" % (path.encode(), status, len(body)))
            f.write(body + b"\n")
            n += 1
print(f"{n} answers, sha256 {hashlib.sha256(open(out, 'rb').read()).hexdigest()[:16]}")
