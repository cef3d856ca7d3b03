"""Error recovery: a syntax error costs only the broken statement, and the compiler's first
error is still the first one reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import requires_toi
from tests.support.interpreter import toi_path
from tests.syntax.oracle import compile_check
from toilint import ast, lint_source
from toilint.api import AFTER_EARLIER_ERROR
from toilint.rules.errors.syntax_error import is_compile_error
from toilint.settings import Settings
from toilint.syntax import parse
from toilint.visitor import iter_nodes

TOI = toi_path()
LIB = Path(TOI).resolve().parent / "lib" if TOI else None


def _first_error(source: str) -> tuple[str, int]:
    """toilint's first compile error as the compiler prints it: (message, line)."""
    result = lint_source(source)
    errors = [d for d in result.diagnostics if d.code == "E001" or is_compile_error(d.code)]
    first = next(d for d in errors if not d.message.endswith(AFTER_EARLIER_ERROR))
    if first.code == "E001":  # the compiler's line for a syntax error (end of file: one past the last)
        problem = next(p for p in result.parse.errors if p.start == first.start and p.message == first.message)
        return first.message, problem.line
    return first.message, source.count("\n", 0, first.start) + 1


def _kinds(src: str) -> list[tuple[str, str]]:
    result = parse(src)
    assert result.module is not None
    return [(type(s).__name__, src[s.start : s.end]) for s in result.module.body]


def test_statements_after_an_error_are_parsed() -> None:
    src = "x = (\ny = 2\nfn g()\n    return y\n"
    assert _kinds(src) == [("ErrorStmt", "x = ("), ("ExprStmt", "y = 2"), ("FunctionDef", "fn g()\n    return y")]


def test_a_function_header_without_its_body_is_one_error_region() -> None:
    src = "fn count_words(text)\nfn g()\n    return 2\n"
    assert _kinds(src) == [("ErrorStmt", "fn count_words(text)"), ("FunctionDef", "fn g()\n    return 2")]


def test_a_name_read_past_the_skipped_text_is_not_the_error_regions() -> None:
    # `fn` ends its line: the parser takes the next line's `a` as the function's name, fails at
    # the end of the file, and the next line is parsed again as a statement of its own
    src = "if a\n    b\nelse\n    c()fn--\n    a"
    result = parse(src)
    assert result.module is not None
    block = result.module.body[0].orelse
    assert isinstance(block, ast.Block)
    error, again = block.body[-2:]
    assert isinstance(error, ast.ErrorStmt) and src[error.start : error.end] == "fn--"
    assert error.declares == () and isinstance(again, ast.ExprStmt)
    for node in iter_nodes(result.module):  # every span inside its parent's
        for child in node.children():
            assert node.start <= child.start <= child.end <= node.end, (node, child)


def test_recovery_inside_a_block_keeps_the_function() -> None:
    src = "fn f()\n    x = 1\n    y = (\n    return x\nfn g()\n    return 2\n"
    result = parse(src)
    assert result.module is not None
    f, g = result.module.body
    assert isinstance(f, ast.FunctionDef) and isinstance(g, ast.FunctionDef)
    assert [type(s).__name__ for s in f.body.body] == ["ExprStmt", "ErrorStmt", "Return"]


def test_an_unclosed_brace_does_not_spill_into_the_next_statement() -> None:
    assert _kinds("t = {\n  a = 1,\nprint(t)\n") == [("ErrorStmt", "t = {\n  a = 1,"), ("Print", "print(t)")]


def test_an_unterminated_string_runs_to_the_end_of_the_file() -> None:
    # the compiler reads everything after the quote as the string: nothing after it is code
    assert _kinds('x = 1\ny = "abc\nfn g()\n    return 2\n') == [
        ("ExprStmt", "x = 1"),
        ("ErrorStmt", 'y = "abc\nfn g()\n    return 2'),
    ]


