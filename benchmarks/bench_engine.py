"""Engine benchmark: score N synthetic units and show where the time goes.

    .venv/bin/python benchmarks/bench_engine.py [--sizes 10 100 1000] [--rules rules/par-so-2024.yaml]

Synthetic units fill ~90% of the inputs of every item with plausible values (counts
with parts ≤ wholes, dates around the deadlines, Có/Không, choices, survey rates),
so every scoring method and most findings are exercised. Prints units/s, peak RSS,
and the split: loading (evidence validation), prepare (parsing, checks), durable_rules
(facts in, fired rows out), results (points, findings, trace, totals).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring import engine  # noqa: E402
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


def run(loaded, size: int, seed: int) -> dict:
    rng = random.Random(seed)
    raw = [synthetic_unit(loaded.ruleset, n, rng) for n in range(size)]
    gc.collect()
    engine.TIMINGS.__init__()
    t0 = time.perf_counter()
    evidences = [evidence_from_data(d) for d in raw]
    t1 = time.perf_counter()
    findings = 0
    for ev in evidences:
        findings += len(engine.evaluate(loaded, ev).findings)
    t2 = time.perf_counter()
    t = engine.TIMINGS
    total = t2 - t0
    return {"size": size, "units_per_s": size / total, "evaluate_per_s": size / (t2 - t1), "load": t1 - t0,
            "prepare": t.prepare, "durable": t.rete, "results": t.results, "total": total,
            "findings": findings / size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--rules", default=str(ROOT / "rules" / "par-so-2024.yaml"))
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    t = time.perf_counter()
    loaded = load_ruleset(args.rules)
    t_rules = time.perf_counter() - t
    t = time.perf_counter()
    engine.evaluate(loaded, evidence_from_data(synthetic_unit(loaded.ruleset, 0, random.Random(0))))  # compile + warm up
    t_first = time.perf_counter() - t
    items = len(loaded.ruleset.items())
    print(f"Rule set {loaded.ruleset.id}: {items} items; load + validate {t_rules * 1e3:.0f} ms; "
          f"compile durable_rules + first unit {t_first * 1e3:.0f} ms")
    print(f"{'units':>6} {'units/s':>8} {'eval/s':>7} {'ms/unit':>8} | {'load':>5} {'prepare':>7} {'durable':>7} "
          f"{'results':>7} (ms/unit) | findings/unit  peak RSS")
    for size in args.sizes:
        r = run(loaded, size, args.seed + size)

        def per(key: str, r: dict = r, size: int = size) -> float:
            return r[key] / size * 1e3
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{size:>6} {r['units_per_s']:>8.0f} {r['evaluate_per_s']:>7.0f} {per('total'):>8.2f} | {per('load'):>5.2f} "
              f"{per('prepare'):>7.2f} {per('durable'):>7.2f} {per('results'):>7.2f}           | {r['findings']:>6.1f}"
              f"       {rss:.0f} MB")


if __name__ == "__main__":
    main()
