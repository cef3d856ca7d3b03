"""`path:line:col: CODE message`, one diagnostic a line (columns 1-based, like ruff)."""

from __future__ import annotations

from toilint.report import DEFAULT_OPTIONS, FileReport, ReportOptions, is_fixable


def render(reports: list[FileReport], options: ReportOptions = DEFAULT_OPTIONS) -> str:
    out: list[str] = []
    for r in reports:
        for d in r.diagnostics:
            line, col = r.lines.position(d.start)
            fixable = " [*]" if is_fixable(d, options.unsafe_fixes) else ""
            out.append(f"{r.path}:{line}:{col + 1}: {d.code}{fixable} {d.message}")
    return "\n".join(out) + ("\n" if out else "")
