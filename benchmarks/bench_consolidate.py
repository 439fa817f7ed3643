"""Consolidation benchmark: `scoring consolidate` over 10, 100 and 1,000 filled unit workbooks.

    .venv/bin/python benchmarks/bench_consolidate.py [--sizes 10,100,1000] [--rounds 2] [--jobs N]

Workbooks are generated in a temporary folder from one workbook made by `scoring workbook new`:
the input cells of its sheet XML get varied values per unit (counts with parts ≤ wholes,
dates around the deadlines, Có/Không, choices, survey rates, ~8% of inputs left blank, cited
documents on most items), so every scoring method and most findings are exercised, as in the
engine benchmark. Generating is not timed.

For each size it prints:
- the end-to-end wall-clock time of the real command (`scoring consolidate FOLDER --out
  x.xlsx --jobs N`, a new process, imports included), best of `--rounds`, and workbooks/s;
- the CPU time of all its processes (parent and workers: what an idle machine would spend,
  whatever else runs on this one) and the load average after the run;
- the peak RSS of the largest process of that run (the parent or a worker);
- the read floor: the time to only read the same files' values (both sheets the reader needs)
  with python-calamine in this one process, as CPU time (other processes on the machine do
  not count) and as wall-clock time;
- consolidation ÷ read floor, and how the time per workbook grows with N.
Targets (issue 8): 1,000 workbooks in under 15 s on the project's 2-core machine;
consolidation ≤ 2× the single-process read floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.ruleset import find_ruleset  # noqa: E402
from scoring.workbook.fill import grids_of  # noqa: E402
from scoring.workbook.generate import build_workbook, save_workbook  # noqa: E402
from scoring.workbook.grids import read_grids  # noqa: E402
from scoring.workbook.spec import DOCUMENTS, INPUT_SHEET, META_SHEET  # noqa: E402

SCORING = Path(sys.executable).with_name("scoring")
_EPOCH = dt.date(1899, 12, 30)


# --------------------------------------------------------------------------- generating workbooks

class Template:
    """One generated workbook and where its input cells are, to stamp units out of it quickly."""

    def __init__(self, loaded) -> None:  # type: ignore[no-untyped-def]
        wb = build_workbook(loaded, "Đơn vị mẫu")
        read = read_grids(grids_of(wb), ruleset=loaded)
        self.loaded = loaded
        self.cells = read.input_cells
        self.unit_cell = read.meta.raw["unit_cell"]
        data = save_workbook(wb)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.parts = {name: z.read(name) for name in z.namelist()}
        self.sheet = _sheet_part(self.parts, INPUT_SHEET)
        self.meta_sheet = _sheet_part(self.parts, META_SHEET)

    def unit(self, name: str, values: dict[str, object]) -> bytes:
        """A workbook for unit `name` with `values` (cell address → value) in its input cells."""
        xml = self.parts[self.sheet].decode("utf-8")
        for address, value in {**values, self.unit_cell: name}.items():
            xml = _set_cell(xml, address, value)
        meta = self.parts[self.meta_sheet].decode("utf-8")
        meta = meta.replace("Đơn vị mẫu", escape(name), 1)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for part, data in self.parts.items():
                if part == self.sheet:
                    data = xml.encode("utf-8")
                elif part == self.meta_sheet:
                    data = meta.encode("utf-8")
                z.writestr(part, data)
        return out.getvalue()


def _sheet_part(parts: dict[str, bytes], title: str) -> str:
    book = parts["xl/workbook.xml"].decode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    rid = re.search(rf'<sheet[^>]*name="{re.escape(escape(title))}"[^>]*r:id="([^"]+)"', book)
    if rid is None:
        rid = re.search(rf'<sheet[^>]*r:id="([^"]+)"[^>]*name="{re.escape(escape(title))}"', book)
    target = re.search(rf'<Relationship[^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    path = target.group(1).lstrip("/")
    return path if path.startswith("xl/") else "xl/" + path


def _set_cell(xml: str, address: str, value: object) -> str:
    pattern = re.compile(rf'<c r="{address}"([^>]*?)(/>|>.*?</c>)', re.S)
    m = pattern.search(xml)
    style = re.search(r's="(\d+)"', m.group(1)) if m else None
    s = f' s="{style.group(1)}"' if style else ""
    if value is None:
        cell = f'<c r="{address}"{s}/>'
    elif isinstance(value, (int, float)):
        cell = f'<c r="{address}"{s}><v>{value}</v></c>'
    elif isinstance(value, dt.date):
        cell = f'<c r="{address}"{s}><v>{(value - _EPOCH).days}</v></c>'
    else:
        cell = f'<c r="{address}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'
    if m is None:
        raise KeyError(address)
    return xml[:m.start()] + cell + xml[m.end():]


def unit_values(template: Template, rng: random.Random) -> dict[str, object]:
    """Varied, mostly plausible cell values for every input of the rule set."""
    rs = template.loaded.ruleset
    year = rs.year
    out: dict[str, object] = {}
    for item in rs.items():
        whole = rng.randint(5, 300)
        for n, f in enumerate(item.evidence):
            address = template.cells.get((item.id, f.name))
            if address is None or rng.random() < 0.08:
                continue
            if f.type == "count":
                out[address] = whole if n == 0 else rng.randint(int(whole * 0.6), whole)
            elif f.type == "number":
                out[address] = round(rng.uniform(0, 5000), 1)
            elif f.type == "percent":
                out[address] = round(rng.uniform(0.4, 1.0), 4)
            elif f.type == "date":
                out[address] = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
            elif f.type == "document":
                day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 60))
                out[address] = f"Kế hoạch số {rng.randint(1, 99)}/KH-S ngày {day:%d/%m/%Y}"
            elif f.type == "yes_no":
                out[address] = "Có" if rng.random() < 0.8 else "Không"
            elif f.type == "choice":
                out[address] = rng.choice([o.label for o in f.options or []])
            else:
                out[address] = "Nội dung đã thực hiện"
        docs = template.cells.get((item.id, DOCUMENTS))
        if docs and rng.random() < 0.85:
            out[docs] = f"Báo cáo số {rng.randint(1, 300)}/BC-S ngày 10/12/{year}"
    return out


def generate(folder: Path, n: int, template: Template, seed: int = 8) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        path = folder / f"don-vi-{i + 1:04d}.xlsx"
        path.write_bytes(template.unit(f"Đơn vị số {i + 1}", unit_values(template, rng)))
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- measuring

def read_floor(paths: list[Path]) -> tuple[float, float]:
    """(CPU s, wall s): reading the values of the two sheets the reader needs, with calamine."""
    from python_calamine import CalamineWorkbook

    cpu, wall = time.process_time(), time.perf_counter()
    for path in paths:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
        wb.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False)
        wb.get_sheet_by_name(INPUT_SHEET).to_python(skip_empty_area=False)
        wb.close()
    return time.process_time() - cpu, time.perf_counter() - wall


def consolidate_run(folder: Path, out: Path, jobs: int | None) -> tuple[float, int, str, float]:
    """(wall s, peak RSS KiB of the largest process, first line printed, CPU s of all its
    processes) of the real command."""
    args = [str(SCORING), "consolidate", str(folder), "--out", str(out)] + (["--jobs", str(jobs)] if jobs else [])
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            f"p = subprocess.run({args!r}, capture_output=True, text=True); w = time.perf_counter() - t; "
            "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(w, u.ru_maxrss, p.returncode, u.ru_utime + u.ru_stime); "
            "print(p.stdout.splitlines()[0] if p.stdout else p.stderr[-500:])")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, message = proc.stdout.splitlines()[:2]
    wall, rss, rc, cpu = first.split()
    if rc != "0":
        raise SystemExit(f"consolidate failed ({rc}): {message}")
    return float(wall), int(rss), message, float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--rules", default="par-so-2024")
    parser.add_argument("--keep", action="store_true", help="keep the generated folders (printed)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    template = Template(find_ruleset(args.rules))
    base = Path(tempfile.mkdtemp(prefix="bench-consolidate-"))
    print(f"machine: {os.cpu_count()} CPUs; jobs: {args.jobs or 'all cores'}; python {sys.version.split()[0]}")
    print(f"{'N':>6} {'wall s':>8} {'wb/s':>7} {'ms/wb':>7} {'CPU s':>7} {'peak RSS MiB':>13} {'floor CPU s':>12} "
          f"{'floor wall s':>13} {'ratio':>6} {'load':>5}")
    rows = []
    try:
        for n in sizes:
            folder = base / f"n{n}"
            folder.mkdir()
            paths = generate(folder, n, template)
            out = base / f"tong-hop-{n}.xlsx"
            runs = [consolidate_run(folder, out, args.jobs) for _ in range(args.rounds)]
            wall, rss, message, cpu = min(runs)
            floor_cpu, floor_wall = min(read_floor(paths) for _ in range(args.rounds))
            ratio = wall / floor_wall
            rows.append((n, wall))
            print(f"{n:>6} {wall:>8.2f} {n / wall:>7.1f} {1000 * wall / n:>7.1f} {cpu:>7.2f} {rss / 1024:>13.0f} "
                  f"{floor_cpu:>12.2f} {floor_wall:>13.2f} {ratio:>6.2f} {os.getloadavg()[0]:>5.1f}")
            print(f"       {message}")
            if not args.keep:
                shutil.rmtree(folder)
        if len(rows) > 1:
            (n0, w0), (n1, w1) = rows[0], rows[-1]
            print(f"growth: ×{n1 / n0:.0f} workbooks → ×{w1 / w0:.1f} time; marginal "
                  f"{1000 * (w1 - w0) / (n1 - n0):.1f} ms/workbook (start-up ≈ {w0 - n0 * (w1 - w0) / (n1 - n0):.2f} s)")
        print(f"this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    finally:
        if args.keep:
            print(f"kept: {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
