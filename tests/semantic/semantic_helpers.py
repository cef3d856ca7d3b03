"""Helpers for semantic-model tests: parse Toi text, find nodes by type and name."""

from __future__ import annotations

from typing import TypeVar

from toilint import ast
from toilint.semantic import SemanticModel, build
from toilint.syntax import parse
from toilint.visitor import iter_nodes

N = TypeVar("N", bound=ast.Node)


def model_of(text: str) -> tuple[ast.Module, SemanticModel]:
    result = parse(text)
    assert result.module is not None, result.errors
    return result.module, build(result.module, text)


def nodes(module: ast.Node, cls: type[N]) -> list[N]:
    return [n for n in iter_nodes(module) if isinstance(n, cls)]


def names(module: ast.Node, ident: str) -> list[ast.Name]:
    """Every Name node spelled ``ident``, in source order."""
    return sorted((n for n in nodes(module, ast.Name) if n.id == ident), key=lambda n: n.start)
