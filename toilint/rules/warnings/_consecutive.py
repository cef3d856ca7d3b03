"""Rules that compare each statement with the next one of the same block (W210, W211)."""

from __future__ import annotations

from typing import Generic, TypeVar

from toilint import ast
from toilint.context import Context
from toilint.rules.base import Rule

K = TypeVar("K")


class ConsecutiveStatements(Rule, Generic[K]):
    """Calls :meth:`pair` for every two consecutive statements of the module and of each block
    that both have a :meth:`key` (what the rule compares; None for statements it never pairs).

    Each statement's key is worked out once, not once as the first and again as the second of
    a pair, and most statements have none: the rules run for every statement of every file.
    """

    def visit_Module(self, node: ast.Module, ctx: Context) -> None:
        self._pairs(node.body, ctx)

    def visit_Block(self, node: ast.Block, ctx: Context) -> None:
        self._pairs(node.body, ctx)

    def _pairs(self, body: tuple[ast.Stmt, ...], ctx: Context) -> None:
        if len(body) < 2:
            return  # no pair (one-statement bodies are common: no key is worked out for them)
        keys = list(map(self.key, body))  # (every statement of every block: a loop in C)
        if len(keys) - keys.count(None) < 2:
            return  # no two statements with a key, so no pair (most blocks: counted in C)
        for i in range(1, len(keys)):
            after = keys[i]
            if after is not None:
                before = keys[i - 1]
                if before is not None:
                    self.pair(body[i - 1], body[i], before, after, ctx)

    def key(self, stmt: ast.Stmt) -> K | None:
        raise NotImplementedError

    def pair(self, first: ast.Stmt, second: ast.Stmt, first_key: K, second_key: K, ctx: Context) -> None:
        raise NotImplementedError
