#!/usr/bin/env bash
# The forms of achievements and demands as people fill them: no id field
# (the server gives one), the org picked by name, amounts and dates as
# people write them and shown back so, every error in Chinese beside its
# field with the input kept; the API's error codes and messages and its ids;
# and that a record published through the web has its publication date, so
# `qiao stats` for today counts it.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
echo 'staff-pass-12' | "$QIAO" user add --db "$DB" --login staff --role staff --password-stdin >/dev/null
start_server
today=$(date -u -d '+8 hours' +%F)          # Beijing
year=${today%%-*}
published_today() { # kind: how many `qiao stats` counts as published today
  "$QIAO" stats --db "$DB" --from "$today" --to "$today" --format json --no-suggestions |
    python3 -c "import json,sys; print(json.load(sys.stdin)['figures']['$1'])"
}

echo "== the new demand form"
jar=$T/jar
sign_in xsy xsy-pass-123 "$jar" >/dev/null
req GET /demands/new -b "$jar"
expect_status 200 "GET /demands/new"
expect_no_body 'name="id"' "no id field"
expect_no_body '用分号' "no 'use semicolons' hint"
expect_body '每行一项' "lists: one per line"
expect_body 'value="license"> 许可' "modes labelled in Chinese from the model"
expect_body '5 级：相关环境验证' "TRL levels in words"
expect_body '<option value="open" selected>征集中' "status in Chinese, the default chosen"
expect_no_body 'f-org' "an enterprise account's org is its own: no org field"
before=$(published_today demands_published)
tok=$(csrf_of "$jar" /demands/new)
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$jar" --data-urlencode "_csrf=$tok" \
  --data-urlencode "title=车规级毫米波雷达测试（表单）" --data-urlencode "keywords=毫米波；雷达,测试、车规
芯片" --data-urlencode "budget=30万元" --data-urlencode "deadline=2099-01-15 09:00" -d modes=license \
  "$BASE/demands/new")
