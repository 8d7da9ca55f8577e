#!/usr/bin/python3
"""bench/peers/scale_peers.py — qiao beside its peers on the replicated corpus
(bench/match/scale.py: csl-dev text replicated with light mutation to N
achievements), same run, same queries, one core each.

Systems: qiao (build/bench/jsonl_run passes: the same index code as `qiao
match`/`qiao search`, the index in memory), SQLite FTS5 trigram, SQLite FTS5
unicode61 over friso words (the texts segmented by the `friso` CLI, which is
part of its build time) and Xapian 1.4 CJK n-grams — the peer classes of
bench/peers/peers.py, their indexes on disk under a temporary directory in
/tmp that is removed at the end. Every system runs in its own process pinned
with `taskset -c 0` (the Python peers too; their C libraries do the work).

Each index is built once (build seconds and index size: qiao's in-memory
bytes, the peers' files). Then RUNS timing passes: in each pass every system
in turn (the order rotated from pass to pass) runs the keyword queries
(csl-dev queries-keywords.tsv, 1,000) and then the demand-length queries
(the techmatch-dev queries.tsv texts, 113, ~600+ characters), top 10, one
query at a time; latency = building the query + the search + reading the ids.
The table holds the medians over the passes of p50/p99 latency and queries/s;
the x columns are qiao's q/s over that row's (qiao's row: over the fastest
peer's), and the per-pass ratios against the fastest peer follow the table.
Mean hits per query are printed so that a peer failing its queries (no hits,
fast) shows.

usage: RUNS=3 PEERS=fts5-trigram,fts5-friso,xapian \\
       /usr/bin/python3 bench/peers/scale_peers.py [N] [DATA_DIR]
       (N default 100000; DATA_DIR default ../shared/data from the repo root)
The corpus is /tmp/qiao-scale-N.jsonl; when it is missing it is written here
by bench/match/scale.py's generator (the same file `python3
bench/match/scale.py N` writes). At N=100000 the peers take minutes to build
(friso segmentation alone ~3 minutes on one core).
"""
import os, re, shutil, statistics, subprocess, sys, tempfile, time, json

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, 'bench', 'match'))
import peers  # noqa: E402

TOP = 10
PEERS = {'fts5-trigram': 'fts5 trigram', 'fts5-friso': 'fts5 friso', 'xapian': 'xapian ngram'}


def corpus_records(path):
    """The achievements of a JSONL corpus, one at a time."""
    with open(path, encoding='utf-8') as f:
        for line in f:
            r = json.loads(line)
            if r['kind'] == 'achievement':
                yield r


def query_texts(path):
    return [t for _, t in peers.tsv(path)]


class FrisoFts5(peers.Fts5):
    """FTS5 unicode61 over friso words, the corpus segmented by one friso CLI
    run streamed from a file (peers.segment keeps every text in memory)."""

    def __init__(self):
        super().__init__('friso')

    def rows(self, recs):
        inp = os.path.join(peers.TMP, 'friso-in.txt')
        ids = []
        with open(inp, 'w', encoding='utf-8') as f:
            for r in recs:
                ids.append(r['id'])
                f.write((re.sub(r'\s+', ' ', peers.doc_text(r)).strip() or '。') + '\n')
            f.write('quit\n')

        def gen():
            with open(inp, encoding='utf-8') as fin:
                p = subprocess.Popen(['friso', '-init', '/etc/friso/friso.ini'], stdin=fin,
                                     stdout=subprocess.PIPE, text=True, encoding='utf-8')
                n, want = 0, False
                for line in p.stdout:
                    if want:
                        if n < len(ids):
                            yield ids[n], ' '.join(w.lower() for w in line.split())
                        n, want = n + 1, False
                    elif line.rstrip('\n').endswith('分词结果:'):
                        want = True
                p.wait()
            os.remove(inp)
            if n != len(ids):
                raise RuntimeError('friso segmented %d of %d texts' % (n, len(ids)))
        return gen()


def child(name, corpus, qfiles, tmp):
    """One peer: build, say `ready ...`, then run the passes asked on stdin."""
    peers.TMP = tmp
    peer = {'fts5-trigram': lambda: peers.Fts5('trigram'), 'fts5-friso': FrisoFts5,
            'xapian': peers.Xap}[name]()
    qs = [query_texts(p) for p in qfiles]
    peer.build(corpus_records(corpus))
    if name == 'fts5-friso':  # segmenting the queries (friso CLI round trip) is not timed
        peers.segment([t for q in qs for t in q])
    print('ready build_s %.3f bytes %d' % (peer.build_s, peer.size), flush=True)
    for line in sys.stdin:
        k = int(line)
        lat, hits = [], 0
        for t in qs[k]:
            t0 = time.perf_counter()
            h = peer.query(t, TOP)
            lat.append(time.perf_counter() - t0)
            hits += len(h)
        print('pass %d n %d p50_ms %.4f p99_ms %.4f qps %.2f hits %.2f' % (
            k, len(lat), peers.pct(lat, .5), peers.pct(lat, .99), len(lat) / sum(lat),
            hits / len(lat)), flush=True)


