"""GitHub Actions workflow commands: each diagnostic becomes an annotation on the pull request."""

from __future__ import annotations

from toilint.diagnostics import Severity
from toilint.report import DEFAULT_OPTIONS, FileReport, ReportOptions


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(reports: list[FileReport], options: ReportOptions = DEFAULT_OPTIONS) -> str:
    out: list[str] = []
    for r in reports:
        for d in r.diagnostics:
            line, col = r.lines.position(d.start)
            end_line, end_col = r.lines.position(d.end)
            level = "error" if d.severity is Severity.ERROR else "warning"
            props = ",".join(
                [
                    f"title={_prop(f'toilint ({d.code})')}",
                    f"file={_prop(r.path)}",
                    f"line={line}",
                    f"col={col + 1}",
                    f"endLine={end_line}",
                    f"endColumn={end_col + 1}",
                ]
            )
            out.append(f"::{level} {props}::{_data(f'{r.path}:{line}:{col + 1}: {d.code} {d.message}')}")
    return "\n".join(out) + ("\n" if out else "")
