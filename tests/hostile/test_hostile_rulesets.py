"""Rule sets are named, never opened by path, from anything a unit or a request supplies; only
the asked-for file is loaded; loading is bounded and checked as strictly as `rules check`."""

from __future__ import annotations

import copy
import json
import shutil
import time
from pathlib import Path

import jsonschema
import pytest
from hostile_files import YAML_BOMB, meta_value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

import scoring.ruleset as ruleset_module
from scoring.cli import app
from scoring.engine import evaluate
from scoring.errors import RuleSetError, ScoringError, WorkbookError
from scoring.evidence_io import evidence_from_data
from scoring.models.ruleset import RuleSet
from scoring.replay import read_result, replay
from scoring.ruleset import (
    _jsonable,
    check_file,
    check_text,
    find_ruleset,
    load_ruleset,
    ruleset_for_option,
    ruleset_json_schema,
)
from scoring.textclean import shorten
from scoring.workbook.read import read_workbook
from scoring.yamlio import load_yaml

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "rulesets" / "minimal.yaml"
KNOWN = "Các bộ hiện có: par-so-2024, par-so-2026."
runner = CliRunner()


def not_found(ref: str) -> str:
    return f"Không tìm thấy bộ chỉ số «{ref}». {KNOWN}"


@pytest.fixture
def secret(tmp_path) -> Path:
    """A local file that must never reach a message (a line of it once came back over HTTP)."""
    path = tmp_path / "mat-khau.yaml"
    path.write_text("db_password: SECRET-LINE-4711\n: broken [\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("ref", ["/etc/passwd", "/dev/zero", "../rules/par-so-2024.yaml", "rules/par-so-2024.yaml",
                                 "C:\\Windows\\win.ini", "PAR-SO-2024", "par so 2024"])
def test_a_path_or_odd_name_is_never_opened(ref):
    started = time.monotonic()
    with pytest.raises(RuleSetError) as info:
        find_ruleset(ref)
    assert time.monotonic() - started < 1  # /dev/zero used to exhaust memory
    shown = " ".join(ref.split())
    assert str(info.value).startswith(f"Không tìm thấy bộ chỉ số «{shown}». {KNOWN}")


