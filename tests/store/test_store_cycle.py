"""A year's cycle through the commands, on SQLite and on a real PostgreSQL: five units
self-assess → the office imports survey results → round 1 with adjustments and requests → lock
→ the units answer → round 2 → lock → final ranks and classifications (worked out by hand in
tests/cycle_support.py). Then `verify`, `explain` and `history` over it, and what `verify`
finds when the cycle's rows are edited outside the program."""

from __future__ import annotations

import os
import secrets
from decimal import Decimal as D

import pytest
from cycle_support import AFTER_ROUND1, FINAL, SELF, UNITS, invoke, ok, run_cycle, unit_files
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool
from store_support import sql

from scoring.appraisal.cycle import Cycle
from scoring.appraisal.report import appraisal_report
from scoring.store import location, open_store

BACKENDS = ["sqlite", "postgres"]


def flat(text: str) -> str:
    """The output with its line wrapping and table rules undone."""
    return " ".join(text.translate({ord(c): " " for c in "│┃┏┓┗┛┡┩└┘━─┳┻╇┴┼╋"}).split())


@pytest.fixture(scope="module", params=BACKENDS)
def cycled(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    """A store through the whole cycle, once per backend for this module's tests (the last one
    edits it): (store URL, the files made)."""
    tmp = tmp_path_factory.mktemp(f"chu-ky-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'cchc.sqlite'}"
        yield url, run_cycle(url, tmp)
        return
    admin = os.environ.get("CCHC_TEST_POSTGRES_URL")
    if not admin:
        if os.environ.get("CCHC_REQUIRE_EXTERNAL") == "1":
            pytest.fail("PostgreSQL is required in CI: CCHC_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL: CCHC_TEST_POSTGRES_URL is not set (.ci/postgres start)")
    admin = location.resolve(admin).url
    name = "cchc_c_" + secrets.token_hex(6)
    engine = create_engine(admin, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(admin).set(database=name).render_as_string(hide_password=False)
        yield url, run_cycle(url, tmp)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def test_a_year_from_self_assessment_to_the_published_ranking(cycled):
    store_url, files = cycled
    by_name = {name: key for key, name in UNITS.items()}
    with open_store(store_url) as store:
        cycle = Cycle.load(store, "par-so-2024", 2024)
        # the self-assessments scored with the office's survey results (the units' own rates ignored)
        for u in cycle.units:
            r = cycle.result(u.unit.id)
            assert (str(r.total), str(r.index)) == SELF[by_name[u.unit.name]], u.unit.name
        after1 = {by_name[f.unit_name]: (str(f.score.totals.total), str(f.score.totals.index), rank)
                  for rank, f in cycle.finals(through=1)}
        assert after1 == AFTER_ROUND1
        final = {by_name[f.unit_name]: (str(f.score.totals.total), str(f.score.totals.index), f.score.classification,
                                        rank) for rank, f in cycle.finals()}
        assert final == FINAL
        b = cycle.final(next(u.unit.id for u in cycle.units if u.unit.name == "Sở Y tế"))
        assert {i.item.id: (i.self_points, i.points, i.source) for i in b.adjusted} == {
            "3.3.2": (D(1), D("0.75"), "round1")}
        assert [i.item.id for i in b.items if i.source == "round2"] == ["7.5"]
        assert b.items[[i.item.id for i in b.items].index("7.5")].answer.documents == (
            "Biên bản kiểm tra cổng TTĐT số 12/BB ngày 20/6/2024\nCông văn 34/STTTT ngày 01/7/2024")
        # what the consolidated workbook adds: the rounds per unit, the fields, every adjusted item
        report = appraisal_report(cycle)
        assert [(by_name[u.unit], str(u.self_total), str(u.round1_total), str(u.round2_total), str(u.final_total),
                 u.final_rank) for u in report.units] == [
            ("A", "95.98", "95.48", "95.48", "95.48", 1), ("D", "94.45", "94.20", "94.20", "94.20", 2),
            ("B", "94.45", "92.70", "94.20", "94.20", 2), ("C", "91.40", "90.90", "90.90", "90.90", 4),
            ("E", "85.30", "83.80", "83.80", "83.80", 5)]
        e = report.unit("SỞ TÀI CHÍNH")
        assert [(f.id, f.difference) for f in e.fields if f.difference] == [("3", D(-1))]
        assert (e.penalty, str(e.difference)) == ((D("0.5"), D("1")), "-1.50")
        assert [(by_name[a.unit], a.item, a.final, a.reason) for a in report.adjustments if a.unit == UNITS["B"]] == [
            ("B", "3.3.2", D("0.75"), "Tính lại tỷ lệ hồ sơ trực tuyến"), ("B", "7.5", D("1.5"), "Đã bổ sung TLKC")]
        assert len(report.adjustments) == 8  # the 7 adjustments of round 1, and 1.6 asked about
        assert store.verify().ok
    # the published results as recorded at each lock
    rows = sql(store_url, 'SELECT r.round, u.name, a.total, a."index", a.classification, a.rank FROM appraisal_results a '
                          "JOIN appraisal_rounds r ON r.id = a.round_id JOIN units u ON u.id = a.unit_id")
    recorded = sorted((n, by_name[name], f"{D(str(total)):.2f}", f"{D(str(index)):.2f}", cls, rank)
                      for n, name, total, index, cls, rank in rows)
    assert [r[1:] for r in recorded if r[0] == 2] == sorted((k, *v) for k, v in FINAL.items())
    assert [(r[1], r[2], r[3], r[5]) for r in recorded if r[0] == 1] == sorted(
        (k, *v) for k, v in AFTER_ROUND1.items())

    # the same from the command line
    status = flat(ok("appraisal", "status", "--db", store_url))
    assert "Vòng 1: đã chốt lúc" in status and "Vòng 2: đã chốt lúc" in status
    assert "Điều tra XHH: 5/5 đơn vị có kết quả (1 lần nhập" in status
    assert "Giải trình: 2/2 đơn vị được yêu cầu đã gửi biểu giải trình." in status

    # an item's appraisal history, for an auditor
    text = flat(ok("explain", "y te", "7.5", "--db", store_url))
    assert "Vòng 1 (đã chốt lúc" in text and "0 điểm (điều chỉnh từ 1,5)" in text
    assert "Lý do: Chưa có TLKC về cổng thông tin đáp ứng yêu cầu Yêu cầu giải trình: Đề nghị bổ sung TLKC cho 7.5" \
        in text
    assert (f"Giải trình của đơn vị (biểu {files['answers_b'].name}): Cổng TTĐT đã đáp ứng đủ yêu cầu từ tháng 6/2024 "
            "Tài liệu kiểm chứng bổ sung: Biên bản kiểm tra cổng TTĐT số 12/BB ngày 20/6/2024; Công văn 34/STTTT "
            "ngày 01/7/2024") in text
    assert "1,5 điểm (điều chỉnh từ 0) — sổ tham-dinh-vong-2-da-dien.xlsx" in text
    assert text.endswith("Điểm cuối cùng: 1,5 (theo vòng 2).")
    survey = flat(ok("explain", "tu phap", "8.3", "--db", store_url))
    assert ("Thẩm định: • Kết quả điều tra XHH: 95% — tệp xhh-da-nhap.xlsx, trang «Kết quả điều tra XHH», ô L"
            in survey)
    history = flat(ok("history", "tai chinh", "--db", store_url))
    assert "Sau thẩm định: tổng điểm / tối đa 83,8 / 95,5" in history
    assert "Chỉ số sau thẩm định 87,75%" in history and "Xếp loại sau thẩm định Tốt" in history
    assert "Thứ hạng 5/5 (chốt vòng 2)" in history
    assert "2024 3.1.3" in history and "Không áp dụng — Đơn vị không có TTHC nội bộ" in history


def test_verify_names_cycle_rows_edited_outside_the_program(cycled):
    """Last of the module: it edits the store the cycle made."""
    store_url, _ = cycled
    with open_store(store_url) as store:
        assert store.verify().ok
    sql(store_url, "UPDATE appraisal_entries SET points = 1 WHERE item = '1.1.1'")
    sql(store_url, "UPDATE survey_rates SET rate = 100 WHERE item = '8.1' AND unit_id = "
                   "(SELECT id FROM units WHERE name = 'Sở Tài chính')")
    sql(store_url, "UPDATE appraisal_rounds SET locked_at = NULL WHERE round = 2")
    sql(store_url, "UPDATE appraisal_results SET rank = 1 WHERE unit_id = (SELECT id FROM units WHERE name = "
                   "'Sở Tài chính') AND round_id = (SELECT id FROM appraisal_rounds WHERE round = 2)")
    sql(store_url, "DELETE FROM appraisal_answers WHERE item = '1.6'")
    result = invoke("verify", "--db", store_url)
    assert result.exit_code == 1
    text = flat(result.stdout)
    assert ("Sổ tham-dinh-vong-1-da-dien.xlsx (vòng 1, năm 2024): điểm thẩm định, lý do hoặc yêu cầu giải trình của "
            "«Sở Tư pháp», mục 1.1.1 (trang «03 Sở Tư pháp», ô I16) đã bị sửa ngoài phần mềm.") in text
    assert ("Kết quả điều tra XHH của «Sở Tài chính», mục 8.1 (trang «Kết quả điều tra XHH», ô K13) (tệp "
            "xhh-da-nhap.xlsx, năm 2024) đã bị sửa ngoài phần mềm; trong kho nay là 100%.") in text
    assert "Thời điểm chốt vòng 2 năm 2024 (par-so-2024) đã bị sửa hoặc gỡ ngoài phần mềm (khác sổ cái)." in text
    assert ("Kết quả chốt vòng 2 năm 2024 của «Sở Tài chính» đã bị sửa ngoài phần mềm (trong kho nay: tổng điểm "
            "83,8, chỉ số 87,75%, «Tốt», hạng 1).") in text
    assert ("Sổ giai-trinh-a.xlsx nhập vào vòng 2 năm 2024: phần «giải trình của đơn vị» đã bị thêm hoặc xóa dòng ngoài "
            "phần mềm (khi nhập có 1 dòng, nay có 0 dòng).") in text
    assert "Kết quả: KHÔNG KHỚP — 5 chỗ (xem trên)." in text


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_an_older_store_gains_the_cycle_tables(store_url, tmp_path):
    from test_store_schema import _downgrade

    from scoring.store.migrate import head

    for path in unit_files(tmp_path).values():
        ok("score", str(path), "--db", store_url)
    _downgrade(store_url, "0002")
    with open_store(store_url) as store:
        assert store.migration is not None and (store.migration.from_revision, store.migration.to_revision) == (
            "0002", head())
        assert store.verify().ok
    ok("survey", "new", "--out", str(tmp_path / "xhh.xlsx"), "--db", store_url)
