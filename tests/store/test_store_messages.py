"""Every text the store and its commands show has its Vietnamese in the catalogue, the
codes made up at run time (a part's name, an edited part) included."""

from __future__ import annotations

import re

from store_support import ROOT

from scoring.messages import CATALOGUE
from scoring.store.codec import PARTS


def _codes() -> set[str]:
    files = [*(ROOT / "scoring" / "store").rglob("*.py"), *(ROOT / "scoring" / "cli").glob("store_*.py")]
    found: set[str] = set()
    for path in files:
        found |= set(re.findall(r'"((?:store|verify)_[a-z_]+)"', path.read_text(encoding="utf-8")))
    return found - {"verify_superseded"}  # a prefix a renderer tests, not a code


def test_every_code_has_its_text():
    codes = _codes()
    assert len(codes) > 100
    assert sorted(c for c in codes if c not in CATALOGUE) == []


def test_codes_made_at_run_time_have_their_text():
    made = {f"store_part_{p}" for p in PARTS}
    made |= {f"store_entry_{e}" for e in ("item", "value", "document", "explanation", "not_applicable")}
    made |= {f"verify_{p}_edited" for p in ("evidence", "traces")}  # the parts without a row of their own to name
    assert sorted(c for c in made if c not in CATALOGUE) == []


def test_no_store_text_is_left_unused():
    used = _codes() | {c for c in CATALOGUE if c.startswith(("store_part_", "store_entry_"))}
    used |= {"verify_evidence_edited", "verify_traces_edited"}
    unused = sorted(c for c in CATALOGUE if c.startswith(("store_", "verify_")) and c not in used)
    assert unused == []
