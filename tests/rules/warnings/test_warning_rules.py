"""W201-W207: positive and negative cases, as a user reads them in the editor."""

from __future__ import annotations

from tests.support import findings, fix, run_toi, toi_path


def lint(text: str, code: str) -> list[tuple[int, str]]:
    return [(line, message) for line, message, _ in findings(text, code)]


def test_w201_toi_scoping_rules() -> None:
    text = (
        "fn main()\n    return helper(2)\n"  # helper is declared below: undefined at run time
        "fn helper(x)\n    return x * 2\n"
        "if true\n    total = 1\nprint total\n"  # total was local to the if body
        "print math.sqrt(2)\n"  # native modules need an import
        "print str(1), type(1), __name\n"  # core natives are globals
        "global fn g() return 1\nprint g()\n"
        "n := 3\nprint n\n"
    )
    assert lint(text, "W201") == [
        (2, "Undefined variable 'helper'"),
        (7, "Undefined variable 'total'"),
        (8, "Undefined variable 'math'"),
    ]


def test_w201_silent_after_star_import_and_for_imported_modules() -> None:
    assert lint("import math\nprint math.pi\n", "W201") == []
    assert lint("from m import *\nprint anything\n", "W201") == []


def test_w202_unused_local() -> None:
    text = (
        "fn area(w, h)\n    result = w * h\n    _scratch = 1\n    return w * w\n"
        "x = 1\nx = 2\n"
        "used = 1\nprint used\nprint area(1, 2)\n"
        "for k, v in {1}\n    print v\n"
    )
    assert lint(text, "W202") == [(2, "unused variable 'result'"), (5, "unused variable 'x'")]


def test_w202_multi_assignment_values_only_with_unused_secondaries() -> None:
    from toilint.api import lint_source
    from toilint.settings import Settings

    text = "io = import io\nfn f(p)\n    h, err = io.open(p), nil\n    a, b = 1, 2\n    return h\nprint f\n"
    assert lint(text, "W202") == []
    result = lint_source(text, "t.toi", Settings(unused_secondaries=True))
    found = [(result.lines.line_of(d.start), d.message) for d in result.diagnostics if d.code == "W202"]
    assert found == [(3, "unused variable 'err'"), (4, "unused variable 'a'"), (4, "unused variable 'b'")]


def test_w203_unused_import_with_fix() -> None:
    from toilint.api import lint_source
    from toilint.diagnostics import Applicability, apply_edits

    text = "import regex\nimport math\nfrom mylib import helper\nprint math.sqrt(2)\n"
    result = lint_source(text, "t.toi")
    found = [d for d in result.diagnostics if d.code == "W203"]
    assert [d.message for d in found] == ["unused import 'regex'", "unused import 'helper'"]
    assert found[0].fix is not None and found[0].fix.applicability is Applicability.SAFE
    assert apply_edits(text, list(found[0].fix.edits)) == "import math\nfrom mylib import helper\nprint math.sqrt(2)\n"
    assert found[1].fix is not None and found[1].fix.applicability is Applicability.UNSAFE


def test_w203_a_file_under_a_native_name_is_not_native() -> None:
    # the interpreter finds a native module by its whole dotted name: `math.extra` is a file,
    # whose top-level code runs on import
    from toilint.api import lint_source
    from toilint.diagnostics import Applicability

    found = [d for d in lint_source("import math.extra\n", "t.toi").diagnostics if d.code == "W203"]
    assert [d.fix.applicability if d.fix else None for d in found] == [Applicability.UNSAFE]


def test_w203_a_module_bound_by_assignment_is_an_import_not_a_variable() -> None:
    text = "math = import math\nfn f()\n    local lib = import mylib\n    return 1\nprint f()\n"
    assert lint(text, "W202") == []
    assert lint(text, "W203") == [(1, "unused import 'math'"), (3, "unused import 'lib'")]
    assert fix(text, "W203") == "fn f()\n    local lib = import mylib\n    return 1\nprint f()\n"
    assert fix(text, "W203", unsafe=True) == "fn f()\n    return 1\nprint f()\n"
    # reassigned with something else, it is a variable again
    assert lint("m = import math\nm = 3\n", "W203") == []
    assert lint("m = import math\nm = 3\n", "W202") == [(1, "unused variable 'm'")]


