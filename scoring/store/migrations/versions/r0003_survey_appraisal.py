"""Survey results and appraisal rounds: survey imports and rates; rounds, the workbooks imported
into them (the team's points, reasons and requests; the units' answers), and the totals each
unit had when its round was locked.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

New tables only: a store of revision 0002 keeps every row as it was (and `verify` passes).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

HASH = sa.String(71)


def _decimal() -> sa.types.TypeEngine:
    # exact: NUMERIC on PostgreSQL; the decimal's text on SQLite (which has no exact type)
    return sa.Numeric().with_variant(sa.Text(), "sqlite")


def _time() -> sa.types.TypeEngine:
    return sa.DateTime(timezone=True)


def _id(name: str = "id") -> sa.Column:
    return sa.Column(name, sa.Integer(), autoincrement=False, nullable=False)


def _fk(name: str, table: str, source: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([name], [f"{table}.id"], name=f"fk_{source}_{name}_{table}")


def upgrade() -> None:
    op.create_table(
        "survey_imports",
        _id(),
        sa.Column("ruleset_code", sa.String(80), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_sha256", HASH, nullable=False),
        sa.Column("imported_at", _time(), nullable=False),
        sa.Column("row_hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_survey_imports"),
        sa.UniqueConstraint("ruleset_code", "year", "file_sha256",
                            name="uq_survey_imports_ruleset_code_year_file_sha256"),
    )
    op.create_table(
        "survey_rates",
        _id("import_id"),
        _id("unit_id"),
        sa.Column("item", sa.String(20), nullable=False),
        sa.Column("field", sa.String(60), nullable=False),
        sa.Column("rate", _decimal(), nullable=False),
        sa.Column("sheet", sa.Text(), nullable=True),
        sa.Column("cell", sa.String(20), nullable=True),
        sa.Column("row_hash", HASH, nullable=False),
        _fk("import_id", "survey_imports", "survey_rates"),
        _fk("unit_id", "units", "survey_rates"),
        sa.PrimaryKeyConstraint("import_id", "unit_id", "item", name="pk_survey_rates"),
    )
    op.create_table(
        "appraisal_rounds",
        _id(),
        sa.Column("ruleset_code", sa.String(80), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("ruleset_hash", HASH, nullable=False),
        sa.Column("created_at", _time(), nullable=False),
        sa.Column("secret", sa.String(64), nullable=False),
        sa.Column("locked_at", _time(), nullable=True),
        sa.Column("row_hash", HASH, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_appraisal_rounds"),
        sa.UniqueConstraint("ruleset_code", "year", "round", name="uq_appraisal_rounds_ruleset_code_year_round"),
    )
    op.create_table(
        "appraisal_imports",
        _id(),
        _id("round_id"),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_sha256", HASH, nullable=False),
        sa.Column("imported_at", _time(), nullable=False),
        sa.Column("row_hash", HASH, nullable=False),
        _fk("round_id", "appraisal_rounds", "appraisal_imports"),
        sa.PrimaryKeyConstraint("id", name="pk_appraisal_imports"),
        sa.UniqueConstraint("round_id", "kind", "file_sha256", name="uq_appraisal_imports_round_id_kind_file_sha256"),
    )
    op.create_table(
        "appraisal_units",
        _id("import_id"),
        _id("unit_id"),
        _id("submission_id"),
        sa.Column("sheet", sa.Text(), nullable=False),
        sa.Column("signer", sa.Text(), nullable=True),
        sa.Column("row_hash", HASH, nullable=False),
        _fk("import_id", "appraisal_imports", "appraisal_units"),
        _fk("unit_id", "units", "appraisal_units"),
        _fk("submission_id", "submissions", "appraisal_units"),
        sa.PrimaryKeyConstraint("import_id", "unit_id", name="pk_appraisal_units"),
    )
    op.create_table(
        "appraisal_entries",
        _id("import_id"),
        _id("unit_id"),
        sa.Column("item", sa.String(20), nullable=False),
        sa.Column("points", _decimal(), nullable=True),
        sa.Column("not_applicable", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("request", sa.Text(), nullable=True),
        sa.Column("sheet", sa.Text(), nullable=False),
        sa.Column("cell", sa.String(20), nullable=False),
        sa.Column("row_hash", HASH, nullable=False),
        _fk("import_id", "appraisal_imports", "appraisal_entries"),
        _fk("unit_id", "units", "appraisal_entries"),
        sa.PrimaryKeyConstraint("import_id", "unit_id", "item", name="pk_appraisal_entries"),
    )
    op.create_table(
        "appraisal_answers",
        _id("import_id"),
        _id("unit_id"),
        sa.Column("item", sa.String(20), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("documents", sa.Text(), nullable=True),
        sa.Column("sheet", sa.Text(), nullable=False),
        sa.Column("cell", sa.String(20), nullable=False),
        sa.Column("row_hash", HASH, nullable=False),
        _fk("import_id", "appraisal_imports", "appraisal_answers"),
        _fk("unit_id", "units", "appraisal_answers"),
        sa.PrimaryKeyConstraint("import_id", "unit_id", "item", name="pk_appraisal_answers"),
    )
    op.create_table(
        "appraisal_results",
        _id("round_id"),
        _id("unit_id"),
        _id("submission_id"),
        sa.Column("self_total", _decimal(), nullable=False),
        sa.Column("total", _decimal(), nullable=False),
        sa.Column("max_points", _decimal(), nullable=False),
        sa.Column("index", _decimal(), nullable=False),
        sa.Column("classification", sa.Text(), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("row_hash", HASH, nullable=False),
        _fk("round_id", "appraisal_rounds", "appraisal_results"),
        _fk("unit_id", "units", "appraisal_results"),
        _fk("submission_id", "submissions", "appraisal_results"),
        sa.PrimaryKeyConstraint("round_id", "unit_id", name="pk_appraisal_results"),
    )


def downgrade() -> None:
    for table in ("appraisal_results", "appraisal_answers", "appraisal_entries", "appraisal_units",
                  "appraisal_imports", "appraisal_rounds", "survey_rates", "survey_imports"):
        op.drop_table(table)