def fields(line):
    """`ready k v k v...` or `pass I k v k v...` -> {k: v}."""
    w = line.split()
    return {w[i]: float(w[i + 1]) for i in range(1 if w[0] == 'ready' else 2, len(w) - 1, 2)}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    data = sys.argv[2] if len(sys.argv) > 2 else os.environ.get(
        'QIAO_DATA', os.path.join(ROOT, '..', 'shared', 'data'))
    runs = int(os.environ.get('RUNS', '3'))
    names = [p for p in os.environ.get('PEERS', ','.join(PEERS)).split(',') if p]
    for p in names:
        if p not in PEERS:
            sys.exit('unknown peer %r (PEERS: %s)' % (p, ','.join(PEERS)))
    corpus = '/tmp/qiao-scale-%d.jsonl' % n
    if not os.path.exists(corpus):
        print('%s is missing: writing it (the generator of bench/match/scale.py)' % corpus,
              file=sys.stderr, flush=True)
        import scale
        scale.write_corpus(n, data)
    qfiles = [os.path.join(data, 'csl-dev', 'queries-keywords.tsv'),
              os.path.join(data, 'techmatch-dev', 'queries.tsv')]
    for p in qfiles:
        if not os.path.exists(p):
            sys.exit('%s is missing: give the data directory (DATA_DIR argument or QIAO_DATA)' % p)
    subprocess.run(['make', '-s', '-C', ROOT, 'build/bench/jsonl_run'], check=True,
                   stdout=subprocess.DEVNULL)
    pin = ['taskset', '-c', os.environ.get('CORE', '0')]
    systems = [('qiao', pin + [os.path.join(ROOT, 'build', 'bench', 'jsonl_run'), 'passes',
                               str(TOP), str(len(qfiles))] + qfiles + [corpus])]
    tmp = tempfile.mkdtemp(prefix='qiao-scale-peers-', dir='/tmp')
    for p in names:
        systems.append((PEERS[p], pin + [sys.executable, os.path.abspath(__file__), '--child', p,
                                         corpus, tmp] + qfiles))
    load0 = os.getloadavg()
    t_start = time.time()
    procs, built, res = [], {}, {}
    try:
        for name, cmd in systems:  # one build at a time
            print('building %s ...' % name, file=sys.stderr, flush=True)
            p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            procs.append((name, p))
            line = p.stdout.readline()
            if not line.startswith('ready'):
                raise RuntimeError('%s failed to build (exit %s)' % (name, p.wait()))
            built[name] = fields(line)
            print('  %s: %.1f s, %.1f MB' % (name, built[name]['build_s'], built[name]['bytes'] / 1e6),
                  file=sys.stderr, flush=True)
        load_built = os.getloadavg()
        for r in range(runs):
            order = procs[r % len(procs):] + procs[:r % len(procs)]
            for k in range(len(qfiles)):
                for name, p in order:
                    p.stdin.write('%d\n' % k)
                    p.stdin.flush()
                    line = p.stdout.readline()
                    if not line.startswith('pass'):
                        raise RuntimeError('%s failed a pass (exit %s)' % (name, p.wait()))
                    res.setdefault((name, k), []).append(fields(line))
            print('pass %d of %d done' % (r + 1, runs), file=sys.stderr, flush=True)
    finally:
        for _, p in procs:
            try:
                p.stdin.close()
            except OSError:
                pass
        for _, p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    load1 = os.getloadavg()
    report(n, runs, [s for s, _ in systems], built, res, qfiles, (load0, load_built, load1),
           time.time() - t_start)


def report(n, runs, names, built, res, qfiles, loads, secs):
    med = lambda name, k, f: statistics.median(x[f] for x in res[(name, k)])
    peers_ = names[1:]
    fastest = {k: max(peers_, key=lambda s: med(s, k, 'qps')) for k in range(len(qfiles))} if peers_ else {}
    print('qiao beside its peers: %d achievements (/tmp/qiao-scale-%d.jsonl), top %d, '
          'one core each (taskset -c 0), medians of %d passes' % (n, n, TOP, runs, ))
    print('%-13s %8s %8s | %8s %8s %8s %6s | %8s %8s %8s %6s' % (
        'system', 'build s', 'size MB', 'kw p50', 'kw p99', 'kw q/s', 'kw x',
        'long p50', 'long p99', 'long q/s', 'long x'))
    for s in names:
        cells = []
        for k in range(len(qfiles)):
            q = med(s, k, 'qps')
            other = fastest.get(k) if s == 'qiao' else s
            x = med('qiao', k, 'qps') / med(other, k, 'qps') if other else float('nan')
            cells.append('%8.3f %8.3f %8.1f %5.2fx' % (med(s, k, 'p50_ms'), med(s, k, 'p99_ms'), q, x))
        print('%-13s %8.1f %8.1f | %s | %s' % (s, built[s]['build_s'], built[s]['bytes'] / 1e6,
                                               cells[0], cells[1]))
    print('(latency in ms; x = qiao q/s over the row\'s q/s, on qiao\'s row over the fastest peer\'s; '
          'size: qiao in-memory index bytes, peers their index files)')
    for k, label in enumerate(('keyword', 'demand-length')):
        if not peers_:
            break
        f = fastest[k]
        per = [a['qps'] / b['qps'] for a, b in zip(res[('qiao', k)], res[(f, k)])]
        print('%s queries (%d): fastest peer %s; qiao/%s per pass %s; mean hits/query %s' % (
            label, int(res[('qiao', k)][0]['n']), f, f, ' '.join('%.2fx' % x for x in per),
            ', '.join('%s %.1f' % (s, med(s, k, 'hits')) for s in names)))
    print('load average (1/5/15 min) at start %s, after the builds %s, at the end %s; %.0f s in all' % tuple(
        ['/'.join('%.2f' % x for x in l) for l in loads] + [secs]))


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--child':
        child(sys.argv[2], sys.argv[3], sys.argv[5:], sys.argv[4])
    else:
        main()
