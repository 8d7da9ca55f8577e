#!/usr/bin/env python3
"""bench/match/scale.py N — replicates the csl-dev text to N achievements
with light mutation (sentences of abstracts shuffled across records, titles
re-paired) into /tmp, then times qiao's index build, memory and keyword and
demand-length query latency on it (build/bench/jsonl_run, one core).
usage: python3 bench/match/scale.py [N] [DATA_DIR]"""
import json, os, random, re, subprocess, sys
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
DATA = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, '..', 'shared', 'data')
rnd = random.Random(7)
src = [json.loads(l) for l in open(os.path.join(DATA, 'csl-dev', 'records.jsonl'))]
src = [r for r in src if r['kind'] == 'achievement']
sents = [s for r in src for s in re.split(r'(?<=[。；])', r.get('summary', '')) if s]
titles = [r['title'] for r in src]
path = '/tmp/qiao-scale-%d.jsonl' % N
raw = 0
with open(path, 'w') as f:
    f.write(json.dumps({"kind": "org", "id": "o", "name": "scale", "type": "institute"}, ensure_ascii=False) + '\n')
    for i in range(N):
        summ = ''.join(rnd.choice(sents) for _ in range(rnd.randint(3, 8)))
        t = rnd.choice(titles)
        raw += len(t.encode()) + len(summ.encode())
        f.write(json.dumps({"kind": "achievement", "id": "s%07d" % i, "org": "o", "title": t,
                            "summary": summ}, ensure_ascii=False) + '\n')
exe = os.path.join(ROOT, 'build', 'bench', 'jsonl_run')
subprocess.run(['make', '-s', '-C', ROOT, 'build/bench/jsonl_run'], check=True, stdout=subprocess.DEVNULL)
print('records %d, raw text %.1f MB' % (N, raw / 1e6))
for name, q in (('keyword', os.path.join(DATA, 'csl-dev', 'queries-keywords.tsv')),
                ('demand-length', os.path.join(DATA, 'techmatch-dev', 'queries.tsv'))):
    p = subprocess.run(['/usr/bin/time', '-f', 'maxrss_kb %M', 'taskset', '-c', '0', exe, 'search', '10', q, path],
                       capture_output=True, text=True)
    print(name, p.stderr.strip().replace('\n', ' | '))
