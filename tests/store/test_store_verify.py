"""`verify` catches, and names, what was changed in the database outside the program; and a
store left alone verifies. Each change is made with plain SQL, as a person with a database
tool would make it."""

from __future__ import annotations

import pytest
from store_support import (
    DEMO_UNIT,
    EXAMPLE_XLSX,
    count,
    demo_result,
    rules,
    sql,
    submission,
    synthetic,
    workbook_result,
)

from scoring.cli.store_report import problem_text
from scoring.store import open_store

WHERE = "Sở Giáo dục và Đào tạo Hải Phòng — năm 2023"


@pytest.fixture
def filled(store_url):  # type: ignore[no-untyped-def]
    """Submission 1: the example workbook; 2: another unit; 3: a third unit (all par-so-2024)."""
    with open_store(store_url) as store:
        store.record(submission("so-gddt.xlsx"), workbook_result(), rules())
        store.record(submission("so-tu-phap.yaml"), synthetic(1, unit="Sở Tư pháp"), rules())
        store.record(submission("so-y-te.yaml"), synthetic(2, unit="Sở Y tế"), rules())
        assert store.verify().ok
    return store_url


def problems(url: str, **kwargs) -> list[tuple[int | None, str]]:  # type: ignore[no-untyped-def]
    with open_store(url) as store:
        report = store.verify(**kwargs)
    return [(p.submission, problem_text(p)) for p in report.problems]


def test_an_untouched_store_verifies(filled):
    with open_store(filled) as store:
        report = store.verify()
    assert report.ok and report.problems == []
    assert (report.units, report.rulesets, report.submissions, report.current, report.replayed) == (3, 1, 3, 3, 3)
    assert report.entries == 3 + 1 + 3  # units, the rule set, submissions
    assert report.head is not None and report.head.startswith("sha256:")


def test_an_edited_evidence_value_is_named_with_its_cell(filled):
    # the unit now claims all 169 tasks due were done on time (it reported 166)
    assert sql(filled, "UPDATE evidence_values SET value = '169' "
                       "WHERE submission_id = 1 AND item = '1.6' AND field = 'tasks_on_time'") == 1
    found = problems(filled)
    assert {sub for sub, _ in found} == {1}
    texts = [t for _, t in found]
    from scoring.workbook.read import read_workbook

    cell = read_workbook(EXAMPLE_XLSX).input_cells[("1.6", "tasks_on_time")]
    assert texts[0] == (f"Mục 1.6: Số liệu «Số nhiệm vụ hoàn thành đúng hạn» (trang «Tự đánh giá», ô {cell}) "
                        "đã bị sửa ngoài phần mềm; trong kho nay là «169».")
    assert texts[1].startswith("Số liệu trong kho khác số liệu lúc chấm: mã băm khi chấm sha256:")
    assert texts[2:] == [
        "Mục 1.6, «Số nhiệm vụ hoàn thành đúng hạn»: khi chấm là «166», trong kho nay là «169».",
        "Mục 1.6: điểm khi chấm 0,5, chấm lại 1.",
        "Mục 1.6: trạng thái khi chấm Chưa đạt, chấm lại Đạt.",
        "Mục 1.6: quy tắc khi chấm «Từ 90%: ≥ 90% → 0,5 điểm», chấm lại "
        "«100% nhiệm vụ đến hạn hoàn thành đúng hạn: ≥ 100% → 1 điểm».",
        "Tổng điểm: khi chấm 18,75, chấm lại 19,25.",
        "Chỉ số: khi chấm 26,98%, chấm lại 27,70%.",
        # and the edited figure no longer adds up with the others the unit reported
        "Mục 1.6: Chấm lại có phát hiện không có trong kho: Tổng số nhiệm vụ phải bằng đúng hạn + quá hạn + "
        "đang thực hiện + quá hạn chưa hoàn thành: «Tổng số nhiệm vụ được giao» = 224 nhưng «Số nhiệm vụ hoàn "
        "thành đúng hạn» + «Số nhiệm vụ hoàn thành nhưng quá hạn» + «Số nhiệm vụ đang thực hiện (chưa đến hạn)» "
        "+ «Số nhiệm vụ quá hạn chưa hoàn thành» = 227.",
    ]


