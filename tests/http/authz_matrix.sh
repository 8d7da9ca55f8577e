#!/usr/bin/env bash
# The authorization matrix: every route of the route table × every kind of
# caller — a visitor, each role of the owning org, each role of another org,
# staff and admin — with the expected answer derived from the route's declared
# rule (src/web/routes.c: roles and WEB_F_STAFF / WEB_F_OWNER / WEB_F_PARTY,
# served as "x-qiao-access" in /api/v1/openapi.json). It fails on
#   - a write that succeeds (2xx, or a redirect other than to the sign-in
#     page) where the rule says no;
#   - a read that answers 2xx where the rule says no, or that shows a draft
#     to someone who may not see it, or people's email / phone to a role that
#     may not contact them;
#   - a refusal (401/403) where the rule says yes, or any 5xx.
# Records with an id in the path: an achievement and a draft achievement of
# uestc-ic, a demand and a draft demand of xinsiyuan, a project of both, an
# event with xinsiyuan as the party. Successful writes only ever touch those
# (the owning orgs' records, by their own accounts or staff); for the allowed
# callers a 2xx/3xx, a validation 400/422, 404 or 409 is fine.
cd "$(dirname "$0")/../.."
. tests/http/lib.sh
setup_store

cat >"$T/extra.jsonl" <<'EOF'
{"kind":"achievement","id":"authz-ach-draft","title":"矩阵测试草稿成果","org":"uestc-ic","status":"draft"}
{"kind":"demand","id":"authz-dem-draft","title":"矩阵测试草稿需求","org":"xinsiyuan","status":"draft"}
{"kind":"registration","event":"ev-20230310-park","who":"xinsiyuan"}
{"kind":"registration","event":"ev-20230310-park","who":"biyiwei"}
{"kind":"meeting_request","event":"ev-20230310-park","from":"biyiwei","to":"xinsiyuan","id":"authz-mr","message":"矩阵测试"}
EOF
"$QIAO" import --db "$DB" "$T/extra.jsonl" >/dev/null

# accounts: LOGIN ROLE ORG, one per line
{
  echo "admin admin -"
  echo "staff1 staff -"
  for org in uestc-ic xinsiyuan buaa; do
    for role in university enterprise tech_manager investor expert; do
      echo "$role@$org $role $org"
    done
  done
} >"$T/accounts"
while read -r login role org; do
  if [ "$login" != admin ]; then
    if [ "$org" = - ]; then
      echo 'matrix-pass-1' | "$QIAO" user add --db "$DB" --login "$login" --role "$role" --password-stdin >/dev/null
    else
      echo 'matrix-pass-1' | "$QIAO" user add --db "$DB" --login "$login" --role "$role" --org "$org" --password-stdin >/dev/null
    fi
  fi
done <"$T/accounts"
while read -r login role org; do
  echo "$login $role $org $("$QIAO" user token --db "$DB" --login "$login")"
done <"$T/accounts" >"$T/actors"
# an invitation to advise on dem-01, answered only by the expert's own
# account (expert@uestc-ic is 周启航); expert@buaa is 杜衡, whom the
# demand's side may invite
"$QIAO" user person --db "$DB" --login expert@uestc-ic --person p-zhou-qihang >/dev/null
"$QIAO" user person --db "$DB" --login expert@buaa --person p-du-heng >/dev/null
ADVICE_ID=$("$QIAO" advice invite --db "$DB" --login enterprise@xinsiyuan --demand dem-01 \
  --person p-zhou-qihang --message 矩阵测试 | sed -n 's/^invitation \([0-9]*\) sent$/\1/p')
[ -n "$ADVICE_ID" ] || bad "no invitation to advise for the matrix"
echo "$ADVICE_ID" >"$T/advice_id"

start_server
while read -r login role org tok; do
  pw=matrix-pass-1
  [ "$login" = admin ] && pw=admin-pass-1
  jar="$T/jar-$login"
  [ "$(sign_in "$login" "$pw" "$jar")" = 303 ] || bad "sign-in of $login"
  echo "$login $(csrf_of "$jar" /me)"
