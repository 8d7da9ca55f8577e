#!/usr/bin/env bash
# Joining: an organisation applies (/join), staff review it
# (/admin/applications), the applicant follows the secret status link, the
# org's admin invites a colleague (/orgs/{id}/invite, /invite/{token}).
# Every bad input — a wrong credit code, an org already on the platform, a
# login taken, an expired or reused invitation, a missing reason, a missing
# CSRF token, the wrong role — gets a clear Chinese message and nothing is
# stored (rows counted in the store before and after).
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store
echo 'staff-pass-12' | "$QIAO" user add --db "$DB" --login staff --role staff --password-stdin >/dev/null
start_server

expect_count() { # sql expected description
  local n; n=$(sqlite3 "$DB" "$1")
  if [ "$n" = "$2" ]; then ok "$3 ($n)"; else bad "$3: expected $2, got $n"; fi
}
# post JAR PATH field=value...: a form with the CSRF token of the page at
# PATH (or of FORM_PAGE when set); sets STATUS, BODY and LOCATION
post() {
  local jar=$1 path=$2; shift 2
  local csrf; csrf=$(csrf_of "$jar" "${FORM_PAGE:-$path}")
  local args=(--data-urlencode "_csrf=$csrf")
  for kv in "$@"; do args+=(--data-urlencode "$kv"); done
  local out
  out=$(curl -s -o "$T/body" -w '%{http_code} %{redirect_url}' -b "$jar" -c "$jar" "${args[@]}" "$BASE$path")
  STATUS=${out%% *}; LOCATION=${out#* }; LOCATION=${LOCATION#"$BASE"}; BODY=$(cat "$T/body")
}
GOOD=(name=成都新桥测试科技有限公司 type=enterprise region=成都市郫都区 contact_name=张三
      contact_phone=13800000000 contact_email=zhangsan@example.cn password=pass-word-1
      password2=pass-word-1)
CODE=91510100MA61R2K3PF     # valid: its check character computed by GB 32100-2015
CODE2=125100004507173848    # another valid one
CODE3=52510100MJ01234569

# ---- links to the form
req GET /
expect_body 'href="/join"' "the home page links to 申请入驻"
req GET /login
expect_body 'href="/join"' "the sign-in page links to 申请入驻"
req GET /join
expect_status 200 "GET /join"
expect_body '统一社会信用代码' "the form asks for the credit code"

# ---- bad input: each field's message beside it, nothing stored
j=$T/visitor
post "$j" /join "${GOOD[@]}" credit_code=91510100MA61R2K3PE login=newqiao
expect_status 422 "a wrong check character"
expect_body 'id="err-credit_code">统一社会信用代码的校验位（第 18 位）不符' "the message is beside the code"
expect_body 'value="成都新桥测试科技有限公司"' "the form keeps the name typed"
expect_body 'value="91510100MA61R2K3PE"' "the form keeps the code typed"
expect_no_body 'pass-word-1' "the password is not sent back"
post "$j" /join "${GOOD[@]}" credit_code=91510100MA61R2K3P login=newqiao
expect_body '统一社会信用代码应为 18 位' "a code of 17 characters"
post "$j" /join "${GOOD[@]}" credit_code=91510100MA6IR2K3PF login=newqiao
expect_body '第 12 位不正确' "a forbidden letter (I) names its place"
post "$j" /join name= type=club credit_code=$CODE contact_name=张三 contact_phone=12 \
  contact_email=nobody login=n password=short password2=other
expect_status 422 "several bad fields"
for f in name type contact_phone contact_email login password; do
  expect_body "id=\"err-$f\"" "an error beside $f"
done
expect_count "SELECT count(*) FROM applications" 0 "nothing stored after bad input"
req POST /join --data-urlencode "name=x" -d "credit_code=$CODE"
expect_status 403 "POST /join without a CSRF token"
expect_count "SELECT count(*) FROM applications" 0 "nothing stored without CSRF"

# ---- a good application (lower case accepted, stored in capitals)
post "$j" /join "${GOOD[@]}" credit_code=91510100ma61r2k3pf login=newqiao
expect_status 303 "a good application"
STATUS_LINK=${LOCATION%%\?*}
case "$STATUS_LINK" in /join/status/????????????????????????????????????????????????????????????????) ok "a secret status link";;
  *) bad "no status link: '$LOCATION'";; esac
expect_count "SELECT count(*) FROM applications" 1 "one application stored"
expect_count "SELECT credit_code FROM applications" $CODE "the code stored in capitals"
expect_count "SELECT count(*) FROM applications WHERE token_hash = '${STATUS_LINK##*/}'" 0 "the link's secret is stored only as a hash"
expect_count "SELECT count(*) FROM org WHERE doc LIKE '%$CODE%'" 0 "no org yet"
expect_count "SELECT count(*) FROM users WHERE login = 'newqiao'" 0 "no account yet"
req GET "$LOCATION"
expect_status 200 "the status page"
expect_body '申请已提交' "it says the application was submitted"
expect_body '审核中' "and that it is being reviewed"
req GET /join/status/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
expect_status 404 "a wrong status link"
expect_body '找不到这份申请' "says so in Chinese"