def test_a_secret_file_named_by_evidence_stays_secret(secret, tmp_path):
    evidence = tmp_path / "so-lieu.yaml"
    evidence.write_text(f"ruleset: {secret}\nunit: Sở A\nyear: 2024\nitems: {{}}\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(evidence)])
    assert result.exit_code == 1
    assert result.stderr == f"Lỗi: {not_found(str(secret))}\n"
    assert "SECRET" not in result.stdout + result.stderr


def test_a_long_reference_is_shortened_in_the_message():
    with pytest.raises(RuleSetError) as info:
        find_ruleset("a" * 10_000)
    assert str(info.value) == not_found("a" * 79 + "…")


def test_an_unknown_version_is_named():
    with pytest.raises(RuleSetError) as info:
        find_ruleset("par-so-2024", version="9.9.9")
    assert str(info.value) == "Không tìm thấy bộ chỉ số «par-so-2024 (phiên bản 9.9.9)». " + KNOWN + \
        " Có phải «par-so-2024»?"


def test_a_trace_naming_a_path_is_not_followed(loaded, secret, tmp_path):
    result = evaluate(loaded, evidence_from_data({"unit": "Sở A", "year": 2024}))
    data = json.loads(result.model_dump_json())
    data["trace"]["ruleset_id"] = str(secret)
    path = tmp_path / "kq.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RuleSetError) as info:
        replay(read_result(path))
    assert str(info.value) == not_found(f"{secret} (phiên bản {loaded.ruleset.version})")
    assert "SECRET" not in str(info.value)


def test_a_workbook_naming_a_path_is_refused(base, secret, tmp_path):
    path = tmp_path / "so.xlsx"
    path.write_bytes(meta_value(base, "ruleset_id", str(secret)))
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    assert str(info.value) == (f"Sổ {path}: thông tin ẩn «ruleset_id» không hợp lệ («{shorten(str(secret), 60)}»); "
                               "sổ có thể đã bị sửa. Hãy tạo lại sổ.")
    assert "SECRET" not in str(info.value)


def test_the_command_line_may_name_a_file():
    assert ruleset_for_option(str(MINIMAL)).path == str(MINIMAL.resolve())
    assert ruleset_for_option("par-so-2026").id == "par-so-2026"
    with pytest.raises(RuleSetError) as info:
        ruleset_for_option(str(ROOT / "khong-co.yaml"))
    assert str(info.value) == f"Không đọc được tệp {ROOT / 'khong-co.yaml'}: không có tệp hoặc thư mục này"
    with pytest.raises(RuleSetError) as info:
        load_ruleset(ROOT / "rules")
    assert str(info.value) == f"{ROOT / 'rules'} không phải tệp bộ chỉ số (.yaml)."


# --------------------------------------------------------------------------- only the asked-for file

def _copy(text: str, **changes: str) -> str:
    for old, new in changes.items():
        text = text.replace(old, new, 1)
    return text


@pytest.fixture
def rules_dir(tmp_path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    minimal = MINIMAL.read_text(encoding="utf-8").replace("id: mini\n", "id: minimal\n", 1)
    assert "\nid: minimal\nversion: \"1.0\"\n" in minimal
    (folder / "a-minimal.yaml").write_text(minimal.replace('version: "1.0"', 'version: "1.9.2"', 1), encoding="utf-8")
    newer = minimal.replace('version: "1.0"', 'version: "1.10.0"', 1)
    (folder / "b-minimal-newer.yaml").write_text(newer, encoding="utf-8")
    (folder / "c-broken.yaml").write_text("id: other\nversion: \"1.0\"\n: [\n", encoding="utf-8")
    return folder


def test_only_the_file_of_the_id_is_loaded(rules_dir, monkeypatch):
    ruleset_module._load_cached.cache_clear()
    ruleset_module._file_header.cache_clear()
    seen: list[str] = []
    original = ruleset_module.check_text

    def spy(text, source="<rule set>", **kw):  # type: ignore[no-untyped-def]
        seen.append(Path(source).name)
        return original(text, source, **kw)

    monkeypatch.setattr(ruleset_module, "check_text", spy)
    loaded = find_ruleset("minimal", rules_dir=rules_dir)
    assert loaded.ruleset.version == "1.10.0"  # the highest version (1.10 after 1.9, not as text)
    assert seen == ["b-minimal-newer.yaml"]
    assert find_ruleset("minimal", rules_dir=rules_dir, version="1.9.2").ruleset.version == "1.9.2"
    assert seen == ["b-minimal-newer.yaml", "a-minimal.yaml"]


def test_a_header_that_lies_is_caught(rules_dir):
    text = (rules_dir / "a-minimal.yaml").read_text(encoding="utf-8")
    # the first id: line says "liar"; the YAML's own id (a later key wins) is "minimal"
    (rules_dir / "d-liar.yaml").write_text("id: liar\n" + text, encoding="utf-8")
    with pytest.raises(RuleSetError) as info:
        find_ruleset("liar", rules_dir=rules_dir)
    assert str(info.value).startswith("Bộ chỉ số ")  # refused as invalid: the duplicate id: key
    assert "Khóa «id» khai hai lần" in str(info.value)


def test_a_file_without_header_lines_is_still_found(rules_dir):
    text = (rules_dir / "a-minimal.yaml").read_text(encoding="utf-8")
    data, _ = load_yaml(text)
    data["id"] = "flow-style"
    (rules_dir / "e-flow.yaml").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    assert find_ruleset("flow-style", rules_dir=rules_dir).id == "flow-style"


def test_an_empty_or_missing_rules_folder(tmp_path):
    with pytest.raises(RuleSetError) as info:
        find_ruleset("par-so-2024", rules_dir=tmp_path / "khong-co")
    assert str(info.value) == "Không tìm thấy bộ chỉ số «par-so-2024». Các bộ hiện có: (trống)."


# --------------------------------------------------------------------------- bounded, strict loading

def test_an_alias_bomb_in_a_rule_set_is_refused_fast():
    started = time.monotonic()
    report = check_text(YAML_BOMB)
    assert time.monotonic() - started < 0.5
    assert [(p.code, p.line, p.message) for p in report.problems] == [(
        "yaml_syntax", 6, "Dòng 6: tệp YAML có quá nhiều phần tử (tính cả bí danh khi mở rộng, tối đa 300.000).")]


def test_a_duplicate_key_in_a_rule_set_is_an_error():
    text = MINIMAL.read_text(encoding="utf-8").replace("title: ", "title: Một\ntitle: ", 1)
    report = check_text(text)
    assert not report.ok
    [problem] = [p for p in report.problems if p.code == "duplicate_key"]
    assert problem.message == f"Khóa «title» khai hai lần (lần đầu ở dòng {problem.line - 1}); hãy giữ một."
    assert [p.code for p in check_text(text, schema=False).problems] == ["duplicate_key"]


def test_rule_set_file_limits(tmp_path):
    big = tmp_path / "lon.yaml"
    with open(big, "wb") as handle:
        handle.write(b"# " + b"x" * (21 * 1024 * 1024))
    assert [p.message for p in check_file(big).problems] == [f"Tệp {big} quá lớn để là bộ chỉ số (tối đa 20 MB)."]
    latin = tmp_path / "latin1.yaml"
    latin.write_bytes("title: Bộ chỉ số".encode("cp1258", errors="replace") + b"\xff")
    assert [p.message for p in check_file(latin).problems] == [
        f"Tệp {latin} không phải văn bản UTF-8 (byte lỗi ở vị trí 17); hãy lưu lại với mã hóa UTF-8."]


def test_yaml_syntax_errors_are_explained_in_vietnamese():
    report = check_text("id: x\ncomponents:\n\t- a\n")
    assert [p.message for p in report.problems] == [
        "Lỗi cú pháp YAML ở dòng 3, cột 1: dùng ký tự Tab để thụt lề (YAML chỉ nhận dấu cách)."]
    report = check_text('id: "x\n')
    assert [p.message for p in report.problems] == ["Lỗi cú pháp YAML ở dòng 2, cột 1: thiếu dấu nháy đóng."]


# The models alone (loading for scoring) must reject everything the JSON Schema rejects:
# mutate a valid rule set at random and compare.
_BASE, _ = load_yaml(MINIMAL.read_text(encoding="utf-8"))
_VALIDATOR = jsonschema.Draft202012Validator(ruleset_json_schema())


def _paths(node, prefix=()):  # type: ignore[no-untyped-def]
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


_PATHS = [p for p in _paths(_BASE) if p]
_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 3000), st.floats(allow_nan=False, allow_infinity=False),
                    st.sampled_from(["", "1", "1.5", "true", "ratio", "bonus", "25/01", "2024", "x" * 90]),
                    st.lists(st.integers(0, 3), max_size=2), st.dictionaries(st.sampled_from(["a", "kind"]),
                                                                              st.integers(), max_size=2))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_PATHS), st.sampled_from(["set", "delete", "add"]), _VALUES,
                          st.sampled_from(["extra", "kind", "id", "points", "at_least", "required", "sum"])),
                min_size=1, max_size=3))
