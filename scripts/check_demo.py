#!/usr/bin/env python3
"""check_demo.py — validate qiao JSONL records against docs DATA.md.

Usage:
  python3 scripts/check_demo.py [--allow-forward-refs] [--counts] [PATH ...]
  python3 scripts/check_demo.py --self-test

PATH is a .jsonl file or a directory (its *.jsonl files, sorted by name);
default: data/demo/ next to this script's repository root.  Files are read in
the order given, lines in order, as `qiao import` reads them.

Every problem is printed as `FILE:LINE: field: reason` on stdout; the exit
status is 1 if there was any, 0 otherwise (2 for a usage error).

Checked, per DATA.md: valid UTF-8 and JSON (one object per line, no
duplicate JSON keys), a known `kind`, required fields present and non-empty,
no unknown fields, types, enums, id syntax (1-64 of A-Za-z0-9._:-), text
limits (title 200, summary/description 20000, keyword 40, 20 keywords),
TRL 1-9, priority 1-3, ISO 8601 dates, slot/table/availability counted from
1, ip and milestone objects; across records: no duplicate keys (ids per kind,
with org and person sharing one namespace since `who`/`from`/`to`/`parties`
may name either; registrations by EVENT/WHO; meeting requests by id or
EVENT/FROM/TO) and every reference resolving to a record of the right kind.

Also checked, as consistency rules for a demo set that should make sense
(reasons are marked "consistency"): references point backwards (the record
they name comes earlier, so an importer that resolves line by line succeeds;
--allow-forward-refs turns this off), an event ends after it starts and its
slots fit in it, availability and scheduled slots/tables lie within the
event's slots/tables, meeting parties are registered for the event, differ,
and are free in the slot they are scheduled in, no table or person is booked
twice in a slot, a stopped project has a stop_reason (and only then), and a
project at contact/talks has no signed_on.

Python 3 standard library only.
"""
import datetime
import json
import os
import re
import sys

ID_RE = re.compile(r"[A-Za-z0-9._:-]{1,64}\Z")
DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
DATETIME_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"(Z|[+-]\d{2}:\d{2})?\Z")

TITLE_MAX, LONG_TEXT_MAX, KEYWORD_MAX, KEYWORDS_MAX = 200, 20000, 40, 20

ORG_TYPES = ("university", "institute", "platform", "team", "enterprise", "investor",
             "service", "government", "park")
ROLES = ("scientist", "expert", "tech_manager", "entrepreneur", "investor", "staff")
MODES = ("self", "assign", "license", "cooperate", "equity", "other")
IP_STATUS = ("none", "pending", "granted")
ACH_STATUS = ("draft", "published", "withdrawn")
DEM_STATUS = ("draft", "open", "closed")
EVENT_TYPES = ("release", "park_visit", "salon", "school_enterprise", "roadshow", "other")
MR_STATUS = ("pending", "accepted", "declined", "expired")
STAGES = ("contact", "talks", "signed", "implementing", "done", "stopped")

PARTY = ("org", "person")

