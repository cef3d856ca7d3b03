"""The semantic model's view of the tree: its pre-order list, parent map and subtrees are the
tree's own (the checker walks the list; rules ask parents, ancestors and subtrees)."""

from __future__ import annotations

from pathlib import Path

from tests.semantic.semantic_helpers import model_of
from toilint.visitor import iter_nodes

PROGRAMS = Path(__file__).parent.parent / "programs"


def test_preorder_parents_and_subtrees_match_the_tree() -> None:
    paths = sorted(PROGRAMS.glob("*.toi"))
    assert paths
    for path in paths:
        module, model = model_of(path.read_text(encoding="utf-8"))
        assert model.preorder() == iter_nodes(module), path
        assert model.parent(module) is None
        for node in model.preorder():
            for child in node.children():
                assert model.parent(child) is node, (path, child)
            assert model.subtree(node) == iter_nodes(node), (path, node)


def test_subtree_of_a_node_from_another_tree_is_walked() -> None:
    _, model = model_of("x = 1\n")
    other, _ = model_of("if a\n    print(b)\n")
    statement = other.body[0]
    assert model.subtree(statement) == iter_nodes(statement)