done <"$T/actors" >"$T/csrf"
# the visitor: a form token of its own (a cookie, nothing signed in)
echo "- $(csrf_of "$T/jar--" /login)" >>"$T/csrf"
curl -s "$BASE/api/v1/openapi.json" >"$T/openapi.json"
grep -ho '"email":"[^"]*"\|"phone":"[^"]*"' data/demo/02_people.jsonl | cut -d'"' -f4 | sort -u >"$T/contacts"

python3 - "$BASE" "$T" <<'PY' || fails=$((fails + 1))
import http.client, json, sys, time, urllib.parse, http.cookiejar

base, T = sys.argv[1], sys.argv[2]
u = urllib.parse.urlsplit(base)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
spec = json.load(open(f"{T}/openapi.json", encoding="utf-8"))
contacts = [l.strip() for l in open(f"{T}/contacts", encoding="utf-8") if l.strip()]
csrf = dict(l.split() for l in open(f"{T}/csrf") if len(l.split()) == 2)

STAFF = {"admin", "staff"}
CONTACT_ROLES = {"admin", "staff", "tech_manager", "university", "enterprise"}
DRAFT_TITLES = {"authz-ach-draft": "矩阵测试草稿成果", "authz-dem-draft": "矩阵测试草稿需求"}

vjar = http.cookiejar.MozillaCookieJar()
vjar.load(f"{T}/jar--", ignore_discard=True, ignore_expires=True)
actors = [{"login": "-", "role": None, "org": None, "tok": None,
           "cookie": "; ".join(f"{c.name}={c.value}" for c in vjar), "csrf": csrf.get("-", "")}]
for l in open(f"{T}/actors"):
    login, role, org, tok = l.split()
    jar = http.cookiejar.MozillaCookieJar()
    jar.load(f"{T}/jar-{login}", ignore_discard=True, ignore_expires=True)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    actors.append({"login": login, "role": role, "org": None if org == "-" else org,
                   "tok": tok, "cookie": cookie, "csrf": csrf.get(login, "")})

# The records each family of paths is exercised on, and the orgs that own them
# (own: may edit; party: takes part).
def targets(path):
    if "/achievements" in path:
        return [("ach-uestc-01", {"uestc-ic"}), ("authz-ach-draft", {"uestc-ic"})]
    if "/demands" in path:
        return [("dem-01", {"xinsiyuan"}), ("authz-dem-draft", {"xinsiyuan"})]
    if "/projects" in path:
        return [("proj-adc-xinsiyuan", {"uestc-ic", "xinsiyuan"})]
    if "/events" in path:
        return [("ev-20230310-park", {"xinsiyuan"})]
    if "/orgs" in path:
        return [("uestc-ic", set())]
    if "/people" in path:
        return [("p-liu-chen", set())]
    if "/advice/{id}" in path:
        return [(open(f"{T}/advice_id").read().strip(), set())]
    return [("x", set())]

def record_doc(kind, rid):
    conn.request("GET", f"/api/v1/{kind}/{rid}", headers={"Authorization": "Bearer " + actors[1]["tok"]})
    r = conn.getresponse()
    return json.loads(r.read())

