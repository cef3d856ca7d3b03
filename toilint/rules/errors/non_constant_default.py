"""E106: a parameter default that is not one literal token."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register

MESSAGE = "Default value must be a constant (number, string, nil, true, false)."


@register
class NonConstantDefault(Rule):
    """A parameter default is an expression rather than a number, string, `nil`, `true` or `false`.

    ## Why is this bad?
    Toi stores defaults as constants in the function: the compiler rejects anything else,
    even `-1` or `{}`, with "Default value must be a constant (number, string, nil, true,
    false).".

    ## Example
    ```toi
    fn push(t, v, opts = {})
        return t
    ```

    ## Use instead
    ```toi
    fn push(t, v, opts = nil)
        opts = opts or {}
        return t
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "E106"
    name = "non-constant-default"
    severity = Severity.ERROR

    def _check(self, params: tuple[ast.Param, ...], ctx: Context) -> None:
        for p in params:
            d = p.default
            if d is None or isinstance(d, (ast.Number, ast.String, ast.Nil, ast.Bool)):
                continue
            ctx.report(self, ctx.semantic.token_before(d.start), MESSAGE)
            return  # the compiler's parse of this parameter list is over

    def visit_FunctionDef(self, node: ast.FunctionDef, ctx: Context) -> None:
        self._check(node.params, ctx)

    def visit_Lambda(self, node: ast.Lambda, ctx: Context) -> None:
        self._check(node.params, ctx)