# ---- duplicates while pending: the same org, the same login
post "$j" /join "${GOOD[@]}" credit_code=$CODE login=other1
expect_status 409 "the same org again while it is pending"
expect_body '正在审核中' "says it is being reviewed"
post "$j" /join "${GOOD[@]}" credit_code=$CODE2 login=newqiao
expect_status 409 "a login a pending application has"
expect_body 'id="err-login">该登录账号已被使用' "the message is beside the login"
post "$j" /join "${GOOD[@]}" credit_code=$CODE2 login=xsy
expect_status 409 "a login an account has"
expect_count "SELECT count(*) FROM applications" 1 "nothing more stored"

# ---- the review queue: staff only
req GET /admin/applications
case "$STATUS" in 401|303) ok "visitors cannot see the queue ($STATUS)";; *) bad "visitor got $STATUS";; esac
xj=$T/xsy; sign_in xsy xsy-pass-123 "$xj" >/dev/null
req GET /admin/applications -b "$xj"
expect_status 403 "an enterprise account cannot see the queue"
sj=$T/staff; sign_in staff staff-pass-12 "$sj" >/dev/null
req GET /admin/applications -b "$sj"
expect_status 200 "staff see the queue"
expect_body '成都新桥测试科技有限公司' "with the application"
expect_body "$CODE" "and its details"
APP=$(sqlite3 "$DB" "SELECT id FROM applications WHERE login = 'newqiao'")
FORM_PAGE=/admin/applications post "$xj" /admin/applications/$APP/approve
expect_status 403 "an enterprise account cannot approve"
FORM_PAGE=/admin/applications post "$sj" /admin/applications/$APP/reject reason=
expect_status 422 "rejecting without a reason"
expect_body 'id="err-reason">请填写不通过的原因' "asks for the reason beside the field"
expect_count "SELECT status FROM applications WHERE id = $APP" pending "still pending"
expect_count "SELECT count(*) FROM mail_outbox" 0 "no mail"

FORM_PAGE=/admin/applications post "$sj" /admin/applications/$APP/approve
expect_status 303 "staff approve"
ORG=$(sqlite3 "$DB" "SELECT org FROM applications WHERE id = $APP")
case "$ORG" in org-20??-*) ok "the org has a server-assigned id ($ORG)";; *) bad "org id '$ORG'";; esac
expect_count "SELECT json_extract(doc, '$.credit_code') FROM org WHERE key = '$ORG'" $CODE "the org keeps its credit code"
expect_count "SELECT role || ' ' || org || ' ' || email || ' ' || name || ' ' || phone || ' ' || org_admin FROM users WHERE login = 'newqiao'" \
  "enterprise $ORG zhangsan@example.cn 张三 13800000000 1" "the account: role, org, contact, org admin"
expect_count "SELECT count(*) FROM mail_outbox WHERE to_addr = 'zhangsan@example.cn' AND kind = 'application_reviewed'" 1 "the mail is queued"
req GET "$STATUS_LINK"
expect_body '已通过' "the status page says approved"
FORM_PAGE=/admin/applications post "$sj" /admin/applications/$APP/approve
expect_status 409 "approving twice"
expect_count "SELECT count(*) FROM org WHERE key LIKE 'org-%'" 1 "still one new org"

# ---- the org is on the platform now
post "$j" /join "${GOOD[@]}" credit_code=$CODE login=other2
expect_status 409 "a duplicate org"
expect_body '已在平台入驻' "says the org is already on the platform"
expect_body '平台账号管理员' "and whom to ask"
expect_count "SELECT count(*) FROM applications" 1 "nothing stored"

# ---- rejection with a reason the applicant sees
post "$j" /join name='<script>alert(1)</script>大学' type=university contact_name=李四 \
  contact_phone=028-61830000 contact_email=lisi@example.cn password=pass-word-2 \
  password2=pass-word-2 credit_code=$CODE2 login=unitwo
expect_status 303 "a second application"
LINK2=${LOCATION%%\?*}
APP2=$(sqlite3 "$DB" "SELECT id FROM applications WHERE login = 'unitwo'")
req GET /admin/applications -b "$sj"
expect_no_body '<script>alert(1)' "the name is escaped in the queue"
FORM_PAGE=/admin/applications post "$sj" /admin/applications/$APP2/reject reason='请上传加盖公章的申请表'
expect_status 303 "staff reject with a reason"
req GET "$LINK2"
expect_body '未通过' "the status page says rejected"
expect_body '请上传加盖公章的申请表' "with the reason"
expect_no_body '<script>alert(1)' "the name is escaped on the status page"
expect_count "SELECT count(*) FROM mail_outbox WHERE to_addr = 'lisi@example.cn' AND body LIKE '%加盖公章%'" 1 "the reason is mailed"
expect_count "SELECT count(*) FROM users WHERE login = 'unitwo'" 0 "no account for a rejected application"

