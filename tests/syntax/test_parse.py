"""Accepted forms and the shape of the tree they produce."""

from __future__ import annotations

from pathlib import Path

import pytest

from toilint import ast
from toilint.syntax import parse

PROGRAMS = sorted((Path(__file__).parent.parent / "programs").glob("*.toi"))


def body(src: str) -> tuple[ast.Stmt, ...]:
    result = parse(src)
    assert result.module is not None, result.errors
    assert not [e for e in result.errors if e.fatal]
    return result.module.body


def expr(src: str) -> ast.Expr:
    (stmt,) = body(src)
    assert isinstance(stmt, ast.ExprStmt)
    return stmt.expr


def text(src: str, node: ast.Node) -> str:
    return src[node.start : node.end]


def walk(node: ast.Node) -> list[ast.Node]:
    out = [node]
    stack = [node]
    while stack:
        n = stack.pop()
        kids = n.children()
        out.extend(kids)
        stack.extend(kids)
    return out


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.name)
def test_programs_parse_with_sane_spans(path: Path) -> None:
    src = path.read_text(encoding="utf-8")
    result = parse(src)
    assert result.module is not None, result.errors
    for node in walk(result.module):
        assert 0 <= node.start <= node.end <= len(src), node
        for child in node.children():
            if not isinstance(node, ast.Module):
                assert node.start <= child.start and child.end <= node.end, (node, child)


def test_spans_cover_source_text() -> None:
    src = "x = foo(a, b).c[1]\n"
    e = expr(src)
    assert isinstance(e, ast.Assign)
    assert text(src, e) == "x = foo(a, b).c[1]"
    idx = e.value
    assert isinstance(idx, ast.Index)
    assert isinstance(idx.obj, ast.Attribute)
    call = idx.obj.obj
    assert isinstance(call, ast.Call)
    assert text(src, call) == "foo(a, b)"
    assert src[call.lparen] == "("


def test_greedy_next_line_operators() -> None:
    src = "print a\n-b\n"
    (stmt,) = body(src)
    assert isinstance(stmt, ast.Print)
    (value,) = stmt.values
    assert isinstance(value, ast.Binary) and value.op == "-"
    src = "f = fn(v)\n    return v + 1\n(1)\n"
    e = expr(src)
    assert isinstance(e, ast.Assign) and isinstance(e.value, ast.Call)
    assert isinstance(e.value.func, ast.Lambda)


def test_paren_and_unary_precedence() -> None:
    e = expr("(a + b) * -c ** 2\n")
    assert isinstance(e, ast.Binary) and e.op == "**"
    assert isinstance(e.left, ast.Binary) and e.left.op == "*"
    assert isinstance(e.left.left, ast.Paren)
    assert isinstance(e.left.right, ast.Unary)
    e = expr("not a == b\n")
    assert isinstance(e, ast.Binary) and e.op == "==" and isinstance(e.left, ast.Unary)
    e = expr("a not in b\n")
    assert isinstance(e, ast.Binary) and e.op == "not in"
    e = expr("a ? b : c ? d : e\n")
    assert isinstance(e, ast.Ternary) and isinstance(e.orelse, ast.Ternary)


def test_array_sugar() -> None:
    e = expr("x = 1, 2, 3\n")
    assert isinstance(e, ast.Assign) and isinstance(e.value, ast.Table) and e.value.sugar
    assert len(e.value.entries) == 3
    (loc,) = body("local y = 1, 2\n")
    assert isinstance(loc, ast.Local) and isinstance(loc.values[0], ast.Table)
    (ma,) = body("a, b = 1, 2\n")
    assert isinstance(ma, ast.MultiAssign) and [n.id for n in ma.targets] == ["a", "b"]


def test_fstring_interpolations_are_parsed_with_file_offsets() -> None:
    src = 's = f"hi {name + 1}, {pi|.2f}"\n'
    e = expr(src)
    assert isinstance(e, ast.Assign) and isinstance(e.value, ast.FString)
    parts = e.value.parts
    assert parts[0] == "hi "
    first = parts[1]
    assert isinstance(first, ast.Interpolation) and first.spec is None
    assert text(src, first.expr) == "name + 1"
    second = parts[3]
    assert isinstance(second, ast.Interpolation) and second.spec == ".2f"
    assert text(src, second.expr) == "pi"


def test_bad_interpolation_is_not_fatal() -> None:
    result = parse('s = f"{1 +}"\n')
    assert result.module is not None
    (problem,) = result.errors
    assert not problem.fatal and problem.message == "Expect expression."


