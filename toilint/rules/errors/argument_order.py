"""E108: positional after named arguments, and misplaced spread arguments."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register


@register
class ArgumentOrder(Rule):
    """A call's arguments are in an order the compiler rejects.

    ## Why is this bad?
    Named arguments travel in one options table after the positional ones, and a spread
    `*t` must come last, so the compiler rejects:

    - `f(a = 1, 2)`: "Positional arguments cannot follow named arguments."
    - `f(*t, x)`: "Spread argument must be last."
    - `f(a = 1, *t)`: "Spread argument cannot be used with named arguments."

    ## Example
    ```toi
    draw(color = "red", 10, 20)
    ```

    ## Use instead
    ```toi
    draw(10, 20, color = "red")
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "E108"
    name = "argument-order"
    severity = Severity.ERROR

    def batch_Call(self, nodes: list[ast.Call], ctx: Context) -> None:
        for node in nodes:
            for arg in node.args:  # (every call: most pass positional arguments only)
                if arg.spread or arg.name is not None:
                    self._check(node, ctx)
                    break

    def _check(self, node: ast.Call, ctx: Context) -> None:
        named = False
        for i, arg in enumerate(node.args):
            if arg.spread:
                if named:
                    ctx.report(self, (arg.start, arg.start + 1), "Spread argument cannot be used with named arguments.")
                    return
                if i + 1 < len(node.args):
                    ctx.report(self, ctx.semantic.token_before(arg.value.end), "Spread argument must be last.")
                    return
            elif arg.name is not None:
                named = True
            elif named:
                ctx.report(
                    self, ctx.semantic.token_before(arg.start), "Positional arguments cannot follow named arguments."
                )
                return
