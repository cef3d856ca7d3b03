"""A libcst-style visitor over :mod:`toilint.ast`.

``visit_<Node>(node)`` runs before the children and may return ``False`` to skip them;
``leave_<Node>(node)`` runs after. Handlers are looked up once per node class, so a visitor
that handles three node types pays nothing for the other forty.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from toilint import ast


class Visitor:
    def __init__(self) -> None:
        self._dispatch: dict[type[ast.Node], tuple[Callable[[Any], Any] | None, Callable[[Any], Any] | None]] = {}

    def _handlers(self, cls: type[ast.Node]) -> tuple[Callable[[Any], Any] | None, Callable[[Any], Any] | None]:
        found = self._dispatch.get(cls)
        if found is None:
            name = cls.__name__
            found = (getattr(self, "visit_" + name, None), getattr(self, "leave_" + name, None))
            self._dispatch[cls] = found
        return found

    def walk(self, node: ast.Node) -> None:
        """Visit ``node`` and its subtree (iteratively: deep Toi nesting must not overflow)."""
        stack: list[tuple[ast.Node, bool]] = [(node, False)]
        handlers = self._handlers
        while stack:
            current, leaving = stack.pop()
            visit, leave = handlers(type(current))
            if leaving:
                if leave is not None:
                    leave(current)
                continue
            if visit is not None and visit(current) is False:
                if leave is not None:
                    leave(current)
                continue
            stack.append((current, True))
            stack.extend([(child, False) for child in current._rchildren()])


def iter_nodes(node: ast.Node) -> list[ast.Node]:
    """All nodes of a subtree in pre-order (for queries that do not need leave events)."""
    out: list[ast.Node] = []
    append = out.append
    stack = [node]
    pop = stack.pop
    push = stack.extend
    while stack:
        current = pop()
        append(current)
        push(current._rchildren())
    return out