def test_later_errors_are_marked_and_worded_as_toilints_own() -> None:
    src = "x = )\ny = 1\nz = ]\n"
    first, second = parse(src).errors
    assert (first.message, first.line, first.recovered) == ("Expect expression.", 1, False)
    assert (second.line, second.recovered) == (3, True)
    messages = [d.message for d in lint_source(src).diagnostics if d.code == "E001"]
    assert messages == ["Expect expression.", "Expect expression." + AFTER_EARLIER_ERROR]


def test_the_rest_of_the_file_keeps_its_diagnostics() -> None:
    body = "fn f()\n    local unused = 1\n    return 2\nprint(f())\n"
    clean = [(d.code, d.message) for d in lint_source(body).diagnostics]
    assert clean == [("W202", "unused variable 'unused'")]
    broken = lint_source("fn half(a\n" + body).diagnostics
    assert [(d.code, d.message) for d in broken if d.code != "E001"] == clean


def test_names_in_an_error_region_are_neither_undefined_nor_unused() -> None:
    src = "import math\nlocal total = 0\nresult = math.floor(total +\nprint(result)\n"
    codes = [(d.code, d.message) for d in lint_source(src).diagnostics]
    assert [c for c, _ in codes] == ["E001"], codes


def test_no_warning_inside_an_error_region() -> None:
    # the suppression comment in the broken statement would be W299 (unused) in a parsed file
    src = "fn f(s)\n    for i in s\n        x = s + i (  -- toilint: ignore[PERF101]\n    return s\n"
    result = lint_source(src, settings=Settings(select=("ALL",)))
    assert result.parse.module is not None
    (region,) = [n for n in iter_nodes(result.parse.module) if isinstance(n, ast.ErrorStmt)]
    assert region.end > src.index("toilint")
    codes = [d.code for d in result.diagnostics]
    parsed = [
        d.code for d in lint_source(src.replace(" (  --", "  --"), settings=Settings(select=("ALL",))).diagnostics
    ]
    assert "W299" in parsed
    assert "W299" not in codes and "E001" in codes


def test_the_cli_offers_no_fix_for_a_broken_file_but_the_editor_keeps_them() -> None:
    src = "t = {1}\nif #t > 0\n    print(t)\nx = (\n"
    result = lint_source(src)
    fixable = [d for d in result.diagnostics if d.fix is not None]
    assert [d.code for d in fixable] == ["PERF303"]
    assert all(d.fix is None for d in result.offered)


@requires_toi
@pytest.mark.parametrize(
    "source",
    [
        "box = {}\nfn box.open(self)\n    return 1\n",
        "local a = 1\nlocal a = 2\nx = )\n",
        "fn f()\n    return 1\nfn f()\n    return 2\nfn g(\n",
        "x = )\nlocal a = 1\nlocal a = 2\n",
        "local f = fn() f()\ny = (\n",
    ],
)
def test_the_compilers_first_error_is_toilints_first(source: str) -> None:
    verdict = compile_check(source)
    assert not verdict.ok and verdict.message is not None
    message, line = _first_error(source)
    assert message.startswith(verdict.message) and line == verdict.line  # E105 adds where the name was declared


@requires_toi
def test_truncated_library_files_first_error_matches_the_compiler() -> None:
    """Half-typed files (a real file cut after every 97th line's 5th character) fail where
    the compiler fails, with its message."""
    assert LIB is not None
    checked = 0
    for path in sorted(LIB.glob("*.toi"))[:4]:
        lines = path.read_text(encoding="utf-8").split("\n")
        for n in range(10, len(lines), 97):
            source = "\n".join(lines[:n]) + "\n" + lines[n][:5] + "\n" + "\n".join(lines[n + 1 :])
            verdict = compile_check(source)
            result = parse(source)
            fatal = [p for p in result.errors if p.fatal and not p.recovered]
            if verdict.ok:
                assert not fatal, (path.name, n)
                continue
            checked += 1
            message, line = _first_error(source)
            assert message.startswith(verdict.message or "?") and line == verdict.line, (path.name, n, message)
    assert checked
