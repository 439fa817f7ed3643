"""The one thing pyproject.toml cannot say: the rule sets are authored in rules/ at the
repository root and ship inside the package as scoring/rules, so an installed wheel scores
without SCORING_RULES_DIR (scoring/settings.py looks there first). Everything else is in
pyproject.toml."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["scoring", "scoring.*"]), "scoring.rules"],
    package_dir={"scoring.rules": "rules"},
)
