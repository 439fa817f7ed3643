"""Bad evidence gives findings (or one clear error for an unreadable file), never a crash."""

import json
from decimal import Decimal as D

import pytest

from scoring.errors import EvidenceError
from scoring.evidence_io import load_evidence
from scoring.messages import finding_text


def findings_of(result, item_id):
    return [f for f in result.findings if f.item == item_id]


def test_negative_count_is_an_error_finding(score):
    r = score({"1.1.2": {"tasks_planned": "-3", "tasks_done": 1}})
    [f] = [f for f in findings_of(r, "1.1.2") if f.kind == "invalid_value"]
    assert f.severity == "error" and f.field == "tasks_planned"
    assert finding_text(f) == "«Số nhiệm vụ trong Kế hoạch CCHC năm»: «-3» là số âm; số lượng phải ≥ 0."
    assert r.item("1.1.2").status == "missing_data" and r.item("1.1.2").points == 0


def test_done_greater_than_assigned_blocks_the_item(score):
    r = score({"1.1.2": {"tasks_planned": 10, "tasks_done": 12}})
    [f] = [f for f in findings_of(r, "1.1.2") if f.kind == "inconsistent"]
    assert f.severity == "error" and f.points_lost == D(2)
    assert "«Số nhiệm vụ đã hoàn thành» (12) lớn hơn «Số nhiệm vụ trong Kế hoạch CCHC năm» (10)" in finding_text(f)
    assert r.item("1.1.2").points == 0


def test_parts_that_do_not_add_up(score):
    r = score({"1.6": {"tasks_assigned": 224, "tasks_on_time": 166, "tasks_late": 3, "tasks_in_progress": 50,
                       "tasks_overdue": 0}})
    [f] = [f for f in findings_of(r, "1.6") if f.kind == "inconsistent"]
    assert "= 224 nhưng" in finding_text(f) and "= 219" in finding_text(f)
    assert r.item("1.6").points == D("0.5")  # still scored: the ratio's own figures are consistent


def test_cross_item_check(score):
    r = score({"3.2.1": {"dossiers_resolved": 500, "dossiers_on_time": 490},
               "3.2.3": {"dossiers_resolved": 510, "dossiers_early": 400}})
    [f] = [f for f in r.findings if f.code == "check_failed"]
    assert f.item == "3.2.1" and "3.2.3" in finding_text(f)


@pytest.mark.parametrize("raw, code", [("abc", "not_a_number"), ("=1+1", "formula_text"), ("2,5", "not_whole"),
                                       ({"x": 1}, "not_a_number")])
def test_wrong_types(score, raw, code):
    r = score({"1.5": {"initiatives": raw}})
    [f] = [f for f in findings_of(r, "1.5") if f.kind == "invalid_value"]
    assert f.severity == "error"


def test_formula_text_in_a_document_is_rejected(score):
    r = score({"1.1.1": {"plan": "=HYPERLINK(\"http://x\")"}})
    [f] = [f for f in findings_of(r, "1.1.1") if f.kind == "invalid_value"]
    assert "bắt đầu như một công thức" in finding_text(f)


def test_unknown_item_and_field(score):
    r = score({"1.66": {"tasks_assigned": 1}, "1.6": {"tasks_asigned": 224}})
    unknown_item = [f for f in r.findings if f.code == "unknown_item"][0]
    assert "Mục «1.66» không có trong bộ chỉ số par-so-2024" in finding_text(unknown_item)
    assert "Có phải «1.6»?" in finding_text(unknown_item)
    unknown_field = [f for f in r.findings if f.code == "unknown_field_value"][0]
    assert "Có phải «tasks_assigned»?" in finding_text(unknown_field)


def test_not_applicable_where_not_allowed(score):
    r = score({"1.1.2": {"values": {"tasks_planned": 10, "tasks_done": 10}, "not_applicable": True}})
    assert r.item("1.1.2").points == 2
    [f] = [f for f in r.findings if f.code == "not_applicable_not_allowed_item"]
    assert finding_text(f) == "Mục 1.1.2 không được khai «Không áp dụng»; mục vẫn được chấm theo số liệu."


def test_not_applicable_typed_into_a_value_where_not_allowed_names_the_value(score):
    """«Không áp dụng» typed as a figure of an item that cannot be n/a: the figure does not count, and the
    finding names it (and the workbook cell, where there is one)."""
    r = score({"1.1.2": {"tasks_planned": 10, "tasks_done": "Không áp dụng"}})
    [f] = [f for f in r.findings if f.code == "not_applicable_not_allowed"]
    assert (f.item, f.field, f.key, f.severity) == ("1.1.2", "tasks_done", "items.1.1.2.values.tasks_done", "error")
    assert finding_text(f) == ("Mục 1.1.2 không được khai «Không áp dụng» cho «Số nhiệm vụ đã hoàn thành»; "
                               "cần nhập số liệu.")
    assert r.item("1.1.2").status == "missing_data" and f.points_lost == 2
    assert r.step("1.1.2").inputs[1].read == "not_applicable"


def test_not_applicable_where_allowed_needs_an_explanation(score):
    r = score({"3.1.3": {"not_applicable": "Không áp dụng"}})
    assert r.item("3.1.3").status == "not_applicable"
    assert [f.code for f in findings_of(r, "3.1.3")] == ["not_applicable_no_explanation"]
    r = score({"3.1.3": {"not_applicable": True, "explanation": "Đơn vị không có TTHC nội bộ."}})
    assert findings_of(r, "3.1.3") == []


def test_empty_file(tmp_path):
    p = tmp_path / "e.json"
    p.write_text("")
    with pytest.raises(EvidenceError) as exc:
        load_evidence(p)
    assert str(exc.value).startswith(f"Không đọc được tệp số liệu {p}")


@pytest.mark.parametrize("content, message", [
    ("[1, 2]", "phải là một bảng khóa–giá trị"),
    ('{"items": {}}', "unit"),
    ('{"unit": "A", "items": {"1.6": {"valuez": {}}}}', "valuez"),
])
def test_malformed_evidence_files(tmp_path, content, message):
    p = tmp_path / "e.json"
    p.write_text(content)
    with pytest.raises(EvidenceError) as exc:
        load_evidence(p)
    assert message in str(exc.value)


def test_not_an_evidence_file(tmp_path):
    p = tmp_path / "e.docx"
    p.write_bytes(b"PK\x03\x04")
    with pytest.raises(EvidenceError) as exc:
        load_evidence(p)
    assert "chỉ nhận .json, .yaml, .yml hoặc .xlsx" in str(exc.value)


def test_evidence_is_read_not_written(tmp_path, rs2024):
    from scoring.engine import evaluate
    p = tmp_path / "e.json"
    p.write_text(json.dumps({"unit": "A", "items": {"1.5": {"values": {"initiatives": "x"}}}}))
    before = p.read_bytes()
    evaluate(rs2024, load_evidence(p))
    assert p.read_bytes() == before


def test_an_impossible_date_in_a_document_is_an_invalid_date_not_a_missing_one(score):
    r = score({"1.1.1": {"plan": "Kế hoạch số 04/KH-SGDĐT ngày 32/01/2024"}})
    [f] = [f for f in r.findings if f.item == "1.1.1" and f.kind == "invalid_value"]
    assert finding_text(f) == ("«Kế hoạch CCHC năm (số, ngày, trích yếu)»: Ngày «32/01/2024» ghi trong văn bản không "
                               "tồn tại; hãy sửa lại ngày ban hành.")
    assert not [f for f in r.findings if f.code == "document_without_date"]
    assert r.item("1.1.1").status == "missing_data" and f.points_lost == 1
