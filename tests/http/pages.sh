#!/usr/bin/env bash
# The pages of organisations, people, projects, the dashboard and the
# statistics: who sees what (contacts, projects), the advance form and its
# errors, starting a project from a match, "new since my last visit", the
# statistics downloads, and that /api/v1/stats agrees with `qiao stats`.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
echo 'staff-pass-12' | "$QIAO" user add --db "$DB" --login staff --role staff --password-stdin >/dev/null
echo 'inv-pass-1234' | "$QIAO" user add --db "$DB" --login inv --role investor --org inv-xinqiao --password-stdin >/dev/null
echo 'tm-pass-12345' | "$QIAO" user add --db "$DB" --login tm --role tech_manager --org uestc-incub --password-stdin >/dev/null
start_server

# ---- organisations and people
req GET /orgs
expect_status 200 "GET /orgs"
expect_body '电子科技大学集成电路科学与工程学院' "the org list names the school"
req GET "/orgs?q=芯思源"
expect_body 'href="/orgs/xinsiyuan"' "org search finds 芯思源"
expect_no_body 'href="/orgs/uestc-ic"' "org search leaves the others out"
req GET /orgs/uestc-ic
expect_status 200 "GET /orgs/uestc-ic"
expect_body 'href="/achievements/ach-uestc-02"' "the org page lists its achievements"
expect_body 'href="/people/p-zhou-qihang"' "the org page lists its people"
expect_no_body 'zhou-qihang@example.cn' "no contacts on the org page for visitors"
req GET /orgs/nobody
expect_status 404 "unknown org"
req GET /people
expect_status 200 "GET /people"
req GET /people/p-zhou-qihang
expect_status 200 "GET /people/p-zhou-qihang"
expect_body '高速高精度数据转换器' "the person's expertise"
expect_body 'href="/demands/dem-01"' "the scientist's matched demands include the ADC demand"
expect_no_body 'zhou-qihang@example.cn' "no email for visitors"
expect_no_body '028-5550-0104' "no phone for visitors"
ij=$T/inv; sign_in inv inv-pass-1234 "$ij" >/dev/null
req GET /people/p-zhou-qihang -b "$ij"
expect_no_body 'zhou-qihang@example.cn' "no email for an investor account"
xj=$T/xsy; sign_in xsy xsy-pass-123 "$xj" >/dev/null
req GET /people/p-zhou-qihang -b "$xj"
expect_body 'mailto:zhou-qihang@example.cn' "email for an enterprise account"
expect_body '028-5550-0104' "phone for an enterprise account"
req GET /orgs/uestc-ic -b "$xj"
expect_body 'zhou-qihang@example.cn' "contacts on the org page for an enterprise account"
req GET /api/v1/people/p-zhou-qihang -H "Authorization: Bearer $TOK_XSY"
expect_body '"email"' "the API follows the same rule (enterprise token sees the email)"

# ---- projects: only parties and staff
req GET /projects/proj-adc-xinsiyuan
expect_status 303 "a visitor is sent to sign in"
req GET /projects/proj-adc-xinsiyuan -b "$xj"
expect_status 200 "a party (xinsiyuan) sees its project"
expect_body '洽谈中' "the current stage"
expect_body 'action="/projects/proj-adc-xinsiyuan/advance"' "a party gets the advance form"
req GET /projects/proj-edge-ai-zhihui -b "$xj"
expect_status 404 "another org's project is not shown (404)"
req GET /projects/proj-edge-ai-zhihui -b "$ij"
expect_status 404 "an investor who is not a party does not see it"
tj=$T/tm; sign_in tm tm-pass-12345 "$tj" >/dev/null
req GET /projects/proj-rfid-jiezhong -b "$tj"
expect_status 200 "a party through a person of the org (p-xu-feng of uestc-incub) sees it"
sj=$T/staff; sign_in staff staff-pass-12 "$sj" >/dev/null
req GET /projects/proj-edge-ai-zhihui -b "$sj"
expect_status 200 "staff see every project"
req GET /projects -b "$xj"
expect_body 'href="/projects/proj-adc-xinsiyuan"' "the project list has the party's project"
expect_no_body 'href="/projects/proj-edge-ai-zhihui"' "the project list leaves others' projects out"

