#!/usr/bin/env bash
# Meeting-timetable benchmark: qiao schedule against the same time-indexed
# integer program solved by CBC and by GLPK, in the same run.
#
#   bash bench/sched.sh [PEER_SECONDS=60] [QIAO_RUNS=3] [SIZES="S M L"]
#
# For each size (S: 100 participants, 500 meetings, 10 slots; M: 600, 3000,
# 16; L: 2000, 12000, 24) and variant (loose, tight) bench/sched/gen.py
# writes the instance (JSON for qiao, CPLEX LP for the peers). qiao runs
# QIAO_RUNS times with --time-limit 2000, which bounds the whole command
# (median wall time shown); CBC runs
# `cbc model.lp sec N solve solu out.sol`, GLPK `glpsol --lp model.lp --tmlim N`,
# each also killed after N+120 s wall time. Objective = sum of the scheduled
# meetings' priorities (the peers do not see idle slots).
set -euo pipefail
cd "$(dirname "$0")/.."
peer=${1:-60}
runs=${2:-3}
sizes=${3:-S M L}
bash scripts/bench-deps-sched.sh
make -s build/qiao >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

printf '%-8s %-12s | %-12s %-6s %-7s %-6s %-5s | %-7s %-7s %-6s %-9s | %-7s %-7s %-6s %-9s\n' \
  case "reqs(w)" "qiao n(w)" bound ratio time gaps "CBC obj" bound time status "GLPK obj" bound time status
for size in $sizes; do
  for variant in loose tight; do
    c="$size-$variant"
    python3 bench/sched/gen.py --size "$size" --variant "$variant" --json "$tmp/$c.json" --lp "$tmp/$c.lp"
    # qiao: median wall time of $runs runs (same seed, so the same answer
    # unless the time limit stopped it).
    times=()
    for r in $(seq "$runs"); do
      t0=$(now)
      build/qiao schedule --instance "$tmp/$c.json" --time-limit 2000 --seed 1 > "$tmp/$c.out"
      times+=("$(secs "$t0" "$(now)")")
    done
    qt=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    read -r qn qw tw bd ratio gaps nreq < <(jq -r '"\(.scheduled) \(.weight) \(.total_weight) \(.bound) \(.ratio) \(.gaps) \(.requests)"' "$tmp/$c.out")
    # CBC
    t0=$(now)
    timeout $((peer + 120)) cbc "$tmp/$c.lp" sec "$peer" solve solu "$tmp/$c.sol" > "$tmp/$c.cbc" 2>&1 || true
    ct=$(secs "$t0" "$(now)")
    cobj=$(awk '/^Objective value:/ {v=$3} END {if (v != "") printf "%d", v + 0.5; else print "-"}' "$tmp/$c.cbc")
    cst=$(sed -n 's/^Result - //p' "$tmp/$c.cbc" | awk '{print $1}' | head -1)
    cbd=$(grep -o 'best possible -\?[0-9.e+]*' "$tmp/$c.cbc" | tail -1 | awk '{v=$3; if (v < 0) v = -v; printf "%d", v + 1e-6}' || true)
    [ "$cst" = Optimal ] && cbd=$cobj
    [ -n "$cst" ] || cst=killed
    [ -n "$cbd" ] || cbd=-
    # GLPK
    t0=$(now)
    timeout $((peer + 120)) glpsol --lp "$tmp/$c.lp" --tmlim "$peer" -o "$tmp/$c.glpk" > "$tmp/$c.glog" 2>&1 || true
    gt=$(secs "$t0" "$(now)")
    gobj=$(awk '/^Objective:/ {printf "%d", $4 + 0.5}' "$tmp/$c.glpk" 2>/dev/null || true)
    [ -n "$gobj" ] || gobj=-
    last=$(grep -E '^\+ *[0-9]+: mip' "$tmp/$c.glog" | tail -1 || true)
    gbd=$(echo "$last" | sed -n 's/.*<= *\([0-9.e+-]*\).*/\1/p' | awk '{printf "%d", $1 + 1e-6}')
    # No integer solution yet: glpsol still writes "obj = 0" to its report.
    if [ -z "$last" ] || echo "$last" | grep -q 'not found yet'; then gobj=-; fi
    if grep -q 'INTEGER OPTIMAL' "$tmp/$c.glog"; then gst=Optimal; gbd=$gobj
    elif grep -q 'TIME LIMIT' "$tmp/$c.glog"; then gst=time
    else gst=killed; fi
    [ -n "$gbd" ] || gbd=-
    printf '%-8s %-12s | %-12s %-6s %-7.4f %-6s %-5s | %-7s %-7s %-6s %-9s | %-7s %-7s %-6s %-9s\n' \
      "$c" "$nreq($tw)" "$qn($qw)" "$bd" "$ratio" "$qt" "$gaps" "$cobj" "$cbd" "$ct" "$cst" "$gobj" "$gbd" "$gt" "$gst"
  done
done
echo
echo "ratio = qiao weight / qiao's own upper bound (LP dual by block coordinate descent, or the"
echo "capacity bound); proved optimal when ratio is 1, or when CBC's status is Optimal with obj = qiao's."
