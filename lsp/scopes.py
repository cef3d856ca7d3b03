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

from collections.abc import Callable

import attrs

from toilint import ast
from toilint.lsp.actions import common_prefix
from toilint.lsp.analysis import Analysis
from toilint.semantic import Binding, Scope, SemanticModel, build
from toilint.semantic.stdlib import CORE_GLOBALS


def model(analysis: Analysis | None) -> SemanticModel | None:
    """The analysis's semantic model, built on first use (linting does not keep it)."""
    if analysis is None:
        return None
    result = analysis.result
    if result is None or result.parse.module is None:
        return None
    if analysis.semantic is None:
        # the model the rules built while linting this version, else one built now
        analysis.semantic = result.semantic or build(result.parse.module, result.text, result.parse)
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


def _children(sm: SemanticModel) -> dict[int, list[Scope]]:
    """Scopes by the id of their parent scope (0 for the file's own), built once per model."""
    # kept in the model's memo, not a weak mapping: the compiled build's models have no weak refs
    tree: dict[int, list[Scope]] | None = sm.memo.get("lsp.scope_children")
    if tree is None:
        tree = sm.memo["lsp.scope_children"] = {}
        for scope in sm.scopes:
            tree.setdefault(id(scope.parent) if scope.parent is not None else 0, []).append(scope)
    return tree


def scope_chain(sm: SemanticModel, offset: int) -> list[Scope]:
    """The scopes enclosing ``offset``, outermost first."""
    tree = _children(sm)
    chain: list[Scope] = []
    level = tree.get(0, [])
    while level:
        inner = next((s for s in level if isinstance(s.node, ast.Module) or s.node.start <= offset <= s.node.end), None)
        if inner is None:
            break
        chain.append(inner)
        level = tree.get(id(inner), [])
    return chain


def _declared_before(binding: Binding, offset: int) -> bool:
    """Declared above the cursor (and the cursor is not on the declaring name itself)."""
    return binding.node.start < offset and not binding.node.start <= offset <= binding.node.end


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
    for scope in scope_chain(sm, offset):
        for binding in scope.bindings:
            if _declared_before(binding, offset):
                out[binding.name] = binding
    return out


def lookup(sm: SemanticModel, name: str, offset: int) -> Binding | None:
    """What ``name`` would read at ``offset`` (a cheaper :func:`visible` for one name)."""
    for scope in reversed(scope_chain(sm, offset)):
        found = [b for b in scope.bindings if b.name == name and _declared_before(b, offset)]
        if found:
            return found[-1]
    if name in sm.global_definitions or name in CORE_GLOBALS:
        return visible(sm, offset).get(name)
    return None


# --------------------------------------------------------------------------- last good version


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
        return self.mapper(text)(offset)

    def mapper(self, text: str) -> Callable[[int], int]:
        """:meth:`offset_in` for many offsets of one text (the changed stretch is found once)."""
        old = self.analysis.text
        if old is text or old == text:
            return lambda offset: offset
        prefix = common_prefix(old, text)
        limit = min(len(old), len(text)) - prefix
        suffix = min(common_prefix(old[::-1], text[::-1]), limit)
        after, shift = len(text) - suffix, len(text) - len(old)

        def to_old(offset: int) -> int:
            if offset <= prefix:
                return offset
            if offset >= after:
                return offset - shift
            return prefix

        return to_old


class LastGood:
    """The newest analysis of each document whose text parsed.

    :meth:`remember` is cheap (the server calls it for every analysis it finishes); the model
    is built when a request first needs it.
    """

    def __init__(self) -> None:
        self._by_uri: dict[str, Analysis] = {}

    def remember(self, uri: str, analysis: Analysis | None) -> None:
        if analysis is None or analysis.result is None or analysis.result.parse.module is None:
            return
        known = self._by_uri.get(uri)
        if known is None or known.version <= analysis.version:
            self._by_uri[uri] = analysis

    def has(self, uri: str) -> bool:
        return uri in self._by_uri

    def get(self, uri: str) -> Snapshot | None:
        analysis = self._by_uri.get(uri)
        sm = model(analysis)
        return Snapshot(analysis, sm) if analysis is not None and sm is not None else None

    def forget(self, uri: str) -> None:
        self._by_uri.pop(uri, None)
