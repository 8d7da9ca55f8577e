#!/usr/bin/env python3
"""bench/alerts_gen.py DATA_DIR OUT_DIR N D M — the synthetic store of
bench/alerts.sh, written to OUT_DIR (never into the repository):
base.jsonl: N achievements (csl-dev text replicated with light mutation, as
bench/match/scale.py does) and D open demands (techmatch-dev demand texts,
sentences shuffled across demands, titles re-paired), deadline far ahead;
new.jsonl: M new achievements (techmatch-dev achievement titles with a
sentence or two of demand and csl-dev text), which the alert pass evaluates. Deterministic (seed 11)."""
import json, os, random, re, sys

def sents(text):
    return [s for s in re.split(r'(?<=[。；])', text or '') if s]

def main():
    data, out, n, d, m = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    rnd = random.Random(11)
    csl = [json.loads(l) for l in open(os.path.join(data, 'csl-dev', 'records.jsonl'))]
    csl = [r for r in csl if r['kind'] == 'achievement']
    cs = [s for r in csl for s in sents(r.get('summary'))]
    ct = [r['title'] for r in csl]
    tm = [json.loads(l) for l in open(os.path.join(data, 'techmatch-dev', 'records.jsonl'))]
    dem = [r for r in tm if r['kind'] == 'demand']
    ach = [r for r in tm if r['kind'] == 'achievement']
    ds = [s for r in dem for s in sents(r.get('description'))]
    w = lambda f, o: f.write(json.dumps(o, ensure_ascii=False) + '\n')
    with open(os.path.join(out, 'base.jsonl'), 'w') as f:
        w(f, {"kind": "org", "id": "bu", "name": "成果方", "type": "institute"})
        w(f, {"kind": "org", "id": "be", "name": "需求方", "type": "enterprise"})
        for i in range(n):
            w(f, {"kind": "achievement", "id": "a%07d" % i, "org": "bu", "title": rnd.choice(ct),
                  "summary": ''.join(rnd.choice(cs) for _ in range(rnd.randint(3, 8)))})
        for i in range(d):
            src = rnd.choice(dem)
            body = sents(src.get('description'))
            body = body[:2] + [rnd.choice(ds) for _ in range(rnd.randint(1, 3))]
            w(f, {"kind": "demand", "id": "d%06d" % i, "org": "be", "title": src['title'],
                  "description": ''.join(body), "deadline": "2099-12-31"})
    with open(os.path.join(out, 'new.jsonl'), 'w') as f:
        for i in range(m):
            src = rnd.choice(ach)          # techmatch achievements have titles only
            body = [rnd.choice(ds) for _ in range(rnd.randint(1, 2))] + \
                   [rnd.choice(cs) for _ in range(rnd.randint(1, 2))]
            w(f, {"kind": "achievement", "id": "n%06d" % i, "org": "bu", "title": src['title'],
                  "summary": ''.join(body)})

main()
