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
from toilint.lsp.positions import PositionMap, _units
from toilint.lsp.scopes import Snapshot
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
    """start offset of a Name -> (token type, modifiers); once per model (edits reuse the last one's)."""
    # kept in the model's memo, not a weak mapping: the compiled build's models have no weak refs
    known = sm.memo.get("lsp.name_kinds")
    if known is None:
        known = sm.memo["lsp.name_kinds"] = _classify(sm)
    return known


def _classify(sm: SemanticModel) -> dict[int, tuple[int, int]]:
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


def semantic_tokens(
    text: str,
    sm: SemanticModel | None,
    pmap: PositionMap,
    comments: tuple[ast.Comment, ...] | None = None,
    earlier: Snapshot | None = None,
) -> list[int]:
    """The encoded tokens of ``text``.

    With ``sm`` (the model of this very text), names are classified by it, and its cached
    tokens and the parser's comments are reused. Without it, the text is lexed and names are
    classified by ``earlier``, the model of a previous version, through the offsets the edit
    did not move: a token request right after a keystroke does not wait for the new version
    to be analyzed (only names inside the edited stretch stay unclassified until then).
    """
    spans: list[tuple[int, int, int, int]] = []
    if sm is not None and comments is not None:
        tokens = sm.tokens()
        comment_spans = [(c.start, c.end) for c in comments]
    else:
        lexed = tokenize(text.split("\0", 1)[0])
        tokens = [(t[0], t[2], t[3]) for t in lexed.tokens]
        comment_spans = lexed.comments
    if sm is not None:
        kinds = _name_kinds(sm)
    elif earlier is not None:
        old_kinds = _name_kinds(earlier.model)
        to_old = earlier.mapper(text)
        old_text = earlier.analysis.text
        kinds = {}
        for kind, start, end in tokens:
            if kind == "NAME":
                old = to_old(start)
                found = old_kinds.get(old)
                if found is not None and old_text[old : old + end - start] == text[start:end]:
                    kinds[start] = found
    else:
        kinds = {}
    keyword, literal = _T["keyword"], {k: _T[v] for k, v in _LITERAL.items()}
    for kind, start, end in tokens:
        if kind in _KEYWORD_TYPES:
            spans.append((start, end, keyword, 0))
        elif kind in literal:
            spans.append((start, end, literal[kind], 0))
        elif kind == "NAME":
            found = kinds.get(start)
            if found is not None:
                spans.append((start, end, found[0], found[1]))
    for start, end in comment_spans:
        spans.append((start, end, _T["comment"], 0))
    spans.sort()
    return _encode(spans, pmap)


def _encode(spans: list[tuple[int, int, int, int]], pmap: PositionMap) -> list[int]:
    """The protocol's relative encoding; one token per line of a multi-line token.

    Spans arrive in order, so the line is found by moving forward, not by searching; columns
    are counted in the client's code units only on lines that are not ASCII.
    """
    text, starts, ends, encoding = pmap.text, pmap.starts, pmap.ends, pmap.encoding
    last = len(starts) - 1
    data: list[int] = []
    append = data.extend
    line = 0
    ascii_line = text[starts[0] : ends[0]].isascii()
    prev_line = prev_char = 0
    for start, end, kind, mods in spans:
        while start < end:
            moved = False
            while line < last and starts[line + 1] <= start:
                line += 1
                moved = True
            if moved:
                ascii_line = text[starts[line] : ends[line]].isascii()
            line_start = starts[line]
            stop = min(end, ends[line])
            if ascii_line:
                char, length = start - line_start, stop - start
            else:
                char = _units(text[line_start:start], encoding)
                length = _units(text[start:stop], encoding)
            if length > 0:
                append((line - prev_line, char - prev_char if line == prev_line else char, length, kind, mods))
                prev_line, prev_char = line, char
            if line >= last:
                break
            start = max(stop, starts[line + 1])
    return data


def delta(old: list[int], new: list[int]) -> list[types.SemanticTokensEdit]:
    """One edit turning ``old`` into ``new`` (the changed middle of the number array)."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    if prefix == len(old) == len(new):
        return []
    return [
        types.SemanticTokensEdit(
            start=prefix, delete_count=len(old) - prefix - suffix, data=new[prefix : len(new) - suffix]
        )
    ]
