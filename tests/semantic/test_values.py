"""The value analysis: what each expression may be, where tables come from, what loops may run."""

from __future__ import annotations

from semantic_helpers import model_of, names, nodes

from toilint import ast
from toilint.semantic import values as V
from toilint.semantic.effects import effects_of
from toilint.semantic.values import values_of


def kinds_of_last(text: str, name: str) -> list[str]:
    module, sm = model_of(text)
    return values_of(sm).of(names(module, name)[-1]).kinds()


def test_literals_operators_and_the_library() -> None:
    text = (
        'import string\na = "x" + "y"\nb = 1 + 2\nc = string.upper(a)\nd = a.lower()\ne = #a\n'
        "f = {1, 2}\ng = str(1)\nh = a == b\nprint a, b, c, d, e, f, g, h\n"
    )
    module, sm = model_of(text)
    values = values_of(sm)
    got = {n: values.of(names(module, n)[-1]).kinds() for n in "abcdefgh"}
    assert got == {
        "a": ["string"],
        "b": ["number"],
        "c": ["string"],
        "d": ["string"],
        "e": ["number"],
        "f": ["table"],
        "g": ["string"],
        "h": ["boolean"],
    }


def test_a_name_that_is_a_string_on_one_branch_and_a_table_on_another_is_both() -> None:
    text = 'fn f(c)\n    x = nil\n    if c\n        x = "s"\n    else\n        x = {}\n    return x\nprint f(1)\n'
    module, sm = model_of(text)
    returned = nodes(module, ast.Return)[0].values[0]
    assert values_of(sm).of(returned).kinds() == ["string", "table"]


def test_type_tests_narrow_the_guarded_code() -> None:
    text = 'fn f(x)\n    if type(x) != "string" or #x == 0\n        return nil\n    return x\nprint f(1), f("a")\n'
    module, sm = model_of(text)
    guarded = next(n for n in names(module, "x") if isinstance(sm.parent(n), ast.Unary))
    assert values_of(sm).of(guarded).kinds() == ["string"]


def test_return_kinds_reach_a_fixed_point_and_parameters_come_from_callers() -> None:
    text = (
        "fn norm(p)\n    return p.trim()\nfn dirname(p)\n    n = norm(p)\n    return n\n"
        'print dirname(" a ")\nfn count(t)\n    return #t\nprint count({1})\n'
    )
    module, sm = model_of(text)
    values = values_of(sm)
    assert values.of(names(module, "n")[-1]).kinds() == ["string"]
    assert values.of(names(module, "t")[-1]).array_without_holes


def test_a_function_that_escapes_has_unknown_parameters() -> None:
    text = "fn f(t)\n    return #t\nexports = {f = f}\nprint f({1})\nreturn exports\n"
    module, sm = model_of(text)
    assert values_of(sm).of(names(module, "t")[-1]).unknown


def test_table_shapes() -> None:
    text = "a = {1, 2}\nb = {1, nil, 3}\nc = {x = 1}\nlookup = {}\nn = lookup.x\nd = {n, 2}\nprint a, b, c, d\n"
    module, sm = model_of(text)
    values = values_of(sm)
    shapes = {n: values.of(names(module, n)[-1]) for n in "abcd"}
    assert shapes["a"].array_without_holes
    assert shapes["b"].bits & V.HOLES and not shapes["b"].array_without_holes
    assert shapes["c"].bits & V.HASH
    assert shapes["d"].bits & V.HOLES  # a call may return nil


def test_aliases_share_origins_and_writes_through_either_mutate_the_table() -> None:
    text = "a = {1, 2}\nt = a\nu = {3}\ni = 1\nwhile i <= #t and i < 10\n    a <+ i\n    i = i + 1\nprint #t, #u\n"
    module, sm = model_of(text)
    values, effects = values_of(sm), effects_of(sm)
    (loop,) = nodes(module, ast.While)
    t, u = values.of(names(module, "t")[-1]), values.of(names(module, "u")[-1])
    assert effects.may_mutate(loop, t, directly=True)
    assert not effects.may_mutate(loop, u)