def test_w203_removes_unused_names_from_a_list_and_keeps_the_rest() -> None:
    assert fix("import string, regex, math\nprint math.pi\n", "W203") == "import math\nprint math.pi\n"
    assert fix("import math, string\nprint math.pi\n", "W203") == "import math\nprint math.pi\n"
    # a .toi module runs its top-level code when loaded: removing it is unsafe
    assert fix("import math, mylib\nprint math.pi\n", "W203") == "import math, mylib\nprint math.pi\n"
    assert fix("import mylib, math\nprint math.pi\n", "W203", unsafe=True) == "import math\nprint math.pi\n"
    assert fix("from m import a, b, c\nprint b\n", "W203", unsafe=True) == "from m import b\nprint b\n"
    text = "import string, math -- for later\nprint math.pi\n"
    assert fix(text, "W203") == "import math -- for later\nprint math.pi\n"


def test_style_fixes_leave_no_unused_import_behind() -> None:
    text = 'import string, math, table\nprint string.upper("a")\nprint table.concat({"a", "b"}, ",")\nprint math.pi\n'
    fixed = fix(text, select=("STY002", "STY004", "W203"), unsafe=True)
    assert fixed == 'import math\nprint "a".upper()\nprint ",".join({"a", "b"})\nprint math.pi\n'
    if toi_path() is not None:
        assert run_toi(fixed).outcome == run_toi(text).outcome == "rc=0\nA\na,b\n3.141593\n"


def test_w204_unreachable() -> None:
    text = "fn f(x)\n    return x\n    print 1\n    print 2\nfor i in {1}\n    break\n    print i\nprint f(1)\n"
    assert lint(text, "W204") == [(3, "unreachable code"), (7, "unreachable code")]
    assert lint("fn f(x)\n    if x\n        return 1\n    return 2\n", "W204") == []


def test_w206_no_effect() -> None:
    text = "x = 0\nif true\n    x == 1\nx\nnil\nprint x\nx = 1 # comment words\n"
    assert [line for line, _ in lint(text, "W206")] == [3, 4, 7]
    assert lint("fn f() return 1\nf()\nx = 1\n", "W206") == []


def test_w207_duplicate_key() -> None:
    text = 'a = 1\nt = {name = 1, ["name"] = 2, 10, [1] = 5, <a>, a = 3}\nu = {x = 1, y = 2}\n'
    assert lint(text, "W207") == [
        (2, "duplicate key 'name' in table literal"),
        (2, "duplicate key '1' in table literal"),
        (2, "duplicate key 'a' in table literal"),
    ]


def test_w202_decorated_function_is_used_by_its_decorator() -> None:
    # the compiler reads the function's name to pass it to the decorator (routes, commands)
    text = (
        "routes = {}\nfn get(path)\n    return fn(h)\n        routes[path] = h\n        return h\n"
        '@get("/")\nfn home()\n    return 1\nfn unused()\n    return 2\nprint routes["/"]()\n'
    )
    assert lint(text, "W202") == [(9, "unused variable 'unused'")]


def test_w201_lambda_assigned_at_top_level_cannot_call_itself() -> None:
    # `f = fn ...` makes the local after the value: inside the lambda `f` is a global (lib/settings.toi)
    text = "f = fn(n)\n    return n > 0 ? f(n - 1) : 0\nprint f(2)\nlocal fn g(n)\n    return n > 0 ? g(n - 1) : 0\nprint g(2)\n"
    assert lint(text, "W201") == [(2, "Undefined variable 'f'")]


def test_w202_unused_value_of_a_multi_assignment() -> None:
    # reported only with `unused-secondaries` (see test_w202_multi_assignment_values_only_with_...)
    from toilint.api import lint_source
    from toilint.settings import Settings

    text = "fn f()\n    return 1, 2\nok, mode = f()\nprint mode\n_ok, mode2 = f()\nprint mode2\n"
    assert lint(text, "W202") == []
    result = lint_source(text, "t.toi", Settings(unused_secondaries=True))
    assert [(result.lines.line_of(d.start), d.message) for d in result.diagnostics if d.code == "W202"] == [
        (3, "unused variable 'ok'")
    ]
