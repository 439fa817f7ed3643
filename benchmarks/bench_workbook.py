"""Workbook benchmark on the bundled example: generate, read (python-calamine and openpyxl), and
write the scored copy.

    .venv/bin/python benchmarks/bench_workbook.py [--rounds 20]

Each step is timed as CPU time of this process (the work is single-threaded; other processes on
the machine do not count), best and median of `--rounds`, after one warm-up:
- generate: `build_workbook` + `fill_workbook` (the example's evidence) + save, what
  `scoring workbook new --from` does;
- read: `read_workbook` (package checks, calamine values, Evidence) and, for comparison, the same
  with openpyxl's two passes;
- scored copy: `scored_bytes` (load with openpyxl, write points, findings, «Tổng hợp», «Truy vết»,
  save). Targets (issue 8): generate and scored copy each ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.engine import evaluate  # noqa: E402
from scoring.evidence_io import load_evidence  # noqa: E402
from scoring.ruleset import find_ruleset  # noqa: E402
from scoring.workbook.fill import fill_workbook  # noqa: E402
from scoring.workbook.generate import Office, build_workbook, save_workbook  # noqa: E402
from scoring.workbook.grids import read_grids  # noqa: E402
from scoring.workbook.read import grids_from_bytes, load_package, read_workbook, read_workbook_bytes  # noqa: E402
from scoring.workbook.spec import INPUT_SHEET  # noqa: E402
from scoring.workbook.write import scored_bytes  # noqa: E402

EXAMPLE = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.xlsx"
EVIDENCE = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.yaml"


def cpu_ms(step, rounds: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    step()
    times = []
    for _ in range(rounds):
        start = time.process_time()
        step()
        times.append((time.process_time() - start) * 1000)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    loaded = find_ruleset("par-so-2024")
    evidence = load_evidence(EVIDENCE)
    office = Office.resolve(loaded, agency="UBND thành phố Hải Phòng")

    def generate() -> bytes:
        wb = build_workbook(loaded, evidence.unit, year=evidence.year, office=office)
        fill_workbook(wb, loaded, evidence)
        return save_workbook(wb)

    data, read = read_workbook_bytes(EXAMPLE)
    result = evaluate(read.ruleset, read.evidence)

    def read_openpyxl() -> object:
        raw, package = load_package(EXAMPLE)
        return read_grids(grids_from_bytes(raw, EXAMPLE), file=str(EXAMPLE), merges=package.merges_of(INPUT_SHEET))

    steps = {
        "generate (workbook new --from)": generate,
        "read (calamine)": lambda: read_workbook(EXAMPLE),
        "read (openpyxl, two passes)": read_openpyxl,
        "scored copy": lambda: scored_bytes(data, result, read),
    }
    print(f"{'step':32} {'best ms':>8} {'median ms':>10}   (CPU time, {args.rounds} rounds)")
    for name, step in steps.items():
        best, median = cpu_ms(step, args.rounds)
        print(f"{name:32} {best:>8.1f} {median:>10.1f}")


if __name__ == "__main__":
    main()
