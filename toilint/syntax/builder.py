"""Reduction callbacks: grammar rule name -> function building :mod:`toilint.ast` nodes.

Each callback receives the rule's children (tokens as :data:`Tok` tuples ``(type, value, start,
end, line)``, read by index; nonterminals as whatever their own callback returned) and returns the value for the reduced nonterminal. Spans are
taken from the first and last child, so every node covers its whole source text without
lark's ``propagate_positions``. Rules without a callback here pass their single child through
(``expr: ternary`` and the other precedence levels).
"""

from __future__ import annotations

from collections.abc import Callable

from toilint import ast
from toilint._typing import Any, cast
from toilint.syntax.lexer import Tok, is_token

Children = list[Any]
Callback = Callable[[Children], Any]

# The most frequent nodes are made without the call to their class's ``__init__`` (half a node's
# cost: the class call reaches a Python ``__init__`` through a slot): each such callback sets
# every field, in the order checked here.
_new = object.__new__
_BARE_FIELDS: dict[type[ast.Node], tuple[str, ...]] = {
    ast.Name: ("start", "end", "id"),
    ast.Number: ("start", "end", "raw"),
    ast.String: ("start", "end", "value", "kind"),
    ast.ExprStmt: ("start", "end", "expr"),
    ast.Arg: ("start", "end", "value", "name", "spread"),
    ast.Call: ("start", "end", "func", "args", "lparen"),
    ast.Binary: ("start", "end", "op", "left", "right", "op_start"),
    ast.Attribute: ("start", "end", "obj", "name", "meta"),
    ast.Assign: ("start", "end", "target", "op", "value", "op_start"),
    ast.Block: ("start", "end", "body", "inline"),
    ast.Param: ("start", "end", "name", "annotation", "default", "star"),
    ast.Return: ("start", "end", "values", "semicolon"),
    ast.FieldEntry: ("start", "end", "name", "value"),
    ast.If: ("start", "end", "test", "body", "elifs", "orelse"),
    ast.Table: ("start", "end", "entries", "sugar"),
    ast.Index: ("start", "end", "obj", "index"),
    ast.Nil: ("start", "end"),
    ast.ArrayItem: ("start", "end", "value"),
    ast.Unary: ("start", "end", "op", "operand"),
}
assert all(cls._fields == fields for cls, fields in _BARE_FIELDS.items()), "a bare-made node misses a field"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "'": "'", '"': '"', "\\": "\\"}


def decode_string(raw: str) -> tuple[str, str]:
    """Decode a STRING token the way ``string_from_token`` does; return (value, kind)."""
    quote = raw[0]
    if quote == "[":
        return raw[2:-2], "[["
    body = raw[1:-1]
    if "\\" not in body and quote not in body:
        return body, quote
    out: list[str] = []
    i = 0
    n = len(body)
    while i < n:
        c = body[i]
        if c == "\\" and i + 1 < n:
            i += 1
            e = body[i]
            out.append(_ESCAPES.get(e, "\\" + e))
        elif c != quote:
            out.append(c)
        i += 1
    return "".join(out), quote


def _name(t: Tok) -> ast.Name:
    n: Any = _new(ast.Name)  # (see ``_BARE_FIELDS``)
    n.start = t[2]
    n.end = t[3]
    n.id = t[1]
    return n  # type: ignore[no-any-return]


def _end(x: Any) -> int:
    return cast(int, x.end)


# ------------------------------------------------------------------ helpers for lists


def _list_one(c: Children) -> list[Any]:
    return [c[0]]


def _list_more(c: Children) -> list[Any]:
    lst: list[Any] = c[0]
    lst.append(c[-1])
    return lst


#: "the list (first child) with the last child appended": the parse driver does this without a call
APPEND_LAST = _list_more


def _names_one(c: Children) -> list[ast.Name]:
    return [_name(c[0])]


def _names_more(c: Children) -> list[ast.Name]:
    lst: list[ast.Name] = c[0]
    lst.append(_name(c[2]))
    return lst


def _dotted(parts: list[ast.Name]) -> ast.Dotted:
    return ast.Dotted(parts[0].start, parts[-1].end, tuple(parts))


# ------------------------------------------------------------------ blocks and bodies


def _block(c: Children) -> ast.Block:
    body: list[ast.Stmt] = c[1]
    n: Any = _new(ast.Block)  # (see ``_BARE_FIELDS``)
    if body:
        n.start = body[0].start
        n.end = body[-1].end
    else:
        n.start = n.end = c[0][3]
    n.body = tuple(body)
    n.inline = False
    return n  # type: ignore[no-any-return]


def _inline_body(c: Children) -> ast.Block:
    s: ast.Stmt = c[1]
    return ast.Block(s.start, s.end, (s,), inline=True)


