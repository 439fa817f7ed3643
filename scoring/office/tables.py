"""The consolidated report as data: sheets of tables, each table a list of columns and rows.

One description serves every output: the workbook writer lays the tables out (with the
official heading, formulas, styles and charts), the CSV and JSON writers write their values.
Adding a column (issue 10: self-assessed, round 1, round 2, final) is adding a `Column` and a
value per row here; no writer changes.

A value may be a `Formula`: the Excel formula the workbook gets (so a spreadsheet recalculates
it) and the value the program computed, which the workbook stores as the formula's cached
result and CSV/JSON write. Placeholders in a formula: ``{col:KEY}`` the letter of this table's
column KEY, ``{this}`` this column's letter, ``{row}`` this row, ``{top}``/``{bottom}`` the first
and last data rows, ``{ref:TABLE:KEY}`` the absolute range of another table's data column
(sheet included).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..messages import KIND, SEVERITY, render
from .consolidate import Consolidation

if TYPE_CHECKING:
    from ..appraisal.report import AppraisalReport

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Formula:
    template: str
    value: Any


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    #: text, wrap (long text), int, points (2 decimals), percent (an index, 2 decimals)
    kind: str = "text"


@dataclass
class Table:
    key: str                          # file name of its CSV, key in the JSON
    columns: list[Column]
    rows: list[dict[str, Any]]
    footer: list[dict[str, Any]] = field(default_factory=list)  # after the data: maxima, averages
    #: colour scale on these columns, from 0 to the given maximum (red → yellow → green)
    colour_scale: dict[str, Decimal] = field(default_factory=dict)
    autofilter: bool = False
    #: many rows, no formulas, no footer: the workbook writer writes its rows' XML directly
    bulk: bool = False

    def values(self, row: dict[str, Any]) -> list[Any]:
        return [plain(row.get(c.key)) for c in self.columns]


@dataclass(frozen=True)
class Chart:
    kind: str                          # "column" or "bar"
    title: str
    table: str                         # key of a table on the same sheet
    categories: str                    # its column of labels
    values: str                        # its column of values
    axis_max: float | None = None


@dataclass
class Sheet:
    name: str
    title: str
    tables: list[Table]
    subtitles: tuple[str, ...] = ()
    charts: list[Chart] = field(default_factory=list)
    landscape: bool = True
    signature: bool = False
    freeze: bool = True
    #: width of blank columns after the tables', so the heading has room beside narrow tables
    extra_widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class Report:
    sheets: list[Sheet]
    year: int | None

    def table(self, key: str) -> Table:
        return next(t for s in self.sheets for t in s.tables if t.key == key)


def plain(value: Any) -> Any:
    """A cell's value as data (a formula's computed value)."""
    return value.value if isinstance(value, Formula) else value


def average(values: list[Decimal]) -> Decimal | None:
    """Mean to 2 decimals, half up (as ROUND(AVERAGE(…), 2) gives); None without values."""
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def _t(code: str, **params: Any) -> str:
    return render(code, **params)


# --------------------------------------------------------------------------- the report

def report(c: Consolidation, appraisal: AppraisalReport | None = None) -> Report:
    """The report's sheets; with `appraisal` (the store's survey results and rounds for the year),
    the ranking gains the rounds' columns and two sheets follow «Theo lĩnh vực» (`appraisal_tables`)."""
    year = c.year
    sheets = [_ranking(c), _fields(c), _gaps(c), _charts(c), _not_scored(c), _info(c)]
    if appraisal is not None:
        from . import appraisal_tables

        sheets[0] = appraisal_tables.extend_ranking(sheets[0], c, appraisal)
        sheets[2:2] = [appraisal_tables.fields_sheet(c, appraisal), appraisal_tables.adjustments_sheet(c, appraisal)]
    return Report(sheets, year)


def _ruleset_subtitle(c: Consolidation) -> tuple[str, ...]:
    if c.ruleset is None:
        return ()
    rs = c.ruleset.ruleset
    return (_t("office_subtitle_ruleset", title=rs.title, id=rs.id, version=rs.version, units=len(c.ranked)),)


