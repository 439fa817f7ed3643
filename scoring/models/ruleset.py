"""The rule set: components → criteria → items (sub-criteria), each with its evidence
fields and scoring method. Loaded from `rules/*.yaml`; schemas/ruleset.schema.json is
exported from these classes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, StrictBool, StrictInt, Tag, model_validator

from .base import Identifier, ItemId, Model, Num, Points, Slug

FieldType = Literal["count", "percent", "number", "date", "yes_no", "choice", "document", "text"]


class ChoiceOption(Model):
    value: Identifier = Field(description="Stable code of the option, cited by the method.")
    label: str = Field(min_length=1, description="What the user sees and may type (Vietnamese).")


class EvidenceField(Model):
    """One value a unit enters for an item."""

    name: Identifier
    label: str = Field(min_length=1, description="Vietnamese label shown in the workbook and reports.")
    type: FieldType
    required: StrictBool = True
    unit: str | None = Field(None, description='Noun for counts, e.g. "nhiệm vụ", "hồ sơ".')
    options: list[ChoiceOption] | None = Field(None, description="Choices; required for type choice.")
    allow_previous_year: StrictBool = Field(False, description="A date may fall in the year before the assessed one.")
    help: str | None = Field(None, description="Hint shown as the workbook cell's input message.")
    default: StrictInt | float | str | StrictBool | None = Field(
        None, description="Value used when the cell is left blank (only for fields that are not required)."
    )

    @model_validator(mode="after")
    def _options_for_choice(self) -> EvidenceField:
        if (self.type == "choice") != bool(self.options):
            raise ValueError("options are required for type choice and only for it")
        if self.options and len({o.value for o in self.options}) != len(self.options):
            raise ValueError("option values must be unique")
        if self.required and self.default is not None:
            raise ValueError("a required field cannot have a default")
        return self


class Sum(Model):
    """sum(sum) − sum(minus), over field names (or "item:field" in rule-set checks)."""

    sum: list[str] = Field(min_length=1)
    minus: list[str] = []


Quantity = str | Sum


class Band(Model):
    """A threshold row: "≥ at_least → points" or "> above → points" (percent or count)."""

    id: Slug | None = Field(None, description="Stable id; defaults to ge<at_least> / gt<above>.")
    at_least: Num | None = None
    above: Num | None = None
    points: Points
    label: str | None = None

    @model_validator(mode="after")
    def _one_threshold(self) -> Band:
        if (self.at_least is None) == (self.above is None):
            raise ValueError("a band needs exactly one of at_least, above")
        return self

    @property
    def threshold(self) -> Decimal:
        return self.at_least if self.at_least is not None else self.above  # type: ignore[return-value]

    @property
    def strict(self) -> bool:
        return self.above is not None

    @property
    def key(self) -> str:
        if self.id:
            return self.id
        text = format(self.threshold.normalize(), "f").replace(".", "_")
        return ("gt" if self.strict else "ge") + text


ZeroDenominator = Literal["not_applicable", "full", "zero"]


class DeadlineDue(Model):
    field: Identifier = Field(description="A date or document field.")
    by: str = Field(pattern=r"^\d{1,2}/\d{1,2}(/\d{4})?$", description='"25/01" (assessed year) or "25/01/2024".')
    label: str | None = None


class DeadlineMethod(Model):
    """T: on or before every deadline → on_time; all present, some late → late; any absent → missing."""

    kind: Literal["deadline"]
    due: list[DeadlineDue] = Field(min_length=1)
    on_time: Points
    late: Points
    missing: Points = Decimal(0)


class RatioMethod(Model):
    """R: numerator ÷ denominator in %, first band that holds wins, else `otherwise`."""

    kind: Literal["ratio"]
    numerator: Quantity
    denominator: Quantity
    bands: list[Band] = Field(min_length=1)
    otherwise: Points = Decimal(0)
    zero_denominator: ZeroDenominator = "not_applicable"
    part_of_whole: StrictBool = Field(True, description="The numerator can never exceed the denominator.")


class ProportionalMethod(Model):
    """P: max × min(1, ratio ÷ target)."""

    kind: Literal["proportional"]
    numerator: Quantity
    denominator: Quantity
    target: Num = Field(gt=0, le=100, description="Target in percent.")
    zero_denominator: ZeroDenominator = "not_applicable"
    part_of_whole: StrictBool = True


class YesNoMethod(Model):
    """B: Có → yes (default: the item's max), Không → no."""

    kind: Literal["yes_no"]
    field: Identifier
    yes: Points | None = None
    no: Points = Decimal(0)


class ChoiceMethod(Model):
    """C: graded choice; each option of the field earns its points."""

    kind: Literal["choice"]
    field: Identifier
    points: dict[Identifier, Points] = Field(min_length=1)


class ChecklistMethod(Model):
    """Count the "Có" answers among several yes/no fields, then bands on that count."""

    kind: Literal["checklist"]
    fields: list[Identifier] = Field(min_length=2)
    bands: list[Band] = Field(min_length=1)
    otherwise: Points = Decimal(0)


class DeductionMethod(Model):
    """D: max − step × count, not below floor."""

    kind: Literal["deduction"]
    count: Quantity
    step: Points = Field(gt=0)
    floor: Points = Decimal(0)


class CountMethod(Model):
    """Each counted occurrence earns `each`, at most `cap` (default: the item's max)."""

    kind: Literal["count"]
    count: Quantity
    each: Points = Field(gt=0)
    cap: Points | None = None


class WithinLimitMethod(Model):
    """value ≤ limit → within (default: max), else over."""

    kind: Literal["within_limit"]
    value: Identifier
    limit: Identifier
    within: Points | None = None
    over: Points = Decimal(0)


class SurveyMethod(Model):
    """S: max × rate ÷ 100, from survey results; never self-scored."""

    kind: Literal["survey"]
    rate: Identifier


Method = Annotated[
    DeadlineMethod | RatioMethod | ProportionalMethod | YesNoMethod | ChoiceMethod | ChecklistMethod | DeductionMethod | CountMethod | WithinLimitMethod | SurveyMethod,
    Field(discriminator="kind"),
]


class NotApplicable(Model):
    declarable: StrictBool = Field(False, description='The unit may enter "Không áp dụng" (with an explanation).')
    follows: list[ItemId] = Field([], description="Not applicable whenever one of these items is.")


class Check(Model):
    """A consistency check between figures: left (op) right, else an "inconsistent" finding."""

    id: Slug
    left: Quantity
    op: Literal["eq", "le"]
    right: Quantity
    label: str | None = Field(None, description="What the check means, in Vietnamese.")


_FIELD_INDEX: dict[int, tuple[Any, dict[str, EvidenceField]]] = {}


class Item(Model):
    """A scored sub-criterion (TCTP), or a criterion scored directly."""

    id: ItemId
    title: str = Field(min_length=1)
    max_points: Points = Field(gt=0)
    evidence: list[EvidenceField] = []
    method: Method
    documents: Literal["required", "optional"] = Field(
        "required", description="Evidence documents (TLKC): required for points above 0."
    )
    not_applicable: NotApplicable = NotApplicable()
    checks: list[Check] = []
    guidance: str | None = Field(None, description="What to prove and with which documents.")
    source: str | None = Field(None, description="Where this rule comes from (decision, plan, choice made).")
    effect: Literal["score", "bonus", "penalty"] = "score"

    @property
    def is_survey(self) -> bool:
        return self.method.kind == "survey"

    def field(self, name: str) -> EvidenceField | None:
        cached = _FIELD_INDEX.get(id(self))
        if cached is None or cached[0] is not self:  # index once per item; items are frozen
            cached = _FIELD_INDEX[id(self)] = (self, {f.name: f for f in self.evidence})
        return cached[1].get(name)


class Criterion(Model):
    """A criterion (TC) made of sub-criteria."""

    id: ItemId
    title: str = Field(min_length=1)
    max_points: Points | None = Field(None, description="Declared maximum; checked against its items.")
    items: list[Item] = Field(min_length=1)
    source: str | None = None


def _criterion_or_item(value: Any) -> str:
    if isinstance(value, dict):
        return "criterion" if "items" in value else "item"
    return "criterion" if isinstance(value, Criterion) else "item"


CriterionOrItem = Annotated[
    Annotated[Criterion, Tag("criterion")] | Annotated[Item, Tag("item")],
    Discriminator(_criterion_or_item),
]


class Component(Model):
    """A field of the index (lĩnh vực)."""

    id: ItemId
    title: str = Field(min_length=1)
    max_points: Points | None = None
    self_points: Points | None = Field(None, description="Declared self-assessed part; checked.")
    survey_points: Points | None = Field(None, description="Declared survey part; checked.")
    criteria: list[CriterionOrItem] = Field(min_length=1)


class ClassificationBand(Model):
    label: str = Field(min_length=1)
    at_least: Num = Field(ge=0, le=100, description="Lower bound of the index (%), inclusive.")


class DeclaredTotals(Model):
    total: Points
    self_assessed: Points
    survey: Points
    bonus_limit: Points = Decimal(0)
    penalty_limit: Points = Decimal(0)


class TestExpectation(Model):
    items: dict[ItemId, Points | Literal["không áp dụng", "thiếu dữ liệu"]] = {}
    total: Points | None = None
    index: Num | None = None
    classification: str | None = None
    provisional: StrictBool | None = None
    finding_kinds: dict[ItemId, list[str]] = Field({}, description="Finding kinds expected per item.")


class TestCase(Model):
    """Evidence in, expected points out; run by `scoring rules check`."""

    name: str
    evidence: dict[str, Any]
    expect: TestExpectation


class RuleSet(Model):
    id: Slug
    version: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$")
    year: StrictInt = Field(ge=2000, le=2100)
    title: str
    level: str | None = Field(None, description='E.g. "sở, ban, ngành".')
    issuer: str | None = None
    source: str | None = None
    notes: list[str] = Field([], description="Choices made where the published method is silent.")
    totals: DeclaredTotals
    classification: list[ClassificationBand] = Field(min_length=1)
    components: list[Component] = Field(min_length=1)
    adjustments: list[Item] = Field([], description="Bonus and penalty items.")
    checks: list[Check] = Field([], description='Cross-item checks; quantities name "item:field".')
    tests: list[TestCase] = []

    def items(self) -> list[Item]:
        """All scored items in order (components first, then adjustments)."""
        out: list[Item] = []
        for comp in self.components:
            for crit in comp.criteria:
                out.extend(crit.items if isinstance(crit, Criterion) else [crit])
        return out + list(self.adjustments)
