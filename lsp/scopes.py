"""What the semantic model says about one place of a document: the names visible there.

Shared by completion, rename, hover and signature help. Visibility follows Toi's compiler
(see :mod:`toilint.semantic.model`): a name is visible at an offset when its scope encloses
the offset and it was declared above it (a function cannot see a local declared below it,
and a local of an ``if`` body is gone after the body); an inner declaration hides an outer
one. Native globals (``str``, ``type``...) and the file's own globals come last.

Half-typed code has no tree until the parser recovers from errors, so the model of the last
version that parsed is kept per document (:class:`LastGood`) with a way to map an offset of
the current text back into that version's text.
"""

from __future__ import annotations

import attrs

from toilint import ast
from toilint.lsp.analysis import Analysis
from toilint.semantic import Binding, SemanticModel, build
from toilint.semantic.stdlib import CORE_GLOBALS


def model(analysis: Analysis | None) -> SemanticModel | None:
    """The analysis's semantic model, built on first use (linting does not keep it)."""
    if analysis is None:
        return None
    result = analysis.result
    if result is None or result.parse.module is None:
        return None
    if analysis.semantic is None:
        analysis.semantic = build(result.parse.module, result.text)
    semantic: SemanticModel = analysis.semantic
    return semantic


def name_at(module: ast.Node, offset: int) -> ast.Name | None:
    """The innermost Name under the cursor (a cursor just after the name counts too)."""
    best: ast.Name | None = None
    stack: list[ast.Node] = [module]
    while stack:
        node = stack.pop()
        if not (node.start <= offset <= node.end):
            continue
        if isinstance(node, ast.Name):
            if best is None or node.end - node.start < best.end - best.start or best.end == offset:
                best = node
            continue
        stack.extend(node.children())
    return best


def _contains(node: ast.Node, offset: int) -> bool:
    if isinstance(node, ast.Module):
        return True
    return node.start <= offset <= node.end


def visible(sm: SemanticModel, offset: int) -> dict[str, Binding]:
    """Every name visible at ``offset``, each mapped to the variable it would read there."""
    out: dict[str, Binding] = {}
    for name in sorted(CORE_GLOBALS):
        binding = sm.globals.get(name)
        out[name] = (
            binding if binding is not None else Binding(name, "builtin", sm.module, sm.module, None, is_global=True)
        )
    for name in sm.global_definitions:
        out[name] = sm.globals[name]
    scopes = [s for s in sm.scopes if _contains(s.node, offset)]
    scopes.sort(key=lambda s: (s.node.start if not isinstance(s.node, ast.Module) else -1, -s.node.end))
    for scope in scopes:
        for binding in scope.bindings:
            if binding.node.start < offset and not _inside_own_name(binding, offset):
                out[binding.name] = binding
    return out


def _inside_own_name(binding: Binding, offset: int) -> bool:
    return binding.node.start <= offset <= binding.node.end


def lookup(sm: SemanticModel, name: str, offset: int) -> Binding | None:
    return visible(sm, offset).get(name)


# --------------------------------------------------------------------------- last good version


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    step = 1024
    while i + step <= n and a[i : i + step] == b[i : i + step]:
        i += step
    while i < n and a[i] == b[i]:
        i += 1
    return i


@attrs.define
class Snapshot:
    """A version of a document that parsed, and its model."""

    analysis: Analysis
    model: SemanticModel

    def offset_in(self, text: str, offset: int) -> int:
        """Where ``offset`` of ``text`` (a later version) falls in this version's text.

        Text before the first change keeps its offsets, text after the last change moves by
        the length difference, and an offset inside the changed stretch maps to its start
        (the scope the user is typing in).
        """
        old = self.analysis.text
        if old is text or old == text:
            return offset
        prefix = _common_prefix(old, text)
        if offset <= prefix:
            return offset
        limit = min(len(old), len(text)) - prefix
        suffix = min(_common_prefix(old[::-1], text[::-1]), limit)
        if offset >= len(text) - suffix:
            return offset - (len(text) - len(old))
        return prefix


class LastGood:
    """The newest analysis of each document whose text parsed."""

    def __init__(self) -> None:
        self._by_uri: dict[str, Snapshot] = {}

    def remember(self, uri: str, analysis: Analysis | None) -> Snapshot | None:
        sm = model(analysis)
        if analysis is None or sm is None:
            return None
        known = self._by_uri.get(uri)
        if known is None or known.analysis.version <= analysis.version:
            self._by_uri[uri] = Snapshot(analysis, sm)
        return self._by_uri[uri]

    def get(self, uri: str) -> Snapshot | None:
        return self._by_uri.get(uri)

    def forget(self, uri: str) -> None:
        self._by_uri.pop(uri, None)
