"""Output formats, one module each; every reporter turns file results into text."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from toilint.diagnostics import Diagnostic
from toilint.lines import LineIndex


@attrs.define
class FileReport:
    """One file's diagnostics with what is needed to show them."""

    path: str
    diagnostics: list[Diagnostic]
    lines: LineIndex
    fixed: int = 0


Reporter = Callable[[list[FileReport]], str]


def get_reporter(name: str) -> Reporter:
    from toilint.report import concise, json_format

    reporters: dict[str, Reporter] = {
        "concise": concise.render,
        "text": concise.render,
        "full": concise.render,
        "json": json_format.render,
    }
    return reporters[name]


FORMATS = ("full", "concise", "text", "json")


def rule_url(code: str) -> str:
    return f"https://toilint.dev/rules/{code}"
