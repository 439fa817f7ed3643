"""The seal of an appraisal or answers workbook: an HMAC of its hidden metadata, keyed by the
round's secret (kept in the store, never in the workbook).

The metadata says which unit each sheet is for, which submission it appraises, which round and
rule set it belongs to. Editing it (to move a sheet to another unit, or to import a workbook
into another round) breaks the seal: the import refuses the file. Without the store's secret
nobody can make a new seal; a workbook made from another store never matches.
"""

from __future__ import annotations

import hashlib
import hmac
import json

PREFIX = "hmac-sha256:"


def seal(secret: str, meta: dict[str, str]) -> str:
    body = json.dumps({k: v for k, v in meta.items() if k != "seal"}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return PREFIX + hmac.new(bytes.fromhex(secret), body.encode("utf-8"), hashlib.sha256).hexdigest()


def intact(secret: str, meta: dict[str, str]) -> bool:
    return hmac.compare_digest(seal(secret, meta), meta.get("seal", ""))
