"""PAR Index (Chỉ số CCHC) self-assessment: rule sets, a scoring engine, workbooks, an add-in."""

__version__ = "0.1.0"
