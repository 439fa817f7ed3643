"""The store: units, rule sets, submissions, evidence, results, findings, traces, ledger.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

HASH = sa.String(71)


def _decimal() -> sa.types.TypeEngine:
    # exact: NUMERIC on PostgreSQL; the decimal's text on SQLite (which has no exact type)
    return sa.Numeric().with_variant(sa.Text(), "sqlite")


def _time() -> sa.types.TypeEngine:
    return sa.DateTime(timezone=True)


def _cell_columns() -> list[sa.Column]:
    return [sa.Column("sheet", sa.Text(), nullable=True), sa.Column("cell", sa.String(20), nullable=True),
            sa.Column("cell_file", sa.Text(), nullable=True)]


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("recorded_at", _time(), nullable=False),
        sa.Column("row_hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_units"),
        sa.UniqueConstraint("name", name="uq_units_name"),
    )
    op.create_table(
        "rule_sets",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("hash", HASH, nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("recorded_at", _time(), nullable=False),
        sa.Column("row_hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rule_sets"),
        sa.UniqueConstraint("hash", name="uq_rule_sets_hash"),
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("ruleset_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_sha256", HASH, nullable=False),
        sa.Column("received_at", _time(), nullable=False),
        sa.Column("recorded_at", _time(), nullable=False),
        sa.Column("superseded_by", sa.Integer(), nullable=True),
        sa.Column("row_hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_submissions"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name="fk_submissions_unit_id_units"),
        sa.ForeignKeyConstraint(["ruleset_id"], ["rule_sets.id"], name="fk_submissions_ruleset_id_rule_sets"),
        sa.ForeignKeyConstraint(["superseded_by"], ["submissions.id"], name="fk_submissions_superseded_by_submissions"),
        sa.UniqueConstraint("ruleset_id", "file_sha256", name="uq_submissions_ruleset_id_file_sha256"),
    )
    op.create_index("ix_submissions_unit_id_year", "submissions", ["unit_id", "year"])
    op.create_table(
        "evidence",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("ruleset", sa.Text(), nullable=True),
        sa.Column("ruleset_version", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("file", sa.Text(), nullable=True),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("evidence_hash", HASH, nullable=False),
        sa.Column("row_hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("submission_id", name="pk_evidence"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"], name="fk_evidence_submission_id_submissions"),
    )
    op.create_table(
        "evidence_values",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("item", sa.String(20), nullable=False),
        sa.Column("part", sa.String(16), nullable=False),
        sa.Column("field", sa.String(60), nullable=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        *_cell_columns(),
        sa.Column("row_hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("submission_id", "ordinal", name="pk_evidence_values"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"],
                                name="fk_evidence_values_submission_id_submissions"),
    )
    op.create_table(
        "results",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        *(sa.Column(name, _decimal(), nullable=False) for name in (
            "self_points", "self_max", "survey_points", "survey_max", "bonus", "penalty", "total", "max_points",
            "index")),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("classification", sa.Text(), nullable=False),
        sa.Column("engine", sa.Text(), nullable=False),
        sa.Column("row_hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("submission_id", name="pk_results"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"], name="fk_results_submission_id_submissions"),
    )
    op.create_table(
        "group_results",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("points", _decimal(), nullable=False),
        sa.Column("max_points", _decimal(), nullable=False),
        sa.Column("applicable_max", _decimal(), nullable=False),
        sa.Column("index", _decimal(), nullable=True),
        sa.Column("self_points", _decimal(), nullable=False),
        sa.Column("survey_points", _decimal(), nullable=False),
        sa.Column("row_hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("submission_id", "level", "code", name="pk_group_results"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"],
                                name="fk_group_results_submission_id_submissions"),
    )
    op.create_table(
        "item_results",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(20), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("component", sa.String(20), nullable=True),
        sa.Column("criterion", sa.String(20), nullable=True),
        sa.Column("effect", sa.String(10), nullable=False),
        sa.Column("scored_by", sa.String(10), nullable=False),
        sa.Column("max_points", _decimal(), nullable=False),
        sa.Column("points", _decimal(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("measure", sa.Text(), nullable=True),
        sa.Column("measure_value", _decimal(), nullable=True),
        sa.Column("rule", sa.Text(), nullable=True),
        *_cell_columns(),
        sa.Column("row_hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("submission_id", "item", name="pk_item_results"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"],
                                name="fk_item_results_submission_id_submissions"),
    )
    op.create_table(
        "findings",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("item", sa.String(20), nullable=True),
        sa.Column("field", sa.String(60), nullable=True),
        *_cell_columns(),
        sa.Column("key", sa.Text(), nullable=True),
        sa.Column("points_lost", _decimal(), nullable=True),
        sa.Column("recovery", sa.Text(), nullable=True),
        sa.Column("row_hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("submission_id", "ordinal", name="pk_findings"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"], name="fk_findings_submission_id_submissions"),
    )
    op.create_index("ix_findings_submission_id_item", "findings", ["submission_id", "item"])
    op.create_table(
        "traces",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("trace", sa.Text(), nullable=False),
        sa.Column("row_hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("submission_id", name="pk_traces"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"], name="fk_traces_submission_id_submissions"),
    )
    op.create_table(
        "ledger",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("ref", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("recorded_at", _time(), nullable=False),
        sa.Column("prev_hash", HASH, nullable=False),
        sa.Column("hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_ledger"),
        sa.UniqueConstraint("prev_hash", name="uq_ledger_prev_hash"),
        sa.UniqueConstraint("hash", name="uq_ledger_hash"),
    )


def downgrade() -> None:
    for table in ("ledger", "traces", "findings", "item_results", "group_results", "results", "evidence_values",
                  "evidence", "submissions", "rule_sets", "units"):
        op.drop_table(table)
