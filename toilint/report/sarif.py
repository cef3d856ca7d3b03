"""SARIF 2.1.0, the format GitHub code scanning and most security dashboards import.

Paths relative to the working directory are written relative to ``%SRCROOT%`` (GitHub's
recommendation, so the alerts land on the repository's files); absolute paths as file URIs.
Every rule that reported something is described under ``tool.driver.rules`` with its summary,
its full documentation and its help URL.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from toilint.diagnostics import Diagnostic, Severity
from toilint.lines import LineIndex
from toilint.report import DEFAULT_OPTIONS, HOME_URL, FileReport, ReportOptions, rule_url

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _artifact(path: str) -> dict[str, str]:
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    rel = os.path.normpath(path).replace(os.sep, "/")
    return {"uri": quote(rel), "uriBaseId": "%SRCROOT%"}


def _region(lines: LineIndex, start: int, end: int) -> dict[str, int]:
    line, col = lines.position(start)
    end_line, end_col = lines.position(end)
    return {"startLine": line, "startColumn": col + 1, "endLine": end_line, "endColumn": end_col + 1}


def _rule_descriptor(code: str, d: Diagnostic) -> dict[str, Any]:
    from toilint.rules.base import all_rules

    rule = all_rules().get(code)
    descriptor: dict[str, Any] = {"id": code, "helpUri": rule_url(code)}
    if rule is None:
        descriptor["shortDescription"] = {"text": d.name or code}
        return descriptor
    doc = rule.doc()
    descriptor["name"] = rule.name
    descriptor["shortDescription"] = {"text": rule.summary()}
    descriptor["fullDescription"] = {"text": doc}
    descriptor["help"] = {"text": doc, "markdown": doc}
    level = "error" if rule.severity is Severity.ERROR else "warning"
    descriptor["defaultConfiguration"] = {"level": level}
    descriptor["properties"] = {
        "tags": [rule.family()],
        "fix": rule.fix.value if rule.fix else None,
    }
    return descriptor


def _result(d: Diagnostic, r: FileReport, index: int) -> dict[str, Any]:
    location = {"physicalLocation": {"artifactLocation": _artifact(r.path), "region": _region(r.lines, d.start, d.end)}}
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": index,
        "level": "error" if d.severity is Severity.ERROR else "warning",
        "message": {"text": d.message},
        "locations": [location],
    }
    if d.fix is not None and d.fix.edits:
        result["fixes"] = [
            {
                "description": {"text": d.fix.message or "fix"},
                "artifactChanges": [
                    {
                        "artifactLocation": _artifact(r.path),
                        "replacements": [
                            {
                                "deletedRegion": _region(r.lines, e.start, e.end),
                                "insertedContent": {"text": e.content},
                            }
                            for e in d.fix.edits
                        ],
                    }
                ],
            }
        ]
        result["properties"] = {"applicability": d.fix.applicability.value}
    return result


def build(reports: list[FileReport]) -> dict[str, Any]:
    from toilint import __version__

    rules: dict[str, int] = {}
    descriptors: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for r in reports:
        for d in r.diagnostics:
            if d.code not in rules:
                rules[d.code] = len(descriptors)
                descriptors.append(_rule_descriptor(d.code, d))
            results.append(_result(d, r, rules[d.code]))
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "toilint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        **({"informationUri": HOME_URL} if HOME_URL else {}),
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                "results": results,
            }
        ],
    }


def render(reports: list[FileReport], options: ReportOptions = DEFAULT_OPTIONS) -> str:
    return json.dumps(build(reports), indent=2, ensure_ascii=False) + "\n"
