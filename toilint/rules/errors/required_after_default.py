"""E107: a parameter without a default after one with a default."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register

MESSAGE = "Parameters with defaults cannot be followed by parameters without defaults."


@register
class RequiredAfterDefault(Rule):
    """`fn f(a = 1, b)`: a required parameter follows an optional one.

    ## Why is this bad?
    The compiler rejects the file with "Parameters with defaults cannot be followed by
    parameters without defaults.". A trailing `*rest` parameter is allowed.

    ## Example
    ```toi
    fn greet(greeting = "hi", name)
        print greeting, name
    ```

    ## Use instead
    ```toi
    fn greet(name, greeting = "hi")
        print greeting, name
    ```

    ## Fix safety
    No automatic fix: reordering parameters breaks every positional call.
    """

    code = "E107"
    name = "required-after-default"
    severity = Severity.ERROR

    def _check(self, params: tuple[ast.Param, ...], ctx: Context) -> None:
        seen_default = False
        for p in params:
            if p.star:
                return
            if p.default is not None:
                seen_default = True
            elif seen_default:
                ctx.report(self, p.annotation or p.name, MESSAGE)

    def visit_FunctionDef(self, node: ast.FunctionDef, ctx: Context) -> None:
        self._check(node.params, ctx)

    def visit_Lambda(self, node: ast.Lambda, ctx: Context) -> None:
        self._check(node.params, ctx)
