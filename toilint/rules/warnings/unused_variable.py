"""W202: a local variable or local function that is never read."""

from __future__ import annotations

from toilint.context import Context
from toilint.rules.base import Rule, register


@register
class UnusedVariable(Rule):
    """A local variable (or a local function) is assigned but never read.

    ## Why is this bad?
    It is dead code, or a typo: the value was meant to be used under another name. Names
    starting with `_` are exempt, as are parameters, loop variables and `except` names.

    ## Example
    ```toi
    fn area(w, h)
        result = w * h
        return w * w
    ```

    ## Use instead
    ```toi
    fn area(w, h)
        return w * h
    ```

    ## Fix safety
    No automatic fix: removing the assignment would also remove the side effects of its
    value.
    """

    code = "W202"
    name = "unused-variable"
    unnecessary = True

    def finish(self, ctx: Context) -> None:
        for b in ctx.semantic.bindings:
            if b.kind not in ("local", "function") or b.references or b.name.startswith("_"):
                continue
            ctx.report(self, b.node, f"unused variable '{b.name}'")
