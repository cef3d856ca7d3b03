"""PERF202 string-reslice-in-loop (report only)."""

from __future__ import annotations

CODE = "PERF202"


def test_reported_without_fix_and_with_a_cursor_hint(perf) -> None:
    text = "fn f(s)\n    while #s > 0\n        s = s[2..]\n    return s\n"
    [d] = perf.diagnostics(text, CODE)
    assert d.fix is None
    assert "index cursor" in d.message


def test_a_string_set_afresh_every_iteration_is_not_consumed(perf) -> None:
    # lib/markdown.toi: `q = trimmed[2..]`, then `q = q[2..]` once: nothing carries over
    text = (
        "fn quotes(lines)\n    out = {}\n    for line in lines\n        q = line[2..]\n"
        '        if q.starts_with(" ")\n            q = q[2..]\n        out <+ q\n    return out\n'
        'print #quotes({"> a", ">b"})\n'
    )
    assert perf.lines(text, "PERF202") == []


def test_a_table_slice_is_not_a_string(perf) -> None:
    text = "fn drain(t)\n    while #t > 0\n        t = t[2..]\n    return t\nprint #drain({1, 2, 3})\n"
    assert perf.lines(text, "PERF202") == []
