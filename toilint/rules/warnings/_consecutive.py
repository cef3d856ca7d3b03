"""Rules that compare each statement with the next one of the same block (W210, W211)."""

from __future__ import annotations

from toilint import ast
from toilint._typing import Any, Generic, TypeVar
from toilint.context import Context
from toilint.rules.base import Rule

K = TypeVar("K")


class ConsecutiveStatements(Rule, Generic[K]):
    """Calls :meth:`pair` for every two consecutive statements of the module and of each block
    that both have a :meth:`key` (what the rule compares; None for statements it never pairs).

    A key is only ever found for an assignment statement or a ``local`` (``_assignments``): the
    others are not asked, and a block with fewer than two of them has no pair at all (most
    blocks). Each statement's key is worked out once, not once as the first and again as the
    second of a pair: the rules run for every statement of every file.
    """

    def visit_Module(self, node: ast.Module, ctx: Context) -> None:
        self._pairs(node.body, _assignments(node.body), ctx)

    def batch_Block(self, nodes: list[ast.Block], ctx: Context) -> None:
        for block, positions in _paired_blocks(ctx.semantic.memo, nodes):
            self._pairs(block.body, positions, ctx)

    def _pairs(self, body: tuple[ast.Stmt, ...], positions: list[int], ctx: Context) -> None:
        if len(positions) < 2:
            return  # fewer than two statements that may have a key, so no pair
        key = self.key
        last = -2  # the position of the last statement with a key
        before: K | None = None
        for i in positions:
            after = key(body[i])
            if after is None:
                continue
            if last == i - 1:
                assert before is not None
                self.pair(body[i - 1], body[i], before, after, ctx)
            last, before = i, after

    def key(self, stmt: ast.Stmt) -> K | None:
        """What the rule compares of an assignment statement or a ``local`` (None for the others)."""
        raise NotImplementedError

    def pair(self, first: ast.Stmt, second: ast.Stmt, first_key: K, second_key: K, ctx: Context) -> None:
        raise NotImplementedError


def _assignments(body: tuple[ast.Stmt, ...]) -> list[int]:
    """The positions in ``body`` of its assignment statements and ``local``s."""
    # exact types (node classes have no subclasses)
    return [
        i
        for i, stmt in enumerate(body)
        if (type(stmt) is ast.ExprStmt and type(stmt.expr) is ast.Assign) or type(stmt) is ast.Local
    ]


def _paired_blocks(memo: dict[str, dict[Any, Any]], blocks: list[ast.Block]) -> list[tuple[ast.Block, list[int]]]:
    """The blocks with two or more assignment statements and ``local``s, with their positions:
    worked out once per file for both rules (most blocks have fewer, so no pair at all)."""
    slot = memo.setdefault("consecutive_blocks", {})
    found: list[tuple[ast.Block, list[int]]] | None = slot.get("")
    if found is None:
        found = slot[""] = []
        for block in blocks:
            body = block.body
            if len(body) >= 2:  # (one-statement bodies are common)
                positions = _assignments(body)
                if len(positions) >= 2:
                    found.append((block, positions))
    return found
