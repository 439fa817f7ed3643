"""Alembic's entry point for the store's migrations. The store runs them itself
(`scoring.store.migrate`), on a connection it has already opened and locked, inside its
own transaction: nothing here connects or commits."""

from __future__ import annotations

from alembic import context

from scoring.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the store runs these migrations
    raise RuntimeError("the store's migrations run through scoring.store.migrate, on an open connection")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