# Field specs: (type, argument).  Types:
#   id        the record's own id          text N     string, 1..N characters
#   ref K     id of a record of kind(s) K  refs K     list of such ids
#   enum E    one of E                     enums E    list of values of E
#   int a b   integer in [a, b] (b None = unbounded)
#   bool, date, keywords, chains (list of short text), ip, milestones, slots
SPEC = {
    "org": {
        "required": ("id", "name", "type"),
        "fields": {
            "id": ("id",), "name": ("text", TITLE_MAX), "type": ("enum", ORG_TYPES),
            "region": ("text", TITLE_MAX), "zone": ("text", TITLE_MAX), "chains": ("chains",),
            "description": ("text", LONG_TEXT_MAX), "website": ("text", 2000),
            "external": ("bool",), "founded": ("date",), "founders": ("refs", ("person",)),
        },
    },
    "person": {
        "required": ("id", "name"),
        "fields": {
            "id": ("id",), "name": ("text", TITLE_MAX), "org": ("ref", ("org",)),
            "roles": ("enums", ROLES), "title": ("text", TITLE_MAX),
            "expertise": ("text", LONG_TEXT_MAX), "keywords": ("keywords",),
            "email": ("email",), "phone": ("text", 64),
        },
    },
    "achievement": {
        "required": ("id", "title", "org"),
        "fields": {
            "id": ("id",), "title": ("text", TITLE_MAX), "org": ("ref", ("org",)),
            "summary": ("text", LONG_TEXT_MAX), "keywords": ("keywords",),
            "discipline": ("text", TITLE_MAX), "chains": ("chains",), "trl": ("int", 1, 9),
            "ip": ("ip",), "modes": ("enums", MODES), "price": ("int", 0, None),
            "owners": ("refs", ("person",)), "zone": ("text", TITLE_MAX),
            "published": ("date",), "status": ("enum", ACH_STATUS),
        },
    },
    "demand": {
        "required": ("id", "title", "org"),
        "fields": {
            "id": ("id",), "title": ("text", TITLE_MAX), "org": ("ref", ("org",)),
            "description": ("text", LONG_TEXT_MAX), "keywords": ("keywords",),
            "chains": ("chains",), "trl_min": ("int", 1, 9), "modes": ("enums", MODES),
            "budget": ("int", 0, None), "deadline": ("date",), "zone": ("text", TITLE_MAX),
            "published": ("date",), "status": ("enum", DEM_STATUS),
        },
    },
    "event": {
        "required": ("id", "title", "type", "starts"),
        "fields": {
            "id": ("id",), "title": ("text", TITLE_MAX), "type": ("enum", EVENT_TYPES),
            "starts": ("date",), "ends": ("date",), "venue": ("text", TITLE_MAX),
            "organisers": ("refs", ("org",)), "chains": ("chains",),
            "capacity": ("int", 1, None), "slot_minutes": ("int", 1, None),
            "slots": ("int", 1, None), "tables": ("int", 1, None),
        },
    },
    "registration": {
        "required": ("event", "who"),
        "fields": {
            "event": ("ref", ("event",)), "who": ("ref", PARTY), "availability": ("slots",),
        },
    },
    "meeting_request": {
        "required": ("event", "from", "to"),
        "fields": {
            "event": ("ref", ("event",)), "from": ("ref", PARTY), "to": ("ref", PARTY),
            "id": ("id",), "message": ("text", LONG_TEXT_MAX), "priority": ("int", 1, 3),
            "status": ("enum", MR_STATUS), "slot": ("int", 1, None), "table": ("int", 1, None),
            "locked": ("bool",),
        },
    },
    "project": {
        "required": ("id", "parties"),
        "fields": {
            "id": ("id",), "parties": ("refs", PARTY), "achievement": ("ref", ("achievement",)),
            "demand": ("ref", ("demand",)), "event": ("ref", ("event",)),
            "stage": ("enum", STAGES), "mode": ("enum", MODES), "amount": ("int", 0, None),
            "signed_on": ("date",), "agreement": ("text", TITLE_MAX),
            "stop_reason": ("text", LONG_TEXT_MAX), "milestones": ("milestones",),
        },
    },
}

# Which namespace a kind's ids live in (org and person share one).
NAMESPACE = {"org": "party", "person": "party"}


def ns_of(kind):
    return NAMESPACE.get(kind, kind)


class Reporter:
    """Collects errors and prints them sorted by file (in reading order) and line."""

    def __init__(self, out=sys.stdout):
        self.out = out
        self.count = 0
        self.files = {}
        self.errors = []

    def err(self, where, field, reason):
        self.count += 1
        path, _, line = where.rpartition(":")
        if not line.isdigit():
            path, line = where, "0"
        order = self.files.setdefault(path, len(self.files))
        self.errors.append((order, int(line), len(self.errors),
                            "%s: %s: %s" % (where, field or "-", reason)))

    def flush(self):
        for e in sorted(self.errors):
            print(e[3], file=self.out)
        self.errors = []


def parse_date(s):
    """Returns a comparable value for an ISO 8601 date or date-time, or raises ValueError."""
    m = DATE_RE.match(s)
    if m:
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    m = DATETIME_RE.match(s)
    if not m:
        raise ValueError("not an ISO 8601 date (2023-03-10) or date-time (2023-03-10T09:30+08:00)")
    y, mo, d, h, mi = (int(m[i]) for i in range(1, 6))
    sec = int(m[6]) if m[6] else 0
    tz = None
    if m[8]:
        if m[8] == "Z":
            tz = datetime.timezone.utc
        else:
            oh, om = int(m[8][1:3]), int(m[8][4:6])
            if oh > 23 or om > 59:
                raise ValueError("time-zone offset %s is out of range" % m[8])
            off = datetime.timedelta(hours=oh, minutes=om)
            tz = datetime.timezone(-off if m[8][0] == "-" else off)
    return datetime.datetime(y, mo, d, h, mi, sec, tzinfo=tz)


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check_text(v, limit, what):
    """Returns a reason string, or None if v is a non-empty string within limit characters."""
    if not isinstance(v, str):
        return "%s must be a string, got %s" % (what, type_name(v))
    if v == "" or v.strip() == "":
        return "%s must not be empty" % what
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        return "%s holds an unpaired surrogate (not valid UTF-8 text)" % what
    if len(v) > limit:
        return "%s is %d characters, at most %d allowed" % (what, len(v), limit)
    return None