# ---- advancing
csrf=$(csrf_of "$xj" /projects/proj-adc-xinsiyuan)
req POST /projects/proj-adc-xinsiyuan/advance -b "$xj" --data-urlencode "_csrf=$csrf" -d to=signed \
  -d signed_on=2023-05-20 -d mode=license --data-urlencode agreement=
expect_status 422 "signing without the agreement"
expect_body 'id="err-agreement"' "the error is beside the agreement field"
"$QIAO" export --db "$DB" --kind project 2>/dev/null | grep -q '"id":"proj-adc-xinsiyuan".*"stage":"talks"' \
  && ok "nothing changed" || bad "the project changed after a failed advance"
req POST /projects/proj-adc-xinsiyuan/advance -b "$xj" --data-urlencode "_csrf=$csrf" -d to=signed \
  -d signed_on=2023-05-20 -d mode=license -d amount=abc --data-urlencode "agreement=《技术许可合同》"
expect_status 422 "signing with a non-numeric amount"
expect_body 'id="err-amount"' "the error is beside the amount field"
expect_body '合同金额应为金额，例如 50万' "in Chinese, from the model's catalogue"
req POST /projects/proj-adc-xinsiyuan/advance -b "$xj" -d to=signed -d signed_on=2023-05-20 \
  -d mode=license --data-urlencode "agreement=《技术许可合同》"
expect_status 403 "without the CSRF token"
csrf_x=$(csrf_of "$xj" /me)
req POST /projects/proj-edge-ai-zhihui/advance -b "$xj" --data-urlencode "_csrf=$csrf_x" -d to=done
expect_status 404 "a non-party cannot advance another org's project"
req POST /projects/proj-adc-xinsiyuan/advance -b "$xj" --data-urlencode "_csrf=$csrf" -d to=signed \
  -d signed_on=2023-05-20 -d mode=license -d amount=1200000 --data-urlencode "agreement=《技术许可合同》" \
  --data-urlencode "note=双方签字"
expect_status 303 "a party signs"
req GET /projects/proj-adc-xinsiyuan -b "$xj"
expect_body 'aria-current="step">洽谈中' "one party's signing is a proposal: the project stays at talks"
expect_body '已提出签约，等待另一方确认' "the proposer is told to wait for the other party"
expect_body '<td data-label="阶段">提议签约</td>' "the proposal is in the history"
req POST /projects/proj-adc-xinsiyuan/advance -b "$xj" --data-urlencode "_csrf=$csrf" -d to=signed \
  -d signed_on=2023-05-20 -d mode=license --data-urlencode "agreement=《技术许可合同》"
req GET /projects/proj-adc-xinsiyuan -b "$xj"
expect_body 'aria-current="step">洽谈中' "the same party signing again does not sign"
echo 'uestc2-pass-1' | "$QIAO" user add --db "$DB" --login uestc2 --role university --org uestc-ic \
  --password-stdin >/dev/null
uj0=$T/uestc0; sign_in uestc2 uestc2-pass-1 "$uj0" >/dev/null
req GET /projects/proj-adc-xinsiyuan -b "$uj0"
expect_body '已提出签约。核对下面的签约信息' "the other party is asked to confirm"
expect_body 'value="《技术许可合同》"' "with the proposed terms filled in"
csrf_u=$(csrf_of "$uj0" /projects/proj-adc-xinsiyuan)
req POST /projects/proj-adc-xinsiyuan/advance -b "$uj0" --data-urlencode "_csrf=$csrf_u" -d to=signed \
  -d signed_on=2023-05-20 -d mode=license -d amount=1200000 --data-urlencode "agreement=《技术许可合同》" \
  --data-urlencode "note=双方签字"
expect_status 303 "the other party confirms"
req GET /projects/proj-adc-xinsiyuan -b "$xj"
expect_body 'aria-current="step">已签约' "the project is at signed"
expect_body '<td data-label="操作人">xsy</td>' "the history names who proposed"
expect_body '<td data-label="操作人">uestc2</td>' "and who confirmed"
expect_body '双方签字' "and the note"
expect_body '《技术许可合同》' "the agreement is shown"

