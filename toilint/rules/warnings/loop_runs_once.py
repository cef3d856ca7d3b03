"""W214: a loop whose body always leaves it in the first iteration."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.rules.base import Rule, register


@register
class LoopRunsOnce(Rule):
    """A `for` or `while` loop whose body ends in `return`, `break` or `throw` and has no `continue`.

    ## Why is this bad?
    The body runs at most once, so the loop is an `if` in disguise, or the exit was meant to
    be inside a condition (luacheck's "loop is executed at most once").

    ## Example
    ```toi
    fn first_even(xs)
        for x in xs
            if x % 2 == 0
                print(x)
            return x
    ```

    ## Use instead
    ```toi
    fn first_even(xs)
        for x in xs
            if x % 2 == 0
                return x
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "W214"
    name = "loop-runs-once"

    def visit_For(self, node: ast.For, ctx: Context) -> None:
        self._check(node, ctx)

    def visit_While(self, node: ast.While, ctx: Context) -> None:
        self._check(node, ctx)

    def _check(self, loop: ast.For | ast.While, ctx: Context) -> None:
        body = loop.body.body
        if not body or not isinstance(body[-1], (ast.Return, ast.Break, ast.Throw)):
            return
        if _has_continue(loop.body):
            return
        keyword = "for" if isinstance(loop, ast.For) else "while"
        ctx.report(
            self,
            (loop.start, loop.start + len(keyword)),
            f"this loop runs at most once: its body always ends in `{_word(body[-1])}`",
        )


def _word(stmt: ast.Stmt) -> str:
    return {ast.Return: "return", ast.Break: "break", ast.Throw: "throw"}[type(stmt)]


def _has_continue(node: ast.Node) -> bool:
    for child in node.children():
        if isinstance(child, ast.Continue):
            return True
        if isinstance(child, (ast.For, ast.While, ast.FunctionDef, ast.Lambda, ast.Comprehension)):
            continue  # a continue there belongs to another loop or function
        if _has_continue(child):
            return True
    return False
