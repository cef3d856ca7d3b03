"""Showing profile data in other outputs: `check --profile-data FILE` and editor hover.

A finding that the profile measured gets its cost appended to its message
(``... [profile: 120,000 runs, ~1.6 s of 2.1 s (76%)]``), so every output format carries it,
and findings are ordered most expensive first: within a file, and files by their most
expensive finding. Findings the profile did not see keep their order, after the others.
"""

from __future__ import annotations

import os
from pathlib import Path

from toilint.diagnostics import Diagnostic
from toilint.lines import LineIndex
from toilint.profile.data import FindingCost, ProfileData, ProfileDataError, describe, find_near, load, sort_key
from toilint.report import FileReport


def cost_note(cost: FindingCost, profile: ProfileData) -> str:
    return f"profile: {describe(cost, profile.total_cpu_s)}"


def annotate(
    diagnostics: list[Diagnostic], path: str, lines: LineIndex, profile: ProfileData
) -> tuple[list[Diagnostic], tuple[float, float]]:
    """The diagnostics with costs in their messages, most expensive first; and the first's rank."""
    costed: list[tuple[FindingCost | None, int, Diagnostic]] = []
    for i, d in enumerate(diagnostics):
        cost = profile.lookup(path, lines.line_of(d.start), d.code) if d.code.startswith("PERF") else None
        if cost is not None:
            d = Diagnostic(
                d.code,
                f"{d.message} [{cost_note(cost, profile)}]",
                d.start,
                d.end,
                d.severity,
                d.fix,
                d.name,
                d.unnecessary,
            )
        costed.append((cost, i, d))
    costed.sort(key=lambda t: (*sort_key(t[0]), t[1]))
    best = sort_key(costed[0][0]) if costed else sort_key(None)
    return [d for _, _, d in costed], best


def annotate_reports(reports: list[FileReport], profile: ProfileData) -> list[FileReport]:
    """Every report annotated and reordered; files with the costliest findings first."""
    ranked: list[tuple[tuple[float, float], int, FileReport]] = []
    for i, r in enumerate(reports):
        path = r.path if os.path.isabs(r.path) else str(Path(r.path).resolve())
        diagnostics, best = annotate(r.diagnostics, path, r.lines, profile)
        ranked.append((best, i, FileReport(r.path, diagnostics, r.lines, r.fixed)))
    ranked.sort(key=lambda t: (t[0], t[1]))
    return [r for _, _, r in ranked]


_cache: dict[Path, tuple[float, ProfileData | None]] = {}


def profile_near(path: str) -> ProfileData | None:
    """The profile data beside ``path`` (or in a parent directory), re-read when it changes."""
    found = find_near(path)
    if found is None:
        return None
    try:
        mtime = found.stat().st_mtime
    except OSError:
        return None
    hit = _cache.get(found)
    if hit is not None and hit[0] == mtime:
        return hit[1]
    try:
        data: ProfileData | None = load(found)
    except ProfileDataError:
        data = None
    _cache[found] = (mtime, data)
    return data
