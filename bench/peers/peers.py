#!/usr/bin/python3
"""bench/peers/peers.py — qiao and its peers side by side, same data, same run.

Peers (Debian packages only): SQLite FTS5 with the trigram tokenizer; SQLite
FTS5 unicode61 over friso-segmented text (segmented with the `friso` CLI);
Xapian 1.4 with CJK n-grams, the query an explicit OR of the query's n-gram
terms weighted by their counts (python3-xapian). qiao runs through
build/bench/jsonl_run (the same index code as `qiao match`/`qiao search`).

Figures: nDCG@10 (techmatch-dev matching, --judged-only; csl-dev keywords),
index build seconds and size over csl-dev (9,000 records), p50/p99 latency and
queries/s on one core for keyword queries (csl-dev) and demand-length
queries (the 113 techmatch demands, ~600+ characters) against the csl index.
Peers are timed from Python (their C libraries do the work; the per-query
Python overhead is a few microseconds).

usage: /usr/bin/python3 bench/peers/peers.py [DATA_DIR]   (default ../shared/data)
"""
import json, os, re, shutil, sqlite3, subprocess, sys, tempfile, time, collections

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Set by main(); a script importing the peer classes (bench/peers/scale_peers.py)
# sets TMP, the directory the peers' indexes go to, itself.
DATA = TM = CSL = RANK_EVAL = TMP = None

def records(*paths):
    out = []
    for p in paths:
        for line in open(p, encoding='utf-8'):
            r = json.loads(line)
            if r['kind'] in ('achievement', 'demand'):
                out.append(r)
    return out

def doc_text(r):
    return ' '.join(x for x in (r.get('title', ''), ' '.join(r.get('keywords', [])),
                                r.get('summary', '') or r.get('description', '')) if x)

def tsv(path):
    return [l.rstrip('\n').split('\t', 1) for l in open(path, encoding='utf-8') if '\t' in l]

def ndcg(qrels, run_lines, judged):
    p = os.path.join(TMP, 'run')
    open(p, 'w').write(''.join(run_lines))
    args = [RANK_EVAL] + (['--judged-only'] if judged else []) + [qrels, p, '10']
    out = subprocess.run(args, capture_output=True, text=True).stdout
    m = re.search(r'nDCG@10=([0-9.]+)', out)
    return float(m.group(1)) if m else float('nan')

def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * q))] * 1e3

_seg_cache = {}
def segment(texts):
    """friso words of each text (the friso CLI, complex mode)."""
    todo = [t for t in texts if t not in _seg_cache]
    if todo:
        inp = '\n'.join(re.sub(r'\s+', ' ', t) or '。' for t in todo) + '\nquit\n'
        out = subprocess.run(['friso', '-init', '/etc/friso/friso.ini'], input=inp,
                             capture_output=True, text=True).stdout.split('\n')
        segs = [out[i + 1].split() for i, l in enumerate(out) if l.endswith('分词结果:')]
        for t, s in zip(todo, segs):
            _seg_cache[t] = s
    return [_seg_cache.get(t, []) for t in texts]

def clean(s):
    return re.sub(r'[^\w]+', ' ', s.lower())

# ---------------------------------------------------------------- peers
class Fts5:
    def __init__(self, tok):
        self.tok = tok
    def build(self, recs):
        path = os.path.join(TMP, 'fts-%s.db' % self.tok)
        if os.path.exists(path):
            os.remove(path)
        t = time.perf_counter()
        rows = self.rows(recs)
        self.db = sqlite3.connect(path)
        tk = "trigram" if self.tok == 'trigram' else "unicode61"
        self.db.execute("CREATE VIRTUAL TABLE d USING fts5(id UNINDEXED, body, tokenize='%s')" % tk)
        self.db.executemany("INSERT INTO d VALUES (?, ?)", rows)
        self.db.commit()
        self.build_s = time.perf_counter() - t
        self.size = os.path.getsize(path)
    def rows(self, recs):
        """(id, indexed text) of each record: an iterable, consumed once."""
        if self.tok == 'friso':
            texts = segment([doc_text(r) for r in recs])
            return [(r['id'], ' '.join(w.lower() for w in s)) for r, s in zip(recs, texts)]
        return [(r['id'], doc_text(r)) for r in recs]
    def terms(self, text):
        if self.tok == 'trigram':
            s = clean(text).replace(' ', '')
            ts = collections.Counter(s[i:i + 3] for i in range(len(s) - 2))
        else:
            ts = collections.Counter(w.lower() for w in segment([text])[0] if clean(w).strip())
        return [t.replace('"', '""') for t in ts]
    def query(self, text, k):
        ts = self.terms(text)
        if not ts:
            return []
        q = ' OR '.join('"%s"' % t for t in ts[:500])
        try:
            return [r[0] for r in self.db.execute(
                "SELECT id FROM d WHERE d MATCH ? ORDER BY bm25(d) LIMIT ?", (q, k))]
        except sqlite3.OperationalError:
            return []

class Xap:
    def build(self, recs):
        import xapian
        self.x = xapian
        path = os.path.join(TMP, 'xapian')
        t = time.perf_counter()
        db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
        tg = xapian.TermGenerator()
        tg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
        for r in recs:
            d = xapian.Document()
            tg.set_document(d)
            tg.index_text(doc_text(r))
            d.set_data(r['id'])
            db.add_document(d)
        db.commit()
        db.close()
        self.build_s = time.perf_counter() - t
        self.size = sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))
        self.db = xapian.Database(path)
        self.tg = tg
        self.enq = xapian.Enquire(self.db)
    def query(self, text, k):
        x = self.x
        d = x.Document()
        self.tg.set_document(d)
        self.tg.index_text(text)
        subs = [x.Query(t.term, t.wdf) for t in d.termlist()]
        if not subs:
            return []
        self.enq.set_query(x.Query(x.Query.OP_OR, subs))
        return [m.document.get_data().decode() for m in self.enq.get_mset(0, k)]

