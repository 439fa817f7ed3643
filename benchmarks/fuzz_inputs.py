"""Fuzz the inputs: mutated workbooks, evidence files and add-in requests; count what goes wrong.

    .venv/bin/python benchmarks/fuzz_inputs.py [--workbooks 600] [--evidence 1500] [--requests 1200]
                                               [--seed 1] [--jobs 2] [--hang 5]

Each case is one input, mutated from a real one (a generated workbook filled with the demo
unit's evidence, the demo evidence as YAML and JSON, the book JSON and formula calls Excel's
Office.js client sends), and goes the whole way a user's would: read, score, write the
scored copy (workbooks) or serialise the result (evidence); requests go to the real
`scoring addin serve` on 127.0.0.1. Outcomes:

- ok / refused: scored, or refused with a ScoringError (a Vietnamese message; the CLI
  prints exactly that);
- crash: any other exception (a traceback for the user), or an HTTP 5xx answer;
- hang: a case that took longer than --hang seconds (it is stopped after 60 s);
- leak: a refusal, finding or answer with English text (library messages) or an unfilled
  {placeholder}, outside the «quoted» user values;
- changed: an input file modified by reading it.
The first examples of each problem are printed with their mutation, to reproduce them.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing as mp
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "hostile"), str(ROOT / "tests" / "addin"), str(ROOT / "tests"),
                str(ROOT / "tests" / "workbook")]
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

DEMO = ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.yaml"
ENGLISH = re.compile(r"\b(error|invalid|expected|found|exception|traceback|input should|field required|no such file|"
                     r"permission denied|is not|must be|should be|unexpected|failed|cannot|can't|not allowed|"
                     r"an error occurred|while parsing|while scanning|line \d|column \d|zip file|not found|"
                     r"method not allowed|detail)\b", re.I)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")

HOSTILE_VALUES: list[Any] = [
    "#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#SPILL!", "١٠٠", "１００", "9" * 400, "1e400", "-5", "2,5", "=1+1",
    "+A1", "@SUM(A1)", "-x", "Không áp dụng", "N/A", "Có", "Không", "x" * 40_000, "\x1b[2J\x07", "\ud800", "",
    "   ", "25/01/2024", "31/02/2024", "ngày 13 tháng 1 năm 2024", "93,81%", "150%", "1.343", "1,343,000",
    "Kế hoạch số 04/KH-SGDĐT ngày 13/01/2023", 10 ** 20, -1, 0, 1.5, 1e308, float("inf"), True, None,
    "2024-01-05T00:00:00.000Z", "\u202eabc", "a\nb\nc", "<script>", "&amp;", "'quoted", "\t",
]


def finding_text(f: Any) -> str:
    """A finding's text (findings are data; older versions carried the text itself)."""
    try:
        from scoring.messages import finding_text as render_finding
    except ImportError:
        return f.message
    return render_finding(f)


