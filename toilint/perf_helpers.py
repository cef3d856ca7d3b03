"""Small shared pieces of the string, table and call-overhead PERF rules (PERF2xx-PERF4xx).

Expression shapes only: is this a numeric literal, the same text, a term that needs no
parentheses after `<+`. What a value *is* (a string, a fresh array) is the value analysis's
question (:mod:`toilint.semantic.predicates`), scope and loop questions go to the semantic
model, and text layout to :mod:`toilint.fix.fixes`.
"""

from __future__ import annotations

from toilint import ast
from toilint.fix.fixes import ATOMS, KEYWORDS, fresh_name
from toilint.semantic import SemanticModel
from toilint.semantic.predicates import unparen
from toilint.visitor import iter_nodes


def is_pure(expr: ast.Expr) -> bool:
    """Evaluating ``expr`` twice or once makes no observable difference (names, numbers, arithmetic)."""
    expr = unparen(expr)
    if isinstance(expr, (ast.Name, ast.Number, ast.String, ast.Nil, ast.Bool)):
        return True
    if isinstance(expr, ast.Unary) and expr.op == "-":
        return is_pure(expr.operand)
    if isinstance(expr, ast.Binary) and expr.op in ("+", "-", "*", "/", "//", "%"):
        return is_pure(expr.left) and is_pure(expr.right)
    return False


def same_text(a: ast.Node, b: ast.Node, text: str) -> bool:
    """Same expression up to blanks (`i+1` and `i + 1`)."""
    return "".join(text[a.start : a.end].split()) == "".join(text[b.start : b.end].split())


def is_numeric_literal(expr: ast.Expr) -> bool:
    expr = unparen(expr)
    if isinstance(expr, ast.Unary) and expr.op == "-":
        expr = unparen(expr.operand)
    return isinstance(expr, ast.Number)


def numeric_value(expr: ast.Expr) -> float | None:
    expr = unparen(expr)
    sign = 1.0
    if isinstance(expr, ast.Unary) and expr.op == "-":
        sign = -1.0
        expr = unparen(expr.operand)
    if isinstance(expr, ast.Number):
        return sign * expr.value
    return None


def is_simple_term(expr: ast.Expr) -> bool:
    """Needs no parentheses as the right operand of `<+` (a postfix-level or unary expression)."""
    if isinstance(expr, ATOMS):
        return True
    if isinstance(expr, ast.Unary) and expr.op in ("-", "#"):
        return is_simple_term(expr.operand)
    return False


def is_postfix(expr: ast.Expr) -> bool:
    """Can be indexed or called without parentheses (`x[i]`, `f()[i]`, `"abc"[i]`)."""
    return isinstance(
        expr, (ast.Name, ast.String, ast.Paren, ast.Call, ast.Index, ast.Slice, ast.Attribute, ast.FString)
    )


def outermost_statement_loop(sem: SemanticModel, node: ast.Node) -> ast.For | ast.While | None:
    """The outermost `for`/`while` statement of the function that runs ``node`` repeatedly."""
    loops = [lp for lp in sem.enclosing_loops(node) if isinstance(lp, (ast.For, ast.While))]
    return loops[-1] if loops else None


def innermost_statement_loop(sem: SemanticModel, node: ast.Node) -> ast.For | ast.While | None:
    """The innermost `for`/`while` statement of the function that runs ``node`` repeatedly: the
    first of ``enclosing_loops`` that is one, found without listing the others (asked of every
    accumulation in a loop)."""
    for loop in sem.loops_around(node):
        if not isinstance(loop, ast.Comprehension):
            return loop
    return None


def fresh_variable_name(sem: SemanticModel, base: str, at: ast.Node | None = None) -> str:
    """``base`` unless a variable (not a field: `math.sqrt` does not take `sqrt`) uses it.

    :func:`toilint.fix.fixes.fresh_name` counts every identifier, field names included, which
    would turn `sqrt = math.sqrt` into `sqrt_2 = math.sqrt`.
    """
    fields = {id(n.name) for n in iter_nodes(sem.module) if isinstance(n, ast.Attribute)}
    variables = {n.id for n in iter_nodes(sem.module) if isinstance(n, ast.Name) and id(n) not in fields}
    visible = sem.names_visible_at(at) if at is not None else set()
    if base not in variables and base not in visible and base not in KEYWORDS:
        return base
    return fresh_name(sem, base, at)
