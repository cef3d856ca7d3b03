"""PERF102 regex-replace-split-in-loop: reported, never rewritten."""

from __future__ import annotations

from pathlib import Path

from tests.support import findings, fix, lines_of

FIXTURES = Path(__file__).parent / "fixtures"

CODE = "PERF102"


def test_message_says_why_there_is_no_fix() -> None:
    text = 'regex = import regex\nfor l in {"a,b"}\n    print regex.split(",", l)\n'
    [(line, message, applicability)] = findings(text, CODE)
    assert line == 3
    assert "compiled regexes have no `split`" in message
    assert applicability is None


def test_never_rewritten_even_with_unsafe_fixes() -> None:
    text = (FIXTURES / "PERF102.toi").read_text()
    assert fix(text, CODE, unsafe=True) == text


def test_search_in_a_loop_is_left_to_perf101() -> None:
    text = 'regex = import regex\nfor l in {"a"}\n    regex.search("a", l)\n'
    assert lines_of(text, CODE) == []
