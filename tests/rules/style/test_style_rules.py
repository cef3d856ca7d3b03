"""STY rules: what a user who opts into the style family sees, and what `--fix` makes of it.

Each rule has a runnable fixture ``fixtures/STYnnn.toi`` and the expected result of applying
every fix (unsafe ones included) in ``fixtures/STYnnn.fixed.toi``. When `toi` is available,
both programs are run and must print the same: the fixtures use values for which even the
unsafe rewrites keep behavior, so a fix that changes meaning fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import support
from toilint.api import lint_source

FIXTURES = Path(__file__).parent / "fixtures"
#: every rule with an expected fix result: fixtures/CODE.toi and fixtures/CODE.fixed.toi
FIXED_CODES = sorted(p.name.removesuffix(".fixed.toi") for p in FIXTURES.glob("STY*.fixed.toi"))


def lint(text: str, code: str) -> list[tuple[int, str, str | None]]:
    """(line, message, fix applicability) of every `code` diagnostic, STY enabled."""
    return support.findings(text, code, select=("STY",))


def fixed(text: str, code: str, unsafe: bool = True) -> str:
    return support.fix(text, code, unsafe=unsafe, converged=False)


def stdout_of(path: Path) -> str:
    run = support.run_toi(path, timeout=30)
    assert run.returncode == 0, run.stderr
    return run.stdout


# --------------------------------------------------------------------------- off by default


def test_style_family_is_opt_in() -> None:
    text = (FIXTURES / "STY001.toi").read_text()
    assert not [d for d in lint_source(text, "t.toi").diagnostics if d.code.startswith("STY")]
    assert lint(text, "STY001")


# --------------------------------------------------------------------------- fixtures


@pytest.mark.parametrize("code", FIXED_CODES)
def test_fix_gives_expected_program(code: str) -> None:
    before = (FIXTURES / f"{code}.toi").read_text()
    after = (FIXTURES / f"{code}.fixed.toi").read_text()
    assert fixed(before, code) == after
    # the fixed program is clean: every finding was fixed or is reported without a fix
    leftover = [d for d in lint(after, code) if d[2] is not None]
    assert leftover == []


@pytest.mark.parametrize("code", FIXED_CODES)
def test_fixed_fixture_prints_the_same_on_toi(code: str, tmp_path: Path) -> None:
    before = FIXTURES / f"{code}.toi"
    after = FIXTURES / f"{code}.fixed.toi"
    assert stdout_of(before) == stdout_of(after)


# --------------------------------------------------------------------------- STY001


def test_sty001_findings() -> None:
    found = lint((FIXTURES / "STY001.toi").read_text(), "STY001")
    assert found == [
        (3, 'Use `not name` instead of comparing: `name == nil or name == ""`', "unsafe"),
        (5, "Use `verbose` instead of comparing: `verbose == true`", "unsafe"),
        (7, "Use `not (count > 2)` instead of comparing: `(count > 2) == false`", "safe"),
        (9, "Use `name` instead of comparing: `name == nil`", "unsafe"),
        (12, 'Use `label` instead of comparing: `label != ""`', "safe"),
        (39, "Use `items` instead of comparing: `items != nil`", "unsafe"),
        (40, "Use `not items` instead of comparing: `items == {}`", "unsafe"),
        (42, "Use `x` instead of comparing: `x != nil`", "unsafe"),
    ]


def test_sty001_only_in_conditions() -> None:
    assert lint("x = 1\nflag = x == nil\nprint flag, x != nil\n", "STY001") == []


def test_sty001_reversed_operands_and_precedence() -> None:
    text = "a = 1\nb = 2\nif false == a + b\n    print 1\n"
    assert fixed(text, "STY001") == "a = 1\nb = 2\nif not (a + b)\n    print 1\n"


def test_sty001_safe_fix_applies_without_unsafe_flag() -> None:
    text = 'fn f(s)\n    t = str(s)\n    if t != ""\n        return t\n    if s == true\n        return 1\n'
    assert fixed(text, "STY001", unsafe=False) == (
        "fn f(s)\n    t = str(s)\n    if t\n        return t\n    if s == true\n        return 1\n"
    )


# --------------------------------------------------------------------------- STY002


def test_sty002_findings_and_safety() -> None:
    found = lint((FIXTURES / "STY002.toi").read_text(), "STY002")
    lines = [(line, safety) for line, _msg, safety in found]
    assert lines == [
        (3, "safe"),  # the receiver `string.trim(raw)` is a string function's result
        (3, "safe"),  # `raw` is a local only ever assigned a literal
        (5, "safe"),
        (6, "safe"),
        (7, "safe"),
        (8, "safe"),
        (8, "safe"),
        (9, "safe"),
        (10, "safe"),
        (11, "safe"),
        (11, "safe"),
        (12, "safe"),  # `raw + "!"`: two strings, no metatable involved, make a string
        (13, "safe"),
        (16, None),  # `print (raw + "!").len()` would be the print(...) form: no fix
    ]
    assert found[0][1] == "Use the method `string.trim(raw).lower(...)` instead of `string.lower(...)`"


def test_sty001_ternary_default_is_left_alone() -> None:
    text = (
        "fn make(opts)\n    return {width = opts.width == nil ? 30 : int(opts.width)}\nprint make({width = 0}).width\n"
    )
    assert lint(text, "STY001") == []


def test_sty002_ignores_char_and_other_modules() -> None:
    text = (
        'import string\nimport math\nprint string.char(65), math.floor(1.5), string.sub("ab", 1, 1)\n'
        "t = {upper = 1}\nprint t.upper\n"
    )
    assert lint(text, "STY002") == []


def test_sty002_ignores_a_local_named_string() -> None:
    text = 'string = {upper = fn(s) s}\nprint string.upper("a")\n'
    assert lint(text, "STY002") == []


# --------------------------------------------------------------------------- STY003


def test_sty003_findings() -> None:
    found = lint((FIXTURES / "STY003.toi").read_text(), "STY003")
    assert [(line, safety) for line, _m, safety in found] == [
        (3, "safe"),
        (4, "safe"),
        (5, "safe"),
        (6, "safe"),
        (7, "safe"),
        (8, "safe"),
        (10, "unsafe"),
        (11, "unsafe"),
    ]
    assert found[2][1] == "Use slice syntax `line[2..-1]` instead of `sub`"


def test_sty003_leaves_start_zero_and_fractions() -> None:
    text = 'line = "abc"\nprint line.sub(0, 2), line.sub(1.5), line.sub(1, 2.5)\n'
    assert lint(text, "STY003") == []


# --------------------------------------------------------------------------- STY004


def test_sty004_findings() -> None:
    found = lint((FIXTURES / "STY004.toi").read_text(), "STY004")
    assert [(line, safety) for line, _m, safety in found] == [
        (3, "unsafe"),
        (4, "unsafe"),
        (6, "unsafe"),
        (7, "unsafe"),
        (8, None),  # separator is an expression: evaluation order would change
    ]
    assert found[0][1] == 'Use `",".join(...)` instead of `table.concat`'


def test_sty004_unsafe_fix_not_applied_by_default() -> None:
    text = 'import table\nprint table.concat({"a"}, ",")\n'
    assert fixed(text, "STY004", unsafe=False) == text


# --------------------------------------------------------------------------- STY005


def test_sty005_findings() -> None:
    found = lint((FIXTURES / "STY005.toi").read_text(), "STY005")
    assert found == [
        (1, "Combine 3 consecutive imports into `import string, table, math`", "safe"),
        (5, "Use `import json` instead of assigning the import", "safe"),
        (7, "Use `import os` instead of assigning the import", "safe"),
        (19, "Use `import time` instead of assigning the import", "safe"),
    ]


def test_sty005_plain_import_runs_and_dotted_modules() -> None:
    text = "import os\nimport io\nselector = import lib.selector\n\nimport json\n"
    assert fixed(text, "STY005") == "import os, io, lib.selector\n\nimport json\n"


def test_sty005_leaves_existing_names_and_one_line_bodies() -> None:
    text = (
        "json = nil\nif true\n    json = import json\n"  # updates the outer local
        "fn f()\n    global g\n    g = import g\n"  # a declared global
        "if true json2 = import json2\n"  # a one-line body binds nothing with `import`
        "x := import x\n"  # a global at top level
    )
    assert lint(text, "STY005") == []


@pytest.mark.parametrize("module", ["toml", "csv"])
def test_sty005_keeps_the_assignment_where_the_statement_binds_a_string(tmp_path: Path, module: str) -> None:
    # on Toi 5fe21b7 `import toml` binds the string "toml"; `toml = import toml` the module
    text = f"{module} = import {module}\nstring = import string\nprint type({module})\n"
    assert [line for line, _, _ in lint(text, "STY005")] == [2]  # `string` only
    program = tmp_path / "p.toi"
    program.write_text(f"import {module}\nprint type({module})\n")
    assert stdout_of(program) == "string\n"
    program.write_text(text)
    assert stdout_of(program) == "table\n"


# --------------------------------------------------------------------------- STY006


def test_sty006_findings() -> None:
    found = lint((FIXTURES / "STY006.toi").read_text(), "STY006")
    assert found == [
        (3, 'Use `items <+ "b"` instead of `table.push`', "unsafe"),
        (4, 'Use `items <+ "c"` instead of `table.insert`', "unsafe"),
        (6, "Use `items <+ (n * 10)` instead of `table.push`", "unsafe"),
    ]


def test_sty006_no_fix_when_the_statement_would_start_with_a_parenthesis() -> None:
    text = "import table\na = {}\nb = nil\ntable.push(a or b, 1)\n"
    assert lint(text, "STY006") == [(4, "Use `(a or b) <+ 1` instead of `table.push`", None)]


# --------------------------------------------------------------------------- STY007


def test_sty007_findings() -> None:
    found = lint((FIXTURES / "STY007.toi").read_text(), "STY007")
    assert found == [
        (2, 'Use `{"toi", "js", "css"} has ext` instead of 3 comparisons', "unsafe"),
        (4, 'Use `{"png", 1, "gif", "svg"} has ext` instead of 4 comparisons', "unsafe"),
        (6, 'Use `not ({"a", "b", "c"} has ext)` instead of 3 comparisons', "unsafe"),
        (11, 'Use `{"true", "1", "yes"} has s` instead of 3 comparisons', "unsafe"),
    ]


def test_sty007_needs_one_subject_and_literals() -> None:
    text = "a = 1\nb = 2\nprint a == 1 or b == 2 or a == 3\nprint a == b or a == 1 or a == 2\nprint a == 1 or a == 2\n"
    assert lint(text, "STY007") == []


# --------------------------------------------------------------------------- STY008


def test_sty008_long_chain_on_one_value() -> None:
    text = (
        "fn color(kind)\n"
        '    if kind == "toi"\n        return 1\n'
        '    elif "js" == kind\n        return 2\n'
        '    elif kind == "css"\n        return 3\n'
        "    else\n        return 0\n"
        'fn two(kind)\n    if kind == "a"\n        return 1\n    elif kind == "b"\n        return 2\n'
        "fn mixed(a, b)\n    if a == 1\n        return 1\n    elif b == 2\n        return 2\n    elif a == 3\n        return 3\n"
    )
    assert lint(text, "STY008") == [(2, "Use `match kind` instead of 3 `if`/`elif` comparisons", None)]
