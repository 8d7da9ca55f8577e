#!/usr/bin/env bash
# Pages for people: withdrawing an achievement and closing a demand ask for
# confirmation on a page of their own (no JavaScript) with a danger-styled
# button; the 简/繁 switch converts forms (labels, hints, validation
# messages) but sends their values back as written, error pages (403, 404)
# and the API's refusals (繁 when asked); error pages never show developer
# text; project pages show titles and names, never ids, and dates in Chinese.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
start_server

echo "== withdrawing and closing ask first"
jar=$T/jar
sign_in uestc uestc-pass-1 "$jar" >/dev/null
req GET /achievements/ach-uestc-01 -b "$jar"
expect_body 'class="button danger" href="/achievements/ach-uestc-01/withdraw"' "the record page links to the confirmation, styled as danger"
expect_no_body 'action="/achievements/ach-uestc-01/withdraw"' "no one-click withdraw form on the record page"
req GET /achievements/ach-uestc-01/withdraw -b "$jar"
expect_status 200 "the confirmation page"
expect_body '确认撤回' "it asks"
expect_body 'action="/achievements/ach-uestc-01/withdraw"' "its form posts the withdrawal"
expect_body 'class="danger"' "the button is styled as danger"
status=$(sqlite3 "$DB" "SELECT status FROM achievement WHERE key = 'ach-uestc-01'")
[ "$status" = published ] && ok "viewing the confirmation changes nothing" || bad "status is $status"
tok=$(csrf_of "$jar" /achievements/ach-uestc-01/withdraw)
req POST /achievements/ach-uestc-01/withdraw -b "$jar" --data-urlencode "_csrf=$tok"
expect_status 303 "confirming withdraws"
status=$(sqlite3 "$DB" "SELECT status FROM achievement WHERE key = 'ach-uestc-01'")
[ "$status" = withdrawn ] && ok "withdrawn" || bad "status is $status"
req GET /achievements/ach-uestc-02/withdraw
expect_status 303 "a visitor is sent to sign in"
xj=$T/xj
sign_in xsy xsy-pass-123 "$xj" >/dev/null
req GET /demands/dem-01/close -b "$xj"
expect_body '确认关闭' "closing a demand asks too"
req GET /demands/dem-02/close -b "$jar"
expect_status 403 "a university account may not close a demand"

echo "== 繁體: forms, errors, the API"
curl -s -b "$xj" -c "$xj" -o /dev/null "$BASE/zh?to=hant&next=/"
req GET /demands/dem-01/edit -b "$xj"
expect_body '需求名稱' "the form's labels are converted"
expect_body 'value="高速ＡＤＣ芯片ＩＰ授权' "a value stays as written (simplified)"
expect_body '我们在做宽带接收机芯片' "a textarea stays as written"
tok=$(csrf_of "$xj" /demands/new)
req POST /demands/new -b "$xj" --data-urlencode "_csrf=$tok" --data-urlencode "title=" --data-urlencode "description=测试说明"
expect_status 422 "a form with a mistake"
expect_body '請填寫' "the validation message is in 繁體"
expect_body '>测试说明<' "what was typed comes back as typed"
req GET /achievements/no-such-record -b "$xj"
expect_status 404 "an unknown record"
expect_body '找不到頁面' "the 404 page is in 繁體"
expect_no_body 'no achievement' "no developer text"
req GET /admin/accounts -b "$xj"
expect_status 403 "staff pages"
expect_body '沒有權限' "the 403 page is in 繁體"
expect_no_body 'may not' "no developer text"
req GET /nowhere
expect_body '没有找到这个页面' "a 404 for a visitor in 简体, in words"
req POST /api/v1/demands -H "Authorization: Bearer $TOK_XSY" -H 'Content-Type: application/json' \
  -H 'Accept-Language: zh-TW' -d '{"title":""}'
expect_status 422 "the API refuses"
expect_body '請填寫' "its message in 繁體 when asked"