def _empty_body(c: Children) -> ast.Block:
    t: Tok = c[0]
    return ast.Block(t[2], t[2], (), inline=True)


def _decls_empty(c: Children) -> list[Any]:
    return []


# ------------------------------------------------------------------ functions


def _fn(
    start: int,
    name: Tok,
    params: tuple[tuple[ast.Param, ...], Tok],
    body: ast.Block,
    scope: str,
    decorators: tuple[ast.Decorator, ...] = (),
) -> ast.FunctionDef:
    plist, rpar = params
    end = body.end if body.body else rpar[3]
    return ast.FunctionDef(start, end, _name(name), plist, body, scope, decorators)  # type: ignore[arg-type]


def _fn_plain(c: Children) -> ast.FunctionDef:
    return _fn(c[0][2], c[1], c[2], c[3], "")


def _fn_local(c: Children) -> ast.FunctionDef:
    return _fn(c[0][2], c[2], c[3], c[4], "local")


def _fn_global(c: Children) -> ast.FunctionDef:
    return _fn(c[0][2], c[2], c[3], c[4], "global")


def _deco_plain(c: Children) -> ast.FunctionDef:
    d: list[ast.Decorator] = c[0]
    return _fn(d[0].start, c[2], c[3], c[4], "", tuple(d))


def _deco_local(c: Children) -> ast.FunctionDef:
    d: list[ast.Decorator] = c[0]
    return _fn(d[0].start, c[3], c[4], c[5], "local", tuple(d))


def _deco_global(c: Children) -> ast.FunctionDef:
    d: list[ast.Decorator] = c[0]
    return _fn(d[0].start, c[3], c[4], c[5], "global", tuple(d))


def _decorator(at: Tok, deco: Tok) -> ast.Decorator:
    expr = cast("ast.Expr | None", deco[5])
    return ast.Decorator(at[2], deco[3], expr)


def _decorators_one(c: Children) -> list[ast.Decorator]:
    return [_decorator(c[0], c[1])]


def _decorators_more(c: Children) -> list[ast.Decorator]:
    lst: list[ast.Decorator] = c[0]
    lst.append(_decorator(c[1], c[2]))
    return lst


def _params_empty(c: Children) -> tuple[tuple[ast.Param, ...], Tok]:
    return (), c[1]


def _params_list(c: Children) -> tuple[tuple[ast.Param, ...], Tok]:
    return tuple(c[1]), c[2]


def _params_star(c: Children) -> tuple[tuple[ast.Param, ...], Tok]:
    return (*c[1], c[3]), c[4]


def _params_only_star(c: Children) -> tuple[tuple[ast.Param, ...], Tok]:
    return (c[1],), c[2]


def _param(c: Children) -> ast.Param:
    return ast.Param(c[0][2], c[0][3], _name(c[0]))


def _param_typed(c: Children) -> ast.Param:
    return ast.Param(c[0][2], c[2][3], _name(c[0]), _name(c[2]))


def _param_default(c: Children) -> ast.Param:
    return ast.Param(c[0][2], c[2].end, _name(c[0]), None, c[2])


def _param_typed_default(c: Children) -> ast.Param:
    return ast.Param(c[0][2], c[4].end, _name(c[0]), _name(c[2]), c[4])


def _star_param(c: Children) -> ast.Param:
    return ast.Param(c[0][2], c[1][3], _name(c[1]), None, None, True)


def _star_param_typed(c: Children) -> ast.Param:
    return ast.Param(c[0][2], c[3][3], _name(c[1]), _name(c[3]), None, True)


def _lambda(c: Children) -> ast.Lambda:
    plist, rpar = c[1]
    body: ast.Block = c[2]
    end = body.end if body.body else rpar[3]
    return ast.Lambda(c[0][2], end, plist, body)


# ------------------------------------------------------------------ declarations


def _sugar_table(values: list[ast.Expr]) -> ast.Table:
    items = tuple(ast.ArrayItem(v.start, v.end, v) for v in values)
    return ast.Table(values[0].start, values[-1].end, items, sugar=True)


def _local_decl(c: Children) -> ast.Local:
    names: list[ast.Name] = c[1]
    return ast.Local(c[0][2], names[-1].end, tuple(names), ())


def _local_decl_init(c: Children) -> ast.Local:
    values: list[ast.Expr] = c[3]
    return ast.Local(c[0][2], values[-1].end, tuple(c[1]), tuple(values))


def _local_decl_sugar(c: Children) -> ast.Local:
    t = _sugar_table(c[3])
    return ast.Local(c[0][2], t.end, (_name(c[1]),), (t,))


def _global_decl(c: Children) -> ast.Global:
    names: list[ast.Name] = c[1]
    return ast.Global(c[0][2], names[-1].end, tuple(names), ())


