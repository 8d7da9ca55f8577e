#!/usr/bin/env python3
"""Restart time of `qiao serve`: from the process's start to the first search
answered through the API, in three states of the same store (bench/restart.sh
prepares them):
  build     no snapshot (--no-snapshot): the index is built afresh (the peer)
  snapshot  a snapshot of the store's current generation: load, no replay
  replay    the snapshot is CHANGES changes behind (as after kill -9): load,
            serve; the follower replays the change log and compacts (the time
            until every change is applied is reported beside)
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
            "--alerts", "0", "--snapshot-every", "0", "--snapshot-secs", "0"]
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
    caught = None
    if mode == "replay":                 # the changes are applied after the start (index.h)
        while "caught up" not in open(db + ".serve.log").read():
            if time.monotonic() - t0 > 600:
                break
            time.sleep(0.01)
        caught = time.monotonic() - t0
    if mode == "replay":
        p.send_signal(signal.SIGKILL)    # no snapshot written: the next run replays again
    else:
        p.send_signal(signal.SIGTERM)
    p.wait()
    how = [l.strip() for l in open(db + ".serve.log") if "index:" in l]
    return t, caught, " | ".join(how[:2]) if how else "(no index line)"


times, caughts = [], []
for i in range(runs):
    t, caught, how = once()
    times.append(t)
    if caught is not None:
        caughts.append(caught)
    print("  %-8s run %d: first search %.2f s%s" % (mode, i + 1, t, "" if caught is None else
                                                   ", every change applied %.2f s" % caught))
print("  %-8s median first search %.2f s%s   [%s]" % (
    mode, statistics.median(times), "" if not caughts else
    ", every change applied %.2f s" % statistics.median(caughts), how))
