"""`scoring addin serve|manifest`, https with the local CA, and what the server serves."""

from __future__ import annotations

import json
import os
import re
import ssl
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
from addin_support import ROOT
from cryptography import x509
from server import addin_server, free_port

from scoring.messages import render
from scoring.ruleset import find_ruleset

ADDIN = ROOT / "scoring" / "addin"
NS = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
      "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
      "ov": "http://schemas.microsoft.com/office/taskpaneappversionoverrides"}


def scoring_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scoring", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env or os.environ.copy(), timeout=120)


def test_manifest_for_a_department_server(tmp_path):
    out = tmp_path / "manifest.xml"
    url = "https://cchc.so-noi-vu.local:8443"
    done = scoring_cli("addin", "manifest", "--url", url + "/", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Đã ghi {out}"
    root = ET.parse(out).getroot()
    ids = tomllib.loads((ADDIN / "pyproject.toml").read_text())["tool"]["xlwings_server"]
    assert root.findtext("o:Id", namespaces=NS) == ids["manifest_id_prod"]
    assert root.findtext("o:DefaultLocale", namespaces=NS) == "vi-VN"
    assert root.find("o:DisplayName", NS).get("DefaultValue") == "Chỉ số CCHC"
    assert root.find("o:DefaultSettings/o:SourceLocation", NS).get("DefaultValue") == url + "/taskpane.html"
    urls = [e.get("DefaultValue") for e in root.iter()
            if e.tag.endswith(("}Url", "}Image", "IconUrl")) and e.get("DefaultValue")]
    assert urls and all(u.startswith(url + "/") for u in urls)
    for u in urls:
        if "/static/" in u:
            assert (ADDIN / "static" / u.split("/static/", 1)[1]).is_file(), u
    strings = {e.get("id"): e.get("DefaultValue") for e in root.iter(f"{{{NS['bt']}}}String")}
    assert [strings[k] for k in ("Score.Label", "Check.Label", "Explain.Label")] == [
        "Chấm điểm", "Kiểm tra thiếu sót", "Giải thích"]
    assert strings["Functions.Namespace"] == "CCHC"
    functions = {e.text for e in root.iter(f"{{{NS['ov']}}}FunctionName")}
    assert functions == {"cchc-score", "cchc-check", "cchc-explain"}


def test_manifest_route_is_the_same_template(server, tmp_path):
    out = tmp_path / "m.xml"
    assert scoring_cli("addin", "manifest", "--url", server, "--out", str(out)).returncode == 0
    assert httpx.get(server + "/manifest.xml").text == out.read_text(encoding="utf-8")


def test_manifest_refuses_a_bad_url(tmp_path):
    done = scoring_cli("addin", "manifest", "--url", "cchc.local", "--out", str(tmp_path / "m.xml"))
    assert done.returncode == 1
    assert done.stderr.strip() == "Lỗi: " + render("addin_bad_url", url="cchc.local")
    assert not (tmp_path / "m.xml").exists()


def test_serve_needs_a_licence_key():
    env = {k: v for k, v in os.environ.items() if k != "XLWINGS_LICENSE_KEY"}
    done = scoring_cli("addin", "serve", "--port", str(free_port()), env=env)
    assert done.returncode == 1
    assert done.stderr.strip() == "Lỗi: " + render("addin_no_license")


def test_serve_on_a_busy_port_says_so_and_starts_nothing(tmp_path):
    """Another program holds the port: a Vietnamese refusal, exit 1, no task-pane address printed."""
    import socket

    env = dict(os.environ, XLWINGS_LICENSE_KEY="noncommercial", SCORING_DATA_DIR=str(tmp_path))
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = scoring_cli("addin", "serve", "--http", "--host", "127.0.0.1", "--port", str(port), env=env)
    assert done.returncode == 1
    assert done.stderr.strip() == (f"Lỗi: Cổng {port} trên 127.0.0.1 đang được một chương trình khác dùng (có thể là "
                                   "một máy chủ CCHC đang chạy). Dừng chương trình đó, hoặc chọn cổng khác bằng --port.")
    assert "Ngăn tác vụ" not in done.stdout and "address already in use" not in done.stdout + done.stderr


def test_serve_https_with_a_local_ca(tmp_path):
    data = tmp_path / "data"
    with addin_server(tmp_path / "a.log", https=True, data_dir=data) as base:
        assert httpx.get(base + "/", verify=_trust(data)).json() == {"status": "ok"}
    cert = x509.load_pem_x509_certificate((data / "certs" / "cchc-server.pem").read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in names.get_values_for_type(x509.DNSName)
    assert "127.0.0.1" in {str(ip) for ip in names.get_values_for_type(x509.IPAddress)}
    assert (data / "certs" / "cchc-server-key.pem").stat().st_mode & 0o077 == 0
    log = (tmp_path / "a.log").read_text()
    assert "Đã tạo chứng chỉ tự ký" in log and "cchc-ca.pem" in log
    # a second start reuses them: nobody has to trust a new certificate
    before = (data / "certs" / "cchc-ca.pem").read_bytes()
    with addin_server(tmp_path / "b.log", https=True, data_dir=data) as base:
        assert httpx.get(base + "/", verify=_trust(data)).status_code == 200
    assert (data / "certs" / "cchc-ca.pem").read_bytes() == before
    assert "Dùng chứng chỉ tự ký" in (tmp_path / "b.log").read_text()


def _trust(data: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(data / "certs" / "cchc-ca.pem"))


def test_taskpane_is_served_in_vietnamese(server):
    r = httpx.get(server + "/taskpane.html")
    assert r.status_code == 200
    html = r.text
    assert '<html lang="vi">' in html
    for label in ("Chấm điểm", "Kiểm tra thiếu sót", "Giải thích", "Tải lại"):
        assert f">{label}<" in html
    assert "didn't load" not in html and ">Reload<" not in html
    texts = json.loads(re.search(r'<script id="cchc-text" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert texts["addin_js_no_server"] == render("addin_js_no_server")
    for path in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert httpx.get(server + path).status_code == 200, path


def test_status_for_it(server):
    status = httpx.get(server + "/cchc/status").json()
    assert status["status"] == "ok" and status["default_ruleset"] == "par-so-2024"
    ours = {r["id"]: r["hash"] for r in status["rulesets"]}
    assert ours["par-so-2024"] == find_ruleset("par-so-2024").hash


def test_custom_functions_are_declared_for_excel(server):
    meta = httpx.get(server + "/xlwings/custom-functions-meta.json").json()
    names = {f["name"]: f for f in meta["functions"]}
    assert set(names) == {"DIEM", "DIEM_THEO", "TONG", "CHISO"}
    assert names["DIEM"]["parameters"][1]["repeating"] is True
    assert all(re.search("[ạ-ỹđ]", f["description"]) for f in names.values())  # Vietnamese help text


def test_addin_commands_have_help():
    done = scoring_cli("addin", "--help")
    assert done.returncode == 0
    assert "serve" in done.stdout and "manifest" in done.stdout
    assert Path(ADDIN / "pyproject.toml").is_file()