def _global_decl_init(c: Children) -> ast.Global:
    values: list[ast.Expr] = c[3]
    return ast.Global(c[0][2], values[-1].end, tuple(c[1]), tuple(values))


def _global_decl_sugar(c: Children) -> ast.Global:
    t = _sugar_table(c[3])
    return ast.Global(c[0][2], t.end, (_name(c[1]),), (t,))


def _import_stmt(c: Children) -> ast.Import:
    mods: list[ast.Dotted] = c[1]
    return ast.Import(c[0][2], mods[-1].end, tuple(mods))


def _imports_one(c: Children) -> list[ast.Dotted]:
    return [_dotted(c[0])]


def _imports_more(c: Children) -> list[ast.Dotted]:
    lst: list[ast.Dotted] = c[0]
    lst.append(_dotted(c[2]))
    return lst


def _dotted_one(c: Children) -> list[ast.Name]:
    return [_name(c[0])]


def _dotted_more(c: Children) -> list[ast.Name]:
    lst: list[ast.Name] = c[0]
    lst.append(_name(c[2]))
    return lst


def _from_star(c: Children) -> ast.FromImport:
    return ast.FromImport(c[0][2], c[3][3], _dotted(c[1]), (), True)


def _from_names(c: Children) -> ast.FromImport:
    names: list[ast.Name] = c[3]
    return ast.FromImport(c[0][2], names[-1].end, _dotted(c[1]), tuple(names))


def _import_expr(c: Children) -> ast.ImportExpr:
    d = _dotted(c[1])
    return ast.ImportExpr(c[0][2], d.end, d)


# ------------------------------------------------------------------ statements


def _expr_stmt(c: Children) -> ast.ExprStmt:
    e: ast.Expr = c[0]
    return ast.ExprStmt(e.start, e.end, e)


def _print_stmt(c: Children) -> ast.Print:
    values: list[ast.Expr] = c[1]
    return ast.Print(c[0][2], values[-1].end, tuple(values))


def _print_paren_empty(c: Children) -> ast.Print:
    return ast.Print(c[0][2], c[2][3], (), parens=True)


def _print_paren(c: Children) -> ast.Print:
    return ast.Print(c[0][2], c[3][3], tuple(c[2]), parens=True)


IfTail = tuple[list[ast.Elif], "ast.Block | None", int]


def _if_stmt(c: Children) -> ast.If:
    body: ast.Block = c[2]
    elifs, orelse, end = cast(IfTail, c[3])
    n: Any = _new(ast.If)  # (see ``_BARE_FIELDS``)
    n.start = c[0][2]
    n.end = max(end, body.end)
    n.test = c[1]
    n.body = body
    n.elifs = tuple(elifs)
    n.orelse = orelse
    return n  # type: ignore[no-any-return]


def _if_tail_none(c: Children) -> IfTail:
    return [], None, -1


def _if_tail_elif(c: Children) -> IfTail:
    body: ast.Block = c[2]
    elifs, orelse, end = cast(IfTail, c[3])
    elifs.insert(0, ast.Elif(c[0][2], body.end, c[1], body))
    return elifs, orelse, max(end, body.end)


def _if_tail_else(c: Children) -> IfTail:
    body: ast.Block = c[1]
    return [], body, max(body.end, c[0][3])


def _match_stmt(c: Children) -> ast.Match:
    cases, orelse, end = c[3]
    return ast.Match(c[0][2], end, c[1], tuple(cases), orelse)


def _clauses(c: Children) -> tuple[list[ast.Case], ast.Block | None, int]:
    cases: list[ast.Case] = c[0]
    return cases, None, cases[-1].end


def _clauses_else(c: Children) -> tuple[list[ast.Case], ast.Block | None, int]:
    body, end = c[1]
    return c[0], body, end


def _clauses_only_else(c: Children) -> tuple[list[ast.Case], ast.Block | None, int]:
    body, end = c[0]
    return [], body, end


def _case_clause(c: Children) -> ast.Case:
    body: ast.Block = c[2]
    return ast.Case(c[0][2], max(body.end, c[1].end), c[1], body)


def _else_clause(c: Children) -> tuple[ast.Block, int]:
    body: ast.Block = c[1]
    return body, max(body.end, c[0][3])


def _try_except(c: Children) -> ast.Try:
    h = _except(c[2], c[3], c[4])
    return ast.Try(c[0][2], h.end, c[1], h, None)


def _try_except_finally(c: Children) -> ast.Try:
    h = _except(c[2], c[3], c[4])
    fin: ast.Block = c[6]
    return ast.Try(c[0][2], max(fin.end, c[5][3]), c[1], h, fin)


def _try_finally(c: Children) -> ast.Try:
    fin: ast.Block = c[3]
    return ast.Try(c[0][2], max(fin.end, c[2][3]), c[1], None, fin)