def _ranking(c: Consolidation) -> Sheet:
    cap = c.ruleset.ruleset.totals.total if c.ruleset is not None else Decimal(100)
    columns = [
        Column("rank", _t("office_col_rank"), 6, "int"),
        Column("unit", _t("office_col_unit"), 34, "wrap"),
        Column("self", _t("office_col_self"), 10, "points"),
        Column("survey", _t("office_col_survey"), 10, "points"),
        Column("bonus", _t("office_col_bonus"), 8, "points"),
        Column("penalty", _t("office_col_penalty"), 8, "points"),
        Column("total", _t("office_col_total"), 9, "points"),
        Column("max", _t("office_col_max"), 10, "points"),
        Column("index", _t("office_col_index"), 9, "percent"),
        Column("class", _t("office_col_class"), 11),
        Column("provisional", _t("office_col_provisional"), 8),
        Column("lost", _t("office_col_lost"), 12, "points"),
        Column("file", _t("office_col_file"), 30, "wrap"),
    ]
    rows = []
    for r in c.ranked:
        u = r.unit
        rows.append({
            "rank": Formula("=RANK({col:index}{row},{col:index}${top}:{col:index}${bottom})", r.rank),
            "unit": u.unit, "self": u.self_points, "survey": u.survey_points if u.survey_max else None,
            "bonus": u.bonus, "penalty": u.penalty,
            "total": Formula(f"=MIN({_num(cap)},MAX(0,{{col:self}}{{row}}+{{col:survey}}{{row}}"
                             f"+{{col:bonus}}{{row}}-{{col:penalty}}{{row}}))", u.total),
            "max": u.max_points, "index": u.index, "class": u.classification,
            "provisional": _t("office_yes") if u.provisional else "", "lost": u.lost_to_data, "file": u.file,
        })
    footer = []
    if rows:
        avg = {"unit": _t("office_row_average")}
        for key, values in (("self", [r.unit.self_points for r in c.ranked]),
                            ("survey", [r.unit.survey_points for r in c.ranked if r.unit.survey_max]),
                            ("total", [r.unit.total for r in c.ranked]),
                            ("index", [r.unit.index for r in c.ranked]),
                            ("lost", [r.unit.lost_to_data for r in c.ranked])):
            if values:
                avg[key] = _average_formula(values)
        footer.append(avg)
    table = Table("xep-hang", columns, rows, footer)
    return Sheet(_t("office_sheet_ranking"), _t("office_title_ranking", year=c.year or ""),
                 [table], subtitles=_ruleset_subtitle(c) + (_t("office_subtitle_lost"),), signature=True)


def _average_formula(values: list[Decimal]) -> Formula:
    return Formula("=ROUND(AVERAGE({this}{top}:{this}{bottom}),2)", average(values))


def _num(d: Decimal) -> str:
    return format(d.normalize(), "f")


def _fields(c: Consolidation) -> Sheet:
    comps = list(c.ruleset.ruleset.components) if c.ruleset is not None else []
    columns = [Column("rank", _t("office_col_rank"), 6, "int"), Column("unit", _t("office_col_unit"), 30, "wrap")]
    columns += [Column(f"f{comp.id}", f"{comp.id}. {comp.title}", 11, "points") for comp in comps]
    columns.append(Column("fields_total", _t("office_col_fields_total"), 10, "points"))
    keys = [f"f{comp.id}" for comp in comps]
    sum_all = "=SUM(" + ",".join(f"{{col:{k}}}{{row}}" for k in keys) + ")" if keys else "=0"
    rows = []
    for r in c.ranked:
        u = r.unit
        row: dict[str, Any] = {"rank": r.rank, "unit": u.unit}
        points = {f.id: f.points for f in u.fields}
        for comp in comps:
            row[f"f{comp.id}"] = points.get(comp.id, Decimal(0))
        row["fields_total"] = Formula(sum_all, sum((points.get(comp.id, Decimal(0)) for comp in comps), Decimal(0)))
        rows.append(row)
    maxima = {f"f{comp.id}": comp.max_points for comp in comps}
    footer: list[dict[str, Any]] = []
    if comps:
        max_row: dict[str, Any] = {"unit": _t("office_row_max"), **maxima}
        max_row["fields_total"] = Formula(sum_all, sum(maxima.values(), Decimal(0)))
        footer.append(max_row)
    if rows:
        avg: dict[str, Any] = {"unit": _t("office_row_average")}
        for key in keys + ["fields_total"]:
            avg[key] = _average_formula([plain(row[key]) for row in rows])
        footer.append(avg)
    table = Table("theo-linh-vuc", columns, rows, footer, colour_scale=maxima)
    return Sheet(_t("office_sheet_fields"), _t("office_title_fields", year=c.year or ""), [table],
                 subtitles=_ruleset_subtitle(c), signature=True)


