"""The Excel add-in: an xlwings Server project folder shipped inside the package.

xlwings Server finds the add-in through XLWINGS_PROJECT_DIR (this folder): it imports
the top-level packages `custom_scripts` and `custom_functions` from here, reads the
templates and static files, and takes its settings from `pyproject.toml` here.
The Python logic the scripts call lives in the sibling modules (book, writes, pane,
live, guard), so the scripts themselves stay a few lines each.
"""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent
