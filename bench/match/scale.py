#!/usr/bin/env python3
"""bench/match/scale.py N [DATA_DIR] — replicates the csl-dev text to N
achievements with light mutation (sentences of abstracts shuffled across
records, titles re-paired) into /tmp, imports it into a store, and prints
the scale figures of the matching index (build/bench/scale_bench): cold build
with THREADS (default 2) threads, snapshot restart, memory (bytes/record,
peak RSS, ratio to raw text), p50/p99 and queries/s of keyword (csl-dev) and
demand-length (techmatch-dev) queries on one core, write-to-visible latency,
and top-10 matching throughput for NDEM (default 2000) techmatch demands.
RUNS (default 1) repeats the measurement and prints medians.
usage: THREADS=2 RUNS=3 NDEM=2000 python3 bench/match/scale.py [N] [DATA_DIR]"""
import json, os, random, re, statistics, subprocess, sys
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def write_corpus(n, data):
    """Writes the replicated corpus of n achievements (deterministic: seed 7)
    to /tmp/qiao-scale-N.jsonl; returns (path, raw text bytes)."""
    rnd = random.Random(7)
    src = [json.loads(l) for l in open(os.path.join(data, 'csl-dev', 'records.jsonl'))]
    src = [r for r in src if r['kind'] == 'achievement']
    sents = [s for r in src for s in re.split(r'(?<=[。；])', r.get('summary', '')) if s]
    titles = [r['title'] for r in src]
    path = '/tmp/qiao-scale-%d.jsonl' % n
    raw = 0
    tmp = path + '.%d' % os.getpid()
    with open(tmp, 'w') as f:
        f.write(json.dumps({"kind": "org", "id": "o", "name": "scale", "type": "institute"}, ensure_ascii=False) + '\n')
        for i in range(n):
            summ = ''.join(rnd.choice(sents) for _ in range(rnd.randint(3, 8)))
            t = rnd.choice(titles)
            raw += len(t.encode()) + len(summ.encode())
            f.write(json.dumps({"kind": "achievement", "id": "s%07d" % i, "org": "o", "title": t,
                                "summary": summ}, ensure_ascii=False) + '\n')
    os.replace(tmp, path)
    return path, raw


def main():
    N = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    DATA = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, '..', 'shared', 'data')
    THREADS, RUNS, NDEM = os.environ.get('THREADS', '2'), int(os.environ.get('RUNS', '1')), os.environ.get('NDEM', '2000')
    path, raw = write_corpus(N, DATA)
    subprocess.run(['make', '-s', '-C', ROOT, 'build/bench/scale_bench', 'build/bench/load'], check=True,
                   stdout=subprocess.DEVNULL)
    db = '/tmp/qiao-scale-%d.db' % N
    if not os.path.exists(db):
        subprocess.run([os.path.join(ROOT, 'build', 'bench', 'load'), db, path], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print('records %d, raw text %.1f MB' % (N, raw / 1e6))
    runs = []
    for _ in range(RUNS):
        p = subprocess.run(['/usr/bin/time', '-f', 'peak_rss_kb %M', os.path.join(ROOT, 'build', 'bench', 'scale_bench'),
                            db, THREADS, os.path.join(DATA, 'csl-dev', 'queries-keywords.tsv'),
                            os.path.join(DATA, 'techmatch-dev', 'queries.tsv'),
                            os.path.join(DATA, 'techmatch-dev', 'records.jsonl'), NDEM],
                           capture_output=True, text=True)
        d = {}
        for line in (p.stdout + p.stderr).splitlines():
            k, _, v = line.partition(' ')
            try:
                d[k] = float(v)
            except ValueError:
                d[k] = v
        runs.append(d)
    for k in runs[0]:
        vals = [r[k] for r in runs if isinstance(r.get(k), float)]
        print(k, ('%.3f' % statistics.median(vals)) if vals else runs[0][k])
    if isinstance(runs[0].get('index_bytes'), float):
        print('index_to_raw_text %.2f' % (statistics.median(r['index_bytes'] for r in runs) / raw))


if __name__ == '__main__':
    main()