def _gaps(c: Consolidation) -> Sheet:
    columns = [
        Column("unit", _t("office_col_unit"), 24, "wrap"),
        Column("item", _t("office_col_item"), 7),
        Column("item_title", _t("office_col_item_title"), 28, "wrap"),
        Column("component", _t("office_col_component"), 7),
        Column("field", _t("office_col_field"), 20, "wrap"),
        Column("sheet", _t("office_col_sheet"), 11),
        Column("cell", _t("office_col_cell"), 12, "wrap"),
        Column("kind", _t("office_col_kind"), 12),
        Column("severity", _t("office_col_severity"), 9),
        Column("finding", _t("office_col_finding"), 44, "wrap"),
        Column("points_lost", _t("office_col_points_lost"), 7, "points"),
        Column("pending", _t("office_col_pending"), 7, "points"),
        Column("recovery", _t("office_col_recovery"), 34, "wrap"),
        Column("file", _t("office_col_file"), 24, "wrap"),
    ]
    rows = []
    for r in c.ranked:
        for g in r.unit.gaps:
            rows.append({
                "unit": r.unit.unit, "item": g.item, "item_title": g.item_title, "component": g.component,
                "field": g.field_label or None, "sheet": g.sheet, "cell": g.cell or g.key, "kind": KIND.get(g.kind, g.kind),
                "severity": SEVERITY.get(g.severity, g.severity), "finding": g.text, "points_lost": g.points_lost,
                "pending": g.points_pending_documents, "recovery": g.recovery, "file": r.unit.file,
            })
    table = Table("thieu-sot", columns, rows, autofilter=True, bulk=True)
    return Sheet(_t("office_sheet_gaps"), _t("office_title_gaps", year=c.year or ""), [table],
                 subtitles=_ruleset_subtitle(c))


def _charts(c: Consolidation) -> Sheet:
    labels = [cl.label for cl in c.ruleset.ruleset.classification] if c.ruleset is not None else []
    counts = Counter(r.unit.classification for r in c.ranked)
    classes = Table("xep-loai", [Column("label", _t("office_col_classification"), 16),
                                 Column("count", _t("office_col_count"), 10, "int")],
                    [{"label": label, "count": Formula("=COUNTIF({ref:xep-hang:class},{col:label}{row})",
                                                       counts.get(label, 0))} for label in labels])
    comps = list(c.ruleset.ruleset.components) if c.ruleset is not None else []
    rows = []
    for comp in comps:
        indices = [f.index for r in c.ranked for f in r.unit.fields if f.id == comp.id and f.index is not None]
        rows.append({"label": f"{comp.id}. {comp.title}", "index": average(indices)})
    fields = Table("chi-so-linh-vuc", [Column("label", _t("office_col_component"), 46, "wrap"),
                                       Column("index", _t("office_col_field_index"), 12, "percent")], rows)
    charts = [Chart("column", _t("office_chart_classes"), "xep-loai", "label", "count"),
              Chart("bar", _t("office_chart_fields"), "chi-so-linh-vuc", "label", "index", axis_max=100)]
    return Sheet(_t("office_sheet_charts"), _t("office_title_charts", year=c.year or ""), [classes, fields],
                 subtitles=_ruleset_subtitle(c), charts=charts, landscape=False, freeze=False,
                 extra_widths=(16, 16))


def _not_scored(c: Consolidation) -> Sheet:
    columns = [Column("no", _t("office_col_no"), 5, "int"), Column("file", _t("office_col_file"), 36, "wrap"),
               Column("reason", _t("office_col_reason"), 80, "wrap"), Column("sheet", _t("office_col_sheet"), 12),
               Column("cell", _t("office_col_cell_only"), 8)]
    rows = [{"no": n, "file": x.file, "reason": x.reason, "sheet": x.sheet, "cell": x.cell}
            for n, x in enumerate(c.not_scored, start=1)]
    return Sheet(_t("office_sheet_not_scored"), _t("office_title_not_scored"), [Table("khong-cham-duoc", columns, rows)])


def _info(c: Consolidation) -> Sheet:
    rs = c.ruleset.ruleset if c.ruleset is not None else None
    pairs = [
        ("office_info_ruleset", rs.id if rs else ""),
        ("office_info_title", rs.title if rs else ""),
        ("office_info_version", rs.version if rs else ""),
        ("office_info_hash", c.ruleset.hash if c.ruleset else ""),
        ("office_info_ruleset_choice", _t(c.ruleset_choice)),
        ("office_info_year", c.year),
        ("office_info_year_choice", _t(c.year_choice)),
        ("office_info_inputs", "\n".join(c.inputs)),
        ("office_info_files", c.files),
        ("office_info_scored", c.scored),
        ("office_info_ranked", len(c.ranked)),
        ("office_info_not_scored", len(c.not_scored)),
        ("office_info_started", c.started.strftime("%d/%m/%Y %H:%M:%S %z")),
        ("office_info_finished", c.finished.strftime("%d/%m/%Y %H:%M:%S %z")),
        ("office_info_program", f"cchc-scoring {__version__}"),
        ("office_info_engine", c.engine),
        ("office_info_lost_rule", _t("office_lost_rule")),
    ]
    columns = [Column("what", _t("office_col_what"), 34), Column("value", _t("office_col_value"), 90, "wrap")]
    rows = [{"what": _t(code), "value": value} for code, value in pairs]
    return Sheet(_t("office_sheet_info"), _t("office_title_info"), [Table("thong-tin", columns, rows)],
                 landscape=False, freeze=False)
