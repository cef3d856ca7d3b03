"""E115: the compiler's limits, on programs generated right here (no giant fixtures in the repo).

Each case says where the compiler stops, counted by hand from ``src/compiler.c``; when `toi` is
installed, the same program also goes through the oracle (`exit(0)` as a new first line, which
costs the script two constants, so toilint lints that same text).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import run_toi

CONSTANTS = "Too many constants in one chunk."
LOCALS = "Too many local variables in function."


def _lines(*parts: str | list[str]) -> str:
    out: list[str] = []
    for p in parts:
        out.extend([p] if isinstance(p, str) else p)
    return "\n".join(out) + "\n"


def prints(n: int, indent: str = "") -> list[str]:
    return [f"{indent}print {i}" for i in range(n)]


# (name, program, expected (line, message) or None): lines are 1-based in the program itself
CASES: list[tuple[str, str, tuple[int, str] | None]] = [
    # each `print K` is one constant: the 257th constant of the script body is the error
    ("script_256_ok", _lines(prints(256)), None),
    ("script_257", _lines(prints(257)), (257, CONSTANTS)),
    # a function has its own pool; its closure costs the script one constant
    ("function_257", _lines("fn f()", prints(257, "    "), "print f"), (258, CONSTANTS)),
    ("function_256_ok", _lines("fn f()", prints(256, "    "), "print f"), None),
    # no deduplication: `x := 1` costs 3 (read, 1, write), then each read of the global x one more
    ("same_global", _lines("x := 1", ["print x"] * 256), (255, CONSTANTS)),
    # a table literal: every array item costs its index and its value; with implicit
    # separators the index is added while the previous line's token is the current one
    ("table_items", _lines("t = {", [f'    "s{i}"' for i in range(130)], "}"), (129, CONSTANTS)),
    # a comprehension element is compiled by a nested parser: its overflow does not fail the
    # compile, but the error is printed and the program runs with a wrong constant: reported
    (
        "comprehension_element",
        _lines("t = {1}", "u = {x = x" + " + 1" * 300 + " for x in t}", "print u"),
        (2, CONSTANTS),
    ),
    # so is a string literal inside an f-string interpolation
    ("fstring_interpolation", _lines(prints(254), "s3 = f\"{ name + 'a' }\""), (255, CONSTANTS)),
    # ... and it comes before an overflow of the outer parser on the next line
    (
        "fstring_before_outer",
        _lines(prints(253), 's3 = f[[{ "{" + name + "}" }]]', 'print s3, "{Toi}"'),
        (254, CONSTANTS),
    ),
    # ... unless a constant of the outer parser follows: the array form's (idx) + 1
    (
        "comprehension_index_step",
        _lines("t = {1}", "u = {x" + " + 1" * 300 + " for x in t}", "print u"),
        (2, CONSTANTS),
    ),
    # ... but the comprehension's own header constants are its chunk's, and fatal
    ("generator_arg", _lines("t = {1}", "u = sum(x for x in {" + ", ".join(["1"] * 130) + "})"), (2, CONSTANTS)),
    # locals: slot 0 + 255 names fill the frame; in a function, `x = nil` also wastes a constant
    ("locals_256", _lines("fn f()", [f"    v{i} = nil" for i in range(260)], "    return 1", "print f"), (257, LOCALS)),
    # hidden locals of a for-in loop ((iterable), (iter), (state), (control), (key)) count too
    (
        "hidden_for_locals",
        _lines(
            "t = {}", "fn f()", [f"    local v{i}" for i in range(250)], "    for v in t", "        w = 1", "print f"
        ),
        (253, LOCALS),
    ),
]


def lint(text: str) -> list[tuple[int, str]]:
    from toilint.api import lint_source

    result = lint_source(text, "limits.toi")
    assert result.parse.module is not None, result.parse.errors
    return [(result.lines.line_of(d.start), d.message) for d in result.diagnostics if d.code == "E115"]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_e115_where_the_compiler_stops(name: str, text: str, expected: tuple[int, str] | None) -> None:
    found = lint(text)
    assert found[:1] == ([expected] if expected else [])


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_e115_agrees_with_the_compiler_on_the_oracle(
    name: str, text: str, expected: tuple[int, str] | None, tmp_path: Path
) -> None:
    oracle = "exit(0)\n" + text
    run = run_toi(oracle, cwd=tmp_path, timeout=20)
    found = lint(oracle)
    errors = [ln for ln in re.sub(r"\x1b\[[0-9;]*m", "", run.stderr).splitlines() if "] Error" in ln]
    if not errors:
        assert run.returncode == 0 and found == []
        return
    # an error printed by a nested parser does not fail the compile (the oracle exits 0) but is
    # an error all the same; such a parser numbers its snippet from line 1 (the oracle's
    # `exit(0)`), so only the message is compared there
    m = re.match(r"\[line (\d+)\] Error(?: at '.*'| at end)?: (.*)$", errors[0])
    assert m, errors[0]
    assert found, errors
    if m[1] == "1":
        assert found[0][1] == m[2]
    else:
        assert run.returncode == 65
        assert found[0] == (int(m[1]), m[2])


NESTED = ("comprehension_element", "fstring_interpolation", "fstring_before_outer")


@pytest.mark.parametrize(("name", "text", "expected"), [c for c in CASES if c[0] in NESTED], ids=NESTED)
def test_e115_in_a_nested_parser_is_on_the_line_where_the_program_starts_failing(
    name: str, text: str, expected: tuple[int, str], tmp_path: Path
) -> None:
    """A nested parser says "[line 1]": the line is found by cutting the program short instead."""
    line = lint(text)[0][0]
    lines = text.splitlines(keepends=True)
    assert CONSTANTS in run_toi("".join(lines[:line]), cwd=tmp_path, timeout=20).stderr
    assert CONSTANTS not in run_toi("".join(lines[: line - 1]), cwd=tmp_path, timeout=20).stderr


def test_other_counts_of_one_construct() -> None:
    args = ", ".join(["a"] * 256)
    assert lint(f"a = 1\nprint {args}\n") == [(2, "Can't print more than 255 values.")]
    assert lint(f"a = 1\ng = fn(*x) nil\ng({args})\n") == [(3, "Can't have more than 255 arguments.")]
    params = ", ".join(f"p{i}" for i in range(256))
    assert lint(f"fn f({params})\n    return 1\n")[0] == (1, "Can't have more than 255 parameters.")
    assert lint(f"fn f({params[: params.index(', p255')]})\n    return 1\n") == []


def test_global_declarations_are_counted_per_function() -> None:
    too_many = "Too many global declarations in function."
    declared = "".join(f"    global g{i}\n" for i in range(257))
    assert (258, too_many) in lint(f"fn f()\n{declared}    return 1\n")
    # a nested function's declarations are its own (the compiler accepts this program)
    inner = "".join(f"        global k{i}\n" for i in range(100))
    outer = "".join(f"    global g{i}\n" for i in range(200))
    assert too_many not in [m for _, m in lint(f"fn f()\n{outer}    fn h()\n{inner}        return 1\n    return h\n")]
