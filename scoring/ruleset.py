"""Load, validate and check a rule set; give it a content hash; find one by its id.

Order: YAML → JSON Schema (exported from the models) → pydantic models → static
checks (points add up, methods name declared fields of the right type, bands ordered
and reachable, classification complete). Every problem names its YAML path and line.
Loading for scoring skips the JSON Schema pass while the models accept the file (they
reject all it rejects; a test fuzzes that) and runs it only to explain a rejection.

Rule sets are named, never opened by path, from anything a unit or a request supplies
(an evidence file's `ruleset:`, a workbook's metadata, a recorded trace, a formula's
argument): `find_ruleset` takes an id (and version) of a rule set in the configured
rules folder. Only the person running the command line may name a file
(`ruleset_for_option`, the `--rules` option).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from . import vn
from .errors import RuleSetError
from .messages import os_reason, render
from .methods import method_of
from .models.ruleset import (
    Band,
    Component,
    Criterion,
    Item,
    RuleSet,
    Sum,
)
from .textclean import shorten
from .yamlio import Path_, YamlProblem, format_path, line_of, parse_yaml

if TYPE_CHECKING:
    import jsonschema

#: Percent thresholds may carry at most this many decimals (the engine compares exactly).
THRESHOLD_DECIMALS = 4


@dataclass(frozen=True)
class Problem:
    code: str
    path: Path_
    line: int | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = format_path(self.path) + (f" (dòng {self.line})" if self.line else "")
        return f"{where}: {self.message}"


@dataclass
class CheckReport:
    source: str
    ruleset: RuleSet | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


@functools.cache
def ruleset_json_schema() -> dict[str, Any]:
    schema = RuleSet.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://cchc-scoring.local/schemas/ruleset.schema.json"
    return schema


def content_hash(ruleset: RuleSet) -> str:
    """sha256 of the canonical JSON of the rule set without its test cases.

    Comments, key order and formatting do not change it; any point, band, field or
    deadline does.
    """
    data = ruleset.model_dump(mode="json", exclude={"tests"})
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


def check_text(text: str, source: str = "<rule set>", *, schema: bool = True) -> CheckReport:
    """Validate rule-set YAML text; collect every problem instead of stopping at the first.

    schema=False (loading for scoring) validates with the models alone and runs the JSON
    Schema only when they reject the file, for its better messages; the result is the
    same report as with schema=True whenever the file has a problem.
    """
    try:
        doc = parse_yaml(text)
    except YamlProblem as exc:
        return CheckReport(source, None, [Problem("yaml_syntax", (), exc.line, exc.message)])
    data, lines = doc.data, doc.lines
    if not isinstance(data, dict):
        return CheckReport(source, None, [Problem("not_a_mapping", (), 1, render("not_a_mapping"))])
    problems: list[Problem] = [
        Problem("duplicate_key", d.path, d.line, render("duplicate_key_ruleset", key=format_path(d.path),
                                                        first_line=str(d.first_line)))
        for d in doc.duplicates
    ] + [Problem("control_characters", path, line, render("ruleset_control_characters")) for path, line in doc.cleaned]

    if not schema:
        try:
            ruleset = RuleSet.model_validate(data)
        except ValidationError:
            return check_text(text, source, schema=True)  # the full report explains the rejection
        problems.extend(_static_checks(ruleset, lines))
        return CheckReport(source, ruleset, problems)

    import jsonschema

    validator = jsonschema.Draft202012Validator(ruleset_json_schema())
    schema_problems: list[Problem] = []
    for error in sorted(validator.iter_errors(_jsonable(data)), key=lambda e: list(map(str, e.absolute_path))):
        for leaf in _leaf_errors(error):
            path = tuple(leaf.absolute_path)
            schema_problems.append(Problem("schema", path, line_of(lines, path), _schema_message(leaf)))
    if schema_problems:
        return CheckReport(source, None, problems + _dedupe(schema_problems))

    try:
        ruleset = RuleSet.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            path = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in ("criterion", "item")))
            problems.append(Problem("model", path, line_of(lines, path), render("model_invalid", detail=err["msg"])))
        return CheckReport(source, None, problems)

    problems.extend(_static_checks(ruleset, lines))
    return CheckReport(source, ruleset, problems)


#: A rule-set file is a few hundred KB; a file far larger is not one (and is not read whole).
MAX_RULESET_BYTES = 20 * 1024 * 1024


def check_file(path: Path, *, schema: bool = True) -> CheckReport:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_RULESET_BYTES + 1)
        if len(raw) > MAX_RULESET_BYTES:
            return CheckReport(str(path), None, [Problem("unreadable", (), None, render(
                "ruleset_too_large", path=str(path), limit=MAX_RULESET_BYTES // (1024 * 1024)))])
        text = raw.decode("utf-8")
    except OSError as exc:
        return CheckReport(str(path), None, [Problem("unreadable", (), None, render(
            "file_unreadable", path=str(path), detail=os_reason(exc)))])
    except UnicodeDecodeError as exc:
        return CheckReport(str(path), None, [Problem("unreadable", (), None, render(
            "file_not_utf8", path=str(path), position=str(exc.start + 1)))])
    return check_text(text, str(path), schema=schema)


def ruleset_from_text(text: str, source: str) -> LoadedRuleSet:
    """A rule set from YAML or JSON text that is not a file (e.g. one kept in the office's
    store), validated like a file; `source` names it in messages and in `LoadedRuleSet.path`."""
    report = check_text(text, source, schema=False)
    if not report.ok or report.ruleset is None:
        errors = [p for p in report.problems if p.severity == "error"]
        raise RuleSetError("ruleset_invalid", path=source, count=len(errors), details="\n".join(f"  - {p}" for p in errors))
    return LoadedRuleSet(report.ruleset, content_hash(report.ruleset), source)


@dataclass(frozen=True)
class LoadedRuleSet:
    """A valid rule set with its hash and file; what the engine accepts."""

    ruleset: RuleSet
    hash: str
    path: str

    @property
    def id(self) -> str:
        return self.ruleset.id


def load_ruleset(path: str | Path) -> LoadedRuleSet:
    """Load and validate the rule-set file at `path`; raise RuleSetError listing every problem.

    Only for a path the person running the program chose (see the module docstring).
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise RuleSetError("file_unreadable", path=str(path), detail=os_reason(exc)) from exc
    if not path.is_file():
        raise RuleSetError("ruleset_not_a_file", path=str(path))
    return _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _load_cached(path: str, _mtime: int, _size: int) -> LoadedRuleSet:
    report = check_file(Path(path), schema=False)
    if not report.ok or report.ruleset is None:
        errors = [p for p in report.problems if p.severity == "error"]
        raise RuleSetError("ruleset_invalid", path=path, count=len(errors), details="\n".join(f"  - {p}" for p in errors))
    return LoadedRuleSet(report.ruleset, content_hash(report.ruleset), path)