echo "== mail follows the script the account chose on the site"
sqlite3 "$DB" "UPDATE users SET email = login || '@example.org' WHERE login IN ('xsy', 'uestc')"
"$QIAO" notify test --db "$DB" --login xsy >/dev/null
"$QIAO" notify test --db "$DB" --login uestc >/dev/null
mailbody() { # address: the decoded text of the newest .eml to it
  python3 - "$DB.mail" "$1" <<'PY'
import email, email.policy, glob, os, sys
found = ''
for f in sorted(glob.glob(os.path.join(sys.argv[1], '*.eml')), key=os.path.getmtime):
    m = email.message_from_binary_file(open(f, 'rb'), policy=email.policy.default)
    if sys.argv[2] in str(m['To']):
        found = str(m['Subject']) + '\n' + m.get_body().get_content()
print(found)
PY
}
for _ in $(seq 1 50); do [ -n "$(mailbody uestc@example.org)" ] && [ -n "$(mailbody xsy@example.org)" ] && break; sleep 0.1; done
m=$(mailbody xsy@example.org)
[[ $m == *測試通知*轉化對接* ]] && ok "xsy (繁體 on the site) gets mail in 繁體" || bad "xsy's mail: ${m:0:200}"
m=$(mailbody uestc@example.org)
[[ $m == *测试通知*转化对接* ]] && ok "uestc gets mail in 简体" || bad "uestc's mail: ${m:0:200}"

echo "== project pages"
"$QIAO" project start --db "$DB" --id proj-walk --achievement ach-uestc-02 --demand dem-02 --by xsy --at 2026-12-07T13:00:00+08:00 >/dev/null
"$QIAO" project advance --db "$DB" --id proj-walk --to talks --by xsy --at 2026-12-07T14:00:00+08:00 >/dev/null
ad=$T/admin
sign_in admin admin-pass-1 "$ad" >/dev/null
req GET /projects/proj-walk -b "$ad"
expect_body '2026年12月7日 14:00' "history times in Chinese"
expect_body '的匹配发起' "the English note of the start is shown in Chinese"
expect_no_body 'started from' "no English note"
expect_no_body '>proj-walk<' "no project id as text"
expect_no_body 'ach-uestc-02<' "no record id as text"
req GET /projects/proj-practice-base -b "$ad"
expect_body '2023年7月1日' "milestone dates in Chinese"
expect_no_body '2023-07-01' "no ISO date"
req GET /projects -b "$ad"
expect_no_body '>proj-' "the list shows titles, not ids"

echo "== stopping a project asks first"
stage() { sqlite3 "$DB" "SELECT json_extract(doc, '\$.stage') FROM project WHERE key = 'proj-walk'"; }
tok=$(csrf_of "$ad" /projects/proj-walk)
req POST /projects/proj-walk/advance -b "$ad" --data-urlencode "_csrf=$tok" -d to=stopped --data-urlencode "reason=预算取消"
expect_status 200 "stopping shows a confirmation"
expect_body '确认终止' "it asks"
expect_body 'name="confirm" value="1"' "its form confirms"
expect_body '预算取消' "with the reason given"
expect_body 'class="danger"' "the button is styled as danger"
[ "$(stage)" = talks ] && ok "nothing changed yet" || bad "stage is $(stage)"
req POST /projects/proj-walk/advance -b "$ad" --data-urlencode "_csrf=$tok" -d to=stopped --data-urlencode "reason=预算取消" -d confirm=1
expect_status 303 "confirmed"
[ "$(stage)" = stopped ] && ok "stopped" || bad "stage is $(stage)"
echo "== the signing notice gives the date in Chinese"
tok=$(csrf_of "$xj" /projects/proj-adc-xinsiyuan)
req POST /projects/proj-adc-xinsiyuan/advance -b "$xj" --data-urlencode "_csrf=$tok" -d to=signed \
  -d signed_on=2023-05-20 -d mode=license --data-urlencode "agreement=《技术许可合同》"
expect_status 303 "xsy proposes signing"
tok=$(csrf_of "$jar" /projects/proj-adc-xinsiyuan)
req POST /projects/proj-adc-xinsiyuan/advance -b "$jar" --data-urlencode "_csrf=$tok" -d to=signed \
  -d signed_on=2023-05-20 -d mode=license --data-urlencode "agreement=《技术许可合同》"
expect_status 303 "uestc confirms"
body=$(sqlite3 "$DB" "SELECT body FROM notices WHERE login = 'xsy' AND title LIKE '合作项目已签约%'")
[[ $body == *2023年5月20日* && $body != *2023-05-20* ]] && ok "the notice: $body" || bad "the notice: '$body'"
finish
