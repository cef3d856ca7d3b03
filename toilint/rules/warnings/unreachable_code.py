"""W204: statements after return/throw/break/continue in the same block."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.rules.base import Rule, register

_TERMINATORS = (ast.Return, ast.Throw, ast.Break, ast.Continue)
_TERMINATOR_TYPES = frozenset(_TERMINATORS)  # (node classes have no subclasses)


@register
class UnreachableCode(Rule):
    """Code that follows `return`, `throw`, `break` or `continue` in the same block.

    ## Why is this bad?
    It never runs. Usually an edit left it behind, or it was meant to be inside the branch
    above. (Beware Toi's greedy `return`: a bare `return` directly followed by a statement
    on the next line *returns that statement's value*; write `return;`.)

    ## Example
    ```toi
    fn f(x)
        return x
        print "done"
    ```

    ## Use instead
    ```toi
    fn f(x)
        print "done"
        return x
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "W204"
    name = "unreachable-code"
    unnecessary = True

    def _check(self, body: tuple[ast.Stmt, ...], ctx: Context) -> None:
        if _TERMINATOR_TYPES.isdisjoint(map(type, body[:-1])):
            return  # (every block of every file: most have no terminator before their end, tested in C)
        for i, stmt in enumerate(body[:-1]):
            if isinstance(stmt, _TERMINATORS):
                ctx.report(self, (body[i + 1].start, body[-1].end), "unreachable code")
                return

    def batch_Block(self, nodes: list[ast.Block], ctx: Context) -> None:
        for node in nodes:
            body = node.body
            if not _TERMINATOR_TYPES.isdisjoint(map(type, body[:-1])):  # (most blocks: tested in C)
                self._check(body, ctx)

    def visit_Module(self, node: ast.Module, ctx: Context) -> None:
        self._check(node.body, ctx)