def body_for(method, pattern, rid, owners, a):
    """Form fields or JSON for a write. Valid where possible, so that a broken
    rule shows as a success."""
    own = sorted(owners)[0] if owners else "uestc-ic"
    if pattern.startswith("/api/"):
        if pattern in ("/api/v1/achievements", "/api/v1/demands"):
            k = "achievement" if "achiev" in pattern else "demand"
            return {"id": f"authz-new-{k}-{a['login'].replace('@', '-')}", "title": "矩阵测试新建",
                    "org": own}
        if pattern.endswith("/{id}") and ("achievements" in pattern or "demands" in pattern):
            d = record_doc("achievements" if "achiev" in pattern else "demands", rid)
            d.pop("kind", None)
            return d
        if pattern in ("/api/v1/orgs", "/api/v1/people"):
            return {"id": "authz-x", "name": "矩阵测试", "type": "enterprise"}
        if pattern == "/api/v1/orgs/{id}":
            return record_doc("orgs", rid)
        if pattern == "/api/v1/people/{id}":
            return record_doc("people", rid)
        if pattern == "/api/v1/events":
            return {"id": "authz-ev", "title": "矩阵测试活动", "type": "salon",
                    "starts": "2030-03-09T14:00+08:00", "ends": "2030-03-09T17:00+08:00"}
        if pattern == "/api/v1/events/{id}":
            return {"venue": "矩阵测试会场"}
        if pattern.endswith("/registrations"):
            return {"who": "xinsiyuan"}
        if pattern.endswith("/requests"):
            return {"from": "xinsiyuan", "to": "biyiwei", "message": "矩阵测试"}
        if "/requests/" in pattern:
            return {"request": "authz-mr", "as": "xinsiyuan"}
        if pattern.endswith("/timetable"):
            return {"write": False}
        if pattern == "/api/v1/demands/{id}/advice":
            return {"person": "p-du-heng", "message": "矩阵测试"}
        return {}
    f = {"_csrf": a.get("csrf", "")}
    if pattern in ("/achievements/new", "/demands/new"):
        f.update(id=f"authz-form-{a['login'].replace('@', '-')}", title="矩阵测试新建", summary="矩阵测试",
                 description="矩阵测试")
    elif pattern.endswith("/edit") and ("achievements" in pattern or "demands" in pattern):
        d = record_doc("achievements" if "achiev" in pattern else "demands", rid)
        for k2 in ("title", "summary", "description", "discipline", "zone", "status"):
            if k2 in d:
                f[k2] = d[k2]
    elif pattern == "/projects/new":
        f.update(achievement="ach-uestc-02", demand="dem-01")
    elif pattern == "/projects/{id}/advance":
        f.update(to="stopped", reason="矩阵测试")
    elif pattern == "/demands/{id}/advice":
        f.update(person="p-du-heng", message="矩阵测试")
    elif pattern.startswith("/events/"):
        f.update({"who": "xinsiyuan", "from": "xinsiyuan", "to": "biyiwei", "request": "authz-mr",
                  "as": "xinsiyuan", "title": "矩阵测试活动", "type": "salon",
                  "starts": "2030-03-09T14:00+08:00", "ends": "2030-03-09T17:00+08:00"})
    return f

def send(a, method, path, body, api):
    h = {}
    if api and a["tok"]:
        h["Authorization"] = "Bearer " + a["tok"]
    if not api and a["cookie"]:
        h["Cookie"] = a["cookie"]
    data = None
    if method in ("POST", "PUT", "PATCH", "DELETE") and body is not None:
        if api:
            data = json.dumps(body, ensure_ascii=False).encode()
            h["Content-Type"] = "application/json"
        elif method == "POST":
            data = urllib.parse.urlencode(body).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
    for attempt in range(2):
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            return r.status, r.getheader("Location") or "", r.read().decode("utf-8", "replace")
        except (http.client.HTTPException, OSError):
            conn.close()
            if attempt:
                raise

def expected(acc, rule_roles, a, owners, pattern, method, rid):
    """True: the rule lets a through; False: it must be refused."""
    role, org = a["role"], a["org"]
    if rule_roles:
        if role is None or role not in rule_roles:
            return False
    staff = role in STAFF
    rule = acc["rule"]
    if pattern.startswith(("/advice/{id}/", "/api/v1/advice/{id}/")):
        return a["login"] == "expert@uestc-ic"   # the invited person's own account only
    if rule == "staff":
        return staff
    if rule == "org_admin":      # no actor here is an org's admin account
        return staff
    if rule in ("owner", "party"):
        if staff:
            return True
        if "{id}" in pattern or pattern == "/projects/new" or (pattern.startswith("/api/") and method == "POST"):
            return org in owners
        return True              # a new record's form: always the user's own org
    # public or any signed-in user; drafts only to their editors
    if rid in DRAFT_TITLES:
        editor = "university" if rid.startswith("authz-ach") else "enterprise"
        return staff or (role == editor and org in owners)
    return True