def default_rules_dir() -> Path:
    from .settings import settings

    return settings().rules_dir


def available_rulesets(rules_dir: Path | None = None) -> list[LoadedRuleSet]:
    """Every valid rule set in the rules folder (invalid files are skipped)."""
    rules_dir = rules_dir or default_rules_dir()
    out = []
    for path in _rule_files(rules_dir):
        try:
            out.append(load_ruleset(path))
        except RuleSetError:
            continue
    return out


#: What a rule-set id looks like (models.base.Slug); anything else is not looked up at all.
_ID = re.compile(r"[a-z0-9][a-z0-9_.-]{0,79}")
_HEADER_BYTES = 64 * 1024
_HEADER_LINE = re.compile(rb"^(id|version):[ \t]*(?:\"([^\"\n]*)\"|'([^'\n]*)'|([^\s#][^#\n]*?))[ \t]*(?:#[^\n]*)?\r?$",
                          re.M)


def find_ruleset(ref: str | None, rules_dir: Path | None = None, version: str | None = None) -> LoadedRuleSet:
    """The rule set with id `ref` (and `version`; else its highest) in the rules folder.

    `ref` is an id, never a path: it may come from a unit's file or an add-in request.
    Only the file of that id is loaded (the folder is indexed by each file's `id:` and
    `version:` lines, and the loaded file is checked to be what the index said). An
    unknown id gets a message that names the known ids and nothing of the file system.
    With no reference, the default rule set from settings is used.
    """
    from .settings import settings

    ref = ref or settings().default_ruleset
    rules_dir = rules_dir or default_rules_dir()
    index = _rules_index(rules_dir)
    wanted = ref.strip() if isinstance(ref, str) else ""
    candidates = [(v, p) for i, v, p in index if i == wanted and (version is None or v == version)] \
        if _ID.fullmatch(wanted) and (version is None or len(version) <= 40) else []
    for _v, path in sorted(candidates, key=lambda c: _version_key(c[0]), reverse=True):
        loaded = load_ruleset(path)  # a broken file of this id is reported as such
        if loaded.id == wanted and (version is None or loaded.ruleset.version == version):
            return loaded
    known = sorted({i for i, _v, _p in index if _ID.fullmatch(i)})
    hint = difflib.get_close_matches(wanted, known, n=1)
    shown = shorten(wanted or str(ref), 80) + (f" (phiên bản {shorten(version, 40)})" if version else "")
    raise RuleSetError("ruleset_not_found", ref=shown, known=", ".join(known) or "(trống)",
                       hint=render("did_you_mean", name=hint[0]) if hint else "")


