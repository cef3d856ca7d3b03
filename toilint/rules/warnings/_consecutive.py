"""Rules that compare each statement with the next one of the same block (W210, W211)."""

from __future__ import annotations

from itertools import pairwise

from toilint import ast
from toilint.context import Context
from toilint.rules.base import Rule


class ConsecutiveStatements(Rule):
    """Calls :meth:`pair` for every two consecutive statements of the module and of each block."""

    def visit_Module(self, node: ast.Module, ctx: Context) -> None:
        for first, second in pairwise(node.body):
            self.pair(first, second, ctx)

    def visit_Block(self, node: ast.Block, ctx: Context) -> None:
        for first, second in pairwise(node.body):
            self.pair(first, second, ctx)

    def pair(self, first: ast.Stmt, second: ast.Stmt, ctx: Context) -> None:
        raise NotImplementedError