def test_loops_run_callbacks_iterators_and_generators() -> None:
    text = (
        "import table\nfn cmp(a, b)\n    return a < b\nfn it(s, c)\n    return nil\n"
        "g = (x for x in {1})\nt = {2, 1}\n"
        "for k in 1..2\n    table.sort(t, cmp)\nfor i in it, nil, 0\n    print i\nfor v in g\n    print v\n"
    )
    module, sm = model_of(text)
    effects = effects_of(sm)
    fns = {f.name.id: f for f in nodes(module, ast.FunctionDef)}
    sort_loop, iter_loop, gen_loop = nodes(module, ast.For)[-3:]
    assert fns["cmp"] in effects.loop_effects(sort_loop).runs
    assert fns["it"] in effects.loop_effects(iter_loop).runs
    assert effects.loop_effects(gen_loop).unknown  # the generator's body runs between iterations


def test_hoisting_needs_the_first_pass_or_an_operation_that_cannot_raise() -> None:
    text = (
        "fn f(items, s, n)\n    out = {}\n    for x in items\n        out <+ s.rep(n)\n        out <+ s.upper()\n"
        '    return out\nprint #f({}, "ab", nil)\n'
    )
    module, sm = model_of(text)
    effects = effects_of(sm)
    (loop,) = nodes(module, ast.For)
    rep, upper = [c for c in nodes(module, ast.Call) if isinstance(c.func, ast.Attribute)]
    assert not effects.runs_first(rep, loop)  # `items` may be empty
    assert effects.may_raise(rep)  # `n` is nil at the only call
    assert not effects.may_raise(upper)
    assert not effects.hoist_safe(rep, loop) and effects.hoist_safe(upper, loop)


# A unit analysed again (a later pass, a loop body's next pass) skips the statements whose
# inputs did not change; these programs need a statement analysed again for the right answer.


def test_a_callers_statements_see_a_return_known_only_after_the_callee_ran() -> None:
    # `pick` runs before `num` (callers first); once `num`'s return is known, `pick` runs again
    # with `v` a string or a number: the `if` does not read `x` but joins it with the table its
    # branch assigns, so it must be analysed again too
    text = (
        "fn num()\n    return 1\nfn pick(c, v)\n    local x = v\n    if c\n        x = {}\n    return x\n"
        'print(pick(true, "a"))\nprint(pick(true, num()))\n'
    )
    module, sm = model_of(text)
    returned = nodes(module, ast.Return)[1].values[0]
    assert values_of(sm).of(returned).kinds() == ["number", "string", "table"]


def test_a_statement_skipped_in_a_later_pass_still_sets_its_variables() -> None:
    # `f` runs before `g` (callers first) and again once `g` returns: the two assignments to
    # `x` are skipped then (same inputs), but what they set must reach `print`, which runs again
    text = 'fn g()\n    return 1\nfn f()\n    local x = 0\n    x = "s"\n    print(x, g())\nf()\n'
    module, sm = model_of(text)
    assert values_of(sm).of(names(module, "x")[-1]).kinds() == ["string"]


def test_a_shared_variable_read_early_sees_what_is_assigned_to_it_later() -> None:
    text = 'items = {1, 2}\nfirst = items\nfn grow()\n    return items\nitems = "now"\nprint(first, grow())\n'
    module, sm = model_of(text)
    assert values_of(sm).of(names(module, "first")[-1]).kinds() == ["string", "table"]


def test_a_loop_body_analysed_again_keeps_what_its_first_pass_set() -> None:
    text = (
        "fn f(lines)\n    local n = 0\n    for line in lines\n        local parts = {}\n"
        '        parts[#parts + 1] = line\n        n = n + #parts\n    return n\nprint(f({"a"}))\n'
    )
    module, sm = model_of(text)
    values = values_of(sm)
    assert values.of(names(module, "parts")[-1]).only(V.TABLE)
    assert values.of(names(module, "line")[-1]).kinds() == ["string"]
    assert values.of(nodes(module, ast.Return)[0].values[0]).kinds() == ["number"]


