"""Output formats, one module each; every reporter turns file results into text.

This module holds what every format shares (the report of one file, display options, the rule
page links); :mod:`toilint.report.formats` maps format names to reporters.

Reporters are pure functions of the results (and a few display options), so the CLI can send
any format to stdout or to ``--output-file`` and tests can call them directly.
"""

from __future__ import annotations

import os

from toilint.diagnostics import Applicability, Diagnostic
from toilint.lines import LineIndex
from toilint.records import record

TYPE_CHECKING = False  # typing's import costs a warm-cache run more than rendering does
if TYPE_CHECKING:
    from typing import Protocol

    class Reporter(Protocol):
        def __call__(self, reports: list[FileReport], options: ReportOptions = ...) -> str: ...


#: the project's home page and its published rule pages (a base URL ending in "/"), once it has
#: them; until then nothing links to a page that does not exist
HOME_URL: str | None = None
HOME_DOCS_URL: str | None = None
#: set to a base URL to link every diagnostic to pages hosted elsewhere (a mirror, an intranet)
DOCS_URL_ENV = "TOILINT_DOCS_URL"


def docs_base_url() -> str:
    """Where rule pages are linked from: ``$TOILINT_DOCS_URL``, the project's home, else the pages
    shipped with the package (a ``file:`` URL that works wherever toilint is installed)."""
    base = os.environ.get(DOCS_URL_ENV) or HOME_DOCS_URL
    if not base:
        from toilint.resources import RULE_DOCS_DIR  # pathlib: only formats that link rule pages

        return RULE_DOCS_DIR.as_uri() + "/"
    return base if base.endswith("/") else base + "/"


def rule_url(code: str) -> str:
    """The documentation page of a rule (the text `toilint explain CODE` prints)."""
    return f"{docs_base_url()}{code}.md"


@record
class FileReport:
    """One file's diagnostics with what is needed to show them."""

    path: str
    diagnostics: list[Diagnostic]
    lines: LineIndex
    fixed: int = 0


@record(frozen=True)
class ReportOptions:
    color: bool = False
    #: the --unsafe-fixes setting: whether unsafe fixes count as available in summaries
    unsafe_fixes: bool = False


DEFAULT_OPTIONS = ReportOptions()


def is_fixable(d: Diagnostic, unsafe: bool = False) -> bool:
    """Whether ``--fix`` (with ``--unsafe-fixes`` when ``unsafe``) would apply this diagnostic's fix."""
    if d.fix is None:
        return False
    if d.fix.applicability is Applicability.SAFE:
        return True
    return unsafe and d.fix.applicability is Applicability.UNSAFE
