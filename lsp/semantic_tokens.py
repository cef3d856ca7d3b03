"""Semantic tokens (full document): what each name is, as the semantic model resolved it.

Keywords, strings, numbers and comments come from the lexer; names are classified by their
binding: a function, a parameter, a module (imports), a native global (``defaultLibrary``),
a field after ``.``, with ``declaration`` on the name that declares a variable and
``readonly`` never (Toi has no constants). Multi-line strings are split per line (clients need
not support multi-line tokens).
"""

from __future__ import annotations

from lsprotocol import types

from toilint import ast
from toilint.lsp.positions import PositionMap
from toilint.semantic import SemanticModel
from toilint.syntax.lexer import KEYWORDS, tokenize

TOKEN_TYPES = [
    "namespace", "function", "method", "parameter", "variable", "property",
    "keyword", "string", "number", "comment", "operator",
]  # fmt: skip
TOKEN_MODIFIERS = ["declaration", "defaultLibrary", "global"]
LEGEND = types.SemanticTokensLegend(token_types=TOKEN_TYPES, token_modifiers=TOKEN_MODIFIERS)

_T = {name: i for i, name in enumerate(TOKEN_TYPES)}
_DECL, _LIB, _GLOBAL = 1, 2, 4
_KEYWORD_TYPES = frozenset(KEYWORDS.values()) | {"MATCH", "CASE"}
_LITERAL = {"STRING": "string", "FSTRING": "string", "NUMBER": "number"}


def _name_kinds(sm: SemanticModel) -> dict[int, tuple[int, int]]:
    """start offset of a Name -> (token type, modifiers)."""
    out: dict[int, tuple[int, int]] = {}
    for node in sm._nodes:
        if isinstance(node, ast.Attribute):
            called = isinstance(sm.parent(node), ast.Call)
            out[node.name.start] = (_T["method" if called else "property"], 0)
        elif isinstance(node, ast.FieldEntry):
            kind = "method" if isinstance(node.value, ast.Lambda) else "property"
            out[node.name.start] = (_T[kind], _DECL)
        elif isinstance(node, ast.Arg) and node.name is not None:
            out[node.name.start] = (_T["parameter"], 0)
    for b in sm.bindings:
        functions = sm.functions_of(b)
        if b.kind in ("import",):
            kind = "namespace"
        elif b.kind == "param":
            kind = "parameter"
        elif b.kind == "function" or (functions and len(functions) == len(b.assignments)):
            kind = "function"
        elif b.kind == "builtin":
            kind = "function"
        else:
            kind = "variable"
        mods = (_LIB if b.kind == "builtin" else 0) | (_GLOBAL if b.scope is None else 0)
        declared = {b.node.start} if b.scope is not None else set()
        for n in (*b.assignments, *b.references):
            out.setdefault(n.start, (_T[kind], mods | (_DECL if n.start in declared else 0)))
        if b.scope is not None:
            out[b.node.start] = (_T[kind], mods | _DECL)
    return out


def semantic_tokens(text: str, sm: SemanticModel | None, pmap: PositionMap) -> list[int]:
    spans: list[tuple[int, int, int, int]] = []
    lexed = tokenize(text.split("\0", 1)[0])
    kinds = _name_kinds(sm) if sm is not None else {}
    for tok in lexed.tokens:
        if tok.type in _KEYWORD_TYPES:
            spans.append((tok.start, tok.end, _T["keyword"], 0))
        elif tok.type in _LITERAL:
            spans.append((tok.start, tok.end, _T[_LITERAL[tok.type]], 0))
        elif tok.type == "NAME":
            found = kinds.get(tok.start)
            if found is not None:
                spans.append((tok.start, tok.end, found[0], found[1]))
    for start, end in lexed.comments:
        spans.append((start, end, _T["comment"], 0))
    spans.sort()
    data: list[int] = []
    prev_line = prev_char = 0
    for start, end, kind, mods in spans:
        # one token per line of a multi-line string
        while start < end:
            pos = pmap.position(start)
            line_end = pmap.ends[pos.line] if pos.line < len(pmap.ends) else end
            stop = min(end, line_end)
            length = pmap.position(stop).character - pos.character
            if length > 0:
                delta_line = pos.line - prev_line
                delta_char = pos.character - prev_char if delta_line == 0 else pos.character
                data += [delta_line, delta_char, length, kind, mods]
                prev_line, prev_char = pos.line, pos.character
            if pos.line + 1 >= len(pmap.starts):
                break
            start = max(stop, pmap.starts[pos.line + 1])
    return data
