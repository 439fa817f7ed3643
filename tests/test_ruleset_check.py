"""Rule sets: the shipped ones check clean and pass their own tests; broken ones are
rejected with a message that names the YAML path and line."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from core_support import ROOT

from scoring.errors import RuleSetError
from scoring.ruleset import check_file, check_text, content_hash, find_ruleset, load_ruleset
from scoring.ruleset_tests import run_cases

HERE = Path(__file__).parent / "rulesets"
SHIPPED = sorted((ROOT / "rules").glob("*.yaml"))
BROKEN = sorted((HERE / "broken").glob("*.yaml"))

# the text the reported line must contain, per broken fixture
LINE_CONTAINS = {
    "points-dont-add-up": "max_points: 4", "unknown-method": "kind: deductions", "duplicate-id": 'id: "1.1.1"',
    "unreachable-band": "above: 100", "bands-out-of-order": "at_least: 100", "overlapping-bands": "points: 1.5",
    "misspelt-key": "id: \"1.1.1\"", "unknown-field": "numerator: dones", "wrong-field-type": "count: cases",
    "points-above-max": "on_time: 2", "classification-gap": "at_least: 50", "yaml-syntax": "",
    "bad-deadline": 'by: "31/02"',
}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_rule_sets_check_clean(path):
    report = check_file(path)
    assert report.ok, [str(p) for p in report.problems]
    t = report.ruleset.totals
    assert t.total == D(100) and t.self_assessed + t.survey == D(100)


@pytest.mark.parametrize("path", SHIPPED + [HERE / "minimal.yaml"], ids=lambda p: p.stem)
def test_embedded_cases_pass(path):
    loaded = load_ruleset(path)
    outcomes = run_cases(loaded)
    assert outcomes, "every rule set should carry test cases"
    assert [f for o in outcomes for f in o.failures] == []


def test_2024_matches_the_reference_index():
    rs = load_ruleset(ROOT / "rules" / "par-so-2024.yaml").ruleset
    assert [c.max_points for c in rs.components] == [D(x) for x in ("10", "10", "13", "10.5", "15", "10", "15", "16.5")]
    assert [c.self_points for c in rs.components] == [D(x) for x in ("8", "8", "10", "8.5", "12", "8", "12", "3")]
    assert len([i for i in rs.items() if i.effect == "score"]) == 67
    assert sum(i.max_points for i in rs.items() if i.is_survey) == D("30.5")


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_rule_sets_are_rejected(path):
    header = dict(line[2:].split(": ", 1) for line in path.read_text().splitlines()[1:3])
    report = check_file(path)
    assert not report.ok
    codes = {p.code for p in report.problems}
    assert header["expect-code"] in codes, [str(p) for p in report.problems]
    problem = next(p for p in report.problems if p.code == header["expect-code"])
    assert header["expect-message"] in problem.message
    assert problem.line is not None
    line_text = path.read_text().splitlines()[problem.line - 1]
    assert LINE_CONTAINS[path.stem] in line_text, (problem.line, line_text)
    with pytest.raises(RuleSetError) as exc:
        load_ruleset(path)
    assert f"(dòng {problem.line})" in str(exc.value)


def test_yaml_no_is_not_a_boolean():
    text = (HERE / "minimal.yaml").read_text().replace("method: { kind: deduction, count: cases, step: 1 }",
                                                        "method: { kind: within_limit, value: cases, limit: cases, no: 0 }")
    report = check_text(text)
    assert any("no" in p.message for p in report.problems)  # an unknown key, not a silent False


def test_content_hash_ignores_comments_and_layout():
    text = (HERE / "minimal.yaml").read_text()
    a = check_text(text).ruleset
    b = check_text("# một chú thích\n" + text.replace("title: Kế hoạch\n", "title:   Kế hoạch\n")).ruleset
    c = check_text(text.replace("at_least: 80, points: 1.5", "at_least: 75, points: 1.5")).ruleset
    assert content_hash(a) == content_hash(b) != content_hash(c)


def test_find_ruleset_by_id_and_version():
    assert find_ruleset("par-so-2024").ruleset.year == 2024
    with pytest.raises(RuleSetError) as exc:
        find_ruleset("par-so-2042")
    assert "Không tìm thấy bộ chỉ số «par-so-2042»" in str(exc.value)
    assert "Có phải «par-so-2024»?" in str(exc.value) or "Có phải «par-so-2026»?" in str(exc.value)


def test_failing_embedded_case_is_reported():
    text = (HERE / "minimal.yaml").read_text().replace('items: { "1.1.1": 1, "1.1.2": 3,', 'items: { "1.1.1": 1, "1.1.2": 2,')
    path = HERE.parent / "data" / "_tmp_minimal_failing.yaml"
    path.write_text(text)
    try:
        outcomes = run_cases(load_ruleset(path))
        assert outcomes[0].failures == ["Ca kiểm thử «Đủ điểm», mục 1.1.2: mong đợi 2, thực tế 3."]
    finally:
        path.unlink()
