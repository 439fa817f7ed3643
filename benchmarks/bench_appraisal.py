"""The cycle's benchmark: a year of N units through survey results and two appraisal rounds,
each step timed as the command runs it (`scoring.appraisal.service`), on a SQLite store.

    .venv/bin/python benchmarks/bench_appraisal.py [--units 20 50 100] [--keep DIR]

Units are synthetic units of the 2024 index (`bench_engine.synthetic_unit`), recorded first
(not timed). Then, per N: the survey workbook generated, filled (openpyxl, not timed) and
imported; the round-1 workbook generated (one sheet per unit), filled with one adjustment per
unit (not timed) and imported; round 1 locked; the answers workbooks generated; round 2
generated and locked; `status` (every unit's final points). Wall time of each step, the
workbooks' sizes, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_engine import synthetic_unit  # noqa: E402
from cycle_support import rows_of  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from scoring.appraisal import service  # noqa: E402
from scoring.appraisal.cycle import Cycle  # noqa: E402
from scoring.appraisal.service import Heading  # noqa: E402
from scoring.engine import evaluate  # noqa: E402
from scoring.evidence_io import evidence_from_data  # noqa: E402
from scoring.ruleset import load_ruleset  # noqa: E402
from scoring.store import Submission, open_store  # noqa: E402


def timed(label: str, fn, out: dict):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    value = fn()
    out[label] = time.perf_counter() - t0
    return value


def run(n: int, folder: Path, loaded) -> dict:  # type: ignore[no-untyped-def]
    rng = random.Random(n)
    db = folder / "cchc.sqlite"
    times: dict[str, float] = {}
    with open_store(db) as store:
        for i in range(n):
            data = synthetic_unit(loaded.ruleset, i, rng)
            data["unit"], data["year"] = f"Đơn vị số {i + 1:03d}", 2024
            result = evaluate(loaded, evidence_from_data(data))
            store.record(Submission.of_bytes(f"{i}.yaml", str(i).encode()), result, loaded)
        timed("survey new", lambda: service.survey_new(store, None, None, folder / "xhh.xlsx", Heading()), times)
        wb = load_workbook(folder / "xhh.xlsx")
        ws = wb.active
        for row in ws.iter_rows():
            if row[0].value == "unit":
                for cell in row[3:]:
                    if cell.protection.locked is False:
                        cell.value = round(rng.uniform(0.7, 0.99), 4)
        wb.save(folder / "xhh-da-nhap.xlsx")
        timed("survey import", lambda: service.survey_import(store, folder / "xhh-da-nhap.xlsx", None, None), times)
        timed("round 1 new", lambda: service.round_new(store, None, None, 1, None, folder / "v1.xlsx", Heading()),
              times)
        wb = load_workbook(folder / "v1.xlsx")
        for ws in [w for w in wb.worksheets[1:] if w.title != "_cchc"]:
            rows = rows_of(ws)
            ws[f"I{rows['1.1.1']}"] = 0
            ws[f"J{rows['1.1.1']}"] = "Thiếu TLKC"
            ws[f"K{rows['1.6']}"] = "Đề nghị giải trình"
        wb.save(folder / "v1-da-dien.xlsx")
        timed("round 1 import", lambda: service.round_import(store, folder / "v1-da-dien.xlsx"), times)
        timed("round 1 lock", lambda: service.lock(store, None, None, 1, False), times)
        (folder / "giai-trinh").mkdir()
        timed("answers new", lambda: service.answers_new(store, None, None, None, folder / "giai-trinh", Heading()),
              times)
        timed("round 2 new", lambda: service.round_new(store, None, None, 2, None, folder / "v2.xlsx", Heading()),
              times)
        timed("round 2 lock", lambda: service.lock(store, None, None, 2, False), times)
        timed("status", lambda: Cycle.load(store, "par-so-2024", 2024).finals(), times)
    times["v1.xlsx MB"] = (folder / "v1.xlsx").stat().st_size / 1e6
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, nargs="+", default=[20, 50, 100])
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    loaded = load_ruleset(ROOT / "rules" / "par-so-2024.yaml")
    for n in args.units:
        with tempfile.TemporaryDirectory() as tmp:
            folder = args.keep / str(n) if args.keep else Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            times = run(n, folder, loaded)
        shown = ", ".join(f"{k} {v:.2f}{'' if k.endswith('MB') else ' s'}" for k, v in times.items())
        print(f"{n} units: {shown}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
