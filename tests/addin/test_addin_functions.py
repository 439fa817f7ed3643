"""In-cell formulas: =CCHC.DIEM / DIEM_THEO / TONG / CHISO, through the server's route, and
the one-item rule set they evaluate against the full one for every item."""

from __future__ import annotations

import pytest
from addin_support import DEMO, STRONG, call_function, open_copy
from officejs import sheet_values

from scoring.addin import live
from scoring.engine import evaluate, evaluate_item
from scoring.evidence_io import load_evidence
from scoring.messages import render
from scoring.ruleset import find_ruleset
from scoring.workbook.layout import INPUT_SHEET, META_SHEET, points_value
from scoring.workbook.read import read_workbook

WEAK = STRONG.parent / "weak-unit.yaml"


def _typed(f, year: int) -> list:
    """A few values a user might type for a field of this type."""
    return {
        "count": [0, 7, 10],
        "number": [0, 2.5],
        "percent": [0.5, 0.9381, 1],  # percent cells hold fractions
        "date": [f"15/01/{year}", f"20/12/{year}", "Không"],
        "yes_no": ["Có", "Không"],
        "choice": [o.label for o in f.options or []],
        "document": [f"Kế hoạch số 04/KH ngày 13/01/{year}", "Không"],
        "text": ["nội dung"],
    }[f.type]


def _vectors(loaded, item) -> list[list]:
    """Value vectors for the item: blank, each unit's own values, and a per-type sweep."""
    out: list[list] = [[]]
    for path in (DEMO, STRONG, WEAK):
        ev = load_evidence(path).items.get(item.id)
        if ev:
            out.append([ev.values[f.name].value if f.name in ev.values else None for f in item.evidence])
    year = loaded.ruleset.year
    columns = [_typed(f, year) for f in item.evidence]
    for k in range(max((len(c) for c in columns), default=0)):
        out.append([c[k % len(c)] for c in columns])
        out.append([c[(k + i) % len(c)] for i, c in enumerate(columns)])  # mixed: some met, some not
    unique = {repr(v): v for v in out}
    return list(unique.values())


@pytest.mark.slow
@pytest.mark.parametrize("ruleset", ["par-so-2024", "par-so-2026"])
def test_one_item_evaluation_scores_like_the_full_one(ruleset):
    """evaluate_item (one item's facts through the full compiled rule set) = the full evaluation."""
    loaded = find_ruleset(ruleset)
    checked = 0
    for item in loaded.ruleset.items():
        for values in _vectors(loaded, item):
            evidence = live.item_evidence(loaded, item, values)
            full = evaluate(loaded, evidence)
            one = evaluate_item(loaded, item.id, evidence)
            assert (one.result.points, one.result.status, one.result.rule) == \
                (full.item(item.id).points, full.item(item.id).status, full.item(item.id).rule), (item.id, values)
            assert sorted(f.code for f in one.findings) == \
                sorted(f.code for f in full.findings if f.item == item.id), (item.id, values)
            assert live.item_result(loaded, item.id, values).points == one.result.points
            checked += 1
    assert checked > 3 * len(loaded.ruleset.items())


def test_diem_gives_the_items_points(server):
    r = call_function(server, "diem", "1.6", 224, 166, 3, 55, 0)
    assert r.status_code == 200, r.text
    assert r.json() == {"result": [[0.5]]}
    assert call_function(server, "diem", "1.6", 224, 169, 0, 55, 0).json() == {"result": [[1]]}


def test_diem_takes_a_range_of_inputs(server):
    # =CCHC.DIEM("1.6"; G40:G44): a vertical range arrives as one argument
    r = call_function(server, "diem", "1.6", [[224], [166], [3], [55], [0]])
    assert r.json() == {"result": [[0.5]]}


def test_diem_reads_dates_as_excel_serials(server):
    # 1.2.1: four report dates, all before their deadlines (serials: 05/03, 10/06, 09/09, 02/12/2024)
    r = call_function(server, "diem", "1.2.1", 45356, 45453, 45544, 45628)
    assert r.json() == {"result": [[1]]}
    late = call_function(server, "diem", "1.2.1", 45356, 45453, 45544, 45640)  # 14/12: late
    assert late.json() == {"result": [[0.5]]}


def test_diem_theo_uses_the_named_rule_set(server):
    # 1.3.2: 4 of 10 units inspected: ≥ 30% earns 0,5 in 2024; 2026 wants 50% for 0,25
    assert call_function(server, "diem_theo", "par-so-2024", "1.3.2", 10, 4).json() == {"result": [[0.5]]}
    assert call_function(server, "diem_theo", "par-so-2026", "1.3.2", 10, 4).json() == {"result": [[0]]}


def test_diem_refuses_an_unknown_item_in_vietnamese(server):
    r = call_function(server, "diem", "1.66", 1)
    assert r.status_code == 400
    assert r.text == render("addin_unknown_item", item="1.66", ruleset="par-so-2024",
                            hint=render("did_you_mean", name="1.6"))


def test_diem_refuses_too_many_values(server):
    r = call_function(server, "diem", "1.5", 1, 2)
    assert r.status_code == 400
    assert r.text.startswith("Tiêu chí 1.5 có 1 số liệu («Số sáng kiến, giải pháp CCHC được công nhận»)")


def _grids(path):
    wb = open_copy(path)
    return sheet_values(wb[INPUT_SHEET], dates_as="serial"), sheet_values(wb[META_SHEET], dates_as="serial")


def test_tong_and_chiso_equal_the_engine(server, demo_xlsx, loaded):
    cli = read_workbook(demo_xlsx)
    result = evaluate(cli.ruleset, cli.evidence)
    data, meta = _grids(demo_xlsx)
    total = call_function(server, "tong", data, meta)
    index = call_function(server, "chiso", data, meta)
    assert total.json() == {"result": [[float(result.total)]]}
    assert index.json() == {"result": [[float(result.index)]]}
    assert (float(result.total), float(result.index)) == (18.75, 26.98)


def test_tong_needs_the_sheet_from_a1(server, demo_xlsx):
    data, meta = _grids(demo_xlsx)
    shifted = [row[1:] for row in data[1:]]  # B2:… instead of A1:…
    r = call_function(server, "tong", shifted, meta)
    assert r.status_code == 400
    assert r.text == render("addin_range_not_workbook", sheet=INPUT_SHEET, meta=META_SHEET)


def test_points_value_matches_the_points_column(loaded):
    # the formula shows what «Chấm điểm» writes in the points column (a penalty as negative)
    penalty = next(i for i in loaded.ruleset.adjustments if i.effect == "penalty")
    values = [1] * len(penalty.evidence)
    result = live.item_result(loaded, penalty.id, values)
    assert live.item_points(penalty.id, values) == points_value(result)
    assert points_value(result) <= 0
