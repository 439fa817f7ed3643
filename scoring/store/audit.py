"""The audit chain: a hash per row, a digest per submission, and a ledger chained by hash.

- `row_hash(table, row)`: sha256 of the columns `schema.COVERED` names, in canonical form
  (exact decimals as text, times in UTC to the microsecond); an edited cell changes it,
  and `verify` names the row.
- `digest(hashes)`: the row hashes of one part of a submission (its evidence values, its
  findings, …) in order; a row added or removed changes it.
- The ledger: each entry (a unit, a rule set, a submission with the digests of its parts,
  a supersession) has `hash = sha256(previous hash, seq, kind, ref, payload, time)`. An
  entry edited, removed or reordered breaks the chain from there on.

Anyone with write access to the database can recompute every hash; what the chain proves
is that nothing was changed *except through a program that recomputes it*. The last hash,
printed by `verify`, can be written down (or kept elsewhere): a later `verify --head` with
it shows the history up to that point is still the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from .schema import COVERED

GENESIS = "sha256:" + "0" * 64


_PLAIN = (str, int, bool, type(None))
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # built once: json.dumps builds one per call


def canonical(value: Any) -> Any:
    """A column value as it hashes: the same whether it was just computed or read back."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Decimal):
        return format(abs(value) if value == 0 else value, "f")
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return value


def _sha(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def row_hash(table: str, row: Mapping[str, Any]) -> str:
    data = [table]
    for column in COVERED[table]:
        value = row[column]
        data.append(value if type(value) in _PLAIN else canonical(value))
    return _sha(_JSON.encode(data))


def digest(hashes: Iterable[str]) -> str:
    return _sha("\n".join(hashes))


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(prev_hash: str, seq: int, kind: str, ref: int, payload: str, recorded_at: dt.datetime) -> str:
    return _sha("\n".join([prev_hash, str(seq), kind, str(ref), payload, canonical(recorded_at)]))
