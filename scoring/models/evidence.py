"""A unit's evidence, keyed by item id and field name. Values stay raw (as typed) so
that reading them can never crash; each value may remember its cell or its source.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, StrictBool, model_validator

from .base import Model

RawValue = StrictBool | int | float | dt.date | str | dict[str, Any] | None


class CellRef(Model):
    """Where a value was read from."""

    sheet: str
    cell: str = Field(pattern=r"^\$?[A-Z]{1,3}\$?[0-9]{1,7}$")
    file: str | None = None

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"


class EvidenceValue(Model):
    """A raw value plus where it came from. A bare scalar in JSON/YAML is accepted as value."""

    value: RawValue = None
    source: str | None = Field(None, description='Provenance, e.g. "Báo cáo 9 tháng 2023, dòng 598".')
    cell: CellRef | None = None

    @model_validator(mode="before")
    @classmethod
    def _wrap_scalar(cls, data: Any) -> Any:
        if isinstance(data, dict) and ("value" in data or "cell" in data or "source" in data):
            return data
        return {"value": data}


class ItemEvidence(Model):
    values: dict[str, EvidenceValue] = {}
    documents: list[EvidenceValue] = Field([], description="Evidence documents (TLKC) cited.")
    explanation: EvidenceValue | None = Field(None, description="Giải trình.")
    not_applicable: EvidenceValue | None = Field(None, description='True or "Không áp dụng".')
    cell: CellRef | None = Field(None, description="The item's row in a workbook (its points cell).")


class ReadProblem(Model):
    """A problem met while reading an evidence file that is not about one value's meaning
    (a duplicate key in JSON/YAML, a merged input cell, a value the reader had to refuse).
    Reading goes on; the engine reports each one as a finding at its key or cell.
    """

    code: str = Field(description="Message code (messages.CATALOGUE).")
    params: dict[str, str | int] = {}
    severity: Literal["error", "warning", "info"] = "error"
    item: str | None = None
    field: str | None = None
    cell: CellRef | None = None
    key: str | None = Field(None, description='Path of the key in a JSON/YAML file, e.g. "items.1.6.values.tasks_on_time".')


class Evidence(Model):
    ruleset: str | None = Field(None, description="Rule-set id this evidence was prepared for.")
    ruleset_version: str | None = None
    unit: str = Field(min_length=1, description="Tên đơn vị.")
    year: int | None = Field(None, ge=2000, le=2100, description="Assessed year; defaults to the rule set's.")
    source: str | None = Field(None, description="Where the figures come from.")
    file: str | None = Field(None, description="The file this evidence was read from.")
    items: dict[str, ItemEvidence] = {}
    problems: list[ReadProblem] = Field([], description="Reading problems; each becomes a finding.")
