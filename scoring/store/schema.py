"""The store's tables, as typed SQLAlchemy models (the migrations under `migrations/`
create them; a test checks that the two agree).

Everything a unit's result is made of has a table, keyed so that later records find it
by unit, year and item: units; rule sets (their canonical JSON and content hash);
submissions (one scored file: its name, sha256, time received, and which later
submission superseded it); the evidence (a header and one row per value, document,
explanation or «không áp dụng», in the order recorded); the result (totals, index,
classification), its fields and criteria, its items and its findings; the trace (JSON).

Survey results and appraisal rounds join the same keys, by a migration of their own: e.g.
`survey_results (unit_id, ruleset code, year, item, rate, file, received_at)` and
`appraisal_rounds (id, ruleset code, year, round, locked_at)` with `appraisal_points
(round_id, unit_id, item, points, reason, request, answer)`; each row with its `row_hash`
(a `COVERED` entry) and a ledger entry of a new kind, so `verify` covers them the same way,
and `queries.explain_item` fills `ItemExplanation.appraisal_rounds` from them.

Every content row carries `row_hash`, the sha256 of its own columns (`audit.row_hash`),
and the `ledger` chains what was recorded, in order, each entry's hash covering the one
before: `verify` names a row edited outside the program, and finds one added or removed.

Numbers are exact (`ExactDecimal`: NUMERIC on PostgreSQL, the decimal's text on SQLite)
and times are UTC; JSON is kept as text, byte for byte as written. Ids are given by the
program under the writers' lock (not by the database), so a row's hash can cover its id.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def decimal_text(value: Decimal) -> str:
    """A Decimal as SQLite keeps it: plain digits, never an exponent (1E+1 is 10)."""
    return format(value, "f")


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal kept exactly: PostgreSQL NUMERIC (no fixed scale), SQLite text."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Text())
        return dialect.type_descriptor(Numeric(asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        value = value if isinstance(value, Decimal) else Decimal(str(value))
        return decimal_text(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A point in time, stored and returned in UTC (SQLite keeps no time zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


Hash = String(71)  # "sha256:" + 64 hex digits


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(Text)
    #: The name folded (lower case, no diacritics, single spaces): one unit however it is typed.
    name_key: Mapped[str] = mapped_column(Text, unique=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    row_hash: Mapped[str] = mapped_column(Hash)


class RuleSetRow(Base):
    __tablename__ = "rule_sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    code: Mapped[str] = mapped_column(String(80))  # the rule set's own id, e.g. par-so-2024
    version: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    hash: Mapped[str] = mapped_column(Hash, unique=True)
    #: Canonical JSON of the rule set without its test cases: exactly what `hash` covers.
    content: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    row_hash: Mapped[str] = mapped_column(Hash)


class SubmissionRow(Base):
    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("ruleset_id", "file_sha256"),
        Index("ix_submissions_unit_id_year", "unit_id", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    ruleset_id: Mapped[int] = mapped_column(ForeignKey("rule_sets.id"))
    year: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(Text)
    file_sha256: Mapped[str] = mapped_column(Hash)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    #: The later submission of the same unit, rule set and year that replaced this one
    #: (not covered by `row_hash`: it changes; the ledger records each change).
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), nullable=True)
    row_hash: Mapped[str] = mapped_column(Hash)


class EvidenceRow(Base):
    """The evidence's own header: unit and year as written, what it declares, reading problems."""

    __tablename__ = "evidence"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    unit: Mapped[str] = mapped_column(Text)
    ruleset: Mapped[str | None] = mapped_column(Text, nullable=True)
    ruleset_version: Mapped[str | None] = mapped_column(Text, nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    file: Mapped[str | None] = mapped_column(Text, nullable=True)
    problems: Mapped[str] = mapped_column(Text)  # JSON list of ReadProblem
    evidence_hash: Mapped[str] = mapped_column(Hash)
    row_hash: Mapped[str] = mapped_column(Hash)


class EvidenceValueRow(Base):
    """One entry of the evidence: `part` is item (the item's own row, its cell), value (with
    `field`), document, explanation or not_applicable; `ordinal` keeps the recorded order."""

    __tablename__ = "evidence_values"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    ordinal: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    item: Mapped[str] = mapped_column(String(20))
    part: Mapped[str] = mapped_column(String(16))
    field: Mapped[str | None] = mapped_column(String(60), nullable=True)
    value: Mapped[str] = mapped_column(Text)  # JSON; dates as {"$date": "2024-01-25"}
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    sheet: Mapped[str | None] = mapped_column(Text, nullable=True)
    cell: Mapped[str | None] = mapped_column(String(20), nullable=True)
    cell_file: Mapped[str | None] = mapped_column(Text, nullable=True)
    row_hash: Mapped[str] = mapped_column(Hash)


class ResultRow(Base):
    __tablename__ = "results"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    unit: Mapped[str] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer)
    self_points: Mapped[Decimal] = mapped_column(ExactDecimal)
    self_max: Mapped[Decimal] = mapped_column(ExactDecimal)
    survey_points: Mapped[Decimal] = mapped_column(ExactDecimal)
    survey_max: Mapped[Decimal] = mapped_column(ExactDecimal)
    bonus: Mapped[Decimal] = mapped_column(ExactDecimal)
    penalty: Mapped[Decimal] = mapped_column(ExactDecimal)
    total: Mapped[Decimal] = mapped_column(ExactDecimal)
    max_points: Mapped[Decimal] = mapped_column(ExactDecimal)
    index: Mapped[Decimal] = mapped_column(ExactDecimal)
    provisional: Mapped[bool] = mapped_column(Boolean)
    classification: Mapped[str] = mapped_column(Text)
    engine: Mapped[str] = mapped_column(Text)
    row_hash: Mapped[str] = mapped_column(Hash)


