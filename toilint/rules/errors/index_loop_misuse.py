"""E112: `i#` or a range with several iterator expressions."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register
from toilint.syntax.facts import parsed_as_range

RANGE_MESSAGE = "Range expression cannot be used with multiple iterator expressions."
INDEX_MESSAGE = "Index loop syntax 'i#' only works with implicit table iteration."


@register
class IndexLoopMisuse(Rule):
    """`for i#, v in f, s` or `for i in 1..n, x`.

    ## Why is this bad?
    `i#` iterates a table's array part and a range is its own iterator: neither combines with
    the explicit `iterator, state, control` form. The compiler rejects the file with "Index
    loop syntax 'i#' only works with implicit table iteration." or "Range expression cannot
    be used with multiple iterator expressions." (in a comprehension the latter crashes the
    compiler).

    ## Example
    ```toi
    for i#, v in items, 1
        print i, v
    ```

    ## Use instead
    ```toi
    for i#, v in items
        print i, v
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "E112"
    name = "index-loop-misuse"
    severity = Severity.ERROR

    def _check(self, node: ast.For | ast.Comprehension, ctx: Context) -> None:
        if len(node.iters) < 2:
            return
        if len(node.targets) == 1 and not node.indexed and parsed_as_range(node.iters[0]):
            ctx.report(self, ctx.semantic.token_before(node.iters[0].end), RANGE_MESSAGE)
        elif node.indexed:
            ctx.report(self, ctx.semantic.token_before(node.iters[-1].end), INDEX_MESSAGE)

    def visit_For(self, node: ast.For, ctx: Context) -> None:
        self._check(node, ctx)

    def visit_Comprehension(self, node: ast.Comprehension, ctx: Context) -> None:
        self._check(node, ctx)
