#!/usr/bin/env python3
"""Restart time of `qiao serve`: from the process's start to the first search
answered through the API, in three states of the same store (bench/restart.sh
prepares them):
  build     no snapshot (--no-snapshot): the index is built afresh (the peer)
  snapshot  a snapshot of the store's current generation: load, no replay
  replay    the snapshot is CHANGES changes behind (as after kill -9): load,
            replay the change log, compact
   usage: restart.py QIAO DB MODE RUNS [SNAPSHOT_COPY]
Prints one line per run and the median; the server's own "index:" log line
(how it opened and what that took) is shown for the last run."""
import os, re, shutil, signal, statistics, subprocess, sys, time, urllib.request

qiao, db, mode, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
copy = sys.argv[5] if len(sys.argv) > 5 else None
WORD = "%E8%8A%AF%E7%89%87"          # 芯片


def once():
    if mode == "replay":
        shutil.copyfile(copy, db + ".qix")   # the same snapshot, CHANGES behind, every run
    args = [qiao, "serve", "--db", db, "--listen", "127.0.0.1:0", "--threads", "2",
            "--alerts", "0", "--quiet", "--snapshot-every", "0", "--snapshot-secs", "0"]
    if mode == "build":
        args.append("--no-snapshot")
    log = open(db + ".serve.log", "w+")
    t0 = time.monotonic()
    p = subprocess.Popen(args, stderr=log, stdout=subprocess.DEVNULL)
    port = None
    while port is None:
        if p.poll() is not None:
            sys.exit("qiao serve exited: " + open(db + ".serve.log").read())
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", open(db + ".serve.log").read())
        if m:
            port = m.group(1)
        else:
            time.sleep(0.005)
    url = "http://127.0.0.1:%s/api/v1/achievements?q=%s&per_page=10" % (port, WORD)
    while True:
        try:
            with urllib.request.urlopen(url, timeout=60) as r:
                body = r.read()
                if r.status == 200 and b'"items"' in body:
                    break
        except OSError:
            time.sleep(0.005)
    t = time.monotonic() - t0
    if mode == "replay":
        p.send_signal(signal.SIGKILL)    # no snapshot written: the next run replays again
    else:
        p.send_signal(signal.SIGTERM)
    p.wait()
    how = [l for l in open(db + ".serve.log") if "index:" in l]
    return t, how[0].strip() if how else "(no index line)"


times = []
for i in range(runs):
    t, how = once()
    times.append(t)
    print("  %-8s run %d: %.2f s" % (mode, i + 1, t))
print("  %-8s median %.2f s   [%s]" % (mode, statistics.median(times), how))
