"""W209: a function never reads one of its parameters."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.rules.base import Rule, register


@register
class UnusedParameter(Rule):
    """A parameter is never read in the function's body.

    ## Why is this bad?
    It may be a leftover, or the body reads a different name than intended. Often it is
    required by a caller's convention (callbacks, methods whose first parameter is `self`),
    which is why this rule is off by default (preview: select `W209` to run it). Names
    starting with `_` are exempt, and so is `self`.

    ## Example
    ```toi
    fn scale(x, factor)
        return x * 2
    ```

    ## Use instead
    ```toi
    fn scale(x, factor)
        return x * factor
    ```

    ## Fix safety
    No automatic fix: removing a parameter changes every call.
    """

    code = "W209"
    name = "unused-parameter"
    status = "preview"
    unnecessary = True

    def finish(self, ctx: Context) -> None:
        for b in ctx.semantic.bindings:
            if b.kind != "param" or b.references or b.name.startswith("_") or b.name == "self":
                continue
            if len(b.assignments) > 1:
                continue  # written again in the body: W202 territory
            if isinstance(b.decl, ast.Param) and b.decl.star and b.name == "args":
                continue
            ctx.report(self, b.node, f"unused parameter '{b.name}'")
