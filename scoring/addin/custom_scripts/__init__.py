"""Ribbon and task-pane actions of the add-in; xlwings Server imports this package."""

from .scripts import *  # noqa: F401,F403