def _except(kw: Tok, head: tuple[ast.Name | None, ast.Expr | None, int], body: ast.Block) -> ast.Except:
    name, filt, hend = head
    return ast.Except(kw[2], max(body.end, hend, kw[3]), name, filt, body)


def _except_none(c: Children) -> tuple[None, None, int]:
    return None, None, -1


def _except_name(c: Children) -> tuple[ast.Name, None, int]:
    return _name(c[0]), None, c[0][3]


def _except_filter(c: Children) -> tuple[ast.Name, ast.Expr, int]:
    return _name(c[0]), c[2], c[2].end


def _except_bad_filter(c: Children) -> tuple[None, ast.Expr, int]:
    return None, c[1], c[1].end


def _with_stmt(c: Children) -> ast.With:
    body: ast.Block = c[2]
    return ast.With(c[0][2], max(body.end, c[1].end), c[1], None, body)


def _with_as_stmt(c: Children) -> ast.With:
    body: ast.Block = c[4]
    return ast.With(c[0][2], max(body.end, c[3][3]), c[1], _name(c[3]), body)


def _throw_stmt(c: Children) -> ast.Throw:
    return ast.Throw(c[0][2], c[1].end, c[1])


def _yield_bare(c: Children) -> ast.Yield:
    return ast.Yield(c[0][2], c[0][3], ())


def _yield_stmt(c: Children) -> ast.Yield:
    values: list[ast.Expr] = c[1]
    return ast.Yield(c[0][2], values[-1].end, tuple(values))


def _while_stmt(c: Children) -> ast.While:
    body: ast.Block = c[2]
    return ast.While(c[0][2], max(body.end, c[1].end), c[1], body)


ForVars = tuple[list[ast.Name], bool]


def _for_vars(c: Children) -> ForVars:
    return [_name(c[0])], False


def _for_vars_idx(c: Children) -> ForVars:
    return [_name(c[0])], True


def _for_vars2(c: Children) -> ForVars:
    return [_name(c[0]), _name(c[2])], False


def _for_vars2_idx(c: Children) -> ForVars:
    return [_name(c[0]), _name(c[3])], True


def _iters(c: Children) -> list[ast.Expr]:
    return [x for x in c if not is_token(x)]


def _for_stmt(c: Children) -> ast.For:
    names, indexed = cast(ForVars, c[1])
    iters: list[ast.Expr] = c[3]
    body: ast.Block = c[4]
    return ast.For(c[0][2], max(body.end, iters[-1].end), tuple(names), indexed, tuple(iters), body)


def _return_semi(c: Children) -> ast.Return:
    return ast.Return(c[0][2], c[1][3], (), semicolon=True)


def _return_bare(c: Children) -> ast.Return:
    return ast.Return(c[0][2], c[0][3], ())


def _return_stmt(c: Children) -> ast.Return:
    values: list[ast.Expr] = c[1]
    n: Any = _new(ast.Return)  # (see ``_BARE_FIELDS``)
    n.start = c[0][2]
    n.end = values[-1].end
    n.values = tuple(values)
    n.semicolon = False
    return n  # type: ignore[no-any-return]


def _break_stmt(c: Children) -> ast.Break:
    return ast.Break(c[0][2], c[0][3])


def _continue_stmt(c: Children) -> ast.Continue:
    return ast.Continue(c[0][2], c[0][3])


def _gc_stmt(c: Children) -> ast.Gc:
    return ast.Gc(c[0][2], c[0][3])


def _assert_stmt(c: Children) -> ast.Assert:
    return ast.Assert(c[0][2], c[1].end, c[1], None)


def _assert_msg_stmt(c: Children) -> ast.Assert:
    return ast.Assert(c[0][2], c[3].end, c[1], c[3])


def _del_stmt(c: Children) -> ast.Del:
    targets: list[ast.Expr] = c[1]
    return ast.Del(c[0][2], targets[-1].end, tuple(targets))


Access = tuple[str, Any, int]


def _fold_access(obj: ast.Expr, acc: list[Access]) -> ast.Expr:
    for kind, x, end in acc:
        if kind == "dot":
            obj = ast.Attribute(obj.start, end, obj, x)
        else:
            obj = _index_node(obj, x, end)
    return obj


def _del_name(c: Children) -> ast.Expr:
    return _name(c[0])


def _del_chain(c: Children) -> ast.Expr:
    return _fold_access(_name(c[0]), c[1])


def _del_paren_chain(c: Children) -> ast.Expr:
    return _fold_access(ast.Paren(c[0][2], c[2][3], c[1]), c[3])


def _del_dot(c: Children) -> list[Access]:
    n: ast.Name = c[1]
    return [("dot", n, n.end)]


def _del_index(c: Children) -> list[Access]:
    return [("index", c[1], c[2][3])]