# ---- invitations by the org's admin account
nj=$T/new; sign_in newqiao pass-word-1 "$nj" >/dev/null
req GET "/orgs/$ORG" -b "$nj"
expect_body "href=\"/orgs/$ORG/invite\"" "the org page offers the admin to invite"
req GET "/orgs/$ORG" -b "$xj"
expect_no_body "/invite\"" "not to an account of another org"
req GET /orgs/xinsiyuan/invite -b "$nj"
expect_status 403 "an org admin cannot invite into another org"
FORM_PAGE=/orgs/$ORG/invite post "$xj" /orgs/$ORG/invite email=x@example.cn role=enterprise days=7
expect_status 403 "another org's account cannot invite"
post "$nj" /orgs/$ORG/invite email=not-an-address role=enterprise days=7
expect_status 422 "a bad e-mail address"
expect_body 'id="err-email">电子邮箱格式不正确' "the message is beside the address"
post "$nj" /orgs/$ORG/invite email=wang@example.cn role=university days=7
expect_status 422 "a role that does not fit an enterprise"
expect_body 'id="err-role">' "the message is beside the role"
expect_count "SELECT count(*) FROM invitations" 0 "nothing stored"
post "$nj" /orgs/$ORG/invite email=wang@example.cn role=enterprise days=7
expect_status 200 "the admin invites a colleague"
TOKEN=$(sed -n 's|.*id="invite-link" href="/invite/\([0-9a-f]*\)".*|\1|p' "$T/body")
[ ${#TOKEN} = 64 ] && ok "the page shows the link" || bad "no link: ${BODY:0:300}"
expect_count "SELECT count(*) FROM invitations WHERE token_hash = '$TOKEN'" 0 "the link's secret is stored only as a hash"
expect_count "SELECT count(*) FROM mail_outbox WHERE to_addr = 'wang@example.cn' AND kind = 'invitation' AND link = '/invite/$TOKEN'" 1 "the invitation mail is queued"

# ---- using the link: once
ij=$T/invitee
req GET /invite/$TOKEN -b "$ij" -c "$ij"
expect_status 200 "the invitation form"
expect_body '成都新桥测试科技有限公司' "names the org"
USERS=$(sqlite3 "$DB" "SELECT count(*) FROM users")
post "$ij" /invite/$TOKEN login=xsy name=王五 phone=13900000000 password=pass-word-3 password2=pass-word-3
expect_status 409 "a login taken"
expect_body 'id="err-login">该登录账号已被使用' "the message is beside the login"
post "$ij" /invite/$TOKEN login=wangwu name= phone=1 password=pass-word-3 password2=pass-word-4
expect_status 422 "bad fields"
expect_body 'value="wangwu"' "the form keeps the login typed"
expect_count "SELECT count(*) FROM users" "$USERS" "nothing stored"
post "$ij" /invite/$TOKEN login=wangwu name=王五 phone=13900000000 password=pass-word-3 password2=pass-word-3
expect_status 200 "the account is set up"
expect_count "SELECT role || ' ' || org || ' ' || email || ' ' || name || ' ' || org_admin FROM users WHERE login = 'wangwu'" \
  "enterprise $ORG wang@example.cn 王五 0" "bound to the org and role, with the invited address"
[ "$(sign_in wangwu pass-word-3 "$T/ww")" = 303 ] && ok "the new account signs in" || bad "wangwu cannot sign in"
req GET /invite/$TOKEN
expect_status 410 "a used link"
expect_body '已经使用过' "says it was used"
FORM_PAGE=/login post "$ij" /invite/$TOKEN login=again name=王五 phone=13900000000 password=pass-word-3 password2=pass-word-3
expect_status 410 "using it again"
expect_count "SELECT count(*) FROM users WHERE login = 'again'" 0 "nothing stored"

# ---- an expired link (made by the command line, aged in the store)
LINK=$("$QIAO" org invite --db "$DB" --org "$ORG" --email late@example.cn --role expert --by staff)
LATE=${LINK##*/}
sqlite3 "$DB" "UPDATE invitations SET expires = created - 1 WHERE email = 'late@example.cn'"
req GET /invite/$LATE
expect_status 410 "an expired link"
expect_body '已过期' "says it expired"
FORM_PAGE=/login post "$ij" /invite/$LATE login=late name=迟到 phone=13900000001 password=pass-word-5 password2=pass-word-5
expect_status 410 "using an expired link"
expect_count "SELECT count(*) FROM users WHERE login = 'late'" 0 "nothing stored"
req GET /invite/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
expect_status 404 "an unknown link"
expect_body '链接无效' "says it is not valid"

# ---- staff may invite into any org
req GET /orgs/xinsiyuan/invite -b "$sj"
expect_status 200 "staff open the invitation form of any org"
finish
