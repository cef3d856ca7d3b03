"""Expected-diagnostic markers in fixture files: ``-- expect: CODE[, CODE...]`` on a line says
that line reports each code listed."""

from __future__ import annotations

import re

_EXPECT = re.compile(r"--\s*expect:\s*([A-Z0-9, ]+)")


def expected_lines(text: str, code: str) -> list[int]:
    """Lines marked ``-- expect: ...`` that list ``code`` (a line listing it twice counts twice)."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        m = _EXPECT.search(line)
        if m:
            out.extend(number for c in m.group(1).split(",") if c.strip() == code)
    return out
