"""Units are found however their name is typed: a folded key (lower case, no diacritics).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

«Sở Tư pháp» and «Sở tư pháp» are one unit. Existing units get their key from their name;
two units whose names fold alike keep their own rows (the later gets the row id as a
suffix) and `verify` still passes: the key is derived, not covered by the row hash.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from scoring.values import fold

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("units") as batch:
        batch.add_column(sa.Column("name_key", sa.Text(), nullable=True))
    units = sa.table("units", sa.column("id", sa.Integer()), sa.column("name", sa.Text()),
                     sa.column("name_key", sa.Text()))
    conn = op.get_bind()
    seen: set[str] = set()
    for unit_id, name in conn.execute(sa.select(units.c.id, units.c.name).order_by(units.c.id)).all():
        key = fold(name)
        if key in seen:
            key = f"{key} #{unit_id}"
        seen.add(key)
        conn.execute(units.update().where(units.c.id == unit_id).values(name_key=key))
    with op.batch_alter_table("units") as batch:
        batch.alter_column("name_key", existing_type=sa.Text(), nullable=False)
        batch.drop_constraint("uq_units_name", type_="unique")
        batch.create_unique_constraint("uq_units_name_key", ["name_key"])


def downgrade() -> None:
    with op.batch_alter_table("units") as batch:
        batch.drop_constraint("uq_units_name_key", type_="unique")
        batch.create_unique_constraint("uq_units_name", ["name"])
        batch.drop_column("name_key")
