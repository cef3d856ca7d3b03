"""W208: a declaration hides a variable of an enclosing scope."""

from __future__ import annotations

from toilint.context import Context
from toilint.rules.base import Rule, register
from toilint.semantic import Binding

_WHAT = {
    "param": "parameter",
    "for": "loop variable",
    "function": "function",
    "import": "import",
    "from-import": "import",
    "except": "exception variable",
    "with": "variable",
    "comprehension": "comprehension variable",
    "local": "variable",
}


@register
class ShadowedVariable(Rule):
    """A parameter, loop variable, `local` or nested `fn` hides a visible outer variable.

    It reuses the name of a variable of an enclosing block or function that is still visible.

    ## Why is this bad?
    Inside the inner scope the outer variable cannot be reached, and code meant for one often
    reads or writes the other; luacheck reports it for the same reason. (A plain assignment
    `x = 2` in an inner block does not shadow: Toi assigns the outer `x`.) Names starting with
    `_` are exempt.

    ## Example
    ```toi
    fn total(items)
        sum = 0
        for items in items
            sum += items
        return sum
    ```

    ## Use instead
    ```toi
    fn total(items)
        sum = 0
        for item in items
            sum += item
        return sum
    ```

    ## Fix safety
    No automatic fix: renaming is for the author to choose.
    """

    code = "W208"
    name = "shadowed-variable"
    status = "preview"

    def finish(self, ctx: Context) -> None:
        for b in ctx.semantic.bindings:
            if b.scope is None or b.name.startswith("_") or b.kind not in _WHAT:
                continue
            outer = _shadowed(b)
            if outer is not None:
                line = ctx.lines.line_of(outer.node.start)
                ctx.report(self, b.node, f"'{b.name}' shadows the {_WHAT[outer.kind]} on line {line}")


def _shadowed(b: Binding) -> Binding | None:
    assert b.scope is not None
    scope = b.scope.parent
    while scope is not None:
        for o in scope.bindings:
            if o.name == b.name and o.node.start < b.node.start and o.kind in _WHAT:
                return o
        scope = scope.parent
    return None
