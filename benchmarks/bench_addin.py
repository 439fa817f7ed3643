"""Latency of the Excel add-in: «Chấm điểm» on a full workbook and one =CCHC.DIEM call.

    .venv/bin/python benchmarks/bench_addin.py [--runs 200]

Two measures for each:
- server-side: what the route does, in this process (parse the request JSON, build the
  xlwings Book, run the script or function, serialise the answer), no HTTP;
- round trip: the real `scoring addin serve --http` on 127.0.0.1, one keep-alive httpx
  client posting the body that Excel's Office.js client sends.
The floor is stock xlwings Server on the same machine and loopback: a script that reads
a 120-row sheet and writes a column, and a one-line custom function (the issue quotes
3.3 ms and 1.8 ms for them), run here from a throwaway project folder.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "addin"), str(ROOT / "tests")]  # the Office.js payload builder, server runner
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ["XLWINGS_ON_SERVER"] = "true"  # before xlwings is imported

import httpx  # noqa: E402
from addin_support import DEMO, READ_SHEETS  # noqa: E402
from officejs import book_json, filled_workbook  # noqa: E402
from server import addin_server, free_port  # noqa: E402

from scoring.evidence_io import load_evidence  # noqa: E402
from scoring.ruleset import find_ruleset  # noqa: E402

QUOTED_FLOOR = {"script": 3.3, "function": 1.8}

FLOOR_SCRIPTS = '''
import xlwings as xw
from xlwings.server import script


@script
def write_column(book: xw.Book):
    sheet = book.sheets[0]
    values = sheet["A1:C120"].value
    sheet["D1"].options(transpose=True).value = [row[0] for row in values]
'''
FLOOR_FUNCTIONS = '''
from xlwings.server import func


@func
def hello(name):
    return f"Hello {name}!"
'''


def stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"median": statistics.median(ordered) * 1000, "p95": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
            "n": len(ordered)}


def timed(fn, runs: int, warmup: int = 10) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return stats(samples)


def bodies() -> dict[str, dict]:
    loaded = find_ruleset("par-so-2024")
    wb = filled_workbook(loaded, load_evidence(DEMO))
    score = book_json(wb, include=READ_SHEETS)
    diem = {"client": "Office.js", "func_name": "diem", "args": [[["1.6"]], [[224]], [[166]], [[3]], [[55]], [[0]]],
            "caller_address": "Tự đánh giá!N30", "version": "0.37.8", "runtime": "1.4"}
    floor_sheet = [[f"r{i}", i, i * 1.5] for i in range(120)]
    floor = {"client": "Office.js", "version": "0.37.8", "book": {"name": "Book1.xlsx", "active_sheet_index": 0,
             "selection": "A1"}, "names": [], "sheets": [{"name": "Sheet1", "values": floor_sheet, "pictures": [],
                                                          "tables": []}]}
    hello = {"client": "Office.js", "func_name": "hello", "args": [[["xlwings"]]], "caller_address": "Sheet1!B2",
             "version": "0.37.8", "runtime": "1.4"}
    return {"score": score, "diem": diem, "floor_script": floor, "floor_function": hello}


def server_side(b: dict[str, dict], runs: int) -> dict[str, dict]:
    """The route's work without HTTP: JSON in, Book, script/function, JSON out."""
    from scoring.addin import PROJECT_DIR

    sys.path.insert(0, str(PROJECT_DIR))
    import custom_functions
    import custom_scripts
    import xlwings as xw
    import xlwings.server

    score_text = json.dumps(b["score"])
    diem_text = json.dumps(b["diem"])
    score = custom_scripts.score_workbook.__wrapped__  # the coroutine under @script (work in the thread pool)
    loop = asyncio.new_event_loop()

    def run_score():
        book = xw.Book(json=json.loads(score_text))
        loop.run_until_complete(score(book))
        json.dumps(book.json())

    def run_diem():
        data = json.loads(diem_text)
        json.dumps({"result": loop.run_until_complete(xlwings.server.custom_functions_call(data, custom_functions))})

    out = {"score": timed(run_score, runs), "diem": timed(run_diem, runs * 3)}
    loop.close()
    return out


