#!/usr/bin/env python3
"""Writes N achievement records made from csl-dev titles and summaries with
light mutation (sentences shuffled across records, a counter in the id), as
JSONL (with one org first) and as CSV (id,title,org,summary,discipline) for
sqlite3's .import.   usage: gen_achievements.py SHARED_DATA N OUTDIR"""
import csv, json, os, random, re, sys

shared, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(2024)
titles, summaries, disciplines = [], [], []
with open(os.path.join(shared, "csl-dev", "records.jsonl"), encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        if r.get("kind") != "achievement":
            continue
        titles.append(r["title"])
        summaries.append(r.get("summary", ""))
        disciplines.append(r.get("discipline", ""))
sentences = [s for t in summaries for s in re.split(r"(?<=[。.；;])", t) if s]

with open(os.path.join(out, "ach.jsonl"), "w", encoding="utf-8") as fj, \
     open(os.path.join(out, "ach.csv"), "w", encoding="utf-8", newline="") as fc:
    fj.write(json.dumps({"kind": "org", "id": "bench", "name": "基准机构", "type": "institute"},
                        ensure_ascii=False) + "\n")
    w = csv.writer(fc)
    w.writerow(["id", "title", "org", "summary", "discipline"])
    for i in range(n):
        j = rng.randrange(len(titles))
        title = titles[j]
        if rng.random() < 0.5:
            title = title + "（" + str(i % 97) + "）"
        summary = "".join(rng.choice(sentences) for _ in range(rng.randint(3, 8)))[:20000]
        rec = {"kind": "achievement", "id": "b-%07d" % i, "title": title[:200], "org": "bench",
               "summary": summary, "discipline": disciplines[j]}
        fj.write(json.dumps(rec, ensure_ascii=False) + "\n")
        w.writerow([rec["id"], rec["title"], "bench", summary, rec["discipline"]])
