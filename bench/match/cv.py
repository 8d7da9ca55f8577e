#!/usr/bin/env python3
"""cv.py — nDCG@10 (judged-only, as shared/tools/rank-eval computes it) of
one or more TREC runs on techmatch-dev, overall and on cross-validation folds:
the odd and even demand lines of queries.tsv (2-fold) and a fixed random
5-fold split (seed 20190). Prints one line per run:

     all    odd   even |    f1     f2     f3     f4     f5   name

  bench/match/cv.py [--data DIR] RUN...      (DIR default ../shared/data or $QIAO_DATA)

A development tool for comparing ranking changes: a change should help on
every fold, not only on the mean (docs/matching.md)."""
import collections, math, os, random, sys

K = 10


def qrels(path):
    q = collections.defaultdict(dict)
    for line in open(path, encoding='utf-8'):
        f = line.split()
        if len(f) >= 3:
            q[f[0]][f[1]] = int(f[2])
    return q


def run(path):
    r = collections.defaultdict(list)
    for line in open(path, encoding='utf-8'):
        f = line.split()
        if len(f) >= 6:
            r[f[0]].append((float(f[4]), f[2]))
    return {k: [d for s, d in sorted(v, key=lambda x: -x[0])] for k, v in r.items()}


def ndcg(ranked, rel, k=K):
    g = lambda l: max(l - 1, 0)
    ranked = [d for d in ranked if d in rel][:k]
    ideal = sorted((g(l) for l in rel.values()), reverse=True)[:k]
    idcg = sum((2 ** x - 1) / math.log2(i + 2) for i, x in enumerate(ideal))
    if idcg == 0:
        return None
    return sum((2 ** g(rel[d]) - 1) / math.log2(i + 2) for i, d in enumerate(ranked)) / idcg


def per_query(r, qr):
    out = {}
    for q, rel in qr.items():
        v = ndcg(r.get(q, []), rel)
        if v is not None:
            out[q] = v
    return out


def folds(order):
    two = {q: i % 2 for i, q in enumerate(order)}            # line 1, 3, ... -> odd
    rnd = order[:]
    random.Random(20190).shuffle(rnd)
    return two, {q: i % 5 for i, q in enumerate(rnd)}


def line(per, two, five, name):
    mean = lambda qs: sum(per[q] for q in qs) / len(qs) if qs else 0.0
    t = [mean([q for q in per if two.get(q) == f]) for f in (0, 1)]
    f = [mean([q for q in per if five.get(q) == i]) for i in range(5)]
    return f'{mean(list(per)):.4f} {t[0]:.4f} {t[1]:.4f} | ' + ' '.join(f'{x:.4f}' for x in f) + '  ' + name


def main(argv):
    data = os.environ.get('QIAO_DATA', os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                     '..', '..', '..', 'shared', 'data'))
    if '--data' in argv:
        i = argv.index('--data')
        data = argv[i + 1]
        del argv[i:i + 2]
    d = os.path.join(data, 'techmatch-dev')
    qr = qrels(os.path.join(d, 'qrels.tsv'))
    order = [l.split('\t', 1)[0] for l in open(os.path.join(d, 'queries.tsv'), encoding='utf-8')]
    two, five = folds(order)
    print('   all    odd   even |    f1     f2     f3     f4     f5')
    for path in argv:
        print(line(per_query(run(path), qr), two, five, os.path.basename(path)))


if __name__ == '__main__':
    main(sys.argv[1:])
