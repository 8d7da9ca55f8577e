#!/usr/bin/env python3
"""Writes N achievement records made from csl-dev titles and summaries with
light mutation (sentences shuffled across records, a counter in the id), as
JSONL (with one org first) and as CSV (id,title,org,summary,discipline) for
sqlite3's .import. Structured fields for filters and facets (chains, TRL,
transfer modes, zone, one of 20 orgs of several types) come from a second
random stream, so that the texts are the same as without them.
   usage: gen_achievements.py SHARED_DATA N OUTDIR"""
import csv, json, os, random, re, sys

shared, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(2024)
rs = random.Random(77)                 # structured fields only
CHAINS = ["集成电路", "新型显示", "智能终端", "新能源汽车", "生物医药", "人工智能", "航空航天",
          "轨道交通", "新材料", "节能环保"]
ZONES = ["环电子科大知识经济圈", "环川大科技成果转化区", "环西南交大智慧城市经济圈", "环成都理工知识经济圈"]
MODES = ["self", "assign", "license", "cooperate", "equity", "other"]
TYPES = ["university", "institute", "enterprise", "platform", "team"]
ORGS = [("bench", "基准机构", "institute")] + [
    ("bench-%02d" % k, "基准单位%02d" % k, TYPES[k % len(TYPES)]) for k in range(1, 20)]
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
    for key, name, typ in ORGS:
        fj.write(json.dumps({"kind": "org", "id": key, "name": name, "type": typ},
                            ensure_ascii=False) + "\n")
    w = csv.writer(fc)
    w.writerow(["id", "title", "org", "summary", "discipline"])
    for i in range(n):
        j = rng.randrange(len(titles))
        title = titles[j]
        if rng.random() < 0.5:
            title = title + "（" + str(i % 97) + "）"
        summary = "".join(rng.choice(sentences) for _ in range(rng.randint(3, 8)))[:20000]
        org = ORGS[rs.randrange(len(ORGS))][0]
        rec = {"kind": "achievement", "id": "b-%07d" % i, "title": title[:200], "org": org,
               "summary": summary, "discipline": disciplines[j],
               "chains": rs.sample(CHAINS, rs.randint(1, 2)), "trl": rs.randint(1, 9),
               "modes": rs.sample(MODES, rs.randint(1, 3)), "zone": rs.choice(ZONES)}
        fj.write(json.dumps(rec, ensure_ascii=False) + "\n")
        w.writerow([rec["id"], rec["title"], org, summary, rec["discipline"]])
