"""Walking a subtree of :mod:`toilint.ast` without recursion (deep Toi nesting must not overflow).

The libcst-style ``visit_<Node>`` / ``leave_<Node>`` protocol lives in the checker
(:mod:`toilint.checker`), which dispatches every node to every enabled rule in one walk.
"""

from __future__ import annotations

from toilint import ast


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


def last_node(node: ast.Node) -> ast.Node:
    """The last node of ``node``'s subtree in pre-order (its last child's last child...)."""
    kids = node._rchildren()
    while kids:
        node = kids[0]  # the last child: ``_rchildren`` lists them in reverse
        kids = node._rchildren()
    return node
