-- bench/soak.lua — wrk script of bench/soak.sh: a mix of pages, searches,
-- API reads, sign-ins (the login form, then its POST with the form's CSRF
-- token), record updates (PUT with an API token) and a few requests that must
-- be refused (bad parameter, missing record, unknown Host, 1,000 parameters,
-- an oversized header). Every response is sorted: 2xx/3xx, an intended 4xx
-- (its body names "soakx" or one of the limit codes), or an unintended error.
-- Environment: SOAK_TOKEN (admin API token), SOAK_BODIES (file: one JSON
-- record per line, each with the placeholder SOAKN), SOAK_PASSWORD (admin's).

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

local function enc(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local pages = {"/", "/achievements", "/demands", "/orgs", "/people", "/events",
  "/achievements/ach-uestc-01", "/achievements/ach-thu-01", "/demands/dem-01", "/demands/dem-05",
  "/orgs/uestc-ic", "/achievements?page=2", "/stats"}
local words = {"芯片", "模數轉換", "太赫兹", "电池", "传感器", "集成电路 trl>=4", "\"无损检测\"",
  "复合材料 -航空", "chain:集成电路", "人工智能", "ADC", "新能源汽车"}
local api = {"/api/v1/achievements/ach-uestc-02", "/api/v1/demands/dem-03",
  "/api/v1/achievements/ach-uestc-01/matches?top=5", "/api/v1/demands/dem-01/matches",
  "/api/v1/orgs?per_page=50", "/api/v1/people?page=1", "/healthz"}
local write_ids = {"ach-uestc-03", "ach-uestc-04", "ach-sjtu-01"}

-- 192 slots: what each request of the cycle is
local plan = {}
local function add(kind, n) for _ = 1, n do table.insert(plan, kind) end end
add("page", 70) add("search", 50) add("api", 50) add("write", 10)
add("login", 2) add("bad", 10)
-- spread them: a fixed shuffle
local seed = 7
for i = #plan, 2, -1 do
  seed = (seed * 1103515245 + 12345) % 2147483648
  local j = seed % i + 1
  plan[i], plan[j] = plan[j], plan[i]
end

local token, password, bodies
local n = 0
local cookie, csrf          -- from the last login form
local login_state = 0       -- 0: fetch the form next, 1: post it
stats = {ok = 0, intended = 0, unintended = 0}   -- globals: done() reads them per thread
bad_codes = {}

function init(args)
  token = os.getenv("SOAK_TOKEN") or ""
  password = os.getenv("SOAK_PASSWORD") or ""
  bodies = {}
  local f = io.open(os.getenv("SOAK_BODIES") or "", "r")
  if f then
    for line in f:lines() do table.insert(bodies, line) end
    f:close()
  end
  n = tid * 100000
end

local function pick(t) return t[n % #t + 1] end

local function bad_request()
  local k = n % 6
  if k == 0 then return wrk.format("GET", "/api/v1/achievements?trl_min=soakx") end
  if k == 1 then return wrk.format("GET", "/api/v1/achievements/soakx-" .. n) end
  if k == 2 then return wrk.format("GET", "/achievements/soakx-" .. n) end
  if k == 3 then return wrk.format("GET", "/", {["Host"] = "soakx.example"}) end
  if k == 4 then return wrk.format("GET", "/achievements?" .. string.rep("a=1&", 1000)) end
  return wrk.format("GET", "/api/v1/achievements", {["X-Soakx-Pad"] = string.rep("p", 9000)})
end

function request()
  n = n + 1
  local kind = plan[n % #plan + 1]
  if kind == "page" then return wrk.format("GET", pick(pages)) end
  if kind == "search" then
    local w = enc(pick(words))
    local k = n % 4
    if k == 0 then return wrk.format("GET", "/achievements?q=" .. w) end
    if k == 1 then return wrk.format("GET", "/demands?q=" .. w) end
    if k == 2 then return wrk.format("GET", "/api/v1/achievements?q=" .. w .. "&per_page=10") end
    return wrk.format("GET", "/api/v1/demands?q=" .. w .. "&trl_min=3")
  end
  if kind == "api" then return wrk.format("GET", pick(api)) end
  if kind == "write" and #bodies > 0 then
    -- two texts in turn per record (n steps by #bodies between its writes): every
    -- write changes it, and no new word enters the index, whose growth would hide a leak
    local i = n % #bodies + 1
    local body = bodies[i]:gsub("SOAKN", math.floor(n / #bodies) % 2 == 0 and "甲" or "乙")
    return wrk.format("PUT", "/api/v1/achievements/" .. write_ids[i],
      {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
  end
  if kind == "login" then
    if login_state == 1 and cookie and csrf then
      login_state = 0
      local body = "_csrf=" .. csrf .. "&login=admin&password=" .. enc(password) .. "&next=%2Fme"
      local c = cookie
      cookie, csrf = nil, nil
      return wrk.format("POST", "/login", {["Cookie"] = c,
        ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
    end
    login_state = 1
    return wrk.format("GET", "/login")
  end
  return bad_request()
end

local limit_codes = {'"code":"query_too_long"', '"code":"too_many_parameters"',
  '"code":"uri_too_long"', '"code":"too_many_headers"', '"code":"header_too_large"',
  "查询条件过长"}

function response(status, headers, body)
  if status < 400 then
    stats.ok = stats.ok + 1
    local sc = headers["Set-Cookie"]
    if sc and body and body:find('name="_csrf"', 1, true) then
      local c = sc:match("(qiao_session=[^;]+)")
      local t = body:match('name="_csrf" value="(%x+)"')
      if c and t then cookie, csrf = c, t end
    end
    return
  end
  local intended = false
  if status < 500 and body then
    intended = body:find("soakx", 1, true) ~= nil
    for _, code in ipairs(limit_codes) do
      intended = intended or body:find(code, 1, true) ~= nil
    end
  end
  if intended then
    stats.intended = stats.intended + 1
  else
    stats.unintended = stats.unintended + 1
    local k = tostring(status)
    bad_codes[k] = (bad_codes[k] or 0) + 1
    if stats.unintended <= 5 then
      io.stderr:write("soak: unintended ", status, ": ", (body or ""):sub(1, 200), "\n")
    end
  end
end

function done(summary, latency, requests)
  local ok, intended, unintended = 0, 0, 0
  local codes = {}
  for _, t in ipairs(threads) do
    local s = t:get("stats")
    ok = ok + s.ok
    intended = intended + s.intended
    unintended = unintended + s.unintended
    for k, v in pairs(t:get("bad_codes")) do codes[k] = (codes[k] or 0) + v end
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  local list = {}
  for k, v in pairs(codes) do table.insert(list, k .. "x" .. v) end
  io.write(string.format("SOAK requests=%d ok=%d intended=%d unintended=%d socket_errors=%d " ..
    "(connect %d read %d write %d timeout %d) p50_ms=%.1f p99_ms=%.1f max_ms=%.1f codes=%s\n",
    summary.requests, ok, intended, unintended, socket, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    #list > 0 and table.concat(list, ",") or "-"))
end