def run_peer(peer, name, tm_recs, tm_q, csl_recs, csl_q, tm_qrels, csl_qrels):
    row = {'name': name}
    peer.build(tm_recs)
    row['tm'] = ndcg(tm_qrels, ['%s Q0 %s %d %d p\n' % (q, d, i + 1, 100000 - i)
                                for q, t in tm_q for i, d in enumerate(peer.query(t, 10000))], True)
    peer.build(csl_recs)
    row['build'], row['size'] = peer.build_s, peer.size
    segment([t for _, t in csl_q])  # pre-segment: the friso CLI round trip is not timed
    lat, lines = [], []
    for q, t in csl_q:
        t0 = time.perf_counter()
        hits = peer.query(t, 10)
        lat.append(time.perf_counter() - t0)
        lines += ['%s Q0 %s %d %d p\n' % (q, d, i + 1, 100 - i) for i, d in enumerate(hits)]
    row['csl'] = ndcg(csl_qrels, lines, False)
    row['kw50'], row['kw99'], row['kwqps'] = pct(lat, .5), pct(lat, .99), len(lat) / sum(lat)
    segment([t for _, t in tm_q])   # segmentation is not what we time
    lat = []
    for q, t in tm_q:
        t0 = time.perf_counter()
        peer.query(t, 10)
        lat.append(time.perf_counter() - t0)
    row['lq50'], row['lq99'], row['lqps'] = pct(lat, .5), pct(lat, .99), len(lat) / sum(lat)
    return row

def run_qiao(tm_qrels, csl_qrels):
    exe = os.path.join(ROOT, 'build', 'bench', 'jsonl_run')
    subprocess.run(['make', '-s', '-C', ROOT, 'build/bench/jsonl_run'], check=True,
                   stdout=subprocess.DEVNULL)
    def go(args):
        p = subprocess.run(['taskset', '-c', '0', exe] + args, capture_output=True, text=True)
        m = re.search(r'latency_ms p50 ([\d.]+) p99 ([\d.]+) qps ([\d.]+) build_s ([\d.]+) bytes (\d+)', p.stderr)
        return p.stdout, [float(x) for x in m.groups()]
    row = {'name': 'qiao (match)'}
    out, _ = go(['match', '10000', os.path.join(TM, 'records.jsonl')])
    row['tm'] = ndcg(tm_qrels, [out], True)
    out, _ = go(['search', '10000', os.path.join(TM, 'queries.tsv'), os.path.join(TM, 'records.jsonl')])
    flat = ndcg(tm_qrels, [out], True)
    csl = [os.path.join(CSL, 'records.jsonl'), os.path.join(CSL, 'distractors.jsonl')]
    out, f = go(['search', '10', os.path.join(CSL, 'queries-keywords.tsv')] + csl)
    row['csl'] = ndcg(csl_qrels, [out], False)
    row['kw50'], row['kw99'], row['kwqps'], row['build'], row['size'] = f
    _, f = go(['search', '10', os.path.join(TM, 'queries.tsv')] + csl)
    row['lq50'], row['lq99'], row['lqps'] = f[:3]
    row2 = dict(row, name='qiao (flat search)', tm=flat)
    return [row, row2]

def main():
    global DATA, TM, CSL, RANK_EVAL, TMP
    DATA = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('QIAO_DATA', os.path.join(ROOT, '..', 'shared', 'data'))
    TM, CSL = os.path.join(DATA, 'techmatch-dev'), os.path.join(DATA, 'csl-dev')
    RANK_EVAL = os.path.join(DATA, '..', 'tools', 'rank-eval')
    TMP = tempfile.mkdtemp(prefix='qiao-peers-')
    try:
        report()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)

def report():
    tm_recs = records(os.path.join(TM, 'records.jsonl'))
    tm_ach = [r for r in tm_recs if r['kind'] == 'achievement']
    csl_recs = records(os.path.join(CSL, 'records.jsonl'), os.path.join(CSL, 'distractors.jsonl'))
    tm_q, csl_q = tsv(os.path.join(TM, 'queries.tsv')), tsv(os.path.join(CSL, 'queries-keywords.tsv'))
    tm_qrels, csl_qrels = os.path.join(TM, 'qrels.tsv'), os.path.join(CSL, 'qrels-keywords.tsv')
    rows = run_qiao(tm_qrels, csl_qrels)
    for name, peer in (('fts5 trigram', Fts5('trigram')), ('fts5 friso', Fts5('friso')), ('xapian ngram', Xap())):
        rows.append(run_peer(peer, name, tm_ach, tm_q, csl_recs, csl_q, tm_qrels, csl_qrels))
    print('%-19s %8s %8s %8s %8s | %8s %8s %8s | %8s %8s %8s' % (
        'system', 'tm nDCG', 'csl nDCG', 'build s', 'size MB',
        'kw p50', 'kw p99', 'kw q/s', 'long p50', 'long p99', 'long q/s'))
    for r in rows:
        print('%-19s %8.4f %8.4f %8.2f %8.1f | %8.3f %8.3f %8.0f | %8.2f %8.2f %8.1f' % (
            r['name'], r['tm'], r['csl'], r['build'], r['size'] / 1e6,
            r['kw50'], r['kw99'], r['kwqps'], r['lq50'], r['lq99'], r['lqps']))
    print('(latency in ms; tm = techmatch-dev nDCG@10 --judged-only, matching for qiao (match), '
          'flat demand text otherwise; csl = csl-dev keywords nDCG@10; build/size over csl-dev 9,000 records)')

if __name__ == '__main__':
    main()