failures, checked = [], 0
tally = {}                   # (allowed?, write?) -> {status: count}, printed at the end
t_start = time.time()
routes = []
for pattern, item in spec["paths"].items():
    for method, op in item.items():
        routes.append((pattern, method.upper(), op["x-qiao-access"]))
# writes that end the test's sessions or only concern the caller's own sign-in
SKIP = {("/login", "POST"), ("/logout", "POST")}
for pattern, method, acc in routes:
    if (pattern, method) in SKIP:
        continue
    api = pattern.startswith("/api/") or pattern == "/healthz"
    rule_roles = set(acc["roles"])
    for rid, owners in targets(pattern):
        if "{id}" not in pattern and rid in DRAFT_TITLES:
            continue
        path = pattern.replace("{id}", rid).replace("{who}", "xinsiyuan").replace("{path}", "qiao.css")
        if method == "GET" and "/events/" in path and ("agenda" in path or "suggestions" in path or path.endswith("/requests")):
            path += "?who=xinsiyuan"
        # refused callers first, so that allowed writes cannot hide a wrong answer
        order = sorted(actors, key=lambda a: expected(acc, rule_roles, a, owners, pattern, method, rid))
        for a in order:
            ok = expected(acc, rule_roles, a, owners, pattern, method, rid)
            if ok and method != "GET" and rid in DRAFT_TITLES:
                continue         # the drafts stay drafts: only refused writes touch them
            body = body_for(method, pattern, rid, owners, a) if method != "GET" else None
            st, loc, text = send(a, method, path, body, api)
            checked += 1
            t = tally.setdefault(("allowed" if ok else "refused", "write" if method != "GET" else "read"), {})
            t[st] = t.get(st, 0) + 1
            who = f"{a['login']}({a['role'] or 'visitor'})"
            to_login = 300 <= st < 400 and loc.startswith("/login")
            if st >= 500:
                failures.append(f"{method} {path} as {who}: {st}")
            elif not ok and (200 <= st < 300 or (300 <= st < 400 and not to_login)):
                failures.append(f"{method} {path} as {who}: {st} {loc} — the rule ({acc}) says no")
            elif ok and st in (401, 403):
                failures.append(f"{method} {path} as {who}: {st} — the rule ({acc}) says yes: {text[:120]}")
            elif ok and a["role"] is None and to_login:
                failures.append(f"{method} {path} as a visitor: sent to sign in, but the route is public")
            if 200 <= st < 300 and method == "GET":
                for rid2, title in DRAFT_TITLES.items():
                    owner_ok = expected({"rule": "any"}, set(), a, targets("/achievements" if "ach" in rid2 else "/demands")[1][1], "", "GET", rid2)
                    if title in text and not owner_ok:
                        failures.append(f"{method} {path} as {who}: shows the draft {rid2}")
                if a["role"] not in CONTACT_ROLES:
                    leaked = [c for c in contacts if c in text]
                    if leaked:
                        failures.append(f"{method} {path} as {who}: shows contacts {leaked[:2]}")

for f in failures:
    print("  FAIL", f)
for k in sorted(tally):
    print(f"       {k[0]} {k[1]}s:", " ".join(f"{s}×{n}" for s, n in sorted(tally[k].items())))
print(f"  {'ok  ' if not failures else 'FAIL'} {len(routes)} routes, {len(actors)} callers, {checked} requests, "
      f"{len(failures)} failure(s), {time.time() - t_start:.1f}s")
sys.exit(1 if failures else 0)
PY

finish