# ---- a project from a match: the parties propose it from an accepted interest
# (tests/http/interests.sh); staff register one both sides agreed on
uj=$T/uestc; sign_in uestc uestc-pass-1 "$uj" >/dev/null
req GET /achievements/ach-uestc-01 -b "$uj"
expect_no_body 'action="/projects/new"' "the owner has no one-sided 'start a project' on the match list"
expect_body 'action="/interests"' "the owner contacts the other side instead (有意向)"
req GET /achievements/ach-uestc-01
expect_no_body 'action="/projects/new"' "a visitor does not either"
csrf=$(csrf_of "$uj" /achievements/ach-uestc-01)
req POST /projects/new -b "$uj" --data-urlencode "_csrf=$csrf" -d achievement=ach-uestc-01 -d demand=dem-03
expect_status 403 "one side alone cannot start a project from the match"
expect_body '对方接受后，在沟通页提议合作项目' "the refusal says how to go on"
aj=$T/admin; sign_in admin admin-pass-1 "$aj" >/dev/null
req GET /achievements/ach-uestc-01 -b "$aj"
expect_body '登记双方已商定的合作项目' "staff may register a project both sides agreed on"
csrf=$(csrf_of "$aj" /achievements/ach-uestc-01)
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$aj" --data-urlencode "_csrf=$csrf" -d achievement=ach-uestc-03 -d demand=dem-04 "$BASE/projects/new")
req GET "${loc#$BASE}" -b "$uj"
expect_status 200 "the registered project's page, seen by a party"
expect_body '初步接洽' "it starts at contact"
expect_body '<td data-label="操作人">admin</td>' "registered by staff"
loc2=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$aj" --data-urlencode "_csrf=$csrf" -d achievement=ach-uestc-03 -d demand=dem-04 "$BASE/projects/new")
[ "$loc2" = "$loc" ] && ok "the same match again leads to its project, not a second one" || bad "second start: $loc2 vs $loc"
req GET /achievements/ach-uestc-02 -b "$uj"
expect_body '已有合作项目：<a href="/projects/proj-adc-xinsiyuan"' "a party sees the link to the match's project"
ij2=$T/xj; sign_in xj xj-pass-1234 "$ij2" >/dev/null
csrf=$(csrf_of "$ij2" /me)
req POST /projects/new -b "$ij2" --data-urlencode "_csrf=$csrf" -d achievement=ach-uestc-01 -d demand=dem-03
expect_status 403 "an enterprise that owns neither side cannot start it"

# ---- the dashboard: new since the previous sign-in
req GET /me -b "$uj"
expect_status 200 "GET /me"
expect_body '这是你第一次登录' "first sign-in: nothing to compare with"
expect_body 'href="/achievements/ach-uestc-02"' "my records"
expect_body '最匹配的技术需求' "my records' matches"
expect_body 'href="/projects/proj-adc-xinsiyuan"' "my projects"
sleep 1
req POST /api/v1/demands -H 'Content-Type: application/json' -H "Authorization: Bearer $TOK_XSY" \
  -d '{"id":"d-new-after","title":"毫米波雷达芯片测试服务","description":"需要77GHz雷达芯片测试","chains":["集成电路"]}'
expect_status 201 "a demand published after uestc's sign-in"
# an old demand (published 2023) changed after the sign-in: new by its change time only
req GET /api/v1/demands/dem-01
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["budget"]=d.get("budget",0)+1; print(json.dumps(d, ensure_ascii=False))' "$T/body" > "$T/dem01.json"
req PUT /api/v1/demands/dem-01 -H 'Content-Type: application/json' -H "Authorization: Bearer $TOK_XSY" --data-binary @"$T/dem01.json"
expect_status 200 "an old demand changed after uestc's sign-in"
uj2=$T/uestc2; sign_in uestc uestc-pass-1 "$uj2" >/dev/null
req GET /me -b "$uj2"
expect_body '上次登录' "the second sign-in compares with the first"
python3 -c 'import re,sys; b=open(sys.argv[1]).read(); sys.exit(0 if re.search(r"上次登录：\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d<", b) else 1)' "$T/body" \
  && ok "the previous sign-in as a date people read (Beijing time, no ISO timestamp)" \
  || bad "the previous sign-in: $(grep -o '上次登录：[^<]*' "$T/body")"
