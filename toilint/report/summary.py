"""What the human formats print after the diagnostics, and whether a stream gets colors.

Shared by the CLI and by the warm-cache fast path of :mod:`toilint.entry`, which must print
exactly what the CLI prints.
"""

from __future__ import annotations

import os

from toilint.report import FileReport, ReportOptions, is_fixable

TYPE_CHECKING = False  # no typing import at start-up (see toilint.entry)
if TYPE_CHECKING:
    from typing import IO


def summary(reports: list[FileReport], count: int, fixed: int, options: ReportOptions) -> str:
    """ "Found 3 diagnostics." and how many of them ``--fix`` (or ``--unsafe-fixes``) would fix."""
    lines: list[str] = []
    if count == 0 and fixed == 0:
        return "All checks passed!\n"
    if fixed:
        remaining = f", {count} remaining" if count else ""
        lines.append(f"Found {count + fixed} diagnostic{'s' if count + fixed != 1 else ''} ({fixed} fixed{remaining}).")
    else:
        lines.append(f"Found {count} diagnostic{'s' if count != 1 else ''}.")
    diags = [d for r in reports for d in r.diagnostics]
    fixable = sum(1 for d in diags if is_fixable(d, options.unsafe_fixes))
    hidden = sum(1 for d in diags if is_fixable(d, True)) - fixable
    if fixable:
        lines.append(f"[*] {fixable} fixable with the `--fix` option.")
    if hidden:
        lines.append(
            f"{hidden} hidden fix{'es' if hidden != 1 else ''} can be enabled with the `--unsafe-fixes` option."
        )
    return "\n".join(lines) + "\n"


def use_color(stream: IO[str]) -> bool:
    """``NO_COLOR`` and ``FORCE_COLOR`` first, then: is the stream a terminal that shows colors?"""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False
