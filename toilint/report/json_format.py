"""ruff's JSON shape: one array of objects with 1-based rows and columns."""

from __future__ import annotations

import json
from typing import Any

from toilint.diagnostics import Diagnostic
from toilint.lines import LineIndex
from toilint.report import FileReport, rule_url


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
        "code": d.code,
        "message": d.message,
        "filename": path,
        "location": location(lines, d.start),
        "end_location": location(lines, d.end),
        "fix": fix,
        "url": rule_url(d.code),
        "noqa_row": lines.line_of(d.start),
    }


def render(reports: list[FileReport]) -> str:
    items = [diagnostic_json(d, r.path, r.lines) for r in reports for d in r.diagnostics]
    return json.dumps(items, indent=2) + "\n"
