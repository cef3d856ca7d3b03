"""W212: assigning a variable to itself."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.rules.base import Rule, register
from toilint.semantic.predicates import unparen


@register
class SelfAssignment(Rule):
    """Assigns a variable its own value: `x = x`.

    ## Why is this bad?
    It does nothing, so it is a leftover or a typo for another name (luacheck and ruff report
    it). Only plain variables are reported: `t.x = t.x` can copy a value that `__index`
    provides into the table and is left alone.

    ## Example
    ```toi
    fn f(width, height)
        width = width
        return width * height
    ```

    ## Use instead
    ```toi
    fn f(width, height)
        return width * height
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "W212"
    name = "self-assignment"

    def batch_Assign(self, nodes: list[ast.Assign], ctx: Context) -> None:
        for node in nodes:
            if node.op not in ("=", ":="):
                continue
            target, value = node.target, node.value
            if type(value) is ast.Paren:  # (every assignment: most values are not parenthesised)
                value = unparen(value)
            if not (isinstance(target, ast.Name) and isinstance(value, ast.Name) and target.id == value.id):
                continue
            sem = ctx.semantic
            binding = sem.binding_of(target)
            if binding is not None and binding is sem.binding_of(value):
                ctx.report(self, node, f"'{target.id}' is assigned to itself")
