"""E102: `continue` outside a loop."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register


@register
class ContinueOutsideLoop(Rule):
    """`continue` is not inside a `while` or `for` of the same function.

    ## Why is this bad?
    The compiler rejects the whole file: "Can't use 'continue' outside a loop.". A lambda
    passed to an iteration helper is a function of its own: `continue` there is an error,
    `return` skips to the next element.

    ## Example
    ```toi
    each(items, fn(x)
        if x == nil
            continue
        print x
    )
    ```

    ## Use instead
    ```toi
    each(items, fn(x)
        if x == nil
            return;
        print x
    )
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "E102"
    name = "continue-outside-loop"
    severity = Severity.ERROR

    def visit_Continue(self, node: ast.Continue, ctx: Context) -> None:
        if not ctx.semantic.enclosing_loops(node):
            ctx.report(self, node, "Can't use 'continue' outside a loop.")
