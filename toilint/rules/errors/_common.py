"""Shared bits of the compile-error rules: where the compiler points."""

from __future__ import annotations

import re

from toilint import ast


def token_before(text: str, offset: int, token: str) -> tuple[int, int]:
    """Span of the last ``token`` that ends at or before ``offset`` (the compiler's *previous*)."""
    i = text.rfind(token, 0, offset)
    if i < 0:
        return offset, offset
    return i, i + len(token)


def keyword_before(text: str, offset: int, word: str) -> tuple[int, int]:
    """Like :func:`token_before` for a keyword: whole words only."""
    for m in reversed(list(re.finditer(rf"\b{re.escape(word)}\b", text[:offset]))):
        return m.start(), m.end()
    return offset, offset


def last_token(text: str, node: ast.Node) -> tuple[int, int]:
    """Approximate span of the last token of ``node`` (its final character)."""
    end = node.end
    while end > node.start and text[end - 1] in " \t\r\n":
        end -= 1
    return max(node.start, end - 1), end
