"""A status route for IT, and the task pane's own texts for its template.

xlwings Server imports `routers.custom` from the project folder at start-up, after its
template environment exists, so this is where the pane's Jinja global is registered.
"""

from fastapi import APIRouter
from xlwings_server.templates import templates

from scoring import __version__
from scoring.messages import CATALOGUE
from scoring.ruleset import available_rulesets
from scoring.settings import settings

router = APIRouter()


def pane_text() -> dict[str, str]:
    """Messages the pane shows without asking the server (a lost connection, a protected
    sheet), with {placeholders} left for the pane to fill; from the one catalogue."""
    return {code: text for code, text in CATALOGUE.items() if code.startswith("addin_js_")}


templates.env.globals["cchc_text"] = pane_text()


@router.get("/cchc/status")
def status() -> dict:
    """For the IT person: is the server up, and which rule sets can it score?
    (A plain function: FastAPI runs it in the thread pool, loading rule sets off the event loop.)"""
    return {
        "status": "ok",
        "version": __version__,
        "default_ruleset": settings().default_ruleset,
        "rulesets": [{"id": r.id, "version": r.ruleset.version, "year": r.ruleset.year, "title": r.ruleset.title,
                      "hash": r.hash} for r in available_rulesets()],
    }
