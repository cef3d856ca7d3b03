"""`path:line:col: CODE message`, one diagnostic a line (columns 1-based, like ruff)."""

from __future__ import annotations

from toilint.report import FileReport


def render(reports: list[FileReport]) -> str:
    out: list[str] = []
    for r in reports:
        for d in r.diagnostics:
            line, col = r.lines.position(d.start)
            fixable = " [*]" if d.fix is not None and d.fix.applicability.value == "safe" else ""
            out.append(f"{r.path}:{line}:{col + 1}: {d.code}{fixable} {d.message}")
    return "\n".join(out) + ("\n" if out else "")