def _del_dot_more(c: Children) -> list[Access]:
    n: ast.Name = c[2]
    lst: list[Access] = c[0]
    lst.append(("dot", n, n.end))
    return lst


def _del_index_more(c: Children) -> list[Access]:
    lst: list[Access] = c[0]
    lst.append(("index", c[2], c[3][3]))
    return lst


def _multi_assign(c: Children) -> ast.MultiAssign:
    names = [_name(c[0]), *c[2]]
    values: list[ast.Expr] = c[4]
    return ast.MultiAssign(c[0][2], values[-1].end, tuple(names), tuple(values))


# ------------------------------------------------------------------ expressions


def _assign(c: Children) -> ast.Assign:
    target: ast.Expr = c[0]
    op: Tok = c[1]
    value: ast.Expr = c[2]
    n: Any = _new(ast.Assign)  # (see ``_BARE_FIELDS``)
    n.start = target.start
    n.end = value.end
    n.target = target
    n.op = op[1]
    n.value = value
    n.op_start = op[2]
    return n  # type: ignore[no-any-return]


def _assign_sugar(c: Children) -> ast.Assign:
    target: ast.Expr = c[0]
    op: Tok = c[1]
    t = _sugar_table(c[2])
    return ast.Assign(target.start, t.end, target, "=", t, op[2])


def _assign_compound(c: Children) -> ast.Assign:
    op: Tok = c[1]
    value: ast.Expr = c[2]
    return ast.Assign(c[0][2], value.end, _name(c[0]), op[1], value, op[2])


def _name_cb(c: Children) -> ast.Name:
    return _name(c[0])


def _attribute(c: Children) -> ast.Attribute:
    obj: ast.Expr = c[0]
    name: ast.Name = c[2]
    n: Any = _new(ast.Attribute)  # (see ``_BARE_FIELDS``)
    n.start = obj.start
    n.end = name.end
    n.obj = obj
    n.name = name
    n.meta = False
    return n  # type: ignore[no-any-return]


def _meta_attribute(c: Children) -> ast.Attribute:
    obj: ast.Expr = c[0]
    n: ast.Name = c[2]
    return ast.Attribute(obj.start, n.end, obj, n, meta=True)


def _index(c: Children) -> ast.Index:
    return _index_node(c[0], c[2], c[3][3])


def _index_node(obj: ast.Expr, index: ast.Expr, end: int) -> ast.Index:
    n: Any = _new(ast.Index)  # (see ``_BARE_FIELDS``)
    n.start = obj.start
    n.end = end
    n.obj = obj
    n.index = index
    return n  # type: ignore[no-any-return]


SliceParts = tuple["ast.Expr | None", "ast.Expr | None", "ast.Expr | None", bool]


def _slice_parts(c: Children) -> SliceParts:
    lower = None
    i = 0
    if not is_token(c[0]):
        lower = c[0]
        i = 1
    i += 1  # '..'
    upper = step = None
    has_step = False
    n = len(c)
    if i < n and not is_token(c[i]):
        upper = c[i]
        i += 1
    if i < n:
        has_step = True
        i += 1
        if i < n:
            step = c[i]
    return lower, upper, step, has_step


def _slice(c: Children) -> ast.Slice:
    obj: ast.Expr = c[0]
    lower, upper, step, has_step = cast(SliceParts, c[2])
    return ast.Slice(obj.start, c[3][3], obj, lower, upper, step, has_step)


def _ternary(c: Children) -> ast.Ternary:
    return ast.Ternary(c[0].start, c[4].end, c[0], c[2], c[4])


def _binary(c: Children) -> ast.Binary:
    left: ast.Expr = c[0]
    op: Tok = c[1]
    right: ast.Expr = c[2]
    n: Any = _new(ast.Binary)  # (see ``_BARE_FIELDS``)
    n.start = left.start
    n.end = right.end
    n.op = op[1]
    n.left = left
    n.right = right
    n.op_start = op[2]
    return n  # type: ignore[no-any-return]


def _not_in(c: Children) -> ast.Binary:
    left: ast.Expr = c[0]
    right: ast.Expr = c[3]
    return ast.Binary(left.start, right.end, "not in", left, right, c[1][2])


def _range(c: Children) -> ast.Range:
    return ast.Range(c[0].start, c[2].end, c[0], c[2])


def _unary(c: Children) -> ast.Unary:
    op: Tok = c[0]
    operand: ast.Expr = c[1]
    n: Any = _new(ast.Unary)  # (see ``_BARE_FIELDS``)
    n.start = op[2]
    n.end = operand.end
    n.op = op[1]
    n.operand = operand
    return n  # type: ignore[no-any-return]


def _call_empty(c: Children) -> ast.Call:
    func: ast.Expr = c[0]
    return ast.Call(func.start, c[2][3], func, (), c[1][2])


