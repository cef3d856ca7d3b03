"""What a call reaches and passes (``semantic/calls.py``), as the call checks E201-E206 ask it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.semantic.semantic_helpers import model_of, nodes
from toilint import ast
from toilint.semantic.calls import call_shape, native_target, program_target, qualified_name


def test_a_variables_target_is_shared_by_its_calls_and_found_per_project_root(tmp_path: Path) -> None:
    (tmp_path / "lib.toi").write_text("fn f(a)\n    return a\nreturn {f = f}\n")
    module, sem = model_of("from lib import f\nf(1)\nf(1, 2)\nlocal g = fn(x, y) x\ng(1)\n")
    f1, f2, g1 = nodes(module, ast.Call)
    # without a root the module is not looked for; the answers found with one are not reused
    assert program_target(sem, f1) is None
    first = program_target(sem, f1, tmp_path)
    assert first is not None and first.name == "f" and first.where[0] == tmp_path / "lib.toi"  # type: ignore[index]
    assert program_target(sem, f2, tmp_path) == first
    assert first.error(2) == "Expected 1 arguments but got 2."
    assert program_target(sem, f2) is None
    assert program_target(sem, f2, tmp_path) == first
    lam = program_target(sem, g1, tmp_path)
    assert lam is not None and lam.name == "g" and lam.error(1) == "Expected 2 arguments but got 1."


def test_a_field_target_depends_on_the_field_name() -> None:
    module, sem = model_of(
        "fn one(x)\n    return x\nfn two(x, y)\n    return x\nlocal t = {a = one, b = two}\nt.a(1)\nt.b(1)\nt.a(1, 2)\n"
    )
    a1, b1, a2 = nodes(module, ast.Call)
    ta, tb = program_target(sem, a1), program_target(sem, b1)
    assert ta is not None and tb is not None
    assert (ta.name, tb.name) == ("a", "b")
    assert ta.error(1) is None and tb.error(1) == "Expected 2 arguments but got 1."
    assert program_target(sem, a2) == ta


@pytest.mark.parametrize(
    ("call", "shape"),
    [
        ("f()", (0, ())),
        ("f(1, 2)", (2, ())),
        ("f(1, b=2)", (1, ("b",))),
        ("f(a=1, b=2)", (0, ("a", "b"))),
        ("f(*t)", None),
        ("f(1, *t)", None),
        ("f(a=1, a=2)", None),
    ],
)
def test_call_shape(call: str, shape: tuple[int, tuple[str, ...]] | None) -> None:
    module, _ = model_of(f"fn f(*r)\n    return r\nlocal t = {{}}\n{call}\n")
    (node,) = nodes(module, ast.Call)
    assert call_shape(node) == shape


def test_native_targets_of_module_members_and_string_methods() -> None:
    module, sem = model_of('math = import math\nmath.sqrt(4)\nmath.pi()\n"ab".rep(2)\nmath.nope(1)\n')
    sqrt, pi, rep, nope = nodes(module, ast.Call)
    found = native_target(sem, sqrt)
    assert found is not None and found.qualified_name == "math.sqrt"
    assert native_target(sem, pi) is None  # a value, not a function
    method = native_target(sem, rep)
    assert method is not None and method.name == "rep"
    assert native_target(sem, nope) is None


QUALIFIED = """\
math = import math
m2 = math
re = import regex
from os import getenv
local t = {}
t.x = 1
string = import string
function_value = (import json)
fn f(math)
    return math.floor(1)
print(math.sqrt(2), re.search("a", "b"), getenv("HOME"), t.x, (math).pi, m2.pi, function_value.encode(1))
math = 5
print(math.pi, t::len, string.rep("a", 2), (import os).getenv("X"))
"""


PROGRAMS = sorted((Path(__file__).parent.parent / "programs").glob("*.toi"))


@pytest.mark.parametrize("text", [QUALIFIED, *(p.read_text() for p in PROGRAMS)])
def test_qualified_name_is_the_models_answer(text: str) -> None:
    # the per-variable answers of ``qualified_name`` must be what the model works out per node
    module, sem = model_of(text)
    found = set()
    for node in nodes(module, ast.Name) + nodes(module, ast.Attribute):
        assert qualified_name(sem, node) == sem.resolve_qualified(node), node
        found.add(qualified_name(sem, node))
    if text is QUALIFIED:
        assert {"regex.search", "os.getenv", "json.encode", "string.rep"} <= found  # (`math` is rebound)


def test_written_fields_from_the_checkers_lists_equal_a_scan_of_every_node() -> None:
    # after the walk the checker lists every assignment and call: field_written reads those
    # unless the text may hold a `del` (which writes any field)
    from toilint.api import enabled_rules
    from toilint.checker import run_rules
    from toilint.context import Context
    from toilint.lines import LineIndex
    from toilint.semantic.calls import _may_delete, _written_fields
    from toilint.settings import Settings
    from toilint.syntax import parse

    programs = Path(__file__).parent.parent / "programs"
    texts = [p.read_text(encoding="utf-8") for p in sorted(programs.glob("*.toi"))]
    texts += ["t = {}\nt.a = 1\nt['b'] = 2\nmodel = t\n", "t = {}\ndel t.a\nt.b = 1\n", "setmetatable({}, {})\n"]
    seen = set()
    for text in texts:
        result = parse(text)
        assert result.module is not None
        ctx = Context(text, "t.toi", result.module, result.comments, LineIndex(text))
        run_rules(ctx, [cls() for cls in enabled_rules(Settings(), "t.toi")])
        assert "class_nodes" in ctx.semantic.memo
        _, fresh = model_of(text)
        assert _written_fields(ctx.semantic) == _written_fields(fresh)
        seen.add(_may_delete(text))
    assert seen == {True, False}
    assert not _may_delete("model = 1\ndelta = 2\n# deleted\n")
    assert _may_delete("del t.a\n") and _may_delete("x = 1\ndel(t.a)\n")
