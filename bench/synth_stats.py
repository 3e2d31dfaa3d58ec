#!/usr/bin/env python3
"""Count and sanity-check a catalogue written by `examples/synth.rs`.

    python3 bench/synth_stats.py /tmp/synth-national

An independent check of the generator while `procat check` is not there to
do it: it reads only the line shapes the generator writes (it is not a YAML
parser), counts events as SPEC §3 defines them (one per decision item, two
per replacement), and replays the decisions in event order to find what
`procat check` would warn about: an amendment, replacement or abolition that
finds its procedure not in force, unannounced procedures, references to
unknown records, a code named twice in one decision, effective before signed.
Exit status 1 when it finds any problem.
"""

import os
import re
import sys
from collections import defaultdict

ITEM = re.compile(r'^  - (?:\{ procedure: "([^"]+)"|procedure: "([^"]+)"|"([^"]+)")')
BY = re.compile(r'^    by: "([^"]+)"')


def read_records(path):
    """A list of {key: value} from a top-level YAML list of flat mappings."""
    records, cur = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("- "):
                cur = {}
                records.append(cur)
                line = "  " + line[2:]
            m = re.match(r"^  (\w+): (.*)$", line.rstrip("\n"))
            if m and cur is not None:
                cur[m.group(1)] = m.group(2).strip('"')
    return records


def walk(root, exts):
    for base, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            if not name.startswith((".", "_")) and name.endswith(exts):
                yield os.path.join(base, name)


def main(root):
    problems = []
    localities = {r["id"]: r.get("parent") for r in read_records(f"{root}/localities.yaml")}
    sectors = {r["id"] for r in read_records(f"{root}/sectors.yaml")}
    agencies = set()
    for path in walk(f"{root}/agencies", (".yaml",)):
        with open(path, encoding="utf-8") as f:
            agencies.add(re.search(r"^id: (\S+)", f.read(), re.M).group(1))
    files = {os.path.relpath(p, root) for p in walk(f"{root}/files", ("",))}

    codes = {}
    for path in walk(f"{root}/procedures", (".md", ".yaml")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        code = re.search(r'^code: "([^"]+)"', text, re.M).group(1)
        if code in codes:
            problems.append(f"{path}: code {code} also in {codes[code]}")
        codes[code] = path
        sector = re.search(r"^sector: (\S+)", text, re.M).group(1)
        if sector not in sectors:
            problems.append(f"{path}: unknown sector {sector}")
        for ids in re.findall(r"^  (?:implementing|competent|coordinating): \[(.*)\]", text, re.M):
            for a in ids.split(", "):
                if a not in agencies:
                    problems.append(f"{path}: unknown agency {a}")
        for form in re.findall(r"^ +form: (\S+)", text, re.M):
            if form not in files:
                problems.append(f"{path}: unknown file {form}")

    decisions = []
    for path in walk(f"{root}/decisions", (".yaml", ".md")):
        d = {"path": path, "items": [], "by": {}}
        section = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r'^(\w+):(?: "?([^"\n]*?)"?)?$', line)
                if m:
                    key, value = m.groups()
                    if key in ("new", "amended", "replaced", "abolished"):
                        section = key
                    else:
                        d[key] = value
                    continue
                m = ITEM.match(line)
                if m:
                    code = next(g for g in m.groups() if g)
                    d["items"].append((section, code))
                    continue
                m = BY.match(line)
                if m:
                    d["by"][d["items"][-1][1]] = m.group(1)
        d.setdefault("effective", d["signed"])
        decisions.append(d)

    events = 0
    actions = defaultdict(int)
    for d in decisions:
        for action, _ in d["items"]:
            actions[action] += 1
        named = [c for _, c in d["items"]] + list(d["by"].values())
        if len(set(named)) != len(named):
            problems.append(f"{d['path']}: a procedure is named twice")
        for old, new in d["by"].items():
            if old == new:
                problems.append(f"{d['path']}: {old} replaced by itself")
        for c in named:
            if c not in codes:
                problems.append(f"{d['path']}: unknown procedure {c}")
        if d["effective"] < d["signed"]:
            problems.append(f"{d['path']}: effective before signed")
        if d["locality"] not in localities:
            problems.append(f"{d['path']}: unknown locality {d['locality']}")
        if d["issuer"] not in agencies:
            problems.append(f"{d['path']}: unknown issuer {d['issuer']}")
        if d.get("document", "http").split(":")[0] not in ("http", "https") and d["document"] not in files:
            problems.append(f"{d['path']}: unknown document {d['document']}")
        events += len(d["items"]) + len(d["by"])

    # Replay in event order; the status at X is the last event at X or above.
    decisions.sort(key=lambda d: (d["effective"], d["signed"], d["number"]))
    last = {}
    seq = 0
    announced = set()
    warnings = 0

    def in_force(at, code):
        best = None
        while at is not None:
            rec = last.get((at, code))
            if rec and (best is None or rec[0] > best[0]):
                best = rec
            at = localities.get(at)
        return bool(best and best[1])

    def record(at, code, ok):
        nonlocal seq
        seq += 1
        last[(at, code)] = (seq, ok)
        announced.add(code)

    future = 0
    for d in decisions:
        at = d["locality"]
        if d["effective"] > "2026-11-26":
            future += 1
        for action, code in d["items"]:
            if action != "new" and not in_force(at, code):
                warnings += 1
                if warnings <= 10:
                    problems.append(f"{d['path']}: {action} {code}, not in force at {at}")
        for action, code in d["items"]:
            record(at, code, action in ("new", "amended"))
            if action == "replaced":
                record(at, d["by"][code], True)
    unannounced = sorted(set(codes) - announced)
    for c in unannounced[:10]:
        problems.append(f"{codes[c]}: unannounced")

    size = sum(os.path.getsize(p) for p in walk(root, ("",)))
    count = sum(1 for _ in walk(root, ("",)))
    print(
        f"{root}: {len(codes)} procedures, {len(localities)} localities, {len(agencies)} agencies, "
        f"{len(decisions)} decisions ({future} effective after 2026-11-26), {events} events, "
        f"{len(files)} files under files/, {count} files, {size} bytes; "
        f"{warnings} not-in-force events, {len(unannounced)} unannounced"
    )
    print("  items by action: " + ", ".join(f"{a} {actions[a]}" for a in ("new", "amended", "replaced", "abolished")))
    for p in problems[:40]:
        print("  problem:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/synth-national"))
