"""Consolidation on a folder of returned files with totals worked out by hand
(tests/office/office_support.py): ranks with ties, totals, averages, the files not ranked and
why, the gap register, the store hook, and one process against several."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from office_support import AVERAGES, CLASSES, EXPECTED, NOT_RANKED

from scoring.office.consolidate import Submission, consolidate, rank
from scoring.office.discover import discover
from scoring.office.tables import plain, report
from scoring.office.worker import Scored
from scoring.ruleset import find_ruleset


@pytest.fixture(scope="module")
def files(returned):
    return discover([returned])


@pytest.fixture(scope="module")
def result(files, returned):
    return consolidate(files, jobs=2, inputs=[str(returned)])


def _row(r) -> tuple:  # type: ignore[no-untyped-def]
    u = r.unit
    return (r.rank, u.self_points, u.survey_points if u.survey_max else None, u.bonus, u.penalty, u.total,
            u.max_points, u.index, u.classification, u.provisional, u.lost_to_data)


def test_discovery_takes_returned_files_only(files, returned):
    names = sorted(str(p.relative_to(returned)) for p in files)
    assert len(names) == 21  # 13 units + 8 files not ranked; Excel's lock file and the temp file skipped
    assert "~$so-tu-phap.xlsx" not in names and ".so-tam.xlsx.tmp" not in names
    assert "cu/so-tu-phap-ban-cu.xlsx" in names and "nam-2023/so-ngoai-vu-2023.yaml" in names


def test_units_ranked_with_their_totals(result):
    assert [r.unit.unit for r in result.ranked] == list(EXPECTED)  # by index, ties by name
    assert {r.unit.unit: _row(r) for r in result.ranked} == EXPECTED
    assert [r.rank for r in result.ranked] == [1, 1, 1, 4, 5, 5, 7, 8, 8, 10, 11, 12, 13]


def test_ruleset_and_year_are_those_of_most_files(result):
    assert (result.ruleset.id, result.ruleset.ruleset.version, result.year) == ("par-so-2024", "1.0.0", 2024)
    assert (result.ruleset_choice, result.year_choice) == ("consolidate_chosen_majority", "consolidate_year_majority")
    assert (result.files, result.scored) == (21, 16)  # + the duplicate, the 2026 workbook and the 2023 evidence


def test_files_not_ranked_and_why(result, returned):
    got = {str(Path(n.file).relative_to(returned)): n.code for n in result.not_scored}
    assert got == NOT_RANKED
    reasons = {str(Path(n.file).relative_to(returned)): n.reason for n in result.not_scored}
    assert reasons["rong.xlsx"] == f"Tệp {returned / 'rong.xlsx'} rỗng (0 byte); đơn vị cần gửi lại sổ."
    assert reasons["cu/so-tu-phap-ban-cu.xlsx"] == (
        f"Tệp {returned / 'cu' / 'so-tu-phap-ban-cu.xlsx'}: cùng đơn vị «sở tư PHÁP» năm 2024 với tệp "
        f"{returned / 'so-tu-phap.xlsx'}, tệp đó mới hơn (sổ tạo lúc 20/12/2024 10:00:00, tệp này tạo lúc "
        "01/12/2024 09:00:00) nên được dùng; tệp này không được tính.")
    assert reasons["nam-2023/so-ngoai-vu-2023.yaml"] == (
        f"Tệp {returned / 'nam-2023' / 'so-ngoai-vu-2023.yaml'} (Sở Ngoại vụ) là số liệu năm 2023, không phải năm "
        "đang tổng hợp 2024; không đưa vào xếp hạng.")
    assert reasons["so-du-lich-2026.xlsx"] == (
        f"Tệp {returned / 'so-du-lich-2026.xlsx'} (Sở Du lịch) làm theo bộ chỉ số «par-so-2026» phiên bản 1.0.0, "
        "không phải bộ đang tổng hợp «par-so-2024» phiên bản 1.0.0; không đưa vào xếp hạng.")
    assert reasons["mat-khau.xlsx"].startswith(f"Tệp {returned / 'mat-khau.xlsx'} được đặt mật khẩu mở tệp")
    assert reasons["hong.xlsx"].startswith(f"Tệp {returned / 'hong.xlsx'} bị hỏng, không đọc được")
    assert reasons["bang-tinh-khac.xlsx"].startswith(
        f"Tệp {returned / 'bang-tinh-khac.xlsx'} không phải sổ chấm điểm Chỉ số CCHC do phần mềm tạo")
    assert reasons["khong-phai-json.json"].startswith(
        f"Không đọc được tệp số liệu {returned / 'khong-phai-json.json'}")


def test_given_ruleset_refuses_a_workbook_of_another(files):
    result = consolidate(files, rules=find_ruleset("par-so-2024"), jobs=1)
    other = next(n for n in result.not_scored if n.file.endswith("so-du-lich-2026.xlsx"))
    assert other.code == "workbook_other_ruleset"
    assert result.ruleset_choice == "consolidate_chosen_given"
    assert [r.unit.unit for r in result.ranked] == list(EXPECTED)


def test_one_process_and_several_agree(files, result):
    alone = consolidate(files, jobs=1)
    assert [_row(r) + (r.unit.unit, r.unit.gaps) for r in alone.ranked] == \
        [_row(r) + (r.unit.unit, r.unit.gaps) for r in result.ranked]
    assert alone.not_scored == result.not_scored


def test_formula_without_cached_value_is_a_finding_at_its_cell(result):
    unit = next(r.unit for r in result.ranked if r.unit.unit == "Sở Ngoại vụ")
    gap = next(g for g in unit.gaps if g.item == "1.5")
    assert (gap.kind, gap.severity, gap.sheet, gap.field, gap.points_lost) == \
        ("invalid_value", "error", "Tự đánh giá", "initiatives", Decimal("0.5"))
    assert gap.cell is not None and gap.cell.startswith("G")
    assert "«=2+3» bắt đầu như một công thức" in gap.text


def test_points_lost_to_missing_data_and_documents(result):
    by_unit = {r.unit.unit: r.unit for r in result.ranked}
    health = by_unit["Sở Y tế"]  # 2.1.2 without documents: 1 point kept only with documents
    (gap,) = [g for g in health.gaps if g.kind == "missing_documents"]
    assert (gap.item, gap.points_lost, gap.points_pending_documents) == ("2.1.2", None, Decimal(1))
    culture = by_unit["Sở Văn hóa"]  # «abc»: 2 points lost to a wrong value, not to missing data
    assert sum(g.points_lost or 0 for g in culture.gaps) == Decimal(2) and culture.lost_to_data == 0


def test_a_units_own_survey_rates_do_not_count_in_any_format(result):
    """Sở Nội vụ typed 50% into every survey item of its evidence file: as in a workbook, the
    rates are not scored (the office enters survey results) and each is named at its key."""
    home = {r.unit.unit: r.unit for r in result.ranked}["Sở Nội vụ"]
    assert (home.survey_points, home.survey_max, home.provisional) == (0, 0, True)
    ignored = [g for g in home.gaps if g.text.startswith("Tệp số liệu ghi kết quả điều tra XHH")]
    assert len(ignored) == 9 and {g.severity for g in ignored} == {"warning"}
    assert [g.key for g in ignored][:2] == ["items.1.7.values.survey_rate", "items.2.5.values.survey_rate"]
    assert "(«50»)" in ignored[0].text and "không được tính" in ignored[0].text


def test_ranking_table_averages_and_classes(result):
    rep = report(result)
    ranking = rep.table("xep-hang")
    (average,) = ranking.footer
    assert {k: plain(average[k]) for k in AVERAGES} == AVERAGES
    classes = rep.table("xep-loai")
    assert {r["label"]: plain(r["count"]) for r in classes.rows} == CLASSES
    fields = rep.table("theo-linh-vuc")
    for row, r in zip(fields.rows, result.ranked, strict=True):
        assert plain(row["fields_total"]) == r.unit.self_points + r.unit.survey_points
    gaps = rep.table("thieu-sot")
    assert len(gaps.rows) == sum(len(r.unit.gaps) for r in result.ranked)


def test_store_hook_receives_every_scored_file(files):
    seen: list[Submission] = []
    result = consolidate(files, jobs=2, sink=seen.append)
    assert len(seen) == result.scored == 16
    for s in seen:
        assert s.sha256 == "sha256:" + hashlib.sha256(s.file.read_bytes()).hexdigest()
        assert s.result.evidence is s.evidence
        assert (s.ruleset.id, s.ruleset.ruleset.version) == (s.result.ruleset.id, s.result.ruleset.version)
        assert s.ruleset.hash == s.result.ruleset.hash
    assert {s.result.unit for s in seen} >= set(EXPECTED)


def _unit(name: str, index: str) -> Scored:
    zero = Decimal(0)
    return Scored(file=name, sha256="", mtime=0, generated_at=None, unit=name, year=2024, ruleset_id="r",
                  ruleset_version="1", ruleset_hash="", self_points=zero, self_max=zero, survey_points=zero,
                  survey_max=zero, bonus=zero, penalty=zero, total=zero, max_points=zero, index=Decimal(index),
                  classification="", provisional=True, fields=(), gaps=(), lost_to_data=zero, errors=0, warnings=0,
                  infos=0)


def test_equal_indices_share_a_rank_and_the_next_rank_skips():
    ranked = rank([_unit("D", "50"), _unit("B", "80"), _unit("C", "80"), _unit("A", "90"), _unit("E", "80")])
    assert [(r.rank, r.unit.unit) for r in ranked] == [(1, "A"), (2, "B"), (2, "C"), (2, "E"), (5, "D")]