def test_an_edited_result_is_named(filled):
    sql(filled, "UPDATE results SET total = '69.5', classification = 'Xuất sắc' WHERE submission_id = 1")
    sql(filled, "UPDATE item_results SET points = '1' WHERE submission_id = 1 AND item = '1.6'")
    texts = [t for sub, t in problems(filled) if sub == 1]
    assert texts == [
        "Kết quả tổng đã bị sửa ngoài phần mềm (trong kho nay: tổng điểm 69,5, chỉ số 26,98%, xếp loại «Xuất sắc»).",
        "Mục 1.6: Kết quả của tiêu chí đã bị sửa ngoài phần mềm (điểm trong kho nay: 1).",
        "Mục 1.6: điểm khi chấm 1, chấm lại 0,5.",
        "Tổng điểm: khi chấm 69,5, chấm lại 18,75.",
        "Xếp loại: khi chấm Xuất sắc, chấm lại Yếu.",
    ]
    assert [sub for sub, _ in problems(filled)] == [1] * 5


def test_an_edited_rule_set_is_named_and_every_result_it_scored_is_replayed(filled):
    # the middle band of 1.6 is made to give 0,75 instead of 0,5
    old, new = '"points":0.5,"label":"Từ 90%"', '"points":0.75,"label":"Từ 90%"'
    assert sql(filled, "UPDATE rule_sets SET content = REPLACE(content, :old, :new)", old=old, new=new) == 1
    found = problems(filled)
    general = [t for sub, t in found if sub is None]
    assert general[0] == ("Bộ chỉ số par-so-2024 phiên bản 1.0.0 (#1) đã bị sửa ngoài phần mềm "
                          f"(khi ghi có mã băm {rules().hash[:19]}…).")
    assert general[1].startswith(f"Nội dung bộ chỉ số par-so-2024 phiên bản 1.0.0 lưu trong kho không còn khớp "
                                 f"mã băm của nó: ghi {rules().hash[:19]}…, nội dung nay sha256:")
    assert len(general) == 2
    first = [t for sub, t in found if sub == 1]
    assert first[0].startswith(f"Bộ chỉ số đã thay đổi: mã băm khi chấm {rules().hash[:19]}, hiện tại sha256:")
    assert first[1:] == ["Mục 1.6: điểm khi chấm 0,5, chấm lại 0,75.", "Tổng điểm: khi chấm 18,75, chấm lại 19.",
                         "Chỉ số: khi chấm 26,98%, chấm lại 27,34%.",
                         "Mục 1.6: Chấm lại có phát hiện không có trong kho: Tỷ lệ 166/169 = 98,22% chưa đạt mức "
                         "«100% nhiệm vụ đến hạn hoàn thành đúng hạn»: được 0,75/1 điểm."]
    # every submission scored with it is replayed against it: each says the rule set changed
    assert {sub for sub, t in found if t.startswith("Bộ chỉ số đã thay đổi")} == {1, 2, 3}


def test_a_removed_finding_is_named_by_its_part(filled):
    total = count(filled, "findings")
    sql(filled, "DELETE FROM findings WHERE submission_id = 1 AND item = '1.6'")
    texts = [t for sub, t in problems(filled) if sub == 1]
    n = len([f for f in workbook_result().findings])
    assert texts == [
        f"Phần «phát hiện» đã bị thêm hoặc xóa dòng ngoài phần mềm (khi ghi có {n} dòng, nay có {n - 1} dòng).",
        "Mục 1.6: Chấm lại có phát hiện không có trong kho: Tỷ lệ 166/169 = 98,22% chưa đạt mức "
        "«100% nhiệm vụ đến hạn hoàn thành đúng hạn»: được 0,5/1 điểm.",
    ]
    assert count(filled, "findings") == total - 1


def test_a_deleted_submission_is_named(filled):
    for table in ("evidence_values", "evidence", "group_results", "item_results", "findings", "traces", "results"):
        sql(filled, f"DELETE FROM {table} WHERE submission_id = 3")
    sql(filled, "DELETE FROM submissions WHERE id = 3")
    assert problems(filled) == [(3, "Bản nộp đã bị xóa khỏi kho ngoài phần mềm.")]


