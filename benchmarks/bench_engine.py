"""Engine benchmark: durable_rules alone, points only, and the full evaluation, on the same units.

    .venv/bin/python benchmarks/bench_engine.py [--units 300] [--rounds 3] [--rules rules/par-so-2024.yaml]

Synthetic units fill ~90% of the inputs of every item with plausible values (counts with
parts ≤ wholes, dates around the deadlines, Có/Không, choices, survey rates), so every
scoring method, check and most findings are exercised. For each unit it measures:

  (a) durable_rules alone: the very conversation the engine has with durable_rules for that
      unit (its facts, the outcome facts the actions assert, the index fact), replayed with
      no Python logic around it: JSON in, rules fired out, the context deleted;
  (b) points only: `scoring.engine.score` (evidence → points, totals, classification);
  (c) the full evaluation: `scoring.engine.evaluate` (with findings and trace).

It prints the CPU time per unit of each (process time: the work is single-threaded, and CPU
time does not count the time other processes on the machine take) and the ratios b/a and
c/a (the engine's own cost over durable_rules'), best of `--rounds` rounds, and the peak RSS.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import gc
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.engine import evaluate, score  # noqa: E402
from scoring.engine.compiled import compiled  # noqa: E402
from scoring.engine.rete import Session, rete_for  # noqa: E402
from scoring.evidence_io import evidence_from_data  # noqa: E402
from scoring.models.ruleset import ProportionalMethod, RatioMethod  # noqa: E402
from scoring.ruleset import load_ruleset  # noqa: E402


def synthetic_unit(rs, n: int, rng: random.Random) -> dict:
    year = rs.year
    items = {}
    for item in rs.items():
        values = {}
        for f in item.evidence:
            if rng.random() < 0.1:
                continue
            if f.type == "count":
                values[f.name] = rng.randint(0, 300)
            elif f.type == "number":
                values[f.name] = f"{rng.uniform(0, 5000):.1f}".replace(".", ",")
            elif f.type == "percent":
                values[f.name] = f"{rng.uniform(60, 100):.2f}%".replace(".", ",")
            elif f.type == "date":
                values[f.name] = (dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))).strftime("%d/%m/%Y")
            elif f.type == "document":
                day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 60))
                values[f.name] = f"Kế hoạch số {rng.randint(1, 300)}/KH-SGDĐT ngày {day:%d/%m/%Y}"
            elif f.type == "yes_no":
                values[f.name] = rng.choice(["Có", "Có", "Có", "Không"])
            elif f.type == "choice":
                values[f.name] = rng.choice(f.options).label
            else:
                values[f.name] = "Ghi chú"
        m = item.method
        if isinstance(m, (RatioMethod, ProportionalMethod)) and isinstance(m.numerator, str) and isinstance(m.denominator, str):
            if isinstance(values.get(m.numerator), int) and isinstance(values.get(m.denominator), int):
                values[m.numerator] = min(values[m.numerator], values[m.denominator])
        entry = {"values": values}
        if rng.random() < 0.7:
            entry["documents"] = [f"Báo cáo số {rng.randint(1, 500)}/BC-SGDĐT"]
        items[item.id] = entry
    return {"unit": f"Đơn vị {n}", "year": year, "items": items}


def conversations(loaded, evidences) -> list[list[list[dict]]]:
    """The batches of facts the engine posts to durable_rules for each unit, as it posts them."""
    recorded: list[list[dict]] = []
    post = Session.post

    def recording(self, facts):
        recorded.append(copy.deepcopy(facts))
        return post(self, facts)

    out = []
    Session.post = recording
    try:
        for ev in evidences:
            recorded = []
            evaluate(loaded, ev)
            out.append([[{k: v for k, v in f.items() if k not in ("sid", "id")} for f in batch] for batch in recorded])
    finally:
        Session.post = post
    return out


def durable_alone(loaded, convs) -> float:
    rete = rete_for(compiled(loaded))
    batches = [copy.deepcopy(c) for c in convs]  # post() stamps sid/id into the facts: fresh copies
    t0 = time.process_time()
    for conv in batches:
        with rete.session() as session:
            for facts in conv:
                session.post(facts)
    return time.process_time() - t0


def timed(fn, loaded, evidences) -> float:
    t0 = time.process_time()
    for ev in evidences:
        fn(loaded, ev)
    return time.process_time() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rules", default=str(ROOT / "rules" / "par-so-2024.yaml"))
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    t = time.process_time()
    loaded = load_ruleset(args.rules)
    t_rules = time.process_time() - t
    rng = random.Random(args.seed)
    evidences = [evidence_from_data(synthetic_unit(loaded.ruleset, n, rng)) for n in range(args.units)]
    t = time.process_time()
    evaluate(loaded, evidences[0])  # compile durable_rules + warm up
    t_first = time.process_time() - t
    convs = conversations(loaded, evidences)
    facts = sum(len(b) for c in convs for b in c) / len(convs)
    findings = sum(len(evaluate(loaded, ev).findings) for ev in evidences[:50]) / min(50, len(evidences))
    comp = compiled(loaded)
    print(f"Rule set {loaded.ruleset.id}: {len(comp.items)} items, {len(rete_for(comp).rules)} durable_rules rules; "
          f"load + validate {t_rules * 1e3:.0f} ms; compile + first unit {t_first * 1e3:.0f} ms")
    print(f"{args.units} synthetic units: {facts:.0f} facts and {findings:.0f} findings per unit; best of {args.rounds} rounds")
    best = {"a": float("inf"), "b": float("inf"), "c": float("inf")}
    for _ in range(args.rounds):
        gc.collect()
        best["a"] = min(best["a"], durable_alone(loaded, convs))
        best["b"] = min(best["b"], timed(score, loaded, evidences))
        best["c"] = min(best["c"], timed(evaluate, loaded, evidences))
    per = {k: v / args.units * 1e3 for k, v in best.items()}
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(a) durable_rules alone   {per['a']:6.2f} ms/unit  ({1e3 / per['a']:5.0f} units/s)")
    print(f"(b) points only (score)   {per['b']:6.2f} ms/unit  ({1e3 / per['b']:5.0f} units/s)   b/a = {per['b'] / per['a']:.2f}")
    print(f"(c) full (evaluate)       {per['c']:6.2f} ms/unit  ({1e3 / per['c']:5.0f} units/s)   c/a = {per['c'] / per['a']:.2f}")
    print(f"peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