def _call(c: Children) -> ast.Call:
    func: ast.Expr = c[0]
    n: Any = _new(ast.Call)  # (see ``_BARE_FIELDS``)
    n.start = func.start
    n.end = c[3][3]
    n.func = func
    n.args = tuple(c[2])
    n.lparen = c[1][2]
    return n  # type: ignore[no-any-return]


def _call_gen(c: Children) -> ast.Call:
    func: ast.Expr = c[0]
    comp: ast.Comprehension = c[2]
    arg = ast.Arg(comp.start, comp.end, comp)
    return ast.Call(func.start, c[3][3], func, (arg,), c[1][2])


def _arg(c: Children) -> ast.Arg:
    v: ast.Expr = c[0]
    return ast.Arg(v.start, v.end, v)


def _arg_named(c: Children) -> ast.Arg:
    v: ast.Expr = c[2]
    return ast.Arg(c[0][2], v.end, v, _name(c[0]))


def _arg_spread(c: Children) -> ast.Arg:
    v: ast.Expr = c[1]
    return ast.Arg(c[0][2], v.end, v, None, True)


def _meta_empty(c: Children) -> ast.MetaConstruct:
    obj: ast.Expr = c[0]
    t = ast.Table(c[1][2], c[2][3], ())
    return ast.MetaConstruct(obj.start, t.end, obj, t)


def _meta_construct(c: Children) -> ast.MetaConstruct:
    obj: ast.Expr = c[0]
    t = ast.Table(c[1][2], c[-1][3], tuple(c[2]))
    return ast.MetaConstruct(obj.start, t.end, obj, t)


def _number(c: Children) -> ast.Number:
    t: Tok = c[0]
    return ast.Number(t[2], t[3], t[1])


def _string(c: Children) -> ast.String:
    t: Tok = c[0]
    value, kind = decode_string(t[1])
    return ast.String(t[2], t[3], value, kind)  # type: ignore[arg-type]


def _fstring(c: Children) -> ast.FString:
    t: Tok = c[0]
    node = t[5]
    assert isinstance(node, ast.FString)
    return node


def _nil(c: Children) -> ast.Nil:
    n: Any = _new(ast.Nil)  # (see ``_BARE_FIELDS``)
    n.start = c[0][2]
    n.end = c[0][3]
    return n  # type: ignore[no-any-return]


def _true(c: Children) -> ast.Bool:
    return ast.Bool(c[0][2], c[0][3], True)


def _false(c: Children) -> ast.Bool:
    return ast.Bool(c[0][2], c[0][3], False)


def _paren(c: Children) -> ast.Paren:
    return ast.Paren(c[0][2], c[2][3], c[1])


def _table_empty(c: Children) -> ast.Table:
    return _table_node(c[0][2], c[1][3], ())


def _table(c: Children) -> ast.Table:
    return _table_node(c[0][2], c[-1][3], tuple(c[1]))


def _table_node(start: int, end: int, entries: tuple[ast.TableEntry, ...]) -> ast.Table:
    n: Any = _new(ast.Table)  # (see ``_BARE_FIELDS``)
    n.start = start
    n.end = end
    n.entries = entries
    n.sugar = False
    return n  # type: ignore[no-any-return]


def _table_comp(c: Children) -> ast.Comprehension:
    comp: ast.Comprehension = c[1]
    return ast.Comprehension(
        c[0][2], c[2][3], "table", comp.key, comp.element, comp.targets, comp.indexed, comp.iters, comp.condition
    )


def _comprehension(c: Children) -> ast.Comprehension:
    elem: Tok = c[0]
    key, element = cast("tuple[ast.Expr | None, ast.Expr]", elem[5])
    names, indexed = cast(ForVars, c[2])
    iters: list[ast.Expr] = c[4]
    cond: ast.Expr | None = c[6] if len(c) > 5 else None
    end = cond.end if cond is not None else iters[-1].end
    return ast.Comprehension(elem[2], end, "generator", key, element, tuple(names), indexed, tuple(iters), cond)


def _entries_one(c: Children) -> list[Any]:
    return [c[0]]


def _entry_name(c: Children) -> ast.ArrayItem:
    n = _name(c[0])
    return ast.ArrayItem(n.start, n.end, n)


def _entry_field(c: Children) -> ast.FieldEntry:
    v: ast.Expr = c[2]
    n: Any = _new(ast.FieldEntry)  # (see ``_BARE_FIELDS``)
    n.start = c[0][2]
    n.end = v.end
    n.name = _name(c[0])
    n.value = v
    return n  # type: ignore[no-any-return]


def _entry_key(c: Children) -> ast.KeyEntry:
    v: ast.Expr = c[4]
    return ast.KeyEntry(c[0][2], v.end, c[1], v)


def _entry_short(c: Children) -> ast.ShorthandEntry:
    return ast.ShorthandEntry(c[0][2], c[-1][3], tuple(c[1]))


