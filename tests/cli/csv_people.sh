#!/usr/bin/env bash
# CSV written for people (qiao stats --format csv, qiao event grid/meetings
# --format csv) neutralises cells a spreadsheet would run as a formula
# (=, +, -, @, tab, CR first) with a leading "'"; `qiao export --format csv`
# is the machine format and keeps every value exactly (export -> import ->
# export gives the same bytes). XLSX cells stay strings, never formulas.
set -euo pipefail
Q=${QIAO:-build/qiao}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fails=0
ok() { echo "  ok   $*"; }
bad() { echo "  FAIL $*"; fails=$((fails + 1)); }
has() { if grep -qF -- "$2" "$1"; then ok "$3"; else bad "$3: '$2' not in $(basename "$1")"; fi; }
hasnt() { if grep -qF -- "$2" "$1"; then bad "$3: '$2' found in $(basename "$1")"; else ok "$3"; fi; }

# The demo data with hostile values: a chain and zone of an achievement, a
# person's name, a meeting request's message.
python3 - "$d" <<'PY'
import json, sys, glob, os
out = sys.argv[1]
for f in sorted(glob.glob("data/demo/*.jsonl")):
    lines = []
    for l in open(f, encoding="utf-8"):
        r = json.loads(l)
        if r.get("id") == "ach-uestc-01":
            r["chains"] = ["=1+2"]
            r["zone"] = "+SUM(1,2)"
        if r.get("id") == "p-liu-chen":
            r["name"] = "@SUM(1)"
        if r.get("id") == "mr-p-01":
            r["message"] = "-2+3,\"x\""
        lines.append(json.dumps(r, ensure_ascii=False, separators=(",", ":")))
    open(os.path.join(out, os.path.basename(f)), "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
db=$d/q.db
"$Q" import --db "$db" "$d"/0*.jsonl >/dev/null
EV=ev-20230310-park

echo "== people's CSV: neutralised"
"$Q" stats --db "$db" --format csv > "$d/stats.csv"
has "$d/stats.csv" "'=1+2" "stats CSV: chain =1+2 comes out as '=1+2"
has "$d/stats.csv" "\"'+SUM(1,2)\"" "stats CSV: zone +SUM(1,2) comes out as \"'+SUM(1,2)\""
if grep -Eq '(^|,)[=+@]' "$d/stats.csv"; then bad "stats CSV has a cell starting with = + @: $(grep -E '(^|,)[=+@]' "$d/stats.csv" | head -2)"; else ok "no stats cell starts with = + @"; fi
"$Q" event meetings --db "$db" --event $EV --format csv --out "$d/meetings.csv"
has "$d/meetings.csv" "'@SUM(1)" "meetings CSV: name @SUM(1) comes out as '@SUM(1)"
has "$d/meetings.csv" "\"'-2+3,\"\"x\"\"\"" "meetings CSV: message -2+3,\"x\" neutralised and quoted"
"$Q" event grid --db "$db" --event $EV --format csv --out "$d/grid.csv"
has "$d/grid.csv" ",'@SUM(1)（" "grid CSV: cell of @SUM(1) neutralised"

echo "== qiao export --format csv: exact"
"$Q" export --db "$db" --kind achievement --format csv --out "$d/a1.csv"
has "$d/a1.csv" ",=1+2," "export keeps =1+2 as given"
hasnt "$d/a1.csv" "'=1+2" "export does not add a quote"
"$Q" export --db "$db" --kind person --format csv --out "$d/p1.csv"
has "$d/p1.csv" ",@SUM(1)," "export keeps @SUM(1) as given"
"$Q" export --db "$db" --kind meeting_request --format csv --out "$d/m1.csv"
"$Q" import --db "$d/q2.db" "$d/01_orgs.jsonl" "$d/02_people.jsonl" >/dev/null
"$Q" import --db "$d/q2.db" --kind achievement "$d/a1.csv" >/dev/null
"$Q" export --db "$d/q2.db" --kind achievement --format csv --out "$d/a2.csv"
if cmp -s "$d/a1.csv" "$d/a2.csv"; then ok "export -> import -> export: the same bytes"; else bad "export -> import -> export differs"; fi
"$Q" help export > "$d/help.txt"
has "$d/help.txt" "data exchange format" "qiao help export warns: a data exchange format, not for a spreadsheet"

echo "== XLSX: strings, never formulas"
"$Q" event export --db "$db" --event $EV --out "$d/ev.xlsx" >/dev/null
"$Q" stats --db "$db" --xlsx "$d/st.xlsx" >/dev/null
for x in ev st; do
  if python3 - "$d/$x.xlsx" <<'PY'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
sheets = "".join(z.read(n).decode("utf-8") for n in names if n.startswith("xl/worksheets/sheet"))
shared = z.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in names else ""
assert "<f>" not in sheets and "<f " not in sheets, "a formula cell"
want = "=1+2" if "st.xlsx" in sys.argv[1] else "@SUM(1)"
assert want in shared, want + " is not a shared string"
PY
  then ok "$x.xlsx: the hostile value is a string cell, no formula"; else bad "$x.xlsx"; fi
done

[ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all passed"
