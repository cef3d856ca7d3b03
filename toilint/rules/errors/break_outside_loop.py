"""E101: `break` outside a loop."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register


@register
class BreakOutsideLoop(Rule):
    """`break` is not inside a `while` or `for` of the same function.

    ## Why is this bad?
    The compiler rejects the whole file: "Can't use 'break' outside a loop.". A lambda or
    function defined inside a loop does not count as being in the loop.

    ## Example
    ```toi
    fn first(t)
        if #t > 0
            break
        return t[1]
    ```

    ## Use instead
    ```toi
    fn first(t)
        if #t > 0
            return t[1]
        return nil
    ```

    ## Fix safety
    No automatic fix: what was meant cannot be known.
    """

    code = "E101"
    name = "break-outside-loop"
    severity = Severity.ERROR

    def visit_Break(self, node: ast.Break, ctx: Context) -> None:
        if not ctx.semantic.enclosing_loops(node):
            ctx.report(self, node, "Can't use 'break' outside a loop.")
