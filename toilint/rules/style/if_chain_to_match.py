"""STY008: an `if`/`elif` chain that compares one value with literals, where `match` reads better."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.rules.base import Rule, register
from toilint.semantic.predicates import unparen

#: branches (the `if` and its `elif`s) that make a chain "long"
MIN_BRANCHES = 3

_LITERALS = (ast.String, ast.Number, ast.Bool, ast.Nil)


def _subject(test: ast.Expr, ctx: Context) -> str | None:
    test = unparen(test)
    if not isinstance(test, ast.Binary) or test.op != "==":
        return None
    left, right = unparen(test.left), unparen(test.right)
    if isinstance(right, _LITERALS) and not isinstance(left, _LITERALS):
        return ctx.source(left)
    if isinstance(left, _LITERALS) and not isinstance(right, _LITERALS):
        return ctx.source(right)
    return None


@register
class IfChainToMatch(Rule):
    """Dispatches on one value with a long `if`/`elif` chain of `==` tests.

    ## Why is this bad?
    Toi's style guide (`AGENTS.md`, "Toi Style Preferences"): *Prefer `match/case` over long
    `if/elif/else` chains when matching by value or shape.* A `match` names the value once and
    lists the cases, so a reader sees at a glance that every branch tests the same thing.
    Reported when an `if` and at least two `elif`s all compare the same expression with a
    literal.

    ## Example
    ```toi
    fn color(kind)
        if kind == "toi"
            return "green"
        elif kind == "js"
            return "yellow"
        elif kind == "css"
            return "blue"
        else
            return "plain"
    ```

    ## Use instead
    ```toi
    fn color(kind)
        match kind
            case "toi"
                return "green"
            case "js"
                return "yellow"
            case "css"
                return "blue"
            else
                return "plain"
    ```

    ## Fix safety
    No fix: re-indenting every branch one level deeper is a rewrite the author should see,
    and one-line bodies (`if x == 1 print 1`) have no `case` equivalent on one line.
    """

    code = "STY008"
    name = "if-chain-to-match"
    default_enabled = False

    def visit_If(self, node: ast.If, ctx: Context) -> None:
        branches = 1 + len(node.elifs)
        if branches < MIN_BRANCHES:
            return
        subject = _subject(node.test, ctx)
        if subject is None:
            return
        if any(_subject(e.test, ctx) != subject for e in node.elifs):
            return
        end = node.test.end
        ctx.report(self, (node.start, end), f"Use `match {subject}` instead of {branches} `if`/`elif` comparisons")