def ruleset_for_option(value: str, version: str | None = None) -> LoadedRuleSet:
    """The command line's `--rules`: a rule-set file the user names, or an id in the rules folder.

    Only for what the person running the command typed; everything else goes through
    `find_ruleset`.
    """
    if value.lower().endswith((".yaml", ".yml")) or os.sep in value or "/" in value or Path(value).is_file():
        return load_ruleset(Path(value))
    return find_ruleset(value, version=version)


def _rule_files(rules_dir: Path) -> list[Path]:
    try:
        return sorted(p for p in rules_dir.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    except OSError:
        return []


def _rules_index(rules_dir: Path) -> list[tuple[str, str, Path]]:
    """(id, version, file) of each rule-set file in the folder, from its header lines.

    Stat-only when nothing changed; a file whose header does not say is loaded once.
    """
    entries = []
    for path in _rule_files(rules_dir):
        try:
            stat = path.stat()
        except OSError:
            continue
        header = _file_header(str(path), stat.st_mtime_ns, stat.st_size)
        if header is not None:
            entries.append((*header, path))
    return entries


@functools.lru_cache(maxsize=256)
def _file_header(path: str, _mtime: int, _size: int) -> tuple[str, str] | None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEADER_BYTES)
    except OSError:
        return None
    found: dict[bytes, str] = {}
    for m in _HEADER_LINE.finditer(head):
        value = next(g for g in m.groups()[1:] if g is not None)
        found.setdefault(m.group(1), value.decode("utf-8", "replace").strip())
    if b"id" in found and b"version" in found:
        return found[b"id"], found[b"version"]
    try:  # an unusual layout (flow style, id below the first 64 KB): ask the loader
        loaded = load_ruleset(Path(path))
    except RuleSetError:
        return None
    return loaded.id, loaded.ruleset.version


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """"1.10.0" after "1.9.2"; text parts sort after numbers, never a crash."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-+]", version))


# --------------------------------------------------------------------------- static checks

FIELD_TYPES_FOR = {
    "quantity": {"count", "number"},
    "deadline": {"date", "document"},
    "yes_no": {"yes_no"},
    "choice": {"choice"},
    "count": {"count"},
    "limit": {"count", "number"},
    "rate": {"percent"},
}


def _static_checks(rs: RuleSet, lines: dict[Path_, int]) -> list[Problem]:
    out: list[Problem] = []

    def add(code: str, path: Path_, severity: str = "error", **params: Any) -> None:
        out.append(Problem(code, path, line_of(lines, path), render(code, **params), severity))

    items_by_id: dict[str, Item] = {}
    seen: dict[str, Path_] = {}

    def register(kind: str, ident: str, path: Path_) -> None:
        key = f"{kind}:{ident}"
        if key in seen:
            add("duplicate_id", path + ("id",), id=ident, other=format_path(seen[key]))
        else:
            seen[key] = path

    total_self = total_survey = Decimal(0)
    component_sum = Decimal(0)
    for ci, comp in enumerate(rs.components):
        cpath: Path_ = ("components", ci)
        register("component", comp.id, cpath)
        comp_self = comp_survey = Decimal(0)
        for ki, crit in enumerate(comp.criteria):
            kpath = cpath + ("criteria", ki)
            if not _id_under(crit.id, comp.id):
                add("id_not_under_parent", kpath + ("id",), id=crit.id, parent=comp.id)
            if isinstance(crit, Criterion):
                register("criterion", crit.id, kpath)
                for ii, item in enumerate(crit.items):
                    ipath = kpath + ("items", ii)
                    if not _id_under(item.id, crit.id):
                        add("id_not_under_parent", ipath + ("id",), id=item.id, parent=crit.id)
                    register("item", item.id, ipath)
                    items_by_id[item.id] = item
                    out.extend(_check_item(item, ipath, lines))
                if crit.max_points is not None:
                    actual = sum((i.max_points for i in crit.items), Decimal(0))
                    if actual != crit.max_points:
                        add("points_dont_add_up", kpath + ("max_points",), what=f"Tiêu chí {crit.id}",
                            declared=crit.max_points, actual=actual)
                crit_items = crit.items
            else:
                register("item", crit.id, kpath)
                items_by_id[crit.id] = crit
                out.extend(_check_item(crit, kpath, lines))
                crit_items = [crit]
            for item in crit_items:
                if item.effect != "score":
                    add("effect_outside_adjustments", kpath, id=item.id)
                if item.is_survey:
                    comp_survey += item.max_points
                else:
                    comp_self += item.max_points
        comp_total = comp_self + comp_survey
        component_sum += comp_total
        total_self += comp_self
        total_survey += comp_survey
        for attr, actual, label in (("max_points", comp_total, "điểm tối đa"), ("self_points", comp_self, "điểm tự đánh giá"),
                                    ("survey_points", comp_survey, "điểm điều tra XHH")):
            declared = getattr(comp, attr)
            if declared is not None and declared != actual:
                add("points_dont_add_up", cpath + (attr,), what=f"Lĩnh vực {comp.id} ({label})", declared=declared, actual=actual)

    bonus = penalty = Decimal(0)
    for ai, item in enumerate(rs.adjustments):
        apath: Path_ = ("adjustments", ai)
        register("item", item.id, apath)
        items_by_id[item.id] = item
        out.extend(_check_item(item, apath, lines))
        if item.effect == "score":
            add("adjustment_needs_effect", apath + ("effect",), id=item.id)
        elif item.effect == "bonus":
            bonus += item.max_points
        else:
            penalty += item.max_points
        if item.is_survey:
            add("survey_adjustment", apath + ("method",), id=item.id)

    t = rs.totals
    for attr, actual, label in (("total", component_sum, "tổng điểm"), ("self_assessed", total_self, "điểm tự đánh giá"),
                                ("survey", total_survey, "điểm điều tra XHH"), ("bonus_limit", bonus, "điểm thưởng tối đa"),
                                ("penalty_limit", penalty, "điểm trừ tối đa")):
        if getattr(t, attr) != actual:
            add("points_dont_add_up", ("totals", attr), what=f"Bộ chỉ số ({label})", declared=getattr(t, attr), actual=actual)

    # classification: strictly descending, ends at 0, unique labels
    previous = None
    labels = set()
    for bi, band in enumerate(rs.classification):
        bpath: Path_ = ("classification", bi)
        if band.label in labels:
            add("duplicate_label", bpath + ("label",), label=band.label)
        labels.add(band.label)
        if previous is not None and band.at_least >= previous:
            add("classification_order", bpath + ("at_least",), value=band.at_least, previous=previous)
        previous = band.at_least
    if rs.classification and rs.classification[-1].at_least != 0:
        add("classification_gap", ("classification", len(rs.classification) - 1, "at_least"),
            value=rs.classification[-1].at_least)

    # cross references: not_applicable.follows, checks
    for path, item in _item_paths(rs):
        for fi, other in enumerate(item.not_applicable.follows):
            if other not in items_by_id:
                add("unknown_item_ref", path + ("not_applicable", "follows", fi), ref=other,
                    hint=_suggest(other, items_by_id))
            elif other == item.id:
                add("follows_itself", path + ("not_applicable", "follows", fi), id=item.id)
    for path, item in _item_paths(rs):
        cycle = _follows_cycle(item.id, items_by_id)
        if cycle:
            add("follows_cycle", path + ("not_applicable", "follows"), cycle=" → ".join(cycle))
    for ci, check in enumerate(rs.checks):
        refs = _quantity_names(check.left) + _quantity_names(check.right)
        if len(set(refs)) != len(refs):
            add("check_repeats_figure", ("checks", ci), id=check.id)
        for side in ("left", "right"):
            for ref in _quantity_names(getattr(check, side)):
                item_id, _, field_name = ref.partition(":")
                target = items_by_id.get(item_id)
                if not field_name or target is None or target.field(field_name) is None:
                    add("unknown_check_ref", ("checks", ci, side), ref=ref,
                        hint=_suggest(item_id, items_by_id) if target is None else _suggest(field_name, {f.name: f for f in target.evidence}))

    # embedded tests name existing items
    for ti, case in enumerate(rs.tests):
        for item_id in list(case.expect.items) + list(case.expect.finding_kinds):
            if item_id not in items_by_id:
                add("unknown_item_ref", ("tests", ti, "expect", "items", item_id), ref=item_id, hint=_suggest(item_id, items_by_id))
    return out


def _follows_cycle(start: str, items: dict[str, Item]) -> list[str]:
    """A chain start → … → start of «not applicable whenever X is», if there is one (durable_rules
    would wait forever for the outcome that closes it)."""
    path: list[str] = [start]

    def walk(current: str) -> bool:
        for other in items[current].not_applicable.follows if current in items else []:
            if other == start and current != start:
                path.append(other)
                return True
            if other not in path and other != current:
                path.append(other)
                if walk(other):
                    return True
                path.pop()
        return False

    return path if walk(start) else []


def _item_paths(rs: RuleSet) -> Iterable[tuple[Path_, Item]]:
    for ci, comp in enumerate(rs.components):
        for ki, crit in enumerate(comp.criteria):
            if isinstance(crit, Criterion):
                for ii, item in enumerate(crit.items):
                    yield ("components", ci, "criteria", ki, "items", ii), item
            else:
                yield ("components", ci, "criteria", ki), crit
    for ai, item in enumerate(rs.adjustments):
        yield ("adjustments", ai), item


def _check_item(item: Item, path: Path_, lines: dict[Path_, int]) -> list[Problem]:
    out: list[Problem] = []
    mpath = path + ("method",)

    def add(code: str, sub: Path_, **params: Any) -> None:
        p = mpath + sub if sub and sub[0] != "!" else path + sub[1:]
        out.append(Problem(code, p, line_of(lines, p), render(code, **params)))

    fields = {f.name: f for f in item.evidence}
    names = [f.name for f in item.evidence]
    for dup in {n for n in names if names.count(n) > 1}:
        add("duplicate_field", ("!", "evidence"), name=dup, item=item.id)

    def need(name: str, role: str, sub: Path_) -> None:
        f = fields.get(name)
        if f is None:
            add("unknown_field", sub, name=name, item=item.id, hint=_suggest(name, fields))
        elif f.type not in FIELD_TYPES_FOR[role]:
            add("field_type_mismatch", sub, name=name, type=f.type, expected=", ".join(sorted(FIELD_TYPES_FOR[role])))

    def need_quantity(q: Any, sub: Path_, role: str = "quantity") -> None:
        for name in _quantity_names(q):
            need(name, role, sub)

    def within_max(value: Decimal | None, sub: Path_) -> None:
        if value is not None and value > item.max_points:
            add("points_above_max", sub, value=value, max=item.max_points, item=item.id)

    method_of(item.method.kind).static_checks(item, _MethodChecks(add, need, need_quantity, within_max, item))

    for ci, check in enumerate(item.checks):
        refs = _quantity_names(check.left) + _quantity_names(check.right)
        if len(set(refs)) != len(refs):
            add("check_repeats_figure", ("!", "checks", ci), id=check.id)
        for side in ("left", "right"):
            for name in _quantity_names(getattr(check, side)):
                if name not in fields:
                    add("unknown_field", ("!", "checks", ci, side), name=name, item=item.id, hint=_suggest(name, fields))
    return out


class _MethodChecks:
    """What a method kind may report while its item is checked (methods.StaticChecks)."""

    def __init__(self, add: Any, need: Any, need_quantity: Any, within_max: Any, item: Item) -> None:
        self.add, self.need, self.need_quantity, self.within_max, self._item = add, need, need_quantity, within_max, item

    def bands(self, bands: list[Band], otherwise: Decimal, *, percent: bool, ceiling: Decimal | None) -> None:
        _check_bands(bands, otherwise, self._item, self.add, percent=percent, ceiling=ceiling)


def _check_bands(bands: list[Band], otherwise: Decimal, item: Item, add: Any, *, percent: bool, ceiling: Decimal | None) -> None:
    previous: Band | None = None
    keys: set[str] = set()
    for bi, band in enumerate(bands):
        sub = ("bands", bi)
        if band.points > item.max_points:
            add("points_above_max", sub + ("points",), value=band.points, max=item.max_points, item=item.id)
        if band.key in keys:
            add("duplicate_band_id", sub, key=band.key)
        keys.add(band.key)
        t = band.threshold
        if percent and t.as_tuple().exponent < -THRESHOLD_DECIMALS:  # type: ignore[operator]
            add("threshold_precision", sub, value=t, digits=THRESHOLD_DECIMALS)
        if not percent and t != t.to_integral_value():
            add("threshold_not_whole", sub, value=t)
        if t < 0:
            add("band_unreachable", sub, band=_band_text(band), why=render("why_negative"))
        if ceiling is not None and (t > ceiling or (band.strict and t >= ceiling)):
            add("band_unreachable", sub, band=_band_text(band), why=render("why_above_ceiling", ceiling=ceiling))
        if previous is not None:
            if (t, band.strict) == (previous.threshold, previous.strict):
                add("band_overlap", sub, band=_band_text(band), previous=_band_text(previous))
            elif (t, band.strict) > (previous.threshold, previous.strict):
                add("band_order", sub, band=_band_text(band), previous=_band_text(previous))
            elif band.points > previous.points:
                add("band_points_order", sub, band=_band_text(band), previous=_band_text(previous))
        previous = band
    if bands and otherwise > bands[-1].points:
        add("band_points_order", ("otherwise",), band=f"còn lại → {otherwise}", previous=_band_text(bands[-1]))


def _band_text(band: Band) -> str:
    return f"{'>' if band.strict else '≥'} {vn.number(band.threshold)} → {vn.number(band.points)}"


def _quantity_names(q: Any) -> list[str]:
    if isinstance(q, Sum):
        return list(q.sum) + list(q.minus)
    return [q]


def _id_under(child: str, parent: str) -> bool:
    return child == parent or child.startswith(parent + ".")


def _suggest(name: str, known: Iterable[str]) -> str:
    hits = difflib.get_close_matches(name, list(known), n=1)
    return render("did_you_mean", name=hits[0]) if hits else ""


def _jsonable(data: Any) -> Any:
    if isinstance(data, dict):
        return {str(k): _jsonable(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_jsonable(v) for v in data]
    if isinstance(data, (dt.date, dt.datetime)):
        return data.isoformat()
    return data


def _leaf_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """For a failed oneOf/anyOf, the errors of the branch the author meant.

    The branch is the one whose `kind` matches, or (criterion vs item) whose
    distinguishing key (`items` / `method`) is present. Without a clear branch the
    oneOf error itself is returned.
    """
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    branches: dict[int, list[jsonschema.ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    instance = error.instance if isinstance(error.instance, dict) else {}

    def excluded(errs: list[jsonschema.ValidationError]) -> bool:
        for e in errs:
            if list(e.relative_path) == ["kind"] and e.validator in ("const", "enum"):
                return True  # another method kind
            if e.validator == "required" and not e.relative_path and "'" in e.message:
                missing = e.message.split("'")[1]
                if missing in ("items", "method") and missing not in instance:
                    return True  # criterion vs item: the other shape
        return False

    candidates = [errs for errs in branches.values() if not excluded(errs)]
    if len(candidates) != 1:
        return [error]
    out: list[jsonschema.ValidationError] = []
    for sub in candidates[0]:
        out.extend(_leaf_errors(sub))
    return out


def _schema_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        known = list(error.schema.get("properties", {}))
        hints = [h for h in (difflib.get_close_matches(e, known, n=1) for e in extra) if h]
        hint = render("did_you_mean", name=hints[0][0]) if hints else ""
        return render("schema_unknown_key", keys=", ".join(extra), hint=hint)
    if error.validator == "required":
        return render("schema_required", detail=error.message.split("'")[1] if "'" in error.message else error.message)
    if error.validator in ("oneOf", "anyOf") and isinstance(error.instance, dict) and "kind" in error.instance:
        return render("schema_method", kind=error.instance.get("kind"))
    if error.validator == "enum" or error.validator == "const":
        return render("schema_enum", value=error.instance, allowed=", ".join(map(str, error.validator_value if isinstance(error.validator_value, list) else [error.validator_value])))
    return render("schema_other", detail=error.message)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (p.path, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def iter_components(rs: RuleSet) -> Iterable[tuple[Component, list[tuple[str, str, list[Item]]]]]:
    """Components with their criteria as (criterion id, title, items), criteria-as-items included."""
    for comp in rs.components:
        crits = []
        for crit in comp.criteria:
            if isinstance(crit, Criterion):
                crits.append((crit.id, crit.title, list(crit.items)))
            else:
                crits.append((crit.id, crit.title, [crit]))
        yield comp, crits
