#!/usr/bin/env python3
"""Write → visible in search through the API of a running `qiao serve`.
  other process: `qiao import` of one achievement (a unique word in its
    title) while the server runs; from the import's exit (its commit is
    done) to the first search through the API that finds it (polled every
    2 ms): p50/p99/max over WRITES writes (target p99 <= 1 s);
  own writes: POST /api/v1/achievements, then at once a search: how many are
    found by that first search (all: the server catches up before it
    answers) and the POST's time, catch-up included (target <= 10 ms).
   usage: visible.py QIAO DB BASE TOKEN WRITES"""
import json, os, statistics, subprocess, sys, tempfile, time, urllib.request

qiao, db, base, token, writes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])


def word(i, tag):
    s = ""
    for _ in range(5):
        s += chr(ord("a") + i % 26)
        i //= 26
    return "zq" + tag + s


def found(w):
    with urllib.request.urlopen(base + "/api/v1/achievements?q=" + w + "&per_page=1") as r:
        return b'"items":[{' in r.read().replace(b" ", b"")


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


tmp = tempfile.mkdtemp(prefix="qiao-visible-")
lat = []
for i in range(writes):
    w = word(i, "x")
    path = os.path.join(tmp, "one.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"kind": "achievement", "id": "ach-vis-%d" % i, "org": "uestc-ic",
                            "title": "可见性测试 " + w, "summary": "示例"}, ensure_ascii=False) + "\n")
    subprocess.run([qiao, "import", "--quiet", "--db", db, path], check=True,
                   stdout=subprocess.DEVNULL)
    t0 = time.monotonic()
    while not found(w):
        if time.monotonic() - t0 > 10:
            sys.exit("not visible after 10 s: " + w)
        time.sleep(0.002)
    lat.append(time.monotonic() - t0)
ms = [x * 1000 for x in lat]
print("  other process -> visible: %d writes, p50 %.0f ms, p99 %.0f ms, max %.0f ms"
      % (len(ms), pct(ms, 50), pct(ms, 99), max(ms)))

post, first = [], 0
hdr = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
for i in range(writes):
    w = word(i, "y")
    body = json.dumps({"id": "ach-own-%d" % i, "title": "可见性测试 " + w, "org": "uestc-ic",
                       "summary": "示例"}).encode()
    rq = urllib.request.Request(base + "/api/v1/achievements", data=body, headers=hdr,
                                method="POST")
    t0 = time.monotonic()
    with urllib.request.urlopen(rq) as r:
        r.read()
    post.append((time.monotonic() - t0) * 1000)
    first += found(w)
print("  own write (POST) -> visible on the next search: %d of %d; POST time p50 %.1f ms, "
      "p99 %.1f ms" % (first, writes, pct(post, 50), pct(post, 99)))