def test_the_models_reject_whatever_the_schema_rejects(edits):
    data = copy.deepcopy(_BASE)
    for path, op, value, key in edits:
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            if op == "set":
                parent[path[-1]] = value
            elif op == "delete":
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent[key] = value
            elif isinstance(parent, list):
                parent.append(value)
        except (KeyError, IndexError, TypeError):
            continue
    schema_rejects = next(iter(_VALIDATOR.iter_errors(_jsonable(data))), None) is not None
    try:
        RuleSet.model_validate(data)
        models_reject = False
    except ValidationError:
        models_reject = True
    assert models_reject or not schema_rejects


def test_a_rejected_file_gets_the_same_report_when_loading(tmp_path):
    for broken in sorted((ROOT / "tests" / "rulesets" / "broken").glob("*.yaml")):
        text = broken.read_text(encoding="utf-8")
        full = [str(p) for p in check_text(text, str(broken)).problems]
        fast = [str(p) for p in check_text(text, str(broken), schema=False).problems]
        assert fast == full, broken.name


def test_cold_loading_skips_the_schema(monkeypatch, tmp_path):
    copy_path = tmp_path / "par-so-2024.yaml"
    shutil.copy(ROOT / "rules" / "par-so-2024.yaml", copy_path)

    def no_schema(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("the JSON Schema ran while loading a valid rule set")

    monkeypatch.setattr(jsonschema, "Draft202012Validator", no_schema)
    assert load_ruleset(copy_path).id == "par-so-2024"


def test_scoring_error_is_the_only_failure(secret):
    with pytest.raises(ScoringError):
        ruleset_for_option(str(secret))
