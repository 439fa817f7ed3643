"""The package as users install it: a wheel built from the sources, installed into a fresh
virtual environment, finds its rule sets without SCORING_RULES_DIR and scores the example;
the build itself warns about nothing (no deprecated licence table).

The wheel is built from a copy of the sources in tmp_path (a build writes build/ and
*.egg-info next to what it builds; tests never write into the checkout). The fresh venv
gets the wheel itself and borrows the dependencies of the environment running the tests
(one .pth line), so durable_rules is not compiled again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest
from core_support import ROOT

SOURCES = ["scoring", "rules", "pyproject.toml", "setup.py", "README.md", "LICENSE"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, str]:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, src / name)
    out = tmp_path_factory.mktemp("dist")
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(src)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    print(f"wheel built in {time.monotonic() - started:.1f} s")
    wheels = list(out.glob("cchc_scoring-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0], proc.stdout + proc.stderr


def test_build_has_no_licence_deprecation_warning(wheel):
    _, log = wheel
    assert "project.license" not in log and "deprecated" not in log.lower(), log


def test_wheel_ships_the_rule_sets_and_the_licence(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel[0]).namelist())
    for rules in (ROOT / "rules").glob("*.yaml"):
        assert f"scoring/rules/{rules.name}" in names
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert "scoring/addin/static/js/cchc-host.js" in names and "scoring/addin/templates/taskpane.html" in names
    metadata = zipfile.ZipFile(wheel[0]).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "License-Expression: MIT" in metadata


def test_installed_wheel_scores_without_scoring_rules_dir(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                           str(wheel[0])], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # the dependencies of this environment, after the venv's own packages (the wheel comes first)
    (Path(site) / "zz-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCORING_", "PYTHON"))}
    work = tmp_path / "work"  # not the checkout: nothing of the clone is visible
    work.mkdir()
    shutil.copy2(ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.xlsx", work / "so.xlsx")
    scoring = str(venv / "bin" / "scoring")

    def run(*args: str) -> str:
        p = subprocess.run([scoring, *args], capture_output=True, text=True, cwd=work, env=env, timeout=120)
        assert p.returncode == 0, p.stdout + p.stderr
        return p.stdout

    where = subprocess.run([str(python), "-c", "import scoring, scoring.settings as s; "
                            "print(scoring.__file__); print(s.settings().rules_dir)"],
                           capture_output=True, text=True, cwd=work, env=env, check=True).stdout.split("\n")
    assert where[0].startswith(site) and where[1] == str(Path(site) / "scoring" / "rules")
    listed = run("rules", "list")
    assert "par-so-2024" in listed and "par-so-2026" in listed
    report = run("score", "so.xlsx", "--out", "so-da-cham.xlsx")
    assert "18,75" in report and "26,98%" in report
    assert (work / "so-da-cham.xlsx").stat().st_size > 20_000


def test_readme_and_docs_stay_inside_the_repository():
    """Every file the README and docs/ link or cite is in the repository (no ../shared/…)."""
    import re

    docs = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for doc in docs:
        text = doc.read_text(encoding="utf-8")
        assert "../" not in re.sub(r"\.\./venv|\.\.\./", "", text) and "shared/" not in text.replace("shared folder", ""), doc
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            if not target.startswith(("http://", "https://")):
                assert (doc.parent / target).exists(), (doc.name, target)
    for cited in re.findall(r"(?<![\w/.])docs/[\w./-]+\.(?:md|txt)", "\n".join(
            p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *(ROOT / "rules").glob("*.yaml"),
                                                    ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.yaml"])):
        assert (ROOT / cited).exists(), cited
