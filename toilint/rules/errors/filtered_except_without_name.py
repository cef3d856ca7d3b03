"""E114: `except if cond` without an exception variable."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register

MESSAGE = "Filtered except requires an exception variable: use 'except e if ...'."


@register
class FilteredExceptWithoutName(Rule):
    """An `except` filter with no variable to test.

    ## Why is this bad?
    The compiler rejects the file with "Filtered except requires an exception variable: use
    'except e if ...'.": the filter can only look at the exception through a name.

    ## Example
    ```toi
    try
        risky()
    except if retry
        print "again"
    ```

    ## Use instead
    ```toi
    try
        risky()
    except e if retry
        print "again"
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "E114"
    name = "filtered-except-without-name"
    severity = Severity.ERROR

    def visit_Except(self, node: ast.Except, ctx: Context) -> None:
        if node.name is None and node.filter is not None:
            ctx.report(self, ctx.semantic.token_before(node.filter.start), MESSAGE)