def round_trip(base: str, route_body: list[tuple[str, dict]], runs: int) -> list[dict]:
    out = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for route, body in route_body:
            content = json.dumps(body).encode()

            def post(route=route, content=content):
                r = client.post(route, content=content, headers={"Content-Type": "application/json"})
                assert r.status_code == 200, r.text

            out.append(timed(post, runs))
    return out


def floor_server(log: Path):
    """Stock xlwings Server on a throwaway project folder holding only the floor's script and function."""
    import subprocess
    from contextlib import contextmanager

    @contextmanager
    def run():
        with tempfile.TemporaryDirectory() as project:
            for pkg, code in (("custom_scripts", FLOOR_SCRIPTS), ("custom_functions", FLOOR_FUNCTIONS)):
                (Path(project) / pkg).mkdir()
                (Path(project) / pkg / "__init__.py").write_text(textwrap.dedent(code))
            port = free_port()
            env = {**os.environ, "XLWINGS_PROJECT_DIR": project, "XLWINGS_ENABLE_SOCKETIO": "false"}
            with open(log, "wb") as out:
                proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "xlwings_server.main:main_app", "--host",
                                         "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                                        env=env, stdout=out, stderr=subprocess.STDOUT)
                try:
                    base = f"http://127.0.0.1:{port}"
                    for _ in range(300):
                        try:
                            if httpx.get(base + "/", timeout=1).status_code == 200:
                                break
                        except httpx.HTTPError:
                            time.sleep(0.1)
                    yield base
                finally:
                    proc.terminate()
                    proc.wait(timeout=15)

    return run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    b = bodies()
    score_kb = len(json.dumps(b["score"]).encode()) / 1024
    with tempfile.TemporaryDirectory() as tmp:
        with addin_server(Path(tmp) / "addin.log") as base:
            rt_score, rt_diem = round_trip(base, [("/xlwings/custom-scripts-call/score_workbook", b["score"]),
                                                  ("/xlwings/custom-functions-call", b["diem"])], args.runs)
        with floor_server(Path(tmp) / "floor.log") as base:
            fl_script, fl_function = round_trip(base, [("/xlwings/custom-scripts-call/write_column", b["floor_script"]),
                                                       ("/xlwings/custom-functions-call", b["floor_function"])],
                                                args.runs)
    ss = server_side(b, args.runs)

    rows = [
        ("«Chấm điểm» (score_workbook), full workbook", ss["score"], rt_score, fl_script, QUOTED_FLOOR["script"], 50),
        ("=CCHC.DIEM(\"1.6\"; …) (one custom function)", ss["diem"], rt_diem, fl_function, QUOTED_FLOOR["function"],
         10),
    ]
    print(f"Request body of «Chấm điểm»: {score_kb:.1f} KiB (sheets «{READ_SHEETS[0]}» and «{READ_SHEETS[1]}»)")
    print(f"{'':46s} {'server-side':>21s} {'round trip':>21s} {'floor here':>12s} {'target':>7s}  ratio to floor")
    print(f"{'':46s} {'median':>10s} {'p95':>10s} {'median':>10s} {'p95':>10s} {'median':>12s}")
    figures = {}
    for name, s, r, f, quoted, target in rows:
        print(f"{name:46s} {s['median']:9.2f}ms {s['p95']:9.2f}ms {r['median']:9.2f}ms {r['p95']:9.2f}ms "
              f"{f['median']:10.2f}ms {target:5d}ms  {r['median'] / quoted:.1f}× quoted {quoted} ms, "
              f"{r['median'] / f['median']:.1f}× measured here")
        figures[name] = {"server_side": s, "round_trip": r, "floor_here": f, "floor_quoted_ms": quoted,
                         "target_ms": target}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
