"""Store benchmark: recording scored results with their findings and traces, the database's
size, and `verify` over all of them, on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/bench_store.py [--results 1000] [--postgres URL] [--keep DIR]

Results are made first (not timed as storing): synthetic units of the 2024 index, as the
engine benchmark makes them (`bench_engine.synthetic_unit`), half of them a unit's 2023 file
and half its 2024 file, so `history` has two years to compare. Then, per backend:

- record: each result through `Store.record` (one transaction each, as consolidation
  records), wall time in total and per result (median, p95);
- size: the SQLite file (after the last connection closes and the WAL is checkpointed), or
  the store's tables on PostgreSQL (`pg_total_relation_size`, indexes and TOAST included);
- verify: `Store.verify` over everything (the chain, every row's hash, every result
  rebuilt and replayed against its stored rule set);
- history and explain: one unit each, median of 20.

PostgreSQL: `--postgres` (default `CCHC_TEST_POSTGRES_URL`, which `.ci/postgres start`
prints) names a server; a fresh database is created there and dropped afterwards. Measure
with a server whose fsync is on (not `CCHC_PG_FAST=1`).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_engine import synthetic_unit  # noqa: E402

from scoring.engine import evaluate  # noqa: E402
from scoring.evidence_io import evidence_from_data  # noqa: E402
from scoring.ruleset import load_ruleset  # noqa: E402
from scoring.store import Submission, open_store  # noqa: E402


def make_results(loaded, n: int) -> list:  # type: ignore[no-untyped-def]
    rng = random.Random(2024)
    out = []
    for i in range(n):
        data = synthetic_unit(loaded.ruleset, i, rng)
        data["unit"] = f"Đơn vị số {i // 2 + 1}"
        data["year"] = 2023 + i % 2
        out.append(evaluate(loaded, evidence_from_data(data)))
    return out


def bench(url: str, loaded, results: list, size) -> dict:  # type: ignore[no-untyped-def]
    times = []
    t0 = time.perf_counter()
    with open_store(url) as store:
        opened = time.perf_counter() - t0
        start = time.perf_counter()
        for i, result in enumerate(results):
            submission = Submission.of_bytes(f"don-vi-{i}.xlsx", f"{i}".encode())
            t = time.perf_counter()
            store.record(submission, result, loaded)
            times.append(time.perf_counter() - t)
        recording = time.perf_counter() - start
    stored = size()
    with open_store(url) as store:
        t = time.perf_counter()
        report = store.verify()
        verifying = time.perf_counter() - t
        assert report.ok, report.problems[:5]
        unit = store.find_unit("Đơn vị số 7")
        history, explain = [], []
        for _ in range(20):
            t = time.perf_counter()
            store.history(unit)
            history.append(time.perf_counter() - t)
            t = time.perf_counter()
            store.explain(unit, "1.6")
            explain.append(time.perf_counter() - t)
    times.sort()
    return {"open": opened, "record": recording, "median": statistics.median(times),
            "p95": times[int(len(times) * 0.95) - 1], "size": stored, "verify": verifying,
            "replayed": report.replayed, "history": statistics.median(history), "explain": statistics.median(explain)}


def sqlite_size(path: Path):  # type: ignore[no-untyped-def]
    def size() -> int:
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return size


def postgres_database(server: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    from scoring.store import resolve

    admin = create_engine(resolve(server).url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    name = "cchc_bench_" + secrets.token_hex(4)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(resolve(server).url).set(database=name).render_as_string(hide_password=False)

    def size() -> int:
        engine = create_engine(url, poolclass=NullPool)
        with engine.connect() as conn:
            total = conn.execute(text(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
            )).scalar()
        engine.dispose()
        return int(total)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, size, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=1000)
    parser.add_argument("--rules", default=str(ROOT / "rules" / "par-so-2024.yaml"))
    parser.add_argument("--postgres", default=os.environ.get("CCHC_TEST_POSTGRES_URL"),
                        help="a PostgreSQL server URL (a database is created there and dropped)")
    parser.add_argument("--keep", type=Path, help="keep the SQLite store in this folder")
    args = parser.parse_args()

    loaded = load_ruleset(args.rules)
    t = time.perf_counter()
    results = make_results(loaded, args.results)
    made = time.perf_counter() - t
    findings = sum(len(r.findings) for r in results)
    trace_kb = statistics.mean(len(r.trace.model_dump_json()) for r in results) / 1024
    print(f"{args.results} results of {len(loaded.ruleset.items())} items: {findings / args.results:.0f} findings "
          f"and a {trace_kb:.0f} KB trace each (made in {made:.1f} s, not counted below)")

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        path = folder / f"bench-{secrets.token_hex(3)}.sqlite"
        rows.append(("SQLite", bench(str(path), loaded, results, sqlite_size(path))))
    if args.postgres:
        url, size, drop = postgres_database(args.postgres)
        try:
            rows.append(("PostgreSQL", bench(url, loaded, results, size)))
        finally:
            drop()
    else:
        print("PostgreSQL: skipped (no --postgres and no CCHC_TEST_POSTGRES_URL)")

    print(f"{'backend':<11} {'record all':>10} {'per result':>11} {'p95':>7} {'results/s':>9} {'size':>9} "
          f"{'per result':>10} {'verify':>8} {'per result':>10} {'history':>8} {'explain':>8}")
    for name, r in rows:
        n = args.results
        print(f"{name:<11} {r['record']:>9.1f}s {r['median'] * 1000:>9.1f}ms {r['p95'] * 1000:>5.1f}ms "
              f"{n / r['record']:>9.0f} {r['size'] / 1e6:>7.1f}MB {r['size'] / n / 1024:>8.0f}KB "
              f"{r['verify']:>7.1f}s {r['verify'] / n * 1000:>8.1f}ms {r['history'] * 1000:>6.1f}ms "
              f"{r['explain'] * 1000:>6.1f}ms")


if __name__ == "__main__":
    main()