# only the "new" section
sed -n 's/.*\(<section class="new">.*\)/\1/p' "$T/body" | sed 's|</section>.*||' > "$T/new.html"
cp "$T/new.html" "$T/body"
expect_body 'href="/demands/d-new-after"' "the new demand is listed as new"
expect_body 'href="/demands/dem-01"' "the old demand changed since is listed"
python3 -c 'import re,sys; b=open(sys.argv[1]).read(); sys.exit(0 if re.search(r"<li>(?:(?!</li>).)*href=\"/demands/dem-01\"(?:(?!</li>).)*有更新", b, re.S) else 1)' "$T/body" \
  && ok "... as changed (有更新)" || bad "dem-01 is not marked 有更新"
expect_no_body 'href="/demands/dem-05"' "an old, unchanged demand is not"
expect_body "href=\"${loc#$BASE}\"" "the project started since is listed as new"
expect_no_body 'href="/projects/proj-practice-base"' "a project without changes since is not"
req GET /me
expect_status 303 "/me needs a sign-in"

# ---- the dashboard shows my org's records and projects, never another org's
req POST /api/v1/achievements -H 'Content-Type: application/json' -H "Authorization: Bearer $TOK_UESTC" \
  -d '{"id":"a-draft-uestc","title":"未公开的草稿成果","org":"uestc-ic","status":"draft","published":"2026-01-01"}'
expect_status 201 "uestc saves a draft"
req GET /me -b "$xj"
expect_status 200 "xsy's dashboard"
expect_no_body 'a-draft-uestc' "another org's draft is not on it (new or mine)"
cp "$T/body" "$T/me.html"
# the section of my demands: up to the next top-level one (my projects)
python3 -c 'import sys; b=open(sys.argv[1]).read(); i=b.find("<section class=\"mine-demands\">"); print(b[i:b.find("<section class=\"my-projects\">", i)] if i >= 0 else "")' "$T/me.html" > "$T/body"
expect_body 'href="/demands/dem-01"' "its demand is listed as its own"
expect_no_body 'href="/demands/dem-04"' "another org's demand is not"
expect_no_body 'href="/demands/dem-11"' "nor another org's draft"
sed -n 's/.*\(<section class="my-projects">.*\)/\1/p' "$T/me.html" | sed 's|</section>.*||' > "$T/proj.html"
cp "$T/proj.html" "$T/body"
expect_body 'href="/projects/proj-adc-xinsiyuan"' "its project is listed"
expect_body 'href="/projects/proj-practice-base"' "the one with six parties too"
expect_no_body 'href="/projects/proj-sic-rongxi"' "another org's project is not"
expect_no_body 'href="/projects/proj-edge-ai-zhihui"' "nor one it has no part in"
req GET /me -b "$uj2"
expect_body 'a-draft-uestc' "uestc's own dashboard shows its draft"
# a party through a person: p-xu-feng (uestc-incub) takes part in proj-rfid-jiezhong
echo 'incub-pass-12' | "$QIAO" user add --db "$DB" --login incub --role university --org uestc-incub --password-stdin >/dev/null
nj=$T/incub; sign_in incub incub-pass-12 "$nj" >/dev/null
req GET /projects -b "$nj"
expect_body 'href="/projects/proj-rfid-jiezhong"' "a project of the org's person is the org's"
expect_no_body 'href="/projects/proj-adc-xinsiyuan"' "... and only that one"
expect_body '共 1 个' "one project"

