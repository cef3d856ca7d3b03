"""ruff's JSON shape: one array of objects with 1-based rows and columns (and json-lines)."""

from __future__ import annotations

import json

from toilint._typing import Any
from toilint.diagnostics import Diagnostic
from toilint.lines import LineIndex
from toilint.report import DEFAULT_OPTIONS, FileReport, ReportOptions, rule_url


def location(lines: LineIndex, offset: int) -> dict[str, int]:
    line, col = lines.position(offset)
    return {"row": line, "column": col + 1}


def diagnostic_json(d: Diagnostic, path: str, lines: LineIndex) -> dict[str, Any]:
    fix = None
    if d.fix is not None:
        fix = {
            "applicability": d.fix.applicability.value,
            "message": d.fix.message,
            "edits": [
                {"content": e.content, "location": location(lines, e.start), "end_location": location(lines, e.end)}
                for e in d.fix.edits
            ],
        }
    return {
        "cell": None,
        "code": d.code,
        "end_location": location(lines, d.end),
        "filename": path,
        "fix": fix,
        "location": location(lines, d.start),
        "message": d.message,
        "noqa_row": lines.line_of(d.start),
        "url": rule_url(d.code),
    }


def render(reports: list[FileReport], options: ReportOptions = DEFAULT_OPTIONS) -> str:
    items = [diagnostic_json(d, r.path, r.lines) for r in reports for d in r.diagnostics]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def render_lines(reports: list[FileReport], options: ReportOptions = DEFAULT_OPTIONS) -> str:
    """One JSON object a line: streams into `jq` and log pipelines without a closing bracket."""
    return "".join(
        json.dumps(diagnostic_json(d, r.path, r.lines), ensure_ascii=False) + "\n"
        for r in reports
        for d in r.diagnostics
    )
