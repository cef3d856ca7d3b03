"""E109: assignment to a slice or through `::`."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register


@register
class InvalidAssignment(Rule):
    """`t[1..2] = v` or `obj::name = v`.

    ## Why is this bad?
    Slices are copies and `::` reads the metatable; neither can be assigned. The compiler
    rejects the file with "Can't assign to a slice." or "Can't assign through metatable
    method access.".

    ## Example
    ```toi
    t = {1, 2, 3}
    t[1..2] = {9, 9}
    ```

    ## Use instead
    ```toi
    t = {1, 2, 3}
    t[1] = 9
    t[2] = 9
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "E109"
    name = "invalid-assignment"
    severity = Severity.ERROR

    def batch_Assign(self, nodes: list[ast.Assign], ctx: Context) -> None:
        for node in nodes:
            if node.op not in ("=", ":="):
                continue
            if isinstance(node.target, ast.Slice):
                ctx.report(self, (node.op_start, node.op_start + len(node.op)), "Can't assign to a slice.")
            elif isinstance(node.target, ast.Attribute) and node.target.meta:
                at = (node.op_start, node.op_start + len(node.op))
                ctx.report(self, at, "Can't assign through metatable method access.")
