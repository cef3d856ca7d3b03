"""W213: comparing a value with itself."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.rules.base import Rule, register
from toilint.semantic.predicates import unparen

_ALWAYS = {"==": "true", "<=": "true", ">=": "true", "!=": "false", "<": "false", ">": "false"}


@register
class SelfComparison(Rule):
    """Compares a variable (or a field path such as `a.b`) with itself.

    ## Why is this bad?
    The result is fixed (`x == x` is true, `x < x` false) except for NaN, so the other side was
    probably meant to be something else (ruff's comparison-with-itself). Write `x != x` on
    purpose only to test for NaN, and say so in a comment.

    ## Example
    ```toi
    fn same(a, b)
        return a.id == a.id
    ```

    ## Use instead
    ```toi
    fn same(a, b)
        return a.id == b.id
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "W213"
    name = "self-comparison"

    def batch_Binary(self, nodes: list[ast.Binary], ctx: Context) -> None:
        for node in nodes:
            if node.op not in _ALWAYS:
                continue
            left, right = node.left, node.right
            if type(left) is ast.Paren:  # (every comparison: most operands are not parenthesised)
                left = unparen(left)
            path = _path(left, ctx)
            if path is None:
                continue
            if type(right) is ast.Paren:
                right = unparen(right)
            if path == _path(right, ctx):
                text = ctx.source(unparen(node.left))
                ctx.report(
                    self,
                    (node.op_start, node.op_start + len(node.op)),
                    f"'{text}' is compared with itself: always {_ALWAYS[node.op]} (unless NaN)",
                )


def _path(expr: ast.Expr, ctx: Context) -> tuple[object, ...] | None:
    """A name or a chain of field reads on a name, as (binding, field, field...)."""
    fields: list[str] = []
    while isinstance(expr, ast.Attribute) and not expr.meta:
        fields.append(expr.name.id)
        expr = unparen(expr.obj)
    if not isinstance(expr, ast.Name):
        return None
    binding = ctx.semantic.binding_of(expr)
    if binding is None:
        return None
    return (id(binding), *reversed(fields))