def outside_quotes(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        if ch == "«":
            depth += 1
        elif ch == "»":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def leaks(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        plain = outside_quotes(text)
        if ENGLISH.search(plain) or PLACEHOLDER.search(plain):
            found.append(text[:200])
    return found


# --------------------------------------------------------------------------- workbook mutations

def _xml_parts(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]


def mutate_workbook(base: bytes, cells: dict, rnd: random.Random) -> tuple[bytes, str]:
    import hostile_files as hf

    from scoring.workbook.spec import INPUT_SHEET, META_SHEET

    op = rnd.choice(["cells", "cells", "cells", "meta", "xml", "xml", "zip", "builder"])
    if op == "cells":
        keys = rnd.sample(sorted(cells), k=rnd.randint(1, 6))
        changes = {k: rnd.choice(HOSTILE_VALUES) for k in keys}

        def change(wb):  # type: ignore[no-untyped-def]
            ws = wb[INPUT_SHEET]
            for (item, name), value in changes.items():
                try:
                    ws[cells[(item, name)]] = value
                except Exception:  # openpyxl refuses some values itself (control characters): skip those
                    pass
        return hf.with_openpyxl(base, change), f"cells {[(k, repr(v)[:30]) for k, v in changes.items()]}"
    if op == "meta":
        key = rnd.choice(["template", "template_version", "ruleset_id", "ruleset_version", "ruleset_hash", "year",
                          "unit", "unit_cell", "col:value", "col:points", "col:findings", "col:key", "deadline"])
        value = rnd.choice(HOSTILE_VALUES + ["G", "A", "ZZZ", "par-so-2026", "/etc/passwd", "2.0", "1999"])
        return hf.meta_value(base, key, "" if value is None else str(value)), f"meta {key}={repr(value)[:40]}"
    if op == "xml":
        files = hf.parts(base)
        name = rnd.choice(_xml_parts(base))
        blob = bytearray(files[name])
        kind = rnd.choice(["flip", "delete", "duplicate", "insert", "truncate", "attr"])
        at = rnd.randrange(max(1, len(blob)))
        if kind == "flip":
            for _ in range(rnd.randint(1, 8)):
                blob[rnd.randrange(len(blob))] = rnd.randrange(256)
        elif kind == "delete":
            del blob[at: at + rnd.randint(1, 200)]
        elif kind == "duplicate":
            blob[at:at] = blob[at: at + rnd.randint(1, 400)]
        elif kind == "insert":
            blob[at:at] = rnd.choice([b"<c r=\"XFD1\"><v>1</v></c>", b"<!--x-->", b"&amp;", b"<mergeCell ref=\"A1:M40\"/>",
                                      b"\x00", b"<row r=\"1048576\"/>", b"]]>"])
        elif kind == "truncate":
            del blob[at:]
        else:
            blob[at:at] = b' x="' + b"y" * rnd.choice([10, 10_000, 600_000]) + b'"'
        files[name] = bytes(blob)
        return hf.repack(files), f"xml {kind} in {name} at {at}"
    if op == "zip":
        data = bytearray(base)
        kind = rnd.choice(["truncate", "flip", "drop"])
        if kind == "truncate":
            return bytes(data[: rnd.randrange(len(data))]), "zip truncate"
        if kind == "flip":
            for _ in range(rnd.randint(1, 10)):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
            return bytes(data), "zip flip"
        files = hf.parts(base)
        files.pop(rnd.choice(sorted(files)))
        return hf.repack(files), "zip drop member"
    builder = rnd.choice(["attr", "far", "merge_in", "merge_out", "rename", "error", "number", "doctype"])
    row = cells[("1.6", "row")]
    if builder == "attr":
        return hf.huge_attribute(base, rnd.choice([100_000, 2_000_000, 25_000_000])), "builder huge attribute"
    if builder == "far":
        return hf.far_cells(base, rows=rnd.choice([10, 8000]), first_row=rnd.choice([40, 2000, 19_000])), "builder far"
    if builder == "merge_in":
        col = rnd.choice("GIJK")
        return hf.merge_cells(base, [f"{col}{row}:{col}{row + rnd.randint(1, 3)}"]), "builder merge input"
    if builder == "merge_out":
        return hf.merge_cells(base, [f"L{row}:M{row}"]), "builder merge output"
    if builder == "rename":
        return hf.rename_sheet(base, rnd.choice([INPUT_SHEET, "Tổng hợp", "Truy vết", META_SHEET]),
                               rnd.choice(["tự đánh giá", "TỔNG HỢP", "truy vết", "_CCHC", "Khác"])), "builder rename"
    if builder == "error":
        key = rnd.choice(sorted(k for k in cells if k[1] != "row"))
        return hf.error_cell(base, cells[key], rnd.choice(["#REF!", "#N/A", "#SPILL!"])), f"builder error {key}"
    if builder == "number":
        key = rnd.choice(sorted(k for k in cells if k[1] != "row"))
        return hf.number_cell(base, cells[key], rnd.choice(["9" * 5000, "9" * 400, "1e999"])), f"builder number {key}"
    return hf.doctype(base), "builder doctype"


def run_workbook(data: bytes, workdir: str) -> dict[str, Any]:
    from scoring.engine import evaluate
    from scoring.errors import ScoringError
    from scoring.workbook.read import read_workbook
    from scoring.workbook.write import write_scored

    path = Path(workdir) / f"so-{os.getpid()}.xlsx"
    path.write_bytes(data)
    out = Path(workdir) / f"so-{os.getpid()}-da-cham.xlsx"
    try:
        read = read_workbook(path)
        result = evaluate(read.ruleset, read.evidence)
        result.model_dump_json()
        write_scored(path, result, out, read=read)
        again = read_workbook(out)
        evaluate(again.ruleset, again.evidence)
        texts = [finding_text(f) for f in result.findings]
        outcome = "ok"
    except ScoringError as exc:
        texts, outcome = [str(exc)], "refused"
    changed = path.read_bytes() != data
    return {"outcome": outcome, "leaks": leaks(texts), "changed": changed}


# --------------------------------------------------------------------------- evidence mutations

def mutate_evidence(yaml_text: str, data: dict, rnd: random.Random) -> tuple[str, str, str]:
    op = rnd.choice(["bytes", "tokens", "values", "values", "structure"])
    suffix = rnd.choice([".yaml", ".json"])
    if op in ("values", "structure"):
        doc = json.loads(json.dumps(data, default=str))
        items = doc.setdefault("items", {})
        for _ in range(rnd.randint(1, 5)):
            item = rnd.choice(sorted(items) + ["9.9.9", "1.6"])
            entry = items.setdefault(item, {})
            if op == "values":
                values = entry.setdefault("values", {})
                values[rnd.choice(sorted(values) or ["x"])] = rnd.choice(HOSTILE_VALUES + [[1], {"value": [2]}])
            else:
                key = rnd.choice(["values", "documents", "explanation", "not_applicable", "cell", "unit", "year",
                                  "ruleset", "problems", "items"])
                target = doc if key in ("unit", "year", "ruleset", "problems", "items") else entry
                target[key] = rnd.choice(HOSTILE_VALUES + [[], {}, [{"x": 1}], {"a": {"b": [1, 2]}}])
        if suffix == ".json":
            text = json.dumps(doc, ensure_ascii=rnd.random() < 0.5, default=str)
        else:
            import yaml

            text = yaml.safe_dump(doc, allow_unicode=True)
        return text, suffix, f"{op} ({suffix})"
    text = yaml_text if suffix == ".yaml" else json.dumps(data, ensure_ascii=False, default=str)
    chars = list(text)
    if op == "bytes":
        for _ in range(rnd.randint(1, 10)):
            at = rnd.randrange(len(chars))
            kind = rnd.random()
            if kind < 0.4:
                chars[at] = chr(rnd.choice([0x09, 0x0A, 0x22, 0x27, 0x3A, 0x2C, 0x7B, 0x5B, 0x26, 0x2A, 0x21, 0x23,
                                            0xD800, 0x1B, 0x00, 0x85, 0xFEFF, 0x202E, rnd.randrange(0x20, 0x3000)]))
            elif kind < 0.7:
                del chars[at: at + rnd.randint(1, 30)]
            else:
                chars[at:at] = chars[at: at + rnd.randint(1, 200)]
        return "".join(chars), suffix, f"bytes ({suffix})"
    lines = text.splitlines(keepends=True)
    kind = rnd.choice(["duplicate line", "anchor", "deep", "bomb", "long", "tab"])
    at = rnd.randrange(len(lines))
    if kind == "duplicate line":
        lines.insert(at, lines[at])
    elif kind == "anchor":
        lines[at] = lines[at].replace(": ", ": &a ", 1) + "x: *a\n"
    elif kind == "deep":
        lines.append("deep: " + "[" * rnd.choice([500, 5000]) + "]" * 5000 + "\n")
    elif kind == "bomb":
        import hostile_files as hf

        lines = [hf.YAML_BOMB]
    elif kind == "long":
        lines.append("unit: " + "Đ" * rnd.choice([10_000, 1_000_000]) + "\n")
    else:
        lines[at] = "\t" + lines[at]
    return "".join(lines), suffix, f"tokens {kind} ({suffix})"


def run_evidence(text: str, suffix: str, workdir: str) -> dict[str, Any]:
    from scoring.engine import evaluate
    from scoring.errors import ScoringError
    from scoring.evidence_io import load_evidence
    from scoring.ruleset import find_ruleset

    path = Path(workdir) / f"so-lieu-{os.getpid()}{suffix}"
    raw = text.encode("utf-8", "surrogatepass")
    path.write_bytes(raw)
    try:
        evidence = load_evidence(path)
        try:
            loaded = find_ruleset(evidence.ruleset, version=evidence.ruleset_version)
        except ScoringError:
            loaded = find_ruleset("par-so-2024")
        result = evaluate(loaded, evidence)
        json.loads(result.model_dump_json())
        texts, outcome = [finding_text(f) for f in result.findings], "ok"
    except ScoringError as exc:
        texts, outcome = [str(exc)], "refused"
    return {"outcome": outcome, "leaks": leaks(texts), "changed": path.read_bytes() != raw}


# --------------------------------------------------------------------------- the worker

_STATE: dict[str, Any] = {}


def _init(kind: str) -> None:
    signal.signal(signal.SIGALRM, _timeout)
    from officejs import filled_workbook  # noqa: F401 - warm imports once per worker

    from scoring.evidence_io import load_evidence
    from scoring.ruleset import find_ruleset
    from scoring.workbook.generate import save_workbook
    from scoring.workbook.grids import read_grids
    from scoring.workbook.read import grids_from_bytes

    loaded = find_ruleset("par-so-2024")
    evidence = load_evidence(DEMO)
    wb = filled_workbook(loaded, evidence)
    base = save_workbook(wb)
    read = read_grids(grids_from_bytes(base), file="so.xlsx")
    cells = dict(read.input_cells)
    cells.update({(i, "row"): rows[0] for i, rows in read.item_rows.items()})
    import yaml

    _STATE.update(base=base, cells=cells, yaml=DEMO.read_text(encoding="utf-8"),
                  data=yaml.safe_load(DEMO.read_text(encoding="utf-8")), workdir=tempfile.mkdtemp(prefix="fuzz-"))


def _timeout(*_: Any) -> None:
    raise TimeoutError


def case(args: tuple[str, int]) -> dict[str, Any]:
    kind, seed = args
    rnd = random.Random(seed)
    started = time.monotonic()
    description = "?"
    signal.alarm(60)
    try:
        try:  # building the mutated input is the fuzzer's job: its own failures are not the program's
            if kind == "workbook":
                data, description = mutate_workbook(_STATE["base"], _STATE["cells"], rnd)
            else:
                text, suffix, description = mutate_evidence(_STATE["yaml"], _STATE["data"], rnd)
        except Exception:
            signal.alarm(0)
            return {"outcome": "skipped", "leaks": [], "changed": False, "seconds": 0.0, "seed": seed,
                    "mutation": "?"}
        if kind == "workbook":
            outcome = run_workbook(data, _STATE["workdir"])
        else:
            outcome = run_evidence(text, suffix, _STATE["workdir"])
    except TimeoutError:
        outcome = {"outcome": "hang", "leaks": [], "changed": False}
    except Exception as exc:
        outcome = {"outcome": "crash", "leaks": [], "changed": False,
                   "error": f"{type(exc).__name__}: {str(exc)[:200]}",
                   "where": traceback.format_exc(limit=-2).strip().splitlines()[-3:]}
    finally:
        signal.alarm(0)
    outcome.update(seconds=time.monotonic() - started, seed=seed, mutation=description)
    return outcome


# --------------------------------------------------------------------------- requests

def fuzz_requests(count: int, seed: int, hang: float) -> Counter:
    import httpx
    import server as server_module
    from addin_support import open_copy, payload
    from officejs import filled_workbook
    from server import addin_server

    import scoring

    server_module.ROOT = Path(scoring.__file__).resolve().parents[1]  # the server of the code under test

    from scoring.evidence_io import load_evidence
    from scoring.ruleset import find_ruleset

    loaded = find_ruleset("par-so-2024")
    wb = filled_workbook(loaded, load_evidence(DEMO))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "so.xlsx"
        wb.save(path)
        book = payload(open_copy(path))
    rnd = random.Random(seed)
    stats: Counter = Counter()
    examples: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp, addin_server(Path(tmp) / "server.log") as base, \
            httpx.Client(timeout=60) as client:
        for _ in range(count):
            body, path, method, description = _mutate_request(book, rnd)
            started = time.monotonic()
            try:
                r = client.request(method, base + path, content=body, headers={"Content-Type": "application/json"})
                status, text = r.status_code, r.text
            except httpx.HTTPError as exc:
                status, text = 0, type(exc).__name__
            seconds = time.monotonic() - started
            stats["cases"] += 1
            stats["slowest_ms"] = max(stats["slowest_ms"], int(seconds * 1000))
            problem = None
            if status >= 500 or status == 0:
                problem = "crashes"
            elif seconds > hang:
                problem = "hangs"
            elif status != 200 and leaks([text]):
                problem = "leaks"
            stats[problem or ("ok" if status == 200 else "refused")] += 1
            if problem:
                examples.setdefault(problem, []).append(f"{description} → {status} {text[:150]!r}")
    _print_examples(examples)
    return stats


def _mutate_request(book: dict, rnd: random.Random) -> tuple[bytes, str, str, str]:
    func = rnd.random() < 0.5
    if func:
        body: Any = {"client": "Office.js", "func_name": rnd.choice(["diem", "diem_theo", "tong", "chiso"]),
                     "args": [[["1.6"]], [[224]], [[166]]], "caller_address": "Tự đánh giá!N12", "version": "0.37.8",
                     "runtime": "1.4"}
        path = "/xlwings/custom-functions-call"
        if body["func_name"] == "diem_theo":
            body["args"] = [[["par-so-2024"]]] + body["args"]
        if body["func_name"] in ("tong", "chiso"):
            body["args"] = [[["x"]], [["y"]]]
    else:
        body = json.loads(json.dumps(book))
        path = "/xlwings/custom-scripts-call/" + rnd.choice(["score_workbook", "check_workbook", "explain_score"])
    op = rnd.choice(["none", "drop", "type", "value", "name", "args", "raw", "method", "cells", "big"])
    description = f"{'function' if func else 'script'} {op}"
    method = "POST"
    if op == "drop":
        body.pop(rnd.choice(list(body)), None)
    elif op == "type":
        body[rnd.choice(list(body))] = rnd.choice([None, 1, "x", [], {}, [[1]], True])
    elif op == "value":
        key = rnd.choice(list(body))
        body[key] = rnd.choice(HOSTILE_VALUES[:20])
    elif op == "name":
        name = rnd.choice(["__init__", "os", "eval", "../x", "score_workbook ", "ĐIỂM", "x" * 500, "%00", ""])
        if func:
            body["func_name"] = name
        else:
            path = "/xlwings/custom-scripts-call/" + name.replace("/", "%2F")
    elif op == "args" and func:
        body["args"][rnd.randrange(len(body["args"]))] = rnd.choice(
            [{"a": 1}, [[{"a": 1}]], [[1, 2], [3]], [], [[]], "x", [[["nested"]]], [[HOSTILE_VALUES[7]]]])
    elif op == "cells" and not func:
        sheet = rnd.choice(body["sheets"])
        if sheet.get("values") and sheet["values"][0]:
            for _ in range(rnd.randint(1, 10)):
                r = rnd.randrange(len(sheet["values"]))
                c = rnd.randrange(len(sheet["values"][r]))
                value = rnd.choice(HOSTILE_VALUES)
                sheet["values"][r][c] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
    elif op == "method":
        method = rnd.choice(["GET", "PUT", "DELETE", "PATCH"])
    raw = json.dumps(body, allow_nan=True).encode("utf-8", "surrogatepass")
    if op == "raw":
        raw = rnd.choice([raw[: rnd.randrange(len(raw))], raw.replace(b"{", b"[", 1), b"\xff\xfe" + raw, b"",
                          b"null", b"[]", b"{" * 5000])
    if op == "big":
        raw = b'{"pad": "' + b"x" * (6 * 1024 * 1024) + b'"}'
    return raw, path, method, description


# --------------------------------------------------------------------------- report

def _print_examples(examples: dict[str, list[str]]) -> None:
    for problem, lines in examples.items():
        print(f"  {problem}: {len(lines)}; first ones:")
        for line in lines[:5]:
            print(f"    - {line}")


def run_files(kind: str, count: int, seed: int, jobs: int, hang: float) -> Counter:
    stats: Counter = Counter()
    examples: dict[str, list[str]] = {}
    ctx = mp.get_context("fork")
    with ctx.Pool(jobs, initializer=_init, initargs=(kind,), maxtasksperchild=200) as pool:
        for outcome in pool.imap_unordered(case, [(kind, seed * 1_000_003 + i) for i in range(count)], chunksize=4):
            stats["cases"] += 1
            stats[outcome["outcome"]] += 1
            if outcome["outcome"] == "crash":
                examples.setdefault("crashes", []).append(
                    f"seed {outcome['seed']} {outcome['mutation']}: {outcome['error']} at {outcome['where']}")
            if outcome["outcome"] != "hang" and outcome["seconds"] > hang:
                stats["hangs"] += 1
                examples.setdefault("hangs", []).append(
                    f"seed {outcome['seed']} {outcome['mutation']}: {outcome['seconds']:.1f} s")
            if outcome["outcome"] == "hang":
                stats["hangs"] += 1
                examples.setdefault("hangs", []).append(f"seed {outcome['seed']} {outcome['mutation']}: > 60 s")
            if outcome["leaks"]:
                stats["leaks"] += 1
                examples.setdefault("leaks", []).append(f"seed {outcome['seed']} {outcome['mutation']}: "
                                                        f"{outcome['leaks'][0]!r}")
            if outcome["changed"]:
                stats["changed"] += 1
            stats["slowest_ms"] = max(stats["slowest_ms"], int(outcome["seconds"] * 1000))
    _print_examples(examples)
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workbooks", type=int, default=600)
    parser.add_argument("--evidence", type=int, default=1500)
    parser.add_argument("--requests", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=max(1, os.cpu_count() or 1))
    parser.add_argument("--hang", type=float, default=5.0, help="seconds after which a case counts as a hang")
    args = parser.parse_args()
    rows = []
    for kind, count, label in (("workbook", args.workbooks, "workbooks"), ("evidence", args.evidence, "evidence files")):
        if count:
            print(f"{label}: {count} cases…", flush=True)
            started = time.monotonic()
            stats = run_files(kind, count, args.seed, args.jobs, args.hang)
            rows.append((label, stats, time.monotonic() - started))
    if args.requests:
        print(f"add-in requests: {args.requests} cases…", flush=True)
        started = time.monotonic()
        stats = fuzz_requests(args.requests, args.seed, args.hang)
        rows.append(("add-in requests", stats, time.monotonic() - started))
    print()
    print(f"{'input':<16} {'cases':>6} {'ok':>6} {'refused':>8} {'crashes':>8} {'hangs':>6} {'leaks':>6} {'changed':>8}"
          f" {'slowest':>9} {'time':>7}")
    for name, s, seconds in rows:
        slowest = f"{s['slowest_ms'] / 1000:.1f} s" if s["slowest_ms"] else "-"
        print(f"{name:<16} {s['cases'] - s['skipped']:>6} {s['ok']:>6} {s['refused']:>8} {s['crashes'] + s['crash']:>8} "
              f"{s['hangs']:>6} {s['leaks']:>6} {s['changed']:>8} {slowest:>9} {seconds:>6.0f}s")
    print("(cases: inputs that reached the program; a mutation the fuzzer could not build is not counted)")


if __name__ == "__main__":
    main()