def test_a_renamed_unit_an_edited_ledger_and_a_changed_current_submission(filled):
    with open_store(filled) as store:
        store.record(submission("so-y-te-v2.yaml", day=11), synthetic(5, unit="Sở Y tế"), rules())
    sql(filled, "UPDATE units SET name = 'Sở Y tế Hải Phòng' WHERE name = 'Sở Y tế'")
    sql(filled, "UPDATE submissions SET superseded_by = NULL WHERE id = 3")
    sql(filled, "UPDATE ledger SET payload = REPLACE(payload, 'so-tu-phap.yaml', 'so-tu-phap-2.yaml')")
    found = problems(filled)
    assert found == [
        # entries: 1 unit, 2 rule set, 3 submission, 4 unit, 5 submission «so-tu-phap.yaml», …
        (None, "Mục 5 của sổ cái đã bị sửa ngoài phần mềm (mã băm không khớp nội dung)."),
        (None, "Tên đơn vị #3 đã bị sửa ngoài phần mềm: khi ghi là «Sở Y tế», nay là «Sở Y tế Hải Phòng»."),
        (3, "Bản hiện hành đã bị đổi ngoài phần mềm: theo sổ cái, bản này được thay bởi bản nộp #4; "
            "trong kho ghi (không có)."),
    ]


def test_a_row_added_outside_the_program_is_found(filled):
    sql(filled, "INSERT INTO units (id, name, name_key, recorded_at, row_hash) "
                "VALUES (9, 'Sở Ma', 'so ma', '2025-01-01 00:00:00', 'sha256:0')")
    assert problems(filled) == [(None, "Đơn vị #9 «Sở Ma» không có trong sổ cái: đã được thêm ngoài phần mềm.")]


def test_the_head_written_down_must_still_be_in_the_chain(filled):
    with open_store(filled) as store:
        head = store.verify().head
        store.record(submission("later.yaml"), synthetic(9, unit="Sở Nội vụ"), rules())
        assert store.verify(head=head).ok
        report = store.verify(head="sha256:" + "1" * 64)
    assert [problem_text(p) for p in report.problems] == [
        f"Mã băm sha256:{'1' * 64} không có trong sổ cái: lịch sử kho đã bị thay đổi kể từ lần kiểm tra "
        "ghi lại mã này (hoặc mã ghi sai)."]


def test_verify_on_the_command_line(filled, monkeypatch):
    from typer.testing import CliRunner

    from scoring.cli import app

    runner = CliRunner()
    ok = runner.invoke(app, ["verify", "--db", filled], prog_name="scoring")
    assert ok.exit_code == 0, ok.output
    flat = " ".join(ok.stdout.split())
    assert flat.startswith(f"Kiểm tra kho dữ liệu {_shown(filled)} 3 đơn vị, 1 bộ chỉ số, 3 bản nộp (3 bản hiện hành); "
                           "đã chấm lại 3 kết quả theo bộ chỉ số lưu trong kho. Sổ cái: 7 mục, mã băm cuối sha256:")
    assert flat.endswith("Kết quả: khớp — mọi bản ghi còn nguyên như khi ghi, mọi kết quả chấm lại đều khớp.")
    sql(filled, "UPDATE item_results SET points = '1' WHERE submission_id = 1 AND item = '1.6'")
    bad = runner.invoke(app, ["verify", "--db", filled], prog_name="scoring")
    assert bad.exit_code == 1
    flat = " ".join(bad.stdout.split())
    assert (f"Phát hiện 2 chỗ không khớp: {DEMO_UNIT} — năm 2023 — tệp so-gddt.xlsx (bản nộp #1): "
            "• Mục 1.6: Kết quả của tiêu chí đã bị sửa ngoài phần mềm (điểm trong kho nay: 1). "
            "• Mục 1.6: điểm khi chấm 1, chấm lại 0,5. "
            "Kết quả: KHÔNG KHỚP — 2 chỗ (xem trên).") in flat


def _shown(url: str) -> str:
    from scoring.store import resolve

    return resolve(url).shown


def test_demo_result_is_what_the_workbook_gives():
    # the tests above quote the example workbook's figures; they are the bundled example's
    assert workbook_result().total == demo_result().total
    assert WHERE.startswith(DEMO_UNIT)
