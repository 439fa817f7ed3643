"""Recording: idempotent, the newest file counts, nothing lost; what goes in comes back out."""

from __future__ import annotations

import datetime as dt

import pytest
from store_support import (
    DEMO_UNIT,
    count,
    demo_result,
    rules,
    sql,
    submission,
    synthetic,
    workbook_result,
)

from scoring.engine import evidence_hash
from scoring.ruleset import ruleset_from_text
from scoring.store import RecordOutcome, StoreError, Submission
from scoring.store.codec import evidence_back, result_back, result_rows
from scoring.store.record import ruleset_content


def test_the_same_file_twice_is_recorded_once(store, store_url):
    first = store.record(submission("so-gddt.yaml"), demo_result(), rules())
    assert first == RecordOutcome(1, DEMO_UNIT, 2023, "par-so-2024", new=True, current=True)
    rows = {t: count(store_url, t) for t in ("submissions", "evidence_values", "findings", "ledger")}
    again = store.record(submission("doi-ten.yaml", day=20, content="so-gddt.yaml"), demo_result(), rules())
    assert again == RecordOutcome(1, DEMO_UNIT, 2023, "par-so-2024", new=False, current=True)
    assert {t: count(store_url, t) for t in rows} == rows
    # what one result adds: 1 unit, 1 rule set, the submission (3 ledger entries)
    assert rows["ledger"] == 3 and rows["findings"] == len(demo_result().findings)


def test_a_newer_file_becomes_current_and_the_old_one_is_kept(store, store_url):
    store.record(submission("v1.yaml", day=10), synthetic(1, unit="Sở Tư pháp"), rules())
    newer = store.record(submission("v2.yaml", day=12), synthetic(2, unit="Sở tư pháp "), rules())
    assert newer == RecordOutcome(2, "Sở tư pháp ", 2024, "par-so-2024", new=True, current=True, replaced=1)
    late = store.record(submission("v0.yaml", day=5), synthetic(3, unit="SỞ TƯ PHÁP"), rules())
    assert late == RecordOutcome(3, "SỞ TƯ PHÁP", 2024, "par-so-2024", new=True, current=False, superseded_by=2)
    assert sql(store_url, "SELECT id, superseded_by FROM submissions ORDER BY id") == [(1, 2), (2, None), (3, 2)]
    assert sql(store_url, "SELECT name FROM units") == [("Sở Tư pháp",)]  # one unit, however typed
    assert store.verify().ok


def test_another_year_is_another_current_submission(store, store_url):
    store.record(submission("2023.yaml"), synthetic(1, unit="Sở Y tế", year=2023), rules())
    store.record(submission("2024.yaml"), synthetic(2, unit="Sở Y tế", year=2024), rules())
    assert sql(store_url, "SELECT year, superseded_by FROM submissions ORDER BY id") == [(2023, None), (2024, None)]


@pytest.mark.parametrize("which", ["demo", "workbook", "synthetic"])
def test_a_result_comes_back_from_its_rows_exactly(which):
    result = {"demo": demo_result, "workbook": workbook_result, "synthetic": lambda: synthetic(7)}[which]()
    rows = result_rows(5, result)

    class Row:
        def __init__(self, data: dict) -> None:
            self.__dict__.update(data)

    def back(part: str) -> list:
        return [Row(r) for r in rows.part(part)]

    class RuleSet:
        code, version, year, title, hash = (result.ruleset.id, result.ruleset.version, result.ruleset.year,
                                            result.ruleset.title, result.ruleset.hash)

    evidence = evidence_back(back("evidence")[0], back("evidence_values"))
    assert evidence_hash(evidence) == result.trace.evidence_hash
    rebuilt = result_back(RuleSet, evidence, back("results")[0], back("group_results"), back("item_results"),
                          back("findings"), back("traces")[0])
    assert rebuilt == result


def test_the_stored_rule_set_is_the_same_rule_set():
    stored = ruleset_from_text(ruleset_content(rules()), "kho")
    assert stored.hash == rules().hash
    assert stored.ruleset == rules().ruleset.model_copy(update={"tests": []})


def test_a_workbook_keeps_its_cells(store, store_url):
    store.record(Submission.of_bytes("so.xlsx", b"wb", dt.datetime(2025, 1, 3, tzinfo=dt.UTC)), workbook_result(),
                 rules())
    cells = sql(store_url, "SELECT sheet, cell FROM evidence_values WHERE item = '1.6' AND field = 'tasks_on_time'")
    step = workbook_result().step("1.6")
    on_time = next(i for i in step.inputs if i.field == "tasks_on_time")
    assert cells == [(on_time.cell.sheet, on_time.cell.cell)]
    assert on_time.cell.sheet == "Tự đánh giá"


def test_a_result_of_another_rule_set_is_refused(store):
    from store_support import ROOT

    from scoring.ruleset import load_ruleset

    other = load_ruleset(ROOT / "rules" / "par-so-2026.yaml")
    with pytest.raises(ValueError, match="not with the rule set given"):
        store.record(submission("x.yaml"), demo_result(), other)


# ------------------------------------------------------------------ which unit is meant


@pytest.fixture
def units(store):  # type: ignore[no-untyped-def]
    for n, name in enumerate(["Sở Giáo dục và Đào tạo", "Sở Tài nguyên và Môi trường", "Sở Tư pháp",
                              "Sở Lao động - Thương binh và Xã hội", "Sở Tài chính"]):
        store.record(submission(f"{n}.yaml"), synthetic(n, unit=name), rules())
    return store


