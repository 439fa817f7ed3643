"""Things that must not drift: schemas vs models, message codes vs the catalogue and README."""

import re

from core_support import ROOT

from scoring import schema_export
from scoring.messages import CATALOGUE, KIND, SEVERITY, STATUS


def test_schemas_match_the_models():
    assert schema_export.check() == [], "run `scoring schemas` to regenerate schemas/"


def test_evidence_files_validate_against_the_exported_schema():
    import json

    import jsonschema

    from scoring.evidence_io import load_evidence

    schema = json.loads((ROOT / "schemas" / "evidence.schema.json").read_text())
    for path in [ROOT / "workbooks" / "examples" / "so-gddt-hai-phong-2023.yaml", *(ROOT / "tests" / "data").glob("*.yaml")]:
        ev = load_evidence(path)
        jsonschema.validate(ev.model_dump(mode="json"), schema)


def _codes_in_source() -> set[str]:
    codes = set()
    pattern = re.compile(r'(?:render|_finding|_lost|_msg|Error)\(\s*(?:"[a-z_]+",\s*)?"([a-z_]+)"')
    for path in (ROOT / "scoring").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(pattern.findall(text))
        codes |= set(re.findall(r'ValueProblem\("([a-z_]+)"', text))
    return codes


def test_every_code_has_a_vietnamese_message():
    known_kinds = set(KIND)
    missing = sorted(c for c in _codes_in_source() if c not in CATALOGUE and c not in known_kinds and c not in SEVERITY)
    assert missing == []


def test_labels_are_vietnamese():
    assert set(STATUS.values()) == {"Đạt", "Chưa đạt", "Không áp dụng", "Thiếu dữ liệu"}
    assert set(SEVERITY.values()) == {"Lỗi", "Cảnh báo", "Lưu ý"}


def test_readme_lists_every_finding_kind():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, label in KIND.items():
        assert f"`{code}`" in readme and label in readme, code


def test_only_the_engine_imports_durable_rules():
    users = [p.relative_to(ROOT).as_posix() for p in (ROOT / "scoring").rglob("*.py")
             if re.search(r"^\s*(from|import) durable", p.read_text(encoding="utf-8"), re.M)]
    assert users == ["scoring/engine/rete.py"]
