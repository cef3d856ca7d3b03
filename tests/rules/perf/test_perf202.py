"""PERF202 string-reslice-in-loop (report only)."""

from __future__ import annotations

CODE = "PERF202"


def test_reported_without_fix_and_with_a_cursor_hint(perf) -> None:
    text = "fn f(s)\n    while #s > 0\n        s = s[2..]\n    return s\n"
    [d] = perf.diagnostics(text, CODE)
    assert d.fix is None
    assert "index cursor" in d.message