def type_name(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


class Record:
    def __init__(self, kind, doc, where, seq):
        self.kind, self.doc, self.where, self.seq = kind, doc, where, seq
        self.refs = []     # (field, id, kinds)

    def label(self):
        k = self.doc.get("id")
        if self.kind == "registration":
            k = "%s/%s" % (self.doc.get("event"), self.doc.get("who"))
        elif self.kind == "meeting_request" and not isinstance(k, str):
            k = "%s/%s/%s" % (self.doc.get("event"), self.doc.get("from"), self.doc.get("to"))
        return "%s %s" % (self.kind, k)


def check_field(rec, name, spec, v, rep):
    """Checks one field's value; records references in rec.refs."""
    t = spec[0]
    where, lab = rec.where, rec.label()

    def bad(field, reason):
        rep.err(where, field, "%s: %s" % (lab, reason))

    def id_ok(field, x, what):
        if not isinstance(x, str):
            bad(field, "%s must be a string id, got %s" % (what, type_name(x)))
            return False
        if not ID_RE.match(x):
            bad(field, "%s %r must be 1-64 characters of A-Za-z0-9._:-" % (what, x))
            return False
        return True

    if t == "id":
        id_ok(name, v, "id")
    elif t == "ref":
        if id_ok(name, v, "reference"):
            rec.refs.append((name, v, spec[1]))
    elif t == "refs":
        if not isinstance(v, list):
            bad(name, "must be a list of ids, got %s" % type_name(v))
            return
        if not v and name == "parties":
            bad(name, "must name at least one party")
        seen = set()
        for i, x in enumerate(v):
            f = "%s[%d]" % (name, i)
            if id_ok(f, x, "reference"):
                if x in seen:
                    bad(f, "%r is listed twice" % x)
                seen.add(x)
                rec.refs.append((f, x, spec[1]))
    elif t == "text":
        r = check_text(v, spec[1], name)
        if r:
            bad(name, r)
    elif t == "email":
        r = check_text(v, 254, name)
        if r:
            bad(name, r)
        elif not re.match(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z", v):
            bad(name, "%r is not an e-mail address" % v)
    elif t == "enum":
        if not isinstance(v, str) or v not in spec[1]:
            bad(name, "must be one of %s, got %s" % (", ".join(spec[1]), json.dumps(v, ensure_ascii=False)))
    elif t == "enums":
        if not isinstance(v, list):
            bad(name, "must be a list, got %s" % type_name(v))
            return
        seen = set()
        for i, x in enumerate(v):
            f = "%s[%d]" % (name, i)
            if not isinstance(x, str) or x not in spec[1]:
                bad(f, "must be one of %s, got %s" % (", ".join(spec[1]), json.dumps(x, ensure_ascii=False)))
            elif x in seen:
                bad(f, "%r is listed twice" % x)
            else:
                seen.add(x)
    elif t == "int":
        lo, hi = spec[1], spec[2]
        if not is_int(v):
            bad(name, "must be an integer, got %s" % json.dumps(v))
        elif v < lo or (hi is not None and v > hi):
            rng = "from %d to %d" % (lo, hi) if hi is not None else "at least %d" % lo
            bad(name, "must be an integer %s, got %d" % (rng, v))
    elif t == "bool":
        if not isinstance(v, bool):
            bad(name, "must be true or false, got %s" % json.dumps(v, ensure_ascii=False))
    elif t == "date":
        if not isinstance(v, str):
            bad(name, "must be a date string, got %s" % type_name(v))
            return
        try:
            parse_date(v)
        except ValueError as e:
            bad(name, "%r: %s" % (v, e))
    elif t in ("keywords", "chains"):
        if not isinstance(v, list):
            bad(name, "must be a list of strings, got %s" % type_name(v))
            return
        if len(v) > KEYWORDS_MAX:
            bad(name, "has %d entries, at most %d allowed" % (len(v), KEYWORDS_MAX))
        seen = set()
        for i, x in enumerate(v):
            f = "%s[%d]" % (name, i)
            r = check_text(x, KEYWORD_MAX, "entry")
            if r:
                bad(f, r)
            elif x in seen:
                bad(f, "%r is listed twice" % x)
            else:
                seen.add(x)
    elif t == "slots":
        if not isinstance(v, list):
            bad(name, "must be a list of slot numbers, got %s" % type_name(v))
            return
        seen = set()
        for i, x in enumerate(v):
            f = "%s[%d]" % (name, i)
            if not is_int(x) or x < 1:
                bad(f, "slot numbers are integers counted from 1, got %s" % json.dumps(x))
            elif x in seen:
                bad(f, "slot %d is listed twice" % x)
            else:
                seen.add(x)
    elif t == "ip":
        if not isinstance(v, dict):
            bad(name, "must be an object {status, patents}, got %s" % type_name(v))
            return
        for k in v:
            if k not in ("status", "patents"):
                bad("%s.%s" % (name, k), "unknown field (ip has status and patents)")
        if "status" not in v:
            bad(name + ".status", "is required (none, pending or granted)")
        elif v["status"] not in IP_STATUS:
            bad(name + ".status", "must be one of none, pending, granted, got %s"
                % json.dumps(v["status"], ensure_ascii=False))
        if "patents" in v:
            p = v["patents"]
            if not isinstance(p, list):
                bad(name + ".patents", "must be a list of strings, got %s" % type_name(p))
            else:
                for i, x in enumerate(p):
                    r = check_text(x, TITLE_MAX, "patent number")
                    if r:
                        bad("%s.patents[%d]" % (name, i), r)
                if p and v.get("status") == "none":
                    bad(name + ".patents", "lists patents although ip.status is none")
    elif t == "milestones":
        if not isinstance(v, list):
            bad(name, "must be a list of {title, due, done}, got %s" % type_name(v))
            return
        for i, m in enumerate(v):
            f = "%s[%d]" % (name, i)
            if not isinstance(m, dict):
                bad(f, "must be an object {title, due, done}, got %s" % type_name(m))
                continue
            for k in m:
                if k not in ("title", "due", "done"):
                    bad("%s.%s" % (f, k), "unknown field (a milestone has title, due, done)")
            if "title" not in m:
                bad(f + ".title", "is required")
            else:
                r = check_text(m["title"], TITLE_MAX, "title")
                if r:
                    bad(f + ".title", r)
            if "due" in m:
                d = m["due"]
                if not isinstance(d, str) or not DATE_RE.match(d):
                    bad(f + ".due", "must be a date YYYY-MM-DD, got %s" % json.dumps(d, ensure_ascii=False))
                else:
                    try:
                        parse_date(d)
                    except ValueError as e:
                        bad(f + ".due", "%r: %s" % (d, e))
            if "done" in m and not isinstance(m["done"], bool):
                bad(f + ".done", "must be true or false, got %s" % json.dumps(m["done"], ensure_ascii=False))
    else:  # pragma: no cover - spec typo
        raise AssertionError("unknown spec type " + t)


def check_record(doc, where, seq, rep):
    """Per-record checks; returns a Record or None if the kind is unusable."""
    if not isinstance(doc, dict):
        rep.err(where, "-", "a line must hold one JSON object, got %s" % type_name(doc))
        return None
    kind = doc.get("kind")
    if kind is None:
        rep.err(where, "kind", "is required (one of %s)" % ", ".join(SPEC))
        return None
    if kind not in SPEC:
        rep.err(where, "kind", "must be one of %s, got %s" % (", ".join(SPEC), json.dumps(kind, ensure_ascii=False)))
        return None
    spec = SPEC[kind]
    rec = Record(kind, doc, where, seq)
    for f in spec["required"]:
        if f not in doc:
            rep.err(where, f, "%s: is required for kind %s" % (rec.label(), kind))
    for name, v in doc.items():
        if name == "kind":
            continue
        if name not in spec["fields"]:
            rep.err(where, name, "%s: unknown field for kind %s (the importer rejects it)" % (rec.label(), kind))
            continue
        check_field(rec, name, spec["fields"][name], v, rep)
    return rec


def read_records(paths, rep):
    recs = []
    seq = 0
    for path in paths:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            rep.err(path, "-", "cannot read: %s" % e.strerror)
            continue
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        for n, raw in enumerate(lines, 1):
            where = "%s:%d" % (path, n)
            if raw.endswith(b"\r"):
                raw = raw[:-1]
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                rep.err(where, "-", "starts with a UTF-8 byte-order mark; remove it")
                raw = raw[3:]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                rep.err(where, "-", "not valid UTF-8 (byte %d)" % (e.start + 1))
                continue
            if text.strip() == "":
                rep.err(where, "-", "empty line (JSON Lines has one record per line)")
                continue

            def pairs(kv):
                d = {}
                for k, v in kv:
                    if k in d:
                        raise ValueError("duplicate JSON key %r" % k)
                    d[k] = v
                return d

            def no_const(c):
                raise ValueError("%s is not valid JSON" % c)

            try:
                doc = json.loads(text, object_pairs_hook=pairs, parse_constant=no_const)
            except ValueError as e:
                rep.err(where, "-", "not valid JSON: %s" % e)
                continue
            seq += 1
            rec = check_record(doc, where, seq, rep)
            if rec:
                recs.append(rec)
    return recs


def key_of(rec):
    d = rec.doc
    if rec.kind == "registration":
        return ("registration", "%s/%s" % (d.get("event"), d.get("who")))
    if rec.kind == "meeting_request" and "id" not in d:
        return ("meeting_request", "%s/%s/%s" % (d.get("event"), d.get("from"), d.get("to")))
    if not isinstance(d.get("id"), str):
        return None
    return (ns_of(rec.kind), d["id"])


def check_set(recs, rep, allow_forward):
    # keys
    by_key = {}
    for r in recs:
        k = key_of(r)
        if k is None:
            continue
        if k in by_key:
            o = by_key[k]
            field = "id" if r.kind not in ("registration",) and ("id" in r.doc) else "-"
            rep.err(r.where, field, "%s: duplicate key %r, already used by %s at %s"
                    % (r.label(), k[1], o.label(), o.where))
        else:
            by_key[k] = r
    # references
    for r in recs:
        for field, target, kinds in r.refs:
            spaces = {ns_of(k) for k in kinds}
            found = [by_key[(s, target)] for s in spaces if (s, target) in by_key]
            found = [t for t in found if t.kind in kinds]
            if not found:
                rep.err(r.where, field, "%s: %r does not name any %s" % (r.label(), target, " or ".join(kinds)))
            elif not allow_forward and found[0].seq > r.seq:
                rep.err(r.where, field, "%s: consistency: %r is defined later (%s); put it first so that "
                        "the files import in order" % (r.label(), target, found[0].where))
    events = {r.doc["id"]: r for r in recs if r.kind == "event" and isinstance(r.doc.get("id"), str)}
    check_events(events, rep)
    check_meetings(recs, events, rep)
    check_projects(recs, rep)


def dim(ev, field):
    v = ev.doc.get(field) if ev else None
    return v if is_int(v) and v >= 1 else None


def check_events(events, rep):
    for ev in events.values():
        d = ev.doc
        try:
            s = parse_date(d["starts"]) if isinstance(d.get("starts"), str) else None
            e = parse_date(d["ends"]) if isinstance(d.get("ends"), str) else None
        except ValueError:
            continue
        if s is None or e is None or type(s) is not type(e):
            continue
        if isinstance(s, datetime.datetime) and (s.tzinfo is None) != (e.tzinfo is None):
            rep.err(ev.where, "ends", "%s: consistency: starts and ends must both carry a time-zone offset or neither"
                    % ev.label())
            continue
        if e < s:
            rep.err(ev.where, "ends", "%s: consistency: ends %s is before starts %s" % (ev.label(), d["ends"], d["starts"]))
            continue
        sm, sl = dim(ev, "slot_minutes"), dim(ev, "slots")
        if isinstance(s, datetime.datetime) and sm and sl:
            length = (e - s).total_seconds() / 60
            if sm * sl > length:
                rep.err(ev.where, "slots", "%s: consistency: %d slots of %d minutes do not fit in the %d minutes "
                        "between starts and ends" % (ev.label(), sl, sm, length))


def check_meetings(recs, events, rep):
    avail = {}   # (event, who) -> set of slots or None (all)
    for r in recs:
        if r.kind != "registration":
            continue
        ev = events.get(r.doc.get("event"))
        a = r.doc.get("availability")
        if isinstance(a, list):
            nslots = dim(ev, "slots")
            if ev and nslots is None:
                rep.err(r.where, "availability", "%s: consistency: event %s has no slots, so availability means nothing"
                        % (r.label(), ev.doc["id"]))
            for i, x in enumerate(a):
                if is_int(x) and nslots and x > nslots:
                    rep.err(r.where, "availability[%d]" % i, "%s: consistency: slot %d is beyond the event's %d slots"
                            % (r.label(), x, nslots))
            a = {x for x in a if is_int(x)}
        else:
            a = None
        avail[(r.doc.get("event"), r.doc.get("who"))] = a
    booked_table, booked_who = {}, {}
    for r in recs:
        if r.kind != "meeting_request":
            continue
        d, lab = r.doc, r.label()
        evid = d.get("event")
        ev = events.get(evid)
        frm, to = d.get("from"), d.get("to")
        if frm == to and frm is not None:
            rep.err(r.where, "to", "%s: consistency: a meeting request cannot be addressed to its sender" % lab)
        for f, who in (("from", frm), ("to", to)):
            if ev and isinstance(who, str) and (evid, who) not in avail:
                rep.err(r.where, f, "%s: consistency: %s is not registered for event %s" % (lab, who, evid))
        has_slot, has_table = "slot" in d, "table" in d
        if has_slot != has_table:
            rep.err(r.where, "table" if has_slot else "slot",
                    "%s: consistency: slot and table are set together once the meeting is scheduled" % lab)
        if d.get("locked") is True and not has_slot:
            rep.err(r.where, "locked", "%s: consistency: only a scheduled meeting (slot and table) can be locked" % lab)
        if has_slot and d.get("status", "pending") != "accepted":
            rep.err(r.where, "slot", "%s: consistency: only an accepted request is scheduled, status is %s"
                    % (lab, d.get("status", "pending")))
        slot, table = d.get("slot"), d.get("table")
        if not ev:
            continue
        nslots, ntables = dim(ev, "slots"), dim(ev, "tables")
        if is_int(slot) and slot >= 1:
            if nslots is None:
                rep.err(r.where, "slot", "%s: consistency: event %s has no slots" % (lab, evid))
            elif slot > nslots:
                rep.err(r.where, "slot", "%s: consistency: slot %d is beyond the event's %d slots" % (lab, slot, nslots))
            for who in (frm, to):
                a = avail.get((evid, who))
                if a is not None and slot not in a:
                    rep.err(r.where, "slot", "%s: consistency: %s is not available in slot %d" % (lab, who, slot))
                prev = booked_who.get((evid, slot, who))
                if prev:
                    rep.err(r.where, "slot", "%s: consistency: %s already meets in slot %d (%s)"
                            % (lab, who, slot, prev.where))
                elif isinstance(who, str):
                    booked_who[(evid, slot, who)] = r
        if is_int(table) and table >= 1:
            if ntables is None:
                rep.err(r.where, "table", "%s: consistency: event %s has no tables" % (lab, evid))
            elif table > ntables:
                rep.err(r.where, "table", "%s: consistency: table %d is beyond the event's %d tables" % (lab, table, ntables))
            if is_int(slot):
                prev = booked_table.get((evid, slot, table))
                if prev:
                    rep.err(r.where, "table", "%s: consistency: table %d in slot %d is already taken (%s)"
                            % (lab, table, slot, prev.where))
                else:
                    booked_table[(evid, slot, table)] = r


def check_projects(recs, rep):
    for r in recs:
        if r.kind != "project":
            continue
        d, lab = r.doc, r.label()
        stage = d.get("stage")
        if stage == "stopped" and "stop_reason" not in d:
            rep.err(r.where, "stop_reason", "%s: consistency: a stopped project says why (stop_reason)" % lab)
        if "stop_reason" in d and stage != "stopped":
            rep.err(r.where, "stop_reason", "%s: consistency: stop_reason is for stage stopped, stage is %s" % (lab, stage))
        if stage in ("contact", "talks") and "signed_on" in d:
            rep.err(r.where, "signed_on", "%s: consistency: a project at stage %s has not been signed" % (lab, stage))


def expand(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            out.extend(os.path.join(p, f) for f in sorted(os.listdir(p)) if f.endswith(".jsonl"))
        else:
            out.append(p)
    return out


def counts_of(recs):
    c = {k: 0 for k in SPEC}
    for r in recs:
        c[r.kind] += 1
    return c


def run(paths, allow_forward=False, out=sys.stdout):
    rep = Reporter(out)
    files = expand(paths)
    for f in files:
        rep.files.setdefault(f, len(rep.files))
    if not files:
        rep.err(",".join(paths) or "-", "-", "no .jsonl files found")
    recs = read_records(files, rep)
    check_set(recs, rep, allow_forward)
    rep.flush()
    return rep.count, recs, files


def self_test():
    """Feeds known-bad records through the checker and expects each to be caught."""
    import tempfile
    good = [
        '{"kind":"org","id":"o1","name":"甲","type":"university"}',
        '{"kind":"person","id":"p1","name":"乙","org":"o1"}',
        '{"kind":"person","id":"p2","name":"丙"}',
        '{"kind":"achievement","id":"a1","title":"成果","org":"o1","trl":5,"ip":{"status":"none"}}',
        '{"kind":"demand","id":"d1","title":"需求","org":"o1","trl_min":3}',
        '{"kind":"event","id":"e1","title":"会","type":"salon","starts":"2023-03-09T14:00+08:00",'
        '"ends":"2023-03-09T16:00+08:00","slots":4,"slot_minutes":20,"tables":2}',
        '{"kind":"registration","event":"e1","who":"p1","availability":[1,2]}',
        '{"kind":"registration","event":"e1","who":"p2"}',
        '{"kind":"meeting_request","event":"e1","from":"p1","to":"p2","status":"accepted","slot":1,"table":1}',
        '{"kind":"project","id":"j1","parties":["o1","p1"],"stage":"stopped","stop_reason":"x",'
        '"milestones":[{"title":"m","due":"2023-01-01","done":false}]}',
    ]
    bad = [  # (line, expected field, expected fragment of the reason)
        ('{"kind":"org","id":"o 2","name":"x","type":"university"}', "id", "A-Za-z0-9"),
        ('{"kind":"org","id":"' + "x" * 65 + '","name":"x","type":"university"}', "id", "1-64"),
        ('{"kind":"org","id":"o3","name":"x","type":"school"}', "type", "must be one of"),
        ('{"kind":"org","id":"o4","name":"x"}', "type", "is required"),
        ('{"kind":"org","id":"o5","name":"x","type":"park","colour":"red"}', "colour", "unknown field"),
        ('{"kind":"org","id":"o1","name":"x","type":"park"}', "id", "duplicate key"),
        ('{"kind":"person","id":"o1","name":"x"}', "id", "duplicate key"),
        ('{"kind":"org","id":"o6","name":"x","type":"park","external":"yes"}', "external", "true or false"),
        ('{"kind":"org","id":"o7","name":"x","type":"park","founded":"2023-02-30"}', "founded", "day is out of range"),
        ('{"kind":"org","id":"o8","name":"x","type":"park","founded":"10/03/2023"}', "founded", "ISO 8601"),
        ('{"kind":"org","id":"o9","name":"","type":"park"}', "name", "must not be empty"),
        ('{"kind":"person","id":"p3","name":"x","org":"nobody"}', "org", "does not name any org"),
        ('{"kind":"person","id":"p4","name":"x","org":"p1"}', "org", "does not name any org"),
        ('{"kind":"person","id":"p5","name":"x","roles":["boss"]}', "roles[0]", "must be one of"),
        ('{"kind":"person","id":"p6","name":"x","email":"nope"}', "email", "not an e-mail"),
        ('{"kind":"achievement","id":"a2","title":"t","org":"o1","trl":10}', "trl", "from 1 to 9"),
        ('{"kind":"achievement","id":"a3","title":"t","org":"o1","trl":true}', "trl", "must be an integer"),
        ('{"kind":"achievement","id":"a4","title":"t","org":"o1","trl":5.0}', "trl", "must be an integer"),
        ('{"kind":"achievement","id":"a5","title":"' + "长" * 201 + '","org":"o1"}', "title", "at most 200"),
        ('{"kind":"achievement","id":"a6","title":"t","org":"o1","keywords":["' + "词" * 41 + '"]}',
         "keywords[0]", "at most 40"),
        ('{"kind":"achievement","id":"a7","title":"t","org":"o1","keywords":[' +
         ",".join('"k%d"' % i for i in range(21)) + ']}', "keywords", "at most 20"),
        ('{"kind":"achievement","id":"a8","title":"t","org":"o1","ip":{"status":"filed"}}', "ip.status", "must be one of"),
        ('{"kind":"achievement","id":"a9","title":"t","org":"o1","ip":{"patents":["x"]}}', "ip.status", "is required"),
        ('{"kind":"achievement","id":"a10","title":"t","org":"o1","modes":["sell"]}', "modes[0]", "must be one of"),
        ('{"kind":"achievement","id":"a11","title":"t","org":"o1","price":-1}', "price", "at least 0"),
        ('{"kind":"achievement","id":"a12","title":"t","org":"o1","owners":["o1"]}', "owners[0]", "does not name any person"),
        ('{"kind":"achievement","id":"a13","title":"t","org":"o1","status":"open"}', "status", "must be one of"),
        ('{"kind":"achievement","id":"a14","title":"t","org":"o1","summary":"' + "字" * 20001 + '"}', "summary", "at most 20000"),
        ('{"kind":"demand","id":"d2","title":"t","org":"o1","trl_min":0}', "trl_min", "from 1 to 9"),
        ('{"kind":"demand","id":"d3","title":"t","org":"o1","deadline":"2023-13-01"}', "deadline", "month must be"),
        ('{"kind":"demand","id":"d4","title":"t","org":"o1","status":"published"}', "status", "must be one of"),
        ('{"kind":"event","id":"e2","title":"t","type":"party","starts":"2023-03-09"}', "type", "must be one of"),
        ('{"kind":"event","id":"e3","title":"t","type":"salon","starts":"2023-03-09T25:00+08:00"}', "starts", "hour must be"),
        ('{"kind":"event","id":"e4","title":"t","type":"salon","starts":"2023-03-09T10:00+08:00",'
         '"ends":"2023-03-09T09:00+08:00"}', "ends", "before starts"),
        ('{"kind":"event","id":"e5","title":"t","type":"salon","starts":"2023-03-09T10:00+08:00",'
         '"ends":"2023-03-09T11:00+08:00","slots":4,"slot_minutes":20}', "slots", "do not fit"),
        ('{"kind":"event","id":"e6","title":"t","type":"salon","starts":"2023-03-09","capacity":0}', "capacity", "at least 1"),
        ('{"kind":"registration","event":"e1","who":"p1"}', "-", "duplicate key"),
        ('{"kind":"registration","event":"e1","who":"a1"}', "who", "does not name any org or person"),
        ('{"kind":"registration","event":"nope","who":"o1"}', "event", "does not name any event"),
        ('{"kind":"registration","event":"e1","who":"o1","availability":[0]}', "availability[0]", "counted from 1"),
        ('{"kind":"registration","event":"e1","who":"o1","availability":[5]}', "availability[0]", "beyond"),
        ('{"kind":"meeting_request","event":"e1","from":"p1","to":"p2","priority":4}', "priority", "from 1 to 3"),
        ('{"kind":"meeting_request","event":"e1","from":"p1","to":"p2","status":"maybe"}', "status", "must be one of"),
        ('{"kind":"meeting_request","event":"e1","from":"p2","to":"p2"}', "to", "its sender"),
        ('{"kind":"meeting_request","id":"m1","event":"e1","from":"p1","to":"o1"}', "to", "not registered"),
        ('{"kind":"meeting_request","id":"m2","event":"e1","from":"p2","to":"p1","status":"accepted","slot":3,"table":2}',
         "slot", "not available in slot 3"),
        ('{"kind":"meeting_request","id":"m3","event":"e1","from":"p2","to":"p1","status":"accepted","slot":2,"table":3}',
         "table", "beyond"),
        ('{"kind":"meeting_request","id":"m4","event":"e1","from":"p2","to":"p1","status":"accepted","slot":1,"table":2}',
         "slot", "already meets"),
        ('{"kind":"meeting_request","id":"m5","event":"e1","from":"p2","to":"p1","locked":true}', "locked", "only a scheduled"),
        ('{"kind":"meeting_request","id":"m6","event":"e1","from":"p2","to":"p1","slot":2}', "table", "set together"),
        ('{"kind":"project","id":"j2","parties":["o1"],"stage":"stopped"}', "stop_reason", "says why"),
        ('{"kind":"project","id":"j3","parties":["o1"],"stage":"talks","signed_on":"2023-01-01"}', "signed_on", "not been signed"),
        ('{"kind":"project","id":"j4","parties":[]}', "parties", "at least one"),
        ('{"kind":"project","id":"j5","parties":["o1"],"stage":"won"}', "stage", "must be one of"),
        ('{"kind":"project","id":"j6","parties":["o1"],"milestones":[{"title":"m","due":"soon","done":false}]}',
         "milestones[0].due", "YYYY-MM-DD"),
        ('{"kind":"project","id":"j7","parties":["o1"],"milestones":[{"title":"m","done":"no"}]}',
         "milestones[0].done", "true or false"),
        ('{"kind":"project","id":"j8","parties":["o1"],"milestones":[{"due":"2023-01-01"}]}',
         "milestones[0].title", "is required"),
        ('{"kind":"project","id":"j9","parties":["o1"],"achievement":"d1"}', "achievement", "does not name any achievement"),
        ('{"kind":"project","id":"j10","parties":["o1"],"amount":"100"}', "amount", "must be an integer"),
        ('{"kind":"project","id":"j11","parties":["o1","zz"]}', "parties[1]", "does not name any"),
        ('{"kind":"widget","id":"w1"}', "kind", "must be one of"),
        ('{"id":"w2"}', "kind", "is required"),
        ('[1,2]', "-", "one JSON object"),
        ('{"kind":"org","id":"o10","id":"o11","name":"x","type":"park"}', "-", "duplicate JSON key"),
        ('{"kind":"org","id":"o12","name":"x","type":"park",}', "-", "not valid JSON"),
        ('{"kind":"achievement","id":"a15","title":"t","org":"o1","price":NaN}', "-", "not valid JSON"),
        ('{"kind":"org","id":"o13","name":"\\ud800","type":"park"}', "name", "surrogate"),
        ('', "-", "empty line"),
        (b'{"kind":"org","id":"o14","name":"\xff","type":"park"}', "-", "not valid UTF-8"),
    ]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, "good.jsonl")
        with open(base, "w", encoding="utf-8") as f:
            f.write("\n".join(good) + "\n")
        import io
        buf = io.StringIO()
        n, _, _ = run([base], out=buf)
        if n:
            print("self-test: the good records were rejected:\n" + buf.getvalue())
            failures += 1
        for i, (line, field, frag) in enumerate(bad):
            path = os.path.join(tmp, "bad%02d.jsonl" % i)
            with open(path, "wb") as f:
                f.write(line if isinstance(line, bytes) else line.encode("utf-8"))
                f.write(b"\n")
            buf = io.StringIO()
            run([base, path], out=buf)
            want = "%s:1: %s: " % (path, field)
            hits = [l for l in buf.getvalue().splitlines() if l.startswith(want) and frag in l]
            if not hits:
                failures += 1
                shown = line if isinstance(line, str) else repr(line)
                print("self-test: case %d not caught as %s ...%s...:\n  %s\n  got: %s"
                      % (i, field, frag, shown[:120], buf.getvalue().strip() or "(nothing)"))
        # forward reference: the person names an org that comes later
        fwd = os.path.join(tmp, "fwd.jsonl")
        with open(fwd, "w", encoding="utf-8") as f:
            f.write('{"kind":"person","id":"q1","name":"x","org":"late"}\n'
                    '{"kind":"org","id":"late","name":"y","type":"park"}\n')
        buf = io.StringIO()
        n1, _, _ = run([fwd], out=buf)
        n2, _, _ = run([fwd], allow_forward=True, out=io.StringIO())
        if n1 != 1 or "defined later" not in buf.getvalue() or n2 != 0:
            failures += 1
            print("self-test: forward reference not handled: %d/%d errors: %s" % (n1, n2, buf.getvalue()))
    total = len(bad) + 2
    print("self-test: %d of %d cases passed" % (total - failures, total))
    return 1 if failures else 0


def main(argv):
    allow_forward = counts = False
    paths = []
    for a in argv:
        if a == "--self-test":
            return self_test()
        if a == "--allow-forward-refs":
            allow_forward = True
        elif a == "--counts":
            counts = True
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        elif a.startswith("-"):
            print("check_demo: unknown option %s (see --help)" % a, file=sys.stderr)
            return 2
        else:
            paths.append(a)
    if not paths:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        paths = [os.path.relpath(os.path.join(root, "data", "demo"))]
    n, recs, files = run(paths, allow_forward)
    c = counts_of(recs)
    if counts:
        print("| kind | records |\n|---|---|")
        for k, v in c.items():
            print("| %s | %d |" % (k, v))
        print("| total | %d |" % len(recs))
    summary = ", ".join("%s %d" % (k, v) for k, v in c.items())
    print("check_demo: %d records in %d files (%s): %s"
          % (len(recs), len(files), summary, "%d errors" % n if n else "ok"), file=sys.stderr)
    return 1 if n else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
