"""`scoring --help` stays light: the engine, the models, openpyxl, rich, jsonschema and YAML are
imported by the commands that use them, not at start-up (timings: benchmarks/bench_cli_start.py)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pydantic", "openpyxl", "rich", "jsonschema", "yaml", "durable", "xlwings", "uvicorn",
         "scoring.engine", "scoring.models", "scoring.ruleset", "scoring.workbook", "scoring.cli.report")
PROBE = f"""
import sys
sys.argv = ["scoring", "--help"]
from scoring.cli import main
try:
    main()
except SystemExit:
    pass
print(sorted(m for m in sys.modules if m.split(".")[0] in {{h.split(".")[0] for h in {HEAVY!r}}}
             and any(m == h or m.startswith(h + ".") for h in {HEAVY!r})), file=sys.stderr)
"""


def test_help_imports_no_heavy_module():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert done.stdout.startswith("Cách dùng: scoring [TÙY CHỌN] LỆNH [THAM SỐ]...")
    assert done.stderr.strip() == "[]"
