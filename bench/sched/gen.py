#!/usr/bin/env python3
"""Generates a meeting-timetable instance for the scheduling benchmark.

    gen.py --size S|M|L --variant loose|tight [--seed N] --json OUT.json [--lp OUT.lp]

Participants are of two sides (research: universities, institutes, experts;
enterprise) and a few of both. Requests go mostly from enterprises to the
research side, with heavy-tailed (Pareto) popularity, so that a few experts
are wanted by many; the few "both" participants also meet their own side, so
the meeting graph is not bipartite. Only accepted requests are written.
Priorities are 1 (55%), 2 (30%) or 3 (15%). Availability: full day, half day
(morning or afternoon) or a random 60-90% of the slots.

Sizes: S 100 participants, 500 meetings, 10 slots; M 600, 3000, 16;
L 2000, 12000, 24.
  loose: tables = ceil(1.5 * meetings / slots); nobody gets more requests than
         slots they are available while that is possible;
  tight: tables = ceil(meetings / slots) (meetings near slots x tables), and
         experts are wanted more than they have slots.

--lp writes the same instance as the time-indexed integer program in CPLEX LP
form (x_m_t binary for each slot t both parties of meeting m are available;
at most one slot per meeting; at most one meeting per participant and slot;
at most `tables` meetings per slot; maximise the sum of priorities).
"""
import argparse
import itertools
import json
import math
import random

SIZES = {"S": (100, 500, 10), "M": (600, 3000, 16), "L": (2000, 12000, 24)}


def availability(rng, slots, variant):
    r = rng.random()
    full = 0.5 if variant == "tight" else 0.6
    if r < full:
        return list(range(1, slots + 1))
    if r < full + 0.2:
        half = slots // 2
        return list(range(1, half + 1)) if rng.random() < 0.5 else list(range(half + 1, slots + 1))
    k = max(1, round(slots * rng.uniform(0.6, 0.9)))
    return sorted(rng.sample(range(1, slots + 1), k))


def generate(size, variant, seed):
    rng = random.Random(f"{size}-{variant}-{seed}")
    P, M, S = SIZES[size]
    tables = math.ceil((1.5 if variant == "loose" else 1.0) * M / S)
    people = []
    for i in range(P):
        r = rng.random()
        side = "R" if r < 0.42 else ("E" if r < 0.92 else "B")
        pid = f"{side.lower()}{i:05d}"
        # Pareto popularity: research side heavy-tailed, enterprises milder.
        alpha = 1.1 if side in "RB" else 2.5
        people.append({"id": pid, "side": side, "pop": rng.paretovariate(alpha),
                       "avail": availability(rng, S, variant)})
    research = [i for i, p in enumerate(people) if p["side"] in "RB"]
    enterprise = [i for i, p in enumerate(people) if p["side"] in "EB"]
    both = [i for i, p in enumerate(people) if p["side"] == "B"]
    rcum = list(itertools.accumulate(people[i]["pop"] for i in research))
    acum = list(itertools.accumulate(p["pop"] for p in people))
    deg = [0] * P
    cap = [len(p["avail"]) for p in people]
    pairs = set()
    reqs = []
    attempts = 0
    while len(reqs) < M:
        attempts += 1
        if both and rng.random() < 0.1:
            a = rng.choice(both)
            b = rng.choices(range(P), cum_weights=acum)[0]
        else:
            a = rng.choice(enterprise)
            b = rng.choices(research, cum_weights=rcum)[0]
        if a == b or (min(a, b), max(a, b)) in pairs:
            continue
        # Loose: respect availability while that is still possible.
        if variant == "loose" and attempts < 50 * M and (deg[a] >= cap[a] or deg[b] >= cap[b]):
            continue
        pairs.add((min(a, b), max(a, b)))
        deg[a] += 1
        deg[b] += 1
        pr = rng.choices([1, 2, 3], weights=[55, 30, 15])[0]
        reqs.append((a, b, pr))
    return people, reqs, S, tables


def write_json(path, size, variant, seed, people, reqs, slots, tables):
    doc = {
        "event": {"id": f"bench-{size}-{variant}-{seed}", "slots": slots, "tables": tables,
                  "slot_minutes": 20},
        "registrations": [{"who": p["id"], "availability": p["avail"]} for p in people],
        "meeting_requests": [{"id": f"r{k:06d}", "from": people[a]["id"], "to": people[b]["id"],
                              "priority": pr, "status": "accepted"}
                             for k, (a, b, pr) in enumerate(reqs)],
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)


def write_lp(path, people, reqs, slots, tables):
    avail = [set(p["avail"]) for p in people]
    var = {}
    for k, (a, b, _) in enumerate(reqs):
        for t in sorted(avail[a] & avail[b]):
            var[(k, t)] = f"x{k}_{t}"
    by_meeting, by_pt, by_slot = {}, {}, {}
    for (k, t), name in var.items():
        a, b, _ = reqs[k]
        by_meeting.setdefault(k, []).append(name)
        by_pt.setdefault((a, t), []).append(name)
        by_pt.setdefault((b, t), []).append(name)
        by_slot.setdefault(t, []).append(name)

    def terms(names, coef=None):
        out, line = [], []
        for i, n in enumerate(names):
            c = coef[i] if coef else 1
            line.append(("+ " if i else "") + (f"{c} {n}" if c != 1 else n))
            if len(line) == 8:
                out.append(" ".join(line))
                line = []
        if line:
            out.append(" ".join(line))
        return "\n   ".join(out)

    with open(path, "w") as f:
        f.write("\\ qiao scheduling benchmark: time-indexed model\nMaximize\n obj: ")
        names = list(var.values())
        coefs = [reqs[k][2] for (k, _t) in var.keys()]
        f.write(terms(names, coefs) if names else "0 dummy")
        f.write("\nSubject To\n")
        for k, ns in by_meeting.items():
            if len(ns) > 1:
                f.write(f" m{k}: {terms(ns)} <= 1\n")
        for (v, t), ns in by_pt.items():
            if len(ns) > 1:
                f.write(f" p{v}_{t}: {terms(ns)} <= 1\n")
        for t, ns in sorted(by_slot.items()):
            if len(ns) > tables:
                f.write(f" t{t}: {terms(ns)} <= {tables}\n")
        f.write("Binary\n")
        for i in range(0, len(names), 8):
            f.write(" " + " ".join(names[i:i + 8]) + "\n")
        f.write("End\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=SIZES, required=True)
    ap.add_argument("--variant", choices=["loose", "tight"], required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", required=True)
    ap.add_argument("--lp")
    a = ap.parse_args()
    people, reqs, slots, tables = generate(a.size, a.variant, a.seed)
    write_json(a.json, a.size, a.variant, a.seed, people, reqs, slots, tables)
    if a.lp:
        write_lp(a.lp, people, reqs, slots, tables)


if __name__ == "__main__":
    main()
