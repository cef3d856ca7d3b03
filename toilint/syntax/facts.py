"""Questions about how the compiler parsed a construct, answered from the tree."""

from __future__ import annotations

from toilint import ast
from toilint.visitor import iter_nodes


def parsed_as_range(expr: ast.Expr) -> bool:
    """The compiler's ``last_expr_was_range`` after a for header's first expression.

    A `..` makes it true; a nested full expression (a call argument, an index, parentheses)
    parsed after the last `..` resets it.
    """
    # the common headers without the two walks: a range (its `..` is the last) and a plain name
    if type(expr) is ast.Range:
        return True
    if type(expr) is ast.Name:
        return False
    ranges = [n for n in iter_nodes(expr) if isinstance(n, ast.Range)]
    if not ranges:
        return False
    last = max(r.end for r in ranges)
    return not any(isinstance(n, (ast.Arg, ast.Index, ast.Paren)) and n.start >= last for n in iter_nodes(expr))
