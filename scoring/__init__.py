"""PAR Index (Chỉ số CCHC) self-assessment: rule sets, a scoring engine, workbooks, an add-in.

The public face, for shells and other programs::

    from scoring import load_ruleset, evaluate
    result = evaluate(load_ruleset("rules/par-so-2024.yaml"), evidence)

Names are imported on first use, so `import scoring` stays cheap (the CLI's --help).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_FACE = {
    "load_ruleset": ("scoring.ruleset", "load_ruleset"),
    "find_ruleset": ("scoring.ruleset", "find_ruleset"),
    "LoadedRuleSet": ("scoring.ruleset", "LoadedRuleSet"),
    "evaluate": ("scoring.engine", "evaluate"),
    "evaluate_item": ("scoring.engine", "evaluate_item"),
    "score": ("scoring.engine", "score"),
    "describe_item": ("scoring.engine", "describe_item"),
    "Result": ("scoring.models.result", "Result"),
    "Evidence": ("scoring.models.evidence", "Evidence"),
    "ScoringError": ("scoring.errors", "ScoringError"),
}

__all__ = ["__version__", *_FACE]


def __getattr__(name: str) -> Any:
    try:
        module, attr = _FACE[name]
    except KeyError:
        raise AttributeError(f"module 'scoring' has no attribute {name!r}") from None
    import importlib

    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value
