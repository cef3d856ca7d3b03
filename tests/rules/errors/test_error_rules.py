"""Every E fixture: toilint reports the compiler's message on the compiler's line, and the
compiler (when `toi` is installed) agrees with the fixture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import run_toi
from toilint.api import lint_source

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.toi"))
HEADER = re.compile(r"-- expect: (?:ok|(?P<code>E\d+) (?P<line>\d+): (?P<message>.*))$")


def expectation(path: Path) -> tuple[str, int, str] | None:
    first = path.read_text().splitlines()[0]
    m = HEADER.match(first)
    assert m, f"{path.name}: bad header"
    if m["code"] is None:
        return None
    return m["code"], int(m["line"]), m["message"]


def lint(text: str) -> list[tuple[str, int, str]]:
    """(code, line, the compiler's words): what toilint adds after them (E105's name) is left out."""
    result = lint_source(text, "fixture.toi")
    return [
        (d.code, result.lines.line_of(d.start), d.message.split(" `", 1)[0])
        for d in result.diagnostics
        if d.code.startswith("E")
    ]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_toilint_reports_the_compiler_error(path: Path) -> None:
    expected = expectation(path)
    found = lint(path.read_text())
    assert found == ([expected] if expected else [])


def test_every_error_in_a_file_is_reported_not_only_the_first() -> None:
    text = "fn f()\n    break\nfn f()\n    continue\nyield 1\nlocal a = a\n"
    assert [(c, line) for c, line, _ in lint(text)] == [("E101", 2), ("E105", 3), ("E102", 4), ("E104", 5), ("E113", 6)]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_agrees_with_the_compiler(path: Path, tmp_path: Path) -> None:
    run = run_toi("exit(0)\n" + path.read_text(), cwd=tmp_path, timeout=10)
    expected = expectation(path)
    if expected is None:
        assert run.returncode == 0, run.stderr
        return
    assert run.returncode == 65
    out = re.sub(r"\x1b\[[0-9;]*m", "", run.stderr).splitlines()[0]
    m = re.match(r"\[line (\d+)\] Error(?: at [^:]*)?: (.*)$", out)
    assert m, out
    assert (int(m[1]) - 1, m[2]) == (expected[1], expected[2])


def test_e105_names_the_variable_and_its_first_declaration() -> None:
    text = "from m import a, b\nfrom m import a, b\nfn f(x, y, x)\n    return 1\nlocal z = 1\nz = 2\nlocal z = 3\n"
    result = lint_source(text, "fixture.toi")
    found = [(result.lines.line_of(d.start), d.message) for d in result.diagnostics if d.code == "E105"]
    words = "Already a variable with this name in this scope."
    assert found == [
        (2, f"{words} `a` was first declared on line 1."),
        (2, f"{words} `b` was first declared on line 1."),
        (3, f"{words} `x` was first declared on line 3."),
        (7, f"{words} `z` was first declared on line 5."),
    ]


@pytest.mark.parametrize(
    ("text", "code", "lexeme", "column"),
    [
        ("fn f(a = {})\n    return a\n", "E106", "=", 7),
        ("f = fn(*a) nil\nf(a = 1, -- note, here\n2)\n", "E108", ",", 7),  # not the comma in the comment
        ("f = fn(*a) nil\nt = {}\nf(*t.items, 1)\n", "E108", "items", 5),  # the whole last token
        ("f = fn(*a) nil\nf(a = 1, *tbl)\n", "E108", "*", 9),
        ("try\n    x = 1\nexcept   if   x > 1\n    print 1\n", "E114", "if", 9),
        ("for i#, v in {}, 1\n    print i\n", "E112", "1", 17),
    ],
)
def test_error_points_at_the_compilers_token(text: str, code: str, lexeme: str, column: int) -> None:
    """The span is the token the compiler names in `Error at '...'`, found by the lexer."""
    result = lint_source(text, "fixture.toi")
    [d] = [d for d in result.diagnostics if d.code == code]
    assert (text[d.start : d.end], result.lines.position(d.start)[1]) == (lexeme, column)