def test_a_unit_is_found_however_it_is_typed(units):
    for typed, meant in [
        ("so tu phap", "Sở Tư pháp"),
        ("SỞ TƯ PHÁP", "Sở Tư pháp"),
        ("  Sở   Tư pháp ", "Sở Tư pháp"),
        ("tư pháp", "Sở Tư pháp"),
        ("Sở GDĐT", "Sở Giáo dục và Đào tạo"),  # the initials offices abbreviate names by
        ("TN&MT", "Sở Tài nguyên và Môi trường"),
        ("LĐTBXH", "Sở Lao động - Thương binh và Xã hội"),
        ("tai chinh", "Sở Tài chính"),
    ]:
        assert units.find_unit(typed).name == meant, typed


def test_an_ambiguous_name_lists_the_candidates(units):
    with pytest.raises(StoreError) as caught:
        units.find_unit("sở tài")
    assert str(caught.value) == ("«sở tài» khớp với 2 đơn vị: «Sở Tài chính»; «Sở Tài nguyên và Môi trường». "
                                 "Hãy ghi rõ hơn tên đơn vị.")


def test_an_unknown_name_offers_the_close_ones(units):
    with pytest.raises(StoreError) as caught:
        units.find_unit("Sở Tư phap Hà Nội")
    assert str(caught.value) == "Không có đơn vị «Sở Tư phap Hà Nội» trong kho. Có phải: «Sở Tư pháp»?"
    with pytest.raises(StoreError) as caught:
        units.find_unit("Ban Quản lý")
    assert str(caught.value) == (
        "Không có đơn vị «Ban Quản lý» trong kho. Kho có 5 đơn vị: «Sở Giáo dục và Đào tạo»; "
        "«Sở Lao động - Thương binh và Xã hội»; «Sở Tài chính»; «Sở Tài nguyên và Môi trường»; «Sở Tư pháp».")


# ------------------------------------------------------------------ history and explain


def test_history_puts_the_years_side_by_side(store):
    store.record(submission("2023.yaml"), synthetic(1, unit="Sở Y tế", year=2023), rules())
    store.record(submission("2024-a.yaml", day=3), synthetic(2, unit="Sở Y tế", year=2024), rules())
    store.record(submission("2024-b.yaml", day=9), synthetic(3, unit="Sở Y tế", year=2024), rules())
    history = store.history(store.find_unit("so y te"))
    assert [(c.year, c.file_name, c.submissions) for c in history.columns] == [(2023, "2023.yaml", 1),
                                                                              (2024, "2024-b.yaml", 2)]
    first, last = synthetic(1, year=2023), synthetic(3, year=2024)
    assert [c.total for c in history.columns] == [first.total, last.total]
    assert [c.index for c in history.columns] == [first.index, last.index]
    assert history.fields == [(c.id, c.title) for c in last.components]
    assert history.columns[1].fields["1"] == (last.components[0].title, last.components[0].points,
                                               last.components[0].max_points)
    # the items that changed most: by the size of the change, largest first, each with both years
    expected = sorted(((b.points - a.points, a.id) for a, b in zip(first.items, last.items, strict=True)
                       if a.points != b.points), key=lambda d: (-abs(d[0]), tuple(int(p) for p in d[1].split("."))))
    assert [(c.change, c.item) for c in history.changes] == expected[:10]
    top = history.changes[0]
    assert top.points == [first.item(top.item).points, last.item(top.item).points] and top.between == (2023, 2024)


def test_explain_gives_the_rule_the_inputs_and_their_cells(store):
    store.record(submission("so.xlsx"), workbook_result(), rules())
    [explained] = store.explain(store.find_unit("Sở GDĐT Hải Phòng"), "1.6")
    expected = workbook_result()
    assert (explained.year, explained.file_name, explained.submission_id) == (2023, "so.xlsx", 1)
    assert explained.item == expected.item("1.6")
    assert explained.step == expected.step("1.6")
    assert explained.step.rule == "1.6/ge90" and explained.step.rule_label == "Từ 90%: ≥ 90% → 0,5 điểm"
    assert all(i.cell is not None and i.cell.sheet == "Tự đánh giá" for i in explained.step.inputs)
    assert explained.findings == [f for f in expected.findings if f.item == "1.6"]
    assert explained.field_title == "Công tác chỉ đạo, điều hành CCHC"
    assert explained.appraisal_rounds == ()


def test_explain_names_what_is_not_there(store):
    store.record(submission("a.yaml"), demo_result(), rules())
    unit = store.find_unit("hai phong")
    with pytest.raises(StoreError) as caught:
        store.explain(unit, "1.66")
    assert str(caught.value) == ("Không có tiêu chí «1.66» trong kết quả của «Sở Giáo dục và Đào tạo Hải Phòng» "
                                 "năm 2023 (bộ chỉ số par-so-2024). Có phải: 1.6, 7.6, 6.6?")
    with pytest.raises(StoreError) as caught:
        store.explain(unit, "1.6", 2021)
    assert str(caught.value) == ("Đơn vị «Sở Giáo dục và Đào tạo Hải Phòng» không có bản nộp năm 2021; "
                                 "các năm có trong kho: 2023.")
