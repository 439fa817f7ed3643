"""Faults and load, with real processes: two writers at once on one store; a writer killed
(SIGKILL) inside its transaction. Neither fails, loses or corrupts anything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from store_support import count, rules, submission, synthetic

from scoring.store import open_store

HERE = Path(__file__).resolve().parent

# A writer: scores its results first, waits for the start signal, then records them one by one.
WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from store_support import rules, submission, synthetic
    from scoring.store import open_store

    url, who, n, start = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
    results = [synthetic(i, seed=who, unit=f"Đơn vị {who}-{i}") for i in range(n)]
    print("ready", flush=True)
    while not start.exists():
        time.sleep(0.005)
    with open_store(url) as store:
        for i, result in enumerate(results):
            outcome = store.record(submission(f"{who}-{i}.yaml"), result, rules())
            assert outcome.new
    print("done", flush=True)
""")

# A writer that stops inside its sixth transaction (its rows written, not committed) and says so.
STALLED = textwrap.dedent("""
    import sys, time
    from store_support import rules, submission, synthetic
    from scoring.store import open_store, record

    url = sys.argv[1]
    results = [synthetic(i, unit=f"Đơn vị {i}") for i in range(8)]
    append = record.append

    def stall(conn, kind, ref, payload, now):
        if kind == "submission" and ref == 6:
            print("inside", flush=True)
            time.sleep(60)
        return append(conn, kind, ref, payload, now)

    record.append = stall
    with open_store(url) as store:
        for i, result in enumerate(results):
            store.record(submission(f"{i}.yaml"), result, rules())
            print("recorded", i + 1, flush=True)
""")


def _python(code: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parent)])}
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)


def test_two_processes_write_one_store_at_once(store_url, tmp_path):
    with open_store(store_url):
        pass  # created; the writers race on recording, not on creating
    start = tmp_path / "start"
    n = 8
    writers = [_python(WRITER, store_url, str(who), str(n), str(start)) for who in (1, 2)]
    for w in writers:
        assert w.stdout is not None and w.stdout.readline().strip() == "ready", w.stderr.read() if w.stderr else ""
    start.touch()
    for w in writers:
        out, err = w.communicate(timeout=180)
        assert w.returncode == 0, err
        assert out.strip() == "done"
    assert count(store_url, "submissions") == 2 * n
    with open_store(store_url) as store:
        report = store.verify()
    assert report.ok, report.problems
    assert report.entries == 2 * n * 2 + 1  # a unit and a submission each, one rule set


def test_a_writer_killed_inside_its_transaction_leaves_the_store_consistent(store_url):
    writer = _python(STALLED, store_url)
    assert writer.stdout is not None
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = writer.stdout.readline().strip()
        lines.append(line)
        if line == "inside" or not line:
            break
    assert lines[-1] == "inside", (lines, writer.stderr.read() if writer.stderr else "")
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    assert lines[:-1] == [f"recorded {i}" for i in range(1, 6)]
    # the sixth submission's rows were written but never committed: none of them is there
    with open_store(store_url) as store:
        report = store.verify()
        assert report.ok, report.problems
        assert (report.submissions, report.units) == (5, 5)
        assert store.record(submission("5.yaml"), synthetic(5, unit="Đơn vị 5"), rules()).submission_id == 6
        assert store.verify().ok
    assert count(store_url, "evidence_values") > 0
    assert count(store_url, "traces") == 6
