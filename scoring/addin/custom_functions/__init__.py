"""In-cell formulas of the add-in (namespace CCHC); xlwings Server imports this package."""

from .functions import *  # noqa: F401,F403
