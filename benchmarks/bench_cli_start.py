"""Cold start of the command line: wall time of fresh `scoring` processes, and the slowest
imports of `scoring --help`.

    .venv/bin/python benchmarks/bench_cli_start.py [--runs 30]

Each command runs `--runs` times in a new process (after 3 warm-up runs, so the OS file
cache is warm, as it is for a user typing commands); min, median and max are printed in
milliseconds, with a bare `python -c pass` for reference. Target (issue 7): `scoring --help`
≤ 250 ms. `hyperfine -N --warmup 3 '.venv/bin/scoring --help'` gives the same figure.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
SCORING = PYTHON.with_name("scoring")
COMMANDS = {
    "python -c pass": [str(PYTHON), "-c", "pass"],
    "scoring --help": [str(SCORING), "--help"],
    "scoring score --help": [str(SCORING), "score", "--help"],
    "scoring version": [str(SCORING), "version"],
    "scoring score (example .yaml)": [str(SCORING), "score", str(ROOT / "workbooks/examples/so-gddt-hai-phong-2023.yaml")],
}


def timed(argv: list[str], runs: int) -> list[float]:
    for _ in range(3):
        subprocess.run(argv, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return times


def slowest_imports(argv: list[str], top: int = 12) -> list[tuple[int, str]]:
    done = subprocess.run([str(PYTHON), "-X", "importtime", "-c",
                           "import sys; from scoring.cli import main; sys.argv = ['scoring', *sys.argv[1:]]; main()",
                           *argv], capture_output=True, text=True, check=False)
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
            if cumulative.isdigit():
                rows.append((int(cumulative), name))
    return sorted(rows, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print(f"{'command':32} {'min':>8} {'median':>8} {'max':>8}   (ms, {args.runs} runs)")
    for name, argv in COMMANDS.items():
        times = timed(argv, args.runs)
        print(f"{name:32} {min(times):8.1f} {statistics.median(times):8.1f} {max(times):8.1f}")
    print("\nslowest imports of `scoring --help` (cumulative µs):")
    for micros, name in slowest_imports(["--help"]):
        print(f"  {micros:8d}  {name}")


if __name__ == "__main__":
    main()