def _entry_item(c: Children) -> ast.ArrayItem:
    return _entry_item1(c[0])


def _start(c: Children) -> Any:
    return c[0]


CALLBACKS: dict[str, Callback] = {
    "decls_empty": _decls_empty,
    "decls_more": _list_more,
    "tstmts_empty": _decls_empty,
    "tstmts_more": _list_more,
    "fn_plain": _fn_plain,
    "fn_local": _fn_local,
    "fn_global": _fn_global,
    "deco_plain": _deco_plain,
    "deco_local": _deco_local,
    "deco_global": _deco_global,
    "decorators_one": _decorators_one,
    "decorators_more": _decorators_more,
    "params_empty": _params_empty,
    "params_list": _params_list,
    "params_star": _params_star,
    "params_only_star": _params_only_star,
    "plist_one": _list_one,
    "plist_more": _list_more,
    "param": _param,
    "param_typed": _param_typed,
    "param_default": _param_default,
    "param_typed_default": _param_typed_default,
    "star_param": _star_param,
    "star_param_typed": _star_param_typed,
    "inline_body": _inline_body,
    "empty_body": _empty_body,
    "block": _block,
    "tblock": _block,
    "local_decl": _local_decl,
    "local_decl_init": _local_decl_init,
    "local_decl_sugar": _local_decl_sugar,
    "global_decl": _global_decl,
    "global_decl_init": _global_decl_init,
    "global_decl_sugar": _global_decl_sugar,
    "names_one": _names_one,
    "names_more": _names_more,
    "import_stmt": _import_stmt,
    "imports_one": _imports_one,
    "imports_more": _imports_more,
    "dotted_one": _dotted_one,
    "dotted_more": _dotted_more,
    "from_star": _from_star,
    "from_names": _from_names,
    "expr_stmt": _expr_stmt,
    "print_stmt": _print_stmt,
    "print_paren_empty": _print_paren_empty,
    "print_paren": _print_paren,
    "if_stmt": _if_stmt,
    "if_tail_none": _if_tail_none,
    "if_tail_elif": _if_tail_elif,
    "if_tail_else": _if_tail_else,
    "match_stmt": _match_stmt,
    "clauses": _clauses,
    "clauses_else": _clauses_else,
    "clauses_only_else": _clauses_only_else,
    "cases_one": _list_one,
    "cases_more": _list_more,
    "case_clause": _case_clause,
    "else_clause": _else_clause,
    "try_except": _try_except,
    "try_except_finally": _try_except_finally,
    "try_finally": _try_finally,
    "except_none": _except_none,
    "except_name": _except_name,
    "except_filter": _except_filter,
    "except_bad_filter": _except_bad_filter,
    "with_stmt": _with_stmt,
    "with_as_stmt": _with_as_stmt,
    "throw_stmt": _throw_stmt,
    "yield_bare": _yield_bare,
    "yield_stmt": _yield_stmt,
    "while_stmt": _while_stmt,
    "for_stmt": _for_stmt,
    "for_vars": _for_vars,
    "for_vars_idx": _for_vars_idx,
    "for_vars2": _for_vars2,
    "for_vars2_idx": _for_vars2_idx,
    "iters1": _iters,
    "iters2": _iters,
    "iters3": _iters,
    "return_semi": _return_semi,
    "return_bare": _return_bare,
    "return_stmt": _return_stmt,
    "break_stmt": _break_stmt,
    "continue_stmt": _continue_stmt,
    "gc_stmt": _gc_stmt,
    "assert_stmt": _assert_stmt,
    "assert_msg_stmt": _assert_msg_stmt,
    "del_stmt": _del_stmt,
    "del_one": _list_one,
    "del_more": _list_more,
    "del_name": _del_name,
    "del_chain": _del_chain,
    "del_paren_chain": _del_paren_chain,
    "del_dot": _del_dot,
    "del_index": _del_index,
    "del_dot_more": _del_dot_more,
    "del_index_more": _del_index_more,
    "multi_assign": _multi_assign,
    "exprs_one": _list_one,
    "exprs_more": _list_more,
    "sugar_one": _list_one,
    "sugar_more": _list_more,
    "assign": _assign,
    "assign_sugar": _assign_sugar,
    "assign_compound": _assign_compound,
    "name": _name_cb,
    "attribute": _attribute,
    "meta_attribute": _meta_attribute,
    "index": _index,
    "slice": _slice,
    "slice_parts": _slice_parts,
    "ternary": _ternary,
    "binary": _binary,
    "not_in": _not_in,
    "range": _range,
    "unary": _unary,
    "call_empty": _call_empty,
    "call": _call,
    "call_gen": _call_gen,
    "args_one": _list_one,
    "args_more": _list_more,
    "arg": _arg,
    "arg_named": _arg_named,
    "arg_spread": _arg_spread,
    "meta_empty": _meta_empty,
    "meta_construct": _meta_construct,
    "number": _number,
    "string": _string,
    "fstring": _fstring,
    "nil": _nil,
    "true": _true,
    "false": _false,
    "paren": _paren,
    "table_empty": _table_empty,
    "table": _table,
    "table_comp": _table_comp,
    "lambda_": _lambda,
    "import_expr": _import_expr,
    "comprehension": _comprehension,
    "comprehension_if": _comprehension,
    "entries_one": _entries_one,
    "entries_more": _list_more,
    "entry_name": _entry_name,
    "entry_field": _entry_field,
    "entry_key": _entry_key,
    "entry_short": _entry_short,
    "entry_item": _entry_item,
}


