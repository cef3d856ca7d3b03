"""Loop nesting, invariance and the call graph: what the PERF rules ask before they fire."""

from __future__ import annotations

from semantic_helpers import model_of, names, nodes

from toilint import ast
from toilint.semantic.effects import effects_of


def test_for_iterables_are_outside_the_loop_while_test_is_inside() -> None:
    text = "for x in items(n)\n    while i < n\n        i = i + 1\n"
    module, sm = model_of(text)
    (for_,) = nodes(module, ast.For)
    (while_,) = nodes(module, ast.While)
    assert sm.enclosing_loops(names(module, "items")[0]) == []
    assert sm.enclosing_loops(names(module, "n")[1]) == [while_, for_]
    assert sm.enclosing_loops(names(module, "i")[-1]) == [while_, for_]


def test_function_body_inside_a_loop_is_not_in_the_loop() -> None:
    text = "for x in t\n    f = fn(y)\n        return y * 2\n    fn g()\n        return 1\n"
    module, sm = model_of(text)
    (lam,) = nodes(module, ast.Lambda)
    use = names(module, "y")[1]
    assert sm.enclosing_loops(use) == []
    assert sm.enclosing_function(use) is lam
    assert sm.enclosing_function(names(module, "x")[0]) is None
    (g,) = nodes(module, ast.FunctionDef)
    ret = nodes(g, ast.Return)[0]
    assert sm.enclosing_function(ret) is g and sm.enclosing_loops(ret) == []


def test_comprehension_element_is_in_the_comprehension_loop() -> None:
    module, sm = model_of("u = {x * 2 for x in t}\n")
    (comp,) = nodes(module, ast.Comprehension)
    assert sm.enclosing_loops(names(module, "x")[0]) == [comp]
    assert sm.enclosing_loops(names(module, "t")[0]) == []


def test_enclosing_statement_and_its_block() -> None:
    text = "for x in t\n    y = f(x + 1)\n"
    module, sm = model_of(text)
    (call,) = nodes(module, ast.Call)
    stmt = sm.enclosing_statement(call)
    assert isinstance(stmt, ast.ExprStmt)
    block = sm.statement_block(stmt)
    assert isinstance(block, ast.Block) and stmt in block.body
    (for_,) = nodes(module, ast.For)
    assert sm.enclosing_statement(for_) is for_ and sm.statement_block(for_) is module
    assert sm.parent(call) is not None


def test_assigned_names_covers_every_binding_form() -> None:
    text = (
        "while c\n    a = 1\n    b, c = 1, 2\n    d += 1\n    local e\n    del f\n"
        "    for g in t\n        (h := 1)\n    try\n        x()\n    except k\n        nil\n"
    )
    module, sm = model_of(text)
    (loop,) = nodes(module, ast.While)
    assert sm.assigned_names(loop) >= {"a", "b", "c", "d", "e", "f", "g", "h", "k"}
    assert "t" not in sm.assigned_names(loop)


def test_is_invariant() -> None:
    text = (
        'p = "a+"\nn = 0\ns = "x"\n'
        'for x in t\n    y = regex.search(p + s, x)\n    n = n + 1\n    z = -n\n    w = f"{p}"\n'
    )
    module, sm = model_of(text)
    (loop,) = nodes(module, ast.For)
    (binary,) = [
        b for b in nodes(module, ast.Binary) if b.op == "+" and isinstance(b.left, ast.Name) and b.left.id == "p"
    ]
    assert effects_of(sm).is_invariant(binary, loop)
    assert effects_of(sm).is_invariant(nodes(module, ast.FString)[0], loop)
    assert not effects_of(sm).is_invariant(names(module, "n")[-1], loop)  # rebound in the loop
    assert not effects_of(sm).is_invariant(names(module, "x")[1], loop)  # the loop variable
    assert not effects_of(sm).is_invariant(nodes(module, ast.Call)[0], loop)  # calls never are


def test_name_assigned_by_a_function_the_loop_calls_is_not_invariant() -> None:
    text = (
        "p = 1\nq = 1\nfn bump()\n    p = p + 1\n    return p\nfn outer()\n    return bump()\n"
        "while true\n    print p, q\n    outer()\n"
    )
    module, sm = model_of(text)
    (loop,) = nodes(module, ast.While)
    assert not effects_of(sm).is_invariant(names(module, "p")[-1], loop)
    assert effects_of(sm).is_invariant(names(module, "q")[-1], loop)


def test_iterating_or_converting_unknown_values_may_run_program_code() -> None:
    # `t` may be a generator (its body runs), and `str(x)` calls a `__str` metamethod
    module, sm = model_of(
        "fn f(t)\n    for x in t\n        print x\nfn h(x)\n    for i in 1..2\n        print str(x)\n"
    )
    first, second = nodes(module, ast.For)
    assert effects_of(sm).loop_effects(first).unknown
    assert effects_of(sm).loop_effects(second).unknown


def test_calls_user_functions() -> None:
    module, sm = model_of(
        "import math\nt = {1, 4}\nfn g(v)\n    return v\nfor x in t\n    y = math.sqrt(x) + #str(x)\nfor x in t\n    y = g(x)\n"
    )
    first, second = nodes(module, ast.For)
    assert not effects_of(sm).loop_effects(first).runs_program_code
    assert effects_of(sm).loop_effects(second).runs_program_code


def test_hot_functions_transitively_through_calls() -> None:
    text = (
        "fn leaf(x)\n    return x * x\nfn mid(x)\n    return leaf(x) + 1\nfn cold(x)\n    return x\n"
        "sq = fn(v) v * v\nfor i in 1..10\n    print mid(i), sq(i)\nprint cold(1)\n"
    )
    module, sm = model_of(text)
    fns = {f.name.id: f for f in nodes(module, ast.FunctionDef)}
    (lam,) = nodes(module, ast.Lambda)
    assert effects_of(sm).hot_units() == {fns["mid"], fns["leaf"], lam}
