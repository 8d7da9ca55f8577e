#!/usr/bin/env python3
"""bench/match/agree.py REF.dump OTHER.dump — how far OTHER's top 10 agree
with REF's (files written by scale_bench with SCALE_DUMP=FILE: `set qid key`
lines, best first). Per query set: queries, mean overlap of the top 10
(|REF ∩ OTHER| / |REF|: the recall of an approximation against exhaustive
evaluation), and the share of queries whose top 10 are identical in order."""
import sys
from collections import defaultdict


def load(path):
    d = defaultdict(list)
    for line in open(path, encoding='utf-8'):
        s, q, k = line.split()
        d[(s, q)].append(k)
    return d


ref, oth = load(sys.argv[1]), load(sys.argv[2])
sets = sorted({s for s, _ in ref})
for st in sets:
    qs = [q for (s, q) in ref if s == st]
    ov = same = 0.0
    for q in qs:
        a, b = ref[(st, q)], oth.get((st, q), [])
        ov += len(set(a) & set(b)) / len(a) if a else 1.0
        same += a == b
    print('%s queries %d top10_overlap %.4f identical %.4f' % (st, len(qs), ov / len(qs), same / len(qs)))
