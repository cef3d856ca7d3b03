"""Re-parsing only what an edit touched gives exactly what parsing the whole text gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from toilint import lint_source
from toilint.syntax import ParseResult, parse
from toilint.syntax.incremental import reparse

PROGRAMS = sorted((Path(__file__).parent.parent / "programs").glob("*.toi"))

FUNCTION = """\
fn count_words(text)
    local counts = {}
    for word in text.split(" ")
        if word != ""
            counts[word] = (counts[word] or 0) + 1
    print(f"{#counts} words")  -- a comment
    return counts
"""


def _same(a: ParseResult, b: ParseResult) -> bool:
    return repr(a.module) == repr(b.module) and a.errors == b.errors and a.comments == b.comments


def _typing(text: str, at_line: int) -> list[str]:
    """Every text a user produces typing FUNCTION on a new line before ``at_line``."""
    lines = text.split("\n")
    head = "\n".join(lines[:at_line]) + ("\n" if at_line else "")
    tail = "\n" + "\n".join(lines[at_line:])
    return [head + FUNCTION[:k] + tail for k in range(len(FUNCTION) + 1)]


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.name)
def test_typing_a_function_reparses_like_a_full_parse(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    starts = [text.count("\n", 0, s.start) for s in parse(text).module.body]  # type: ignore[union-attr]
    middle = starts[len(starts) // 2]
    versions = _typing(text, middle)
    reused = eligible = 0
    previous, old = versions[0], parse(versions[0])
    for version in versions[1:]:
        full = parse(version)
        again = reparse(previous, old, version)
        eligible += old.ok and full.ok
        if again is not None:
            reused += 1
            assert _same(again, full), repr(version[-200:])
            assert again.tokens() == full.tokens()
        previous, old = version, full
    assert reused >= eligible // 2 > 0  # between versions that parse, most need no full parse


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("x = 1\ny = 2\nz = 3\n", "x = 1\ny = 22\nz = 3\n"),
        ("x = 1\ny = 2\nz = 3\n", "x = 1\nz = 3\n"),
        ("x = 1\ny = 2\n", ""),
        ("", "x = 1\n"),
        ("x = 1\nprint(x)\nfn f()\n    return 1\n", "x = 1\nprint(x\nfn f()\n    return 1\n"),
        ("x = 1\nprint(x)\nfn f()\n    return 1\n", "x = 1\nprint(x)\nfn f()\n    return 1\n(x)\n"),
        ("f(1)\ng(2)\nh(3)\n", "f(1)\n(g)(2)\nh(3)\n"),
        ("if x\n    y = 1\nz = 2\nw = 3\n", "if x\n    y = 1\nelse\n    y = 3\nz = 2\nw = 3\n"),
        ('s = "a"\nt = 1\nu = 2\n', 's = "a\nt = 1\nu = 2\n'),
        ("t = {\n  a = 1,\n}\nu = 2\nv = 3\n", "t = {\n  a = 1,\n\nu = 2\nv = 3\n"),
        ("x = 1\n\ny = 2\nz = 3\n", "x = 1\n-- note\ny = 2\nz = 3\n"),
    ],
)
def test_edits_that_change_how_neighbours_parse(before: str, after: str) -> None:
    again = reparse(before, parse(before), after)
    assert again is None or _same(again, parse(after))


def test_lint_with_a_previous_result_reports_the_same() -> None:
    text = PROGRAMS[0].read_text(encoding="utf-8")
    edited = text.replace("\n", "\nx_new = (\n", 1)
    previous = lint_source(text)
    assert lint_source(edited, previous=previous).diagnostics == lint_source(edited).diagnostics


def test_a_chain_of_reparses_keeps_the_tokens_of_a_full_parse() -> None:
    """Each version re-parsed from the previous re-parse (the editor's case): the tokens read
    through the earlier versions' lists, and the list once made, are a whole parse's."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in PROGRAMS[:4])
    previous, old = text, parse(text)
    assert old.ok
    starts = [s.start for s in old.module.body]  # type: ignore[union-attr]
    chained = 0
    for n, at in enumerate(starts[1 : len(starts) - 1 : max(len(starts) // 12, 1)]):
        at += n * len("step = 1\n")  # earlier insertions moved it
        version = previous[:at] + "step = 1\n" + previous[at:]
        again = reparse(previous, old, version)
        assert again is not None
        full = parse(version)
        chained += old.later_tokens is not None
        want = full.tokens()
        view = again.token_view()
        assert len(view) == len(want)
        assert [view[k] for k in range(0, len(want), 7)] == want[::7]
        assert list(view) == want
        previous, old = version, again
    assert chained >= 5
    assert old.tokens() == parse(previous).tokens()