# ---- statistics
req GET /stats -b "$xj"
expect_status 403 "an enterprise may not open /stats"
req GET /stats -b "$sj"
expect_status 200 "staff open /stats"
expect_body 'id="chart-monthly-t"' "the monthly chart with its title"
expect_body 'id="chart-chain-t"' "the chain chart"
expect_body 'id="chart-zone-t"' "the zone chart"
expect_body 'id="chart-funnel-t"' "the funnel"
expect_body 'role="img"' "charts are images to assistive technology"
req GET "/stats?from=2023-02-30" -b "$sj"
expect_status 400 "an impossible date"
expect_body 'id="err-from"' "the error is beside the from field"
curl -s -D "$T/h" -o "$T/c.csv" -b "$sj" "$BASE/stats.csv?table=monthly&from=2023-03-01&to=2023-03-31"
grep -qi "^content-disposition: attachment; filename=\"qiao-stats-monthly.csv\"; filename\*=UTF-8''%E6%A1%A5" "$T/h" \
  && ok "CSV Content-Disposition with a UTF-8 filename*" || bad "CSV disposition: $(grep -i disposition "$T/h")"
"$QIAO" stats --db "$DB" --format csv --table monthly --from 2023-03-01 --to 2023-03-31 > "$T/cli.csv"
cmp -s "$T/c.csv" "$T/cli.csv" && ok "the CSV is the CLI's" || bad "the CSV differs from qiao stats --format csv"
curl -s -D "$T/h" -o "$T/c.xlsx" -b "$sj" "$BASE/stats.xlsx?chain=%E9%9B%86%E6%88%90%E7%94%B5%E8%B7%AF"
[ "$(head -c 2 "$T/c.xlsx")" = PK ] && ok "the workbook is a zip (xlsx)" || bad "xlsx body"
grep -qi "filename\*=UTF-8''" "$T/h" && ok "xlsx filename*" || bad "xlsx disposition"
req GET "/stats.csv?table=nope" -b "$sj"
expect_status 400 "unknown table"
for q in "" "from=2023-03-01&to=2023-03-31" "zone=%E7%8E%AF%E7%94%B5%E5%AD%90%E7%A7%91%E5%A4%A7%E7%9F%A5%E8%AF%86%E7%BB%8F%E6%B5%8E%E5%9C%88" \
         "chain=%E9%9B%86%E6%88%90%E7%94%B5%E8%B7%AF&from=2023-01-01"; do
  curl -s -H "Authorization: Bearer $TOK_ADMIN" "$BASE/api/v1/stats?$q" | jq -S 'del(.generated)' > "$T/api.json"
  args=(); IFS='&' read -ra kv <<<"$q"
  for p in "${kv[@]}"; do [ -n "$p" ] || continue; k=${p%%=*}; v=$(printf '%b' "${p#*=}" | sed 's/%\(..\)/\\x\1/g'); args+=("--$k" "$(printf '%b' "$v")"); done
  "$QIAO" stats --db "$DB" --format json "${args[@]}" | jq -S 'del(.generated)' > "$T/cli.json"
  if [ -s "$T/api.json" ] && cmp -s "$T/api.json" "$T/cli.json"; then ok "API = qiao stats ${args[*]}"
  else bad "API and CLI differ for '$q': $(diff "$T/api.json" "$T/cli.json" | head -5)"; fi
done
req GET /api/v1/stats -H "Authorization: Bearer $TOK_XSY"
expect_status 403 "the stats API is for staff"
req GET /
expect_body 'id="sum-projects_signed"' "the home page's public summary"

# ---- 繁體
hj=$T/hant; cp "$sj" "$hj"; printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tqiao_zh\thant\n' >> "$hj"
req GET "/stats?zone=%E7%8E%AF%E7%94%B5%E5%AD%90%E7%A7%91%E5%A4%A7%E7%9F%A5%E8%AF%86%E7%BB%8F%E6%B5%8E%E5%9C%88" -b "$hj"
expect_body '統計數據' "the stats page in 繁體"
expect_body 'value="环电子科大知识经济圈"' "the filter keeps its value in 简体 (it goes back to the server)"
req GET /orgs/uestc-ic -b "$hj"
expect_body '電子科技大學' "the org page in 繁體"
finish
