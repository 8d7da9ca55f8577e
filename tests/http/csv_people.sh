#!/usr/bin/env bash
# HTTP test of CSV downloads for people (/stats.csv, an event's grid.csv and
# meetings.csv): a chain, zone, name or meeting message that begins with
# = + - @ comes out with a leading "'" (core/csv.h, CSV_FOR_PEOPLE), so a
# spreadsheet shows it as text instead of running it; the XLSX downloads hold
# such values as strings, never formulas.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
python3 - "$T" <<'PY'
import json, sys, glob, os
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
    open(os.path.join(sys.argv[1], "demo_" + os.path.basename(f)), "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
"$QIAO" import --db "$DB" "$T"/demo_0*.jsonl >/dev/null
echo 'admin-pass-1' | "$QIAO" user add --db "$DB" --login admin --role admin --password-stdin >/dev/null
start_server
ja=$T/admin.jar
sign_in admin admin-pass-1 "$ja" >/dev/null
EV=ev-20230310-park

req GET /stats.csv -b "$ja"
expect_status 200 "/stats.csv"
expect_body "'=1+2" "stats.csv: chain =1+2 as '=1+2"
expect_body "\"'+SUM(1,2)\"" "stats.csv: zone +SUM(1,2) as \"'+SUM(1,2)\""
if grep -Eq '(^|,)[=+@]' "$T/body"; then bad "stats.csv has a cell starting with = + @"; else ok "no stats.csv cell starts with = + @"; fi
req GET "/stats.csv?table=by_chain" -b "$ja"
expect_body "'=1+2" "stats.csv?table=by_chain: '=1+2"
req GET "/events/$EV/meetings.csv" -b "$ja"
expect_status 200 "meetings.csv"
expect_body "'@SUM(1)" "meetings.csv: name @SUM(1) as '@SUM(1)"
expect_body "\"'-2+3,\"\"x\"\"\"" "meetings.csv: the message neutralised and quoted"
req GET "/events/$EV/grid.csv" -b "$ja"
expect_status 200 "grid.csv"
expect_body ",'@SUM(1)（" "grid.csv: the cell of @SUM(1) neutralised"
if grep -Eq '(^|,)[=+@-][^0-9]' "$T/body"; then bad "grid.csv has a risky cell"; else ok "no grid.csv cell starts with = + - @"; fi

for x in "/events/$EV/export.xlsx:@SUM(1)" "/stats.xlsx:=1+2"; do
  curl -s -b "$ja" -o "$T/x.xlsx" "$BASE${x%%:*}"
  if python3 - "$T/x.xlsx" "${x#*:}" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
sheets = "".join(z.read(n).decode("utf-8") for n in names if n.startswith("xl/worksheets/sheet"))
shared = z.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in names else ""
assert "<f>" not in sheets and "<f " not in sheets, "a formula cell"
assert sys.argv[2] in shared, "not a string cell"
PY
  then ok "${x%%:*}: ${x#*:} is a string cell, no formula"; else bad "${x%%:*}"; fi
done

finish