def test_a_while_body_runs_again_when_its_test_reads_a_changed_variable() -> None:
    # the body sets `x` before reading it, but the test reads it first (and hands it to `y`):
    # the second pass must run, and `print(y)` see `y` as a string too
    text = (
        'fn f(items)\n    local x = 0\n    local y = 0\n    while (y := x) != nil\n        x = "s"\n'
        "        print(y)\n    return y\nprint(f({1}))\n"
    )
    module, sm = model_of(text)
    assert values_of(sm).of(names(module, "y")[-2]).kinds() == ["number", "string"]


def test_a_while_test_that_sets_a_variable_runs_once_more_after_the_loop() -> None:
    # the last run of the test sets `y` to `x` after the loop: a number, not nil or a number
    text = (
        "fn f(items)\n    local x = 0\n    local y = nil\n    while (y := x) != nil\n        print(x)\n"
        "    return y\nprint(f({1}))\n"
    )
    module, sm = model_of(text)
    assert values_of(sm).of(names(module, "y")[-1]).kinds() == ["number"]


def test_an_if_analysed_again_runs_its_test_again_when_a_variable_it_reads_changed() -> None:
    # the second pass over the body runs the `if` again (`x` changed): its test must see `x`
    # as a string too
    text = (
        "fn f(items)\n    local x = 0\n    for item in items\n        if x\n            print(1)\n"
        '        x = "s"\n    return x\nprint(f({1}))\n'
    )
    module, sm = model_of(text)
    assert values_of(sm).of(names(module, "x")[1]).kinds() == ["number", "string"]


def test_an_if_analysed_again_runs_its_test_again_when_a_fact_it_read_changed() -> None:
    # `f` runs before `g` (callers first): `g()` in the test has no value yet, then `g` returns
    # a string; the if runs again and so must its test
    text = 'fn g()\n    return "s"\nfn f()\n    local x = 0\n    if g()\n        x = 1\n    return x\nprint(f())\n'
    module, sm = model_of(text)
    assert values_of(sm).of(nodes(module, ast.If)[0].test).kinds() == ["string"]


def test_a_loop_body_runs_again_when_it_reads_a_variable_before_setting_it() -> None:
    # `y` is new in the body (the next pass would set it before reading it), but `x` changes
    # and `local y = x` reads it first: the second pass must run and see `x` as a string too
    text = (
        'fn f(items)\n    local x = 0\n    for item in items\n        local y = x\n        x = "s"\n'
        "        print(y)\n    return x\nprint(f({1}))\n"
    )
    module, sm = model_of(text)
    values = values_of(sm)
    assert values.of(names(module, "y")[-1]).kinds() == ["number", "string"]
    assert values.of(nodes(module, ast.Return)[0].values[0]).kinds() == ["number", "string"]


def test_functions_in_defaults_and_decorators_are_analysed_in_the_trees_order() -> None:
    # the builder notes the file's functions (a default is not walked by its pass: looked into
    # on its own); the analysis puts them in the tree's order, callers (later ones) first
    decorated = 'fn pick(g)\n    return fn(f) f\n@pick(fn(x) return x .. "!")\nfn shout(s)\n    return fn() s\n'
    defaults = 'fn run(cb = (fn(y) return "a" + y), gen = (fn() yield 1))\n    return cb("b")\nprint run()\n'
    for text in (decorated + defaults, defaults):
        module, sm = model_of(text)
        values = values_of(sm)
        functions = [n for n in sm.preorder() if isinstance(n, (ast.FunctionDef, ast.Lambda))]
        assert values.units == [module, *reversed(functions)]
        assert nodes(module, ast.Binary)[-1] in values.node_values  # the default's body ran
        generator = [n for n in functions if nodes(n, ast.Yield)][-1]  # (the innermost)
        assert values.generator_functions == {generator}
