"""The office's store: every submission, its evidence, result, findings and trace, in a
database (SQLite by default, PostgreSQL by URL), with history across years, explanations
for auditors and a `verify` that replays everything and notices what was changed.

    from scoring.store import open_store, Submission

    with open_store("cchc.sqlite") as store:                    # or "postgresql+psycopg://…"
        outcome = store.record(Submission.of_file(path), result, loaded)

`record` is the one call a shell makes per scored file (the result carries its evidence
and trace; `loaded` is the rule set it was scored with). Modules: `location` (where),
`connect` (connections for several writers), `migrate` (schema on open), `schema` (tables),
`codec` (a Result as rows and back), `audit` (hashes and the ledger), `record`, `queries`
(history, explain), `verify`.
"""

from __future__ import annotations

from .errors import StoreError
from .location import StoreLocation, resolve
from .record import RecordOutcome, Submission
from .store import Store, open_store

__all__ = ["RecordOutcome", "Store", "StoreError", "StoreLocation", "Submission", "open_store", "resolve"]