id=${loc##*/}
[[ $id =~ ^dem-$year-[0-9]{6}$ ]] && ok "the server gave the id $id" || bad "id: '$loc'"
req GET "/api/v1/demands/$id"
expect_body '"budget":300000' "30万元 is stored as 300000 yuan"
expect_body '"keywords":["毫米波","雷达","测试","车规","芯片"]' "a list split at ；,、 and line breaks"
expect_body '"deadline":"2099-01-15T09:00+08:00"' "the date and time in Beijing time"
expect_body "\"published\":\"$today\"" "published today"
after=$(published_today demands_published)
[ "$after" = $((before + 1)) ] && ok "qiao stats --from today --to today counts it ($before -> $after)" \
  || bad "demands_published today: $before -> $after"
req GET "/demands/$id"
expect_body '30 万元' "the page shows the amount as people write it"
expect_body '2099年1月15日 09:00' "and the deadline in Beijing time"
expect_no_body "$id</dd>" "no raw id on the page"
req GET /demands -b "$jar"
expect_body '预算 30 万元' "the list shows the budget"
req GET "/demands/$id/edit" -b "$jar"
expect_body 'value="30 万元"' "the edit form shows the amount back"
expect_body 'value="2099年1月15日 09:00"' "and the deadline"
tok=$(csrf_of "$jar" "/demands/$id/edit")
req POST "/demands/$id/edit" -b "$jar" --data-urlencode "_csrf=$tok" \
  --data-urlencode "title=车规级毫米波雷达测试（表单）" --data-urlencode "budget=30 万元" \
  --data-urlencode "deadline=2099年1月15日 09:00" --data-urlencode "keywords=毫米波
雷达"
expect_status 303 "saving the form as it was shown"
req GET "/api/v1/demands/$id"
expect_body '"budget":300000' "the amount is unchanged"
expect_body '"deadline":"2099-01-15T09:00+08:00"' "the deadline is unchanged"

echo "== errors in Chinese, beside their fields, input kept"
tok=$(csrf_of "$jar" /demands/new)
req POST /demands/new -b "$jar" --data-urlencode "_csrf=$tok" --data-urlencode "title=预算太大" \
  --data-urlencode "budget=200亿" --data-urlencode "deadline=明年"
expect_status 422 "over 100亿 and a date in words"
expect_body '<span class="field-error" id="err-budget">预算应为不超过 100 亿元的金额，例如 50万</span>' "the budget's limit, said"
expect_body 'value="200亿"' "the amount typed is kept"
expect_body 'id="err-deadline">截止日期应为日期' "the deadline's error"
expect_body 'value="预算太大"' "the title typed is kept"
req POST /demands/new -b "$jar" --data-urlencode "_csrf=$tok" --data-urlencode "title=负数" \
  --data-urlencode "budget=-5万" --data-urlencode "price=1"
expect_status 422 "a negative budget"
expect_body '预算不能是负数' "said in Chinese"

echo "== staff pick the org by its name"
sj=$T/sj
sign_in staff staff-pass-12 "$sj" >/dev/null
req GET /achievements/new -b "$sj"
expect_body 'list="f-org-list"' "the org field offers a list"
expect_body '<option value="电子科技大学集成电路科学与工程学院">' "of org names"
tok=$(csrf_of "$sj" /achievements/new)
req POST /achievements/new -b "$sj" --data-urlencode "_csrf=$tok" --data-urlencode "title=测试成果" \
  --data-urlencode "org=没有这个单位"
expect_status 422 "an unknown org name"
expect_body '找不到名为“没有这个单位”的所属单位' "said, beside the field"
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$sj" --data-urlencode "_csrf=$tok" \
  --data-urlencode "title=测试成果（按名称选单位）" --data-urlencode "org=电子科技大学集成电路科学与工程学院" \
  --data-urlencode "price=1.2亿" "$BASE/achievements/new")
aid=${loc##*/}
[[ $aid =~ ^ach-$year-[0-9]{6}$ ]] && ok "the achievement got the id $aid" || bad "achievement id: '$loc'"
req GET "/api/v1/achievements/$aid"
expect_body '"org":"uestc-ic"' "the name was resolved to the org's id"
expect_body '"price":120000000' "1.2亿"
req GET "/achievements/$aid/edit" -b "$sj"
expect_body 'value="电子科技大学集成电路科学与工程学院"' "editing shows the org's name, not its id"
expect_body 'value="1.2 亿元"' "and the price as people write it"

echo "== the API: rule codes and Chinese messages, ids given by the server"
AX=(-H "Authorization: Bearer $TOK_XSY")
J=(-H 'Content-Type: application/json')
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -d '{"org":"xinsiyuan"}'
expect_status 422 "missing title"
expect_body '"code":"required"' "the rule's code"
expect_body '"message":"请填写需求名称"' "its message in Chinese"
expect_body '"field":"title"' "the field"
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -H 'Accept-Language: zh-TW,zh;q=0.8' -d '{"org":"xinsiyuan"}'
expect_body '"message":"請填寫需求名稱"' "in 繁體 for a caller who asks for it (the JSON is not a converted page)"
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -H 'Accept-Language: zh-CN,zh-TW;q=0.5' -d '{"org":"xinsiyuan"}'
expect_body '"message":"请填写需求名称"' "simplified when the first Chinese tag is"
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -d '{"title":"t","org":"xinsiyuan","budget":20000000000}'
expect_status 422 "a budget above 100亿"
expect_body '"code":"amount_range"' "amount_range"
expect_body '预算应为不超过 100 亿元的金额，例如 50万' "with its message"
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -d '{"title":"t","org":"xinsiyuan","deadline":"2020-01-01"}'
expect_status 422 "a new demand with a past deadline"
expect_body '"code":"date_past"' "date_past"
curl -s -D "$T/h" -o "$T/body" "${AX[@]}" "${J[@]}" -d '{"title":"API 需求","org":"xinsiyuan"}' "$BASE/api/v1/demands"
newid=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$T/body")
[[ $newid =~ ^dem-$year-[0-9]{6}$ ]] && ok "an API create without id gets $newid" || bad "API id: $(cat "$T/body")"
tr -d '\r' < "$T/h" | grep -qx "Location: /api/v1/demands/$newid" && ok "Location names it" || bad "Location: $(grep -i location "$T/h")"
[ "$newid" != "$id" ] && ok "a new id, not a taken one" || bad "id reused"
expect_body "\"published\":\"$today\"" "published today"
req POST /api/v1/demands "${AX[@]}" "${J[@]}" -d '{"id":"dem-mine-1","title":"t","org":"xinsiyuan","status":"draft"}'
expect_status 201 "an API create may still give its id"
expect_no_body '"published"' "a draft has no publication date"
req PUT /api/v1/demands/dem-mine-1 "${AX[@]}" "${J[@]}" -d '{"title":"t","org":"xinsiyuan","status":"open"}'
expect_body "\"published\":\"$today\"" "a draft made public is published today"
req GET /api/v1/demands/dem-01
old=$(sed -n 's/.*"published":"\([^"]*\)".*/\1/p' "$T/body")
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("published"); d["title"]+="（改）"; print(json.dumps(d, ensure_ascii=False))' "$T/body" > "$T/d1.json"
req PUT /api/v1/demands/dem-01 -H "Authorization: Bearer $TOK_ADMIN" "${J[@]}" --data-binary @"$T/d1.json"
expect_status 200 "an edit of a public record that drops its date"
expect_no_body '"published"' "is not dated today: an edit is not a publication (was $old)"
finish