class GroupResultRow(Base):
    """A field (lĩnh vực, level "component") or a criterion's points."""

    __tablename__ = "group_results"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    level: Mapped[str] = mapped_column(String(10), primary_key=True)
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    points: Mapped[Decimal] = mapped_column(ExactDecimal)
    max_points: Mapped[Decimal] = mapped_column(ExactDecimal)
    applicable_max: Mapped[Decimal] = mapped_column(ExactDecimal)
    index: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    self_points: Mapped[Decimal] = mapped_column(ExactDecimal)
    survey_points: Mapped[Decimal] = mapped_column(ExactDecimal)
    row_hash: Mapped[str] = mapped_column(Hash)


class ItemResultRow(Base):
    __tablename__ = "item_results"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    item: Mapped[str] = mapped_column(String(20), primary_key=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    component: Mapped[str | None] = mapped_column(String(20), nullable=True)
    criterion: Mapped[str | None] = mapped_column(String(20), nullable=True)
    effect: Mapped[str] = mapped_column(String(10))
    scored_by: Mapped[str] = mapped_column(String(10))
    max_points: Mapped[Decimal] = mapped_column(ExactDecimal)
    points: Mapped[Decimal] = mapped_column(ExactDecimal)
    status: Mapped[str] = mapped_column(String(20))
    measure: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON Message
    measure_value: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    rule: Mapped[str | None] = mapped_column(Text, nullable=True)
    sheet: Mapped[str | None] = mapped_column(Text, nullable=True)
    cell: Mapped[str | None] = mapped_column(String(20), nullable=True)
    cell_file: Mapped[str | None] = mapped_column(Text, nullable=True)
    row_hash: Mapped[str] = mapped_column(Hash)


class FindingRow(Base):
    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_submission_id_item", "submission_id", "item"),)

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    ordinal: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(10))
    params: Mapped[str] = mapped_column(Text)  # JSON
    item: Mapped[str | None] = mapped_column(String(20), nullable=True)
    field: Mapped[str | None] = mapped_column(String(60), nullable=True)
    sheet: Mapped[str | None] = mapped_column(Text, nullable=True)
    cell: Mapped[str | None] = mapped_column(String(20), nullable=True)
    cell_file: Mapped[str | None] = mapped_column(Text, nullable=True)
    key: Mapped[str | None] = mapped_column(Text, nullable=True)
    points_lost: Mapped[Decimal | None] = mapped_column(ExactDecimal, nullable=True)
    recovery: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON Message
    row_hash: Mapped[str] = mapped_column(Hash)


class TraceRow(Base):
    __tablename__ = "traces"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    trace: Mapped[str] = mapped_column(Text)  # the Trace as JSON
    row_hash: Mapped[str] = mapped_column(Hash)


class LedgerEntry(Base):
    """What was recorded, in order: a unit, a rule set, a submission (with a digest of all its
    rows) or a supersession. `hash` covers the entry and the previous entry's hash.

    The references are plain integers, not foreign keys: an entry outlives a row deleted
    outside the program, and `verify` names what is gone.
    """

    __tablename__ = "ledger"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20))
    ref: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    prev_hash: Mapped[str] = mapped_column(Hash, unique=True)
    hash: Mapped[str] = mapped_column(Hash, unique=True)


#: The columns each table's `row_hash` covers. Named, not "all columns": a column a later
#: migration adds (or derives, like `units.name_key`) must not change the hash of rows
#: recorded before it; `submissions.superseded_by` changes by design (the ledger covers it).
COVERED: dict[str, tuple[str, ...]] = {
    "units": ("id", "name", "recorded_at"),
    "rule_sets": ("id", "code", "version", "year", "title", "hash", "content", "recorded_at"),
    "submissions": ("id", "unit_id", "ruleset_id", "year", "file_name", "file_sha256", "received_at", "recorded_at"),
    "evidence": ("submission_id", "unit", "ruleset", "ruleset_version", "year", "source", "file", "problems",
                 "evidence_hash"),
    "evidence_values": ("submission_id", "ordinal", "item", "part", "field", "value", "source", "sheet", "cell",
                        "cell_file"),
    "results": ("submission_id", "unit", "year", "self_points", "self_max", "survey_points", "survey_max", "bonus",
                "penalty", "total", "max_points", "index", "provisional", "classification", "engine"),
    "group_results": ("submission_id", "level", "code", "ordinal", "title", "points", "max_points", "applicable_max",
                      "index", "self_points", "survey_points"),
    "item_results": ("submission_id", "item", "ordinal", "title", "component", "criterion", "effect", "scored_by",
                     "max_points", "points", "status", "measure", "measure_value", "rule", "sheet", "cell", "cell_file"),
    "findings": ("submission_id", "ordinal", "kind", "code", "severity", "params", "item", "field", "sheet", "cell",
                 "cell_file", "key", "points_lost", "recovery"),
    "traces": ("submission_id", "trace"),
}