def test_generator_argument_and_comprehensions() -> None:
    src = "sum(x * 2 for x in t if x)\n"
    e = expr(src)
    assert isinstance(e, ast.Call)
    (arg,) = e.args
    comp = arg.value
    assert isinstance(comp, ast.Comprehension) and comp.kind == "generator"
    assert text(src, comp.element) == "x * 2"
    assert [n.id for n in comp.targets] == ["x"] and comp.condition is not None
    e = expr("y = {k = v for k, v in t}\n")
    assert isinstance(e, ast.Assign)
    comp = e.value
    assert isinstance(comp, ast.Comprehension) and comp.kind == "table"
    assert isinstance(comp.key, ast.Name) and isinstance(comp.element, ast.Name)


def test_slices_ranges_and_named_args() -> None:
    e = expr("s[1..4:2]\n")
    assert isinstance(e, ast.Slice) and e.has_step and e.lower is not None
    e = expr("s[..]\n")
    assert isinstance(e, ast.Slice) and e.lower is None and e.upper is None and not e.has_step
    e = expr("r = 1..n + 1\n")
    assert isinstance(e, ast.Assign) and isinstance(e.value, ast.Range)
    e = expr("f(1, b = 2, *rest)\n")
    assert isinstance(e, ast.Call)
    assert [(a.name.id if a.name else None, a.spread) for a in e.args] == [(None, False), ("b", False), (None, True)]


def test_semantic_errors_still_give_a_tree() -> None:
    for src in [
        "fn f(a = 1, b)\n  1\n",
        "fn f(a = -1)\n  1\n",
        "f(a=1, 2)\n",
        "f(*t, x)\n",
        "t[1..2] = 3\n",
        "t::x := 1\n",
        "x = 1\nbreak\n",
        "yield\n",
        "for i in 1..3, x\n    y\n",
        "except_var = 1\ntry\n    x\nexcept if c\n    y\n",
    ]:
        assert parse(src).ok, src
    (fn,) = body("fn f(a = -1)\n  1\n")
    assert isinstance(fn, ast.FunctionDef) and isinstance(fn.params[0].default, ast.Unary)


def test_table_entries_and_table_mode() -> None:
    src = "t = {\n  a = 1\n  [2] = 3\n  (4)\n  -5\n  f = fn(x)\n      if x\n          return 1\n      return 2\n  g = 6\n}\n"
    e = expr(src)
    assert isinstance(e, ast.Assign) and isinstance(e.value, ast.Table)
    kinds = [type(x).__name__ for x in e.value.entries]
    assert kinds == ["FieldEntry", "KeyEntry", "ArrayItem", "ArrayItem", "FieldEntry", "FieldEntry"]
    f = e.value.entries[4]
    assert isinstance(f, ast.FieldEntry) and isinstance(f.value, ast.Lambda)
    assert len(f.value.body.body) == 2


def test_decorators() -> None:
    (fn,) = body("@dec(1)\n@broken +\nlocal fn f() 1\n")
    assert isinstance(fn, ast.FunctionDef) and fn.scope == "local"
    assert isinstance(fn.decorators[0].expr, ast.Call)
    assert fn.decorators[1].expr is None


def test_statements() -> None:
    stmts = body("import a.b, c\nfrom m import x, y\nfrom n import *\ndel t.a, t[1]\nreturn;\n")
    imp, frm, star, dl, ret = stmts
    assert isinstance(imp, ast.Import) and [m.dotted for m in imp.modules] == ["a.b", "c"]
    assert isinstance(frm, ast.FromImport) and [n.id for n in frm.names] == ["x", "y"]
    assert isinstance(star, ast.FromImport) and star.star
    assert isinstance(dl, ast.Del) and len(dl.targets) == 2
    assert isinstance(ret, ast.Return) and ret.semicolon
    (m,) = body("match x\n    case 1 print 1\n    else\n        print 2\n")
    assert isinstance(m, ast.Match) and len(m.cases) == 1 and m.orelse is not None
    (tr,) = body("try x except e if e print e finally print 1\n")
    assert isinstance(tr, ast.Try) and tr.handler is not None and tr.handler.filter is not None


def test_comments_are_collected() -> None:
    src = "-- top\nx = 1 -- trailing\n  -- indented\n"
    result = parse(src)
    assert [c.text for c in result.comments] == ["-- top", "-- trailing", "-- indented"]


def test_deep_nesting_never_raises() -> None:
    src = "x = " + "(" * 10000 + "1" + ")" * 10000 + "\n"
    assert parse(src).ok
    src = "".join("    " * i + "if x\n" for i in range(500)) + "    " * 500 + "y\n"
    assert parse(src).ok
