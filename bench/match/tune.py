#!/usr/bin/env python3
"""tune.py — development sweeps of the ranking weights, each setting scored on
techmatch-dev with the folds of cv.py (and, with --csl, csl-dev nDCG@10).

Needs the development build, where MQ_* environment variables replace the
weights of src/match/weights.c (see tune_all there):

  make BUILD=build/tune OPT="-O2 -DMX_TUNE" build/tune/bench/jsonl_run
  bench/match/tune.py "MQ_LEAD=0,100,200,400 MQ_WU=1,1.5"     # a grid
  bench/match/tune.py --list "MQ_LEAD=0" "MQ_LEAD=200 MQ_QT=5"  # settings
  options: --csl, --data DIR (default ../shared/data, or $QIAO_DATA)

Prints one line per setting: all, odd, even | five folds | setting [csl].
A setting is worth keeping only when it is principled and helps on every
fold (docs/matching.md): 113 demands are few, and a constant fitted to
them will not carry over to the held-out half."""
import itertools, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cv  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get('TUNE_BIN', os.path.join(ROOT, 'build/tune/bench/jsonl_run'))


def main(argv):
    data = os.environ.get('QIAO_DATA', os.path.join(ROOT, '..', 'shared', 'data'))
    if not os.access(BIN, os.X_OK):
        sys.exit(f'{BIN} is missing: make BUILD=build/tune OPT="-O2 -DMX_TUNE" build/tune/bench/jsonl_run')
    with_csl = '--csl' in argv
    argv = [a for a in argv if a != '--csl']
    if '--data' in argv:
        i = argv.index('--data')
        data = argv[i + 1]
        del argv[i:i + 2]
    tm = os.path.join(data, 'techmatch-dev')
    tools = os.path.join(data, '..', 'tools', 'rank-eval')
    qr = cv.qrels(os.path.join(tm, 'qrels.tsv'))
    order = [l.split('\t', 1)[0] for l in open(os.path.join(tm, 'queries.tsv'), encoding='utf-8')]
    folds, five = cv.folds(order)
    if argv and argv[0] == '--list':
        settings = [dict(kv.split('=', 1) for kv in s.split()) for s in argv[1:]]
    else:
        grid = [(kv.split('=')[0], kv.split('=')[1].split(',')) for kv in ' '.join(argv).split()]
        settings = [dict(zip([g[0] for g in grid], c)) for c in itertools.product(*[g[1] for g in grid])]
    run = '/tmp/qiao-tune-%d.run' % os.getpid()
    print('   all    odd   even |    f1     f2     f3     f4     f5')
    for s in settings:
        env = dict(os.environ, **s)
        with open(run, 'w') as out:
            subprocess.run([BIN, 'match', '10000', os.path.join(tm, 'records.jsonl')], env=env,
                           stdout=out, stderr=subprocess.DEVNULL, check=True)
        line = cv.line(cv.per_query(cv.run(run), qr), folds, five, ' '.join(f'{k}={v}' for k, v in s.items()))
        if with_csl:
            c = os.path.join(data, 'csl-dev')
            with open(run, 'w') as out:
                subprocess.run([BIN, 'search', '10', os.path.join(c, 'queries-keywords.tsv'),
                                os.path.join(c, 'records.jsonl'), os.path.join(c, 'distractors.jsonl')],
                               env=env, stdout=out, stderr=subprocess.DEVNULL, check=True)
            r = subprocess.run([tools, os.path.join(c, 'qrels-keywords.tsv'), run, '10'],
                               capture_output=True, text=True).stdout.split()
            line += '  csl ' + (r[1] if len(r) > 1 else '?')
        print(line, flush=True)
    os.unlink(run)


if __name__ == '__main__':
    main(sys.argv[1:])
