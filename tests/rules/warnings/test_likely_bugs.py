"""W208-W214: luacheck's likely-bug warnings that fit Toi's scoping."""

from __future__ import annotations

from toilint.api import enabled_rules, lint_source
from toilint.settings import Settings


def lint(text: str, code: str) -> list[tuple[int, str]]:
    result = lint_source(text, "t.toi", Settings(select=(code,)))
    assert result.parse.module is not None, result.parse.errors
    return [(result.lines.line_of(d.start), d.message) for d in result.diagnostics if d.code == code]


def test_w208_shadowing_params_loop_variables_and_locals() -> None:
    text = (
        "fn total(items)\n    sum = 0\n    for items in items\n        sum += items\n    return sum\n"
        "data = 1\nfn g(data)\n    return data\n"
        "fn h(x)\n    if x\n        local x = 2\n        return x\n    return 0\n"
        "fn k(_v)\n    for _v in {1}\n        print _v\n    return 1\n"
        "fn m(y)\n    if y\n        y = 3\n    return y\n"  # plain assignment: no new variable
    )
    assert lint(text, "W208") == [
        (3, "'items' shadows the parameter on line 1"),
        (7, "'data' shadows the variable on line 6"),
        (11, "'x' shadows the parameter on line 9"),
    ]


def test_w209_unused_parameter_exempts_underscore_and_self() -> None:
    text = "fn f(a, b, _c, self)\n    return a\nfn g(x)\n    x = 2\n    return 1\nprint f(1, 2, 3, 4), g(1)\n"
    assert lint(text, "W209") == [(1, "unused parameter 'b'")]


def test_w210_overwritten_before_read() -> None:
    text = (
        'fn label(n)\n    text = "item"\n    text = f"item {n}"\n    return text\n'
        "fn ok(n)\n    t = n\n    t = t + 1\n    return t\n"  # the second value reads it
        "fn captured()\n    c = 1\n    read = fn() return c\n    c = read()\n    return c\n"  # a call may read it
        "fn apart(n)\n    a = 1\n    print a\n    a = 2\n    return a\n"
        "print label(1), ok(1), captured(), apart(1)\n"
    )
    assert lint(text, "W210") == [(2, "the value assigned to 'text' is overwritten on line 3 before it is read")]


def test_w211_field_set_twice() -> None:
    text = "p = {}\np.x = 1\np.x = 2\np.y = 1\np.y = p.y + 1\nq = {}\nq.a = 1\np.a = 2\nprint p, q\n"
    assert lint(text, "W211") == [(2, "'p.x' is set again on line 3 before it is read")]
    with_meta = "p = {}\nsetmetatable(p, {})\np.x = 1\np.x = 2\n"
    assert lint(with_meta, "W211") == []


def test_w212_self_assignment() -> None:
    text = "fn f(w, h)\n    w = w\n    h = (h)\n    t = {}\n    t.a = t.a\n    return w * h\nprint f(1, 2)\n"
    assert lint(text, "W212") == [(2, "'w' is assigned to itself"), (3, "'h' is assigned to itself")]


def test_w213_self_comparison() -> None:
    text = "fn same(a, b)\n    return a.id == a.id or a < a or a.id == b.id or a != b\nprint same({id = 1}, {id = 2})\n"
    assert lint(text, "W213") == [
        (2, "'a.id' is compared with itself: always true (unless NaN)"),
        (2, "'a' is compared with itself: always false (unless NaN)"),
    ]


def test_w214_loop_runs_once() -> None:
    text = (
        "fn first(xs)\n    for x in xs\n        print x\n        return x\n"
        "fn scan(xs)\n    for x in xs\n        if x\n            continue\n        return x\n"
        "fn loop()\n    while true\n        for y in {1}\n            continue\n        break\n"
        "fn fine(xs)\n    for x in xs\n        if x\n            return x\n    return nil\n"
    )
    assert lint(text, "W214") == [
        (2, "this loop runs at most once: its body always ends in `return`"),
        (11, "this loop runs at most once: its body always ends in `break`"),
    ]


def test_noisy_rules_are_preview_and_precise_ones_on_by_default() -> None:
    default = {r.code for r in enabled_rules(Settings())}
    assert {"W210", "W211", "W212", "W213", "W214", "E201", "E202", "E203", "E204", "E205", "E206"} <= default
    assert not {"W208", "W209"} & default
    assert {"W208", "W209"} <= {r.code for r in enabled_rules(Settings(select=("W208", "W209")))}
