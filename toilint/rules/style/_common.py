"""Questions the style rules share: "is this surely a string", "is this a condition", and
whether a rewritten statement would start with a token that glues it to the line above.

Parenthesizing and fresh names come from :mod:`toilint.fixes`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toilint import ast
from toilint.semantic.stdlib import STRING_RESULT_FUNCTIONS

if TYPE_CHECKING:
    from toilint.context import Context


def unparen(expr: ast.Expr) -> ast.Expr:
    while isinstance(expr, ast.Paren):
        expr = expr.expr
    return expr


def int_literal(expr: ast.Expr) -> int | None:
    """The value of an integer literal, `-3` included; None for anything else."""
    expr = unparen(expr)
    sign = 1
    if isinstance(expr, ast.Unary) and expr.op == "-":
        sign, expr = -1, unparen(expr.operand)
    if isinstance(expr, ast.Number):
        value = expr.value
        if value == int(value) and "." not in expr.raw:
            return sign * int(value)
    return None


# string.* functions whose result is always a string (or that raise before returning)
_STRING_RESULTS = STRING_RESULT_FUNCTIONS


def string_function(ctx: Context, func: ast.Expr) -> str | None:
    """``upper`` for `string.upper` (or `str.upper`: `str` is the string module itself)."""
    func = unparen(func)
    if not isinstance(func, ast.Attribute) or func.meta:
        return None
    obj = unparen(func.obj)
    if isinstance(obj, ast.Name) and obj.id == "str":
        binding = ctx.semantic.binding_of(obj)
        if binding is not None and binding.kind == "builtin":
            return func.name.id
        return None
    qualified = ctx.semantic.resolve_qualified(func)
    if qualified is not None and qualified.startswith("string.") and qualified.count(".") == 1:
        return qualified.split(".", 1)[1]
    return None


def is_known_string(ctx: Context, expr: ast.Expr, _depth: int = 0) -> bool:
    """True when ``expr`` surely evaluates to a string (or raises before producing a value).

    Literals and f-strings; `str(x)`; calls of string-returning `string.*` functions and of
    string methods on known strings; slices and ternaries of strings; and a local that is only
    ever assigned such values. Not `+`: a metatable's `__add` may return anything. Deliberately
    shallow: a wrong "yes" would make an unsafe fix look safe.
    """
    if _depth > 8:
        return False
    expr = unparen(expr)
    if isinstance(expr, (ast.String, ast.FString)):
        return True
    if isinstance(expr, ast.Ternary):
        return is_known_string(ctx, expr.body, _depth + 1) and is_known_string(ctx, expr.orelse, _depth + 1)
    if isinstance(expr, ast.Call):
        func = unparen(expr.func)
        if isinstance(func, ast.Name) and func.id == "str":
            binding = ctx.semantic.binding_of(func)
            return binding is not None and binding.kind == "builtin" and len(expr.args) == 1
        name = string_function(ctx, func)
        if name in _STRING_RESULTS:
            return True
        # a string method on a known string: `s.upper()`
        if isinstance(func, ast.Attribute) and not func.meta and func.name.id in _STRING_RESULTS:
            return is_known_string(ctx, func.obj, _depth + 1)
        return False
    if isinstance(expr, ast.Slice):
        return is_known_string(ctx, expr.obj, _depth + 1)
    if isinstance(expr, ast.Name):
        binding = ctx.semantic.binding_of(expr)
        if binding is None or binding.scope is None or binding.kind not in ("local",):
            return False
        if binding.captured or not binding.values or len(binding.values) != len(binding.assignments):
            return False
        for value in binding.values:
            if value is None or not isinstance(value, ast.Expr) or value is expr:
                return False
            if not is_known_string(ctx, value, _depth + 1):
                return False
        return True
    return False


_CONTINUATION_STARTS = ("(", "[", "{", "-")


def breaks_statement_start(ctx: Context, node: ast.Node, new_text: str) -> bool:
    """True when ``new_text`` in place of ``node`` would be read as something else.

    Toi has no statement separator: a line that starts with `(`, `[`, `{`, `-` or `not` extends
    the previous line's expression (the compiler's continuation rule), so `(a or b) <+ v` as a new
    statement would silently become part of the statement above it. And `print (a + b).len()`
    is the `print(...)` form followed by a stray `.` (a compile error, checked on `toi`).
    """
    stripped = new_text.lstrip()
    opens = stripped.startswith(_CONTINUATION_STARTS) or stripped.startswith("not ") or stripped == "not"
    if not opens:
        return False
    try:
        stmt = ctx.semantic.enclosing_statement(node)
    except ValueError:
        return True
    if stmt.start == node.start:
        return True
    if isinstance(stmt, ast.Print) and not stmt.parens and stmt.values and stmt.values[0].start == node.start:
        return stripped.startswith("(")
    return False


def in_condition(ctx: Context, node: ast.Expr) -> bool:
    """True when only the truthiness of ``node``'s value matters.

    That is the test of `if`/`elif`/`while`/a ternary/`assert`/a comprehension filter, the
    operand of `not`, and operands of `and`/`or` that are themselves in such a place.
    """
    child: ast.Node = node
    parent = ctx.semantic.parent(child)
    while parent is not None:
        if isinstance(parent, ast.Paren):
            pass
        elif isinstance(parent, ast.Binary) and parent.op in ("and", "or"):
            pass
        elif isinstance(parent, ast.Unary) and parent.op == "not":
            return True
        elif isinstance(parent, (ast.If, ast.Elif, ast.While, ast.Ternary, ast.Assert)):
            return child is parent.test
        elif isinstance(parent, ast.Comprehension):
            return child is parent.condition
        else:
            return False
        child, parent = parent, ctx.semantic.parent(parent)
    return False