# Single-child rules are the most frequent reductions (a NAME becoming a Name, a statement
# becoming a one-element list, ...). The driver calls these with the child itself and
# overwrites the value stack's top in place: no list is sliced out and none is built.
Callback1 = Callable[[Any], Any]


def _one(x: Any) -> list[Any]:
    return [x]


def _number1(t: Tok) -> ast.Number:
    n: Any = _new(ast.Number)  # (see ``_BARE_FIELDS``)
    n.start = t[2]
    n.end = t[3]
    n.raw = t[1]
    return n  # type: ignore[no-any-return]


def _string1(t: Tok) -> ast.String:
    n: Any = _new(ast.String)  # (see ``_BARE_FIELDS``)
    n.start = t[2]
    n.end = t[3]
    n.value, n.kind = decode_string(t[1])
    return n  # type: ignore[no-any-return]


def _expr_stmt1(e: ast.Expr) -> ast.ExprStmt:
    n: Any = _new(ast.ExprStmt)  # (see ``_BARE_FIELDS``)
    n.start = e.start
    n.end = e.end
    n.expr = e
    return n  # type: ignore[no-any-return]


def _arg1(v: ast.Expr) -> ast.Arg:
    n: Any = _new(ast.Arg)  # (see ``_BARE_FIELDS``)
    n.start = v.start
    n.end = v.end
    n.value = v
    n.name = None
    n.spread = False
    return n  # type: ignore[no-any-return]


def _entry_item1(v: ast.Expr) -> ast.ArrayItem:
    n: Any = _new(ast.ArrayItem)  # (see ``_BARE_FIELDS``)
    n.start = v.start
    n.end = v.end
    n.value = v
    return n  # type: ignore[no-any-return]


def _param1(t: Tok) -> ast.Param:
    n: Any = _new(ast.Param)  # (see ``_BARE_FIELDS``)
    n.start = t[2]
    n.end = t[3]
    n.name = _name(t)
    n.annotation = None
    n.default = None
    n.star = False
    return n  # type: ignore[no-any-return]


def _names_one1(t: Tok) -> list[ast.Name]:
    return [_name(t)]


CALLBACKS1: dict[str, Callback1] = {
    "name": _name,
    "number": _number1,
    "string": _string1,
    "expr_stmt": _expr_stmt1,
    "arg": _arg1,
    "entry_item": _entry_item1,
    "param": _param1,
    "names_one": _names_one1,
    "dotted_one": _names_one1,
    "exprs_one": _one,
    "entries_one": _one,
    "plist_one": _one,
    "args_one": _one,
    "cases_one": _one,
    "del_one": _one,
    "sugar_one": _one,
}


def _module(c: Children) -> ast.Module:
    body: list[ast.Stmt] = c[0]
    return ast.Module(0, 0, tuple(body))


def callbacks_for(rule_names: list[str], rule_lens: list[int]) -> list[Callback | None]:
    """One callback per rule index; ``None`` means "pass the single child through"."""
    out: list[Callback | None] = []
    for name, n in zip(rule_names, rule_lens, strict=True):
        cb = CALLBACKS.get(name)
        if cb is None and n != 1:
            raise RuntimeError(f"no callback for grammar rule {name!r}")
        out.append(cb)
    return out


def _wrap1(cb: Callback) -> Callback1:
    return lambda x: cb([x])


def single_callbacks(rule_names: list[str], rule_lens: list[int]) -> list[Callback1 | None]:
    """For one-child rules with a callback: a function of the child itself (else ``None``)."""
    out: list[Callback1 | None] = []
    for name, n in zip(rule_names, rule_lens, strict=True):
        cb = CALLBACKS.get(name)
        if n != 1 or cb is None:
            out.append(None)
        else:
            out.append(CALLBACKS1.get(name) or _wrap1(cb))
    return out


__all__ = [
    "APPEND_LAST",
    "CALLBACKS",
    "CALLBACKS1",
    "Tok",
    "_module",
    "_start",
    "callbacks_for",
    "decode_string",
    "single_callbacks",
]
