"""Run the add-in server for tests and the benchmark: the real `scoring addin serve` in a
subprocess on 127.0.0.1, on a free port, stopped by its own process id."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def addin_server(log: Path, *, https: bool = False, data_dir: Path | None = None,
                 env: dict[str, str] | None = None, timeout: float = 60) -> Iterator[str]:
    """Yield the base URL of a running server; stop it afterwards."""
    port = free_port()
    args = [sys.executable, "-m", "scoring", "addin", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if not https:
        args.append("--http")
    full_env = {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial", **(env or {})}
    if data_dir is not None:
        full_env["SCORING_DATA_DIR"] = str(data_dir)
    base = f"{'https' if https else 'http'}://127.0.0.1:{port}"
    ca = data_dir / "certs" / "cchc-ca.pem" if https and data_dir else None
    with open(log, "wb") as out:
        proc = subprocess.Popen(args, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
                try:
                    # https: trust only the CA the server made (once it exists)
                    verify = ssl.create_default_context(cafile=str(ca)) if ca else False
                    if httpx.get(base + "/", verify=verify, timeout=2).status_code == 200:
                        break
                except (httpx.HTTPError, OSError):
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start:\n{log.read_text(errors='replace')}")
                time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
