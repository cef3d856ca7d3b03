"""W206: an expression statement whose value is thrown away and that does nothing else."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.rules.base import Rule, register

_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "in", "not in", "has"})


def _no_effect(e: ast.Expr) -> bool:
    while isinstance(e, ast.Paren):
        e = e.expr
    if isinstance(e, (ast.Name, ast.Number, ast.Nil, ast.Bool)):
        return True
    return isinstance(e, ast.Binary) and e.op in _COMPARISONS


@register
class UselessExpression(Rule):
    """A statement that is only a name, a number or a comparison.

    ## Why is this bad?
    Its value is discarded, so the line does nothing. In Toi this is often a typo that
    still compiles: `x == 1` meant as `x = 1`, or words after a `#` taken for a comment
    (`#` is the length operator; comments start with `--`), or a `pass` from Python (it is
    just a name in Toi).

    ## Example
    ```toi
    x = 0
    if true
        x == 1
    ```

    ## Use instead
    ```toi
    x = 0
    if true
        x = 1
    ```

    ## Fix safety
    No automatic fix. (`nil` alone is not reported: it is the idiomatic empty body.)
    """

    code = "W206"
    name = "useless-expression"

    def batch_ExprStmt(self, nodes: list[ast.ExprStmt], ctx: Context) -> None:
        for node in nodes:
            kind = type(node.expr)
            if kind is ast.Call or kind is ast.Assign or kind is ast.Nil:
                continue  # (most statements: a call or an assignment has an effect)
            if _no_effect(node.expr):
                ctx.report(self, node, "expression statement has no effect")
