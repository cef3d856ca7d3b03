"""Questions the style rules share: which `string.*` function a call names, integer literals,
and whether a rewritten statement would start with a token that glues it to the line above.

What a value is (a string, a condition's operand) comes from :mod:`toilint.semantic.predicates`;
parenthesizing and fresh names from :mod:`toilint.fix.fixes`.
"""

from __future__ import annotations

from toilint import ast
from toilint._typing import TYPE_CHECKING
from toilint.semantic.calls import qualified_name
from toilint.semantic.predicates import unparen

if TYPE_CHECKING:
    from toilint.context import Context


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
    qualified = qualified_name(ctx.semantic, func)
    if qualified is not None and qualified.startswith("string.") and qualified.count(".") == 1:
        return qualified.split(".", 1)[1]
    return None


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
