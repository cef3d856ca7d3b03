"""E104: `yield` at script level."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register


@register
class YieldOutsideFunction(Rule):
    """`yield` in the script body rather than inside a function.

    ## Why is this bad?
    The compiler rejects the file: "Can't use 'yield' outside a function.". Any function,
    lambdas included, can yield; the script body cannot. (A top-level `return` is legal:
    modules export their table with it.)

    ## Example
    ```toi
    for i in 1..3
        yield i
    ```

    ## Use instead
    ```toi
    fn numbers()
        for i in 1..3
            yield i
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "E104"
    name = "yield-outside-function"
    severity = Severity.ERROR

    def visit_Yield(self, node: ast.Yield, ctx: Context) -> None:
        if ctx.semantic.enclosing_function(node) is None:
            ctx.report(self, (node.start, node.start + 5), "Can't use 'yield' outside a function.")
