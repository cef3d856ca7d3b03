"""`-- toilint: ignore[CODE, ...]` comments: parsing them and applying them to diagnostics.

A line comment silences the listed codes (or prefixes) on its own line; an
``ignore-file[...]`` comment silences them in the whole file. Which suppressions silenced
something is recorded so that W299 can report the ones that did not.
"""

from __future__ import annotations

import re

from toilint import ast
from toilint.diagnostics import LINTER_ERRORS, Diagnostic
from toilint.lines import LineIndex
from toilint.records import field, record

_PATTERN = re.compile(r"toilint:\s*(ignore-file|ignore)\s*\[([^\]]*)\]")


@record
class Suppression:
    comment: ast.Comment
    file_wide: bool
    line: int
    codes: tuple[str, ...]
    #: span of the ``toilint: ignore[...]`` directive inside the comment
    start: int
    end: int
    used: set[str] = field(factory=set)

    def matches(self, code: str) -> str | None:
        for c in self.codes:
            if code.startswith(c):
                return c
        return None


def parse_suppressions(comments: tuple[ast.Comment, ...], lines: LineIndex) -> list[Suppression]:
    found: list[Suppression] = []
    for comment in comments:
        m = _PATTERN.search(comment.text)
        if m is None:
            continue
        codes = tuple(c.strip().upper() for c in m.group(2).split(",") if c.strip())
        found.append(
            Suppression(
                comment=comment,
                file_wide=m.group(1) == "ignore-file",
                line=lines.line_of(comment.start),
                codes=codes,
                start=comment.start + m.start(),
                end=comment.start + m.end(),
            )
        )
    return found


def apply_suppressions(
    diagnostics: list[Diagnostic], suppressions: list[Suppression], lines: LineIndex
) -> list[Diagnostic]:
    """Drop silenced diagnostics; marks each suppression with the codes it silenced."""
    if not suppressions:
        return diagnostics
    by_line: dict[int, list[Suppression]] = {}
    file_wide: list[Suppression] = []
    for s in suppressions:
        (file_wide if s.file_wide else by_line.setdefault(s.line, [])).append(s)
    kept: list[Diagnostic] = []
    for d in diagnostics:
        silenced = False
        if d.code not in LINTER_ERRORS:
            candidates = file_wide + by_line.get(lines.line_of(d.start), [])
            for s in candidates:
                hit = s.matches(d.code)
                if hit is not None:
                    s.used.add(hit)
                    silenced = True
        if not silenced:
            kept.append(d)
    return kept
