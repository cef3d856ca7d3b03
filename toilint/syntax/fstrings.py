"""f-string splitting, mirroring ``src/compiler/fstring.c``.

An FSTRING stays one token in the grammar; here it is cut into literal text and ``{expr|spec}``
interpolations. The three format errors (empty interpolation, missing expression, missing
spec) are fatal in the compiler, everything inside an expression is compiled by a nested
parser whose errors are only printed, so those become non-fatal problems.
"""

from __future__ import annotations

import re

from toilint import ast
from toilint._typing import Protocol
from toilint.syntax.lexer import Tok


class FragmentParser(Protocol):
    """What splitting an f-string needs from the parse driver (which imports this module)."""

    text: str

    def fail(self, message: str, tok: Tok, line: int | None = None) -> Exception: ...

    def fragment(
        self, start: int, end: int, prefix: bool, posmap: list[int] | None = None, text: str | None = None
    ) -> ast.Expr | None: ...


_LIT_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "{": "{", "}": "}"}
_SPACE = " \t\n\r"


def _decode_literal(s: str) -> str:
    if "\\" not in s:
        return s
    out: list[str] = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n:
            i += 1
            e = s[i]
            out.append(_LIT_ESCAPES.get(e, "\\" + e))
        else:
            out.append(c)
        i += 1
    return "".join(out)


#: bracket tables for ``find_depth0``: an opener maps to its kind (0 paren, 1 bracket, 2 brace),
#: a closer to ``~kind``
ALL_BRACKETS = {"(": 0, "[": 1, "{": 2, ")": ~0, "]": ~1, "}": ~2}
_BRACES = {"{": 2, "}": ~2}
#: every character at which ``find_depth0`` may do more than step over it
_SCANNED = re.compile(r"""[\[\](){}"'\\-]""")


def find_depth0(src: str, i: int, n: int, brackets: dict[str, int], target: str, lexical: bool = True) -> int:
    """Index of the first ``target`` character at bracket depth 0 in ``src[i:n]``, or -1.

    One depth per bracket kind in ``brackets`` (a closer never takes a depth below 0). Quoted
    strings (with backslash escapes) are skipped; with ``lexical``, so are long strings
    ``[[...]]``, ``--`` comments and backslash escapes outside quotes, as the compiler's
    f-string scanner does (``find_comprehension_assign`` does not)."""
    j = src.find(target, i, n)
    if j < 0:
        return -1
    if _SCANNED.search(src, i, j) is None:  # nothing before it opens a depth or a quote: found (in C)
        return j
    depth = [0, 0, 0]
    total = 0
    while i < n:
        c = src[i]
        if c == "[" and lexical and i + 1 < n and src[i + 1] == "[":
            i += 2
            while i < n and not (src[i] == "]" and i + 1 < n and src[i + 1] == "]"):
                i += 1
            i += 2
            continue
        if c == "-" and lexical and i + 1 < n and src[i + 1] == "-":
            i += 2
            while i < n and src[i] != "\n":
                i += 1
            continue
        if c == '"' or c == "'":
            i += 1
            while i < n:
                if src[i] == "\\" and i + 1 < n:
                    i += 2
                    continue
                if src[i] == c:
                    break
                i += 1
            i += 1
            continue
        if c == "\\" and lexical:
            i += 2 if i + 1 < n else 1
            continue
        if c == target and total == 0:
            return i
        k = brackets.get(c)
        if k is not None:
            if k >= 0:
                depth[k] += 1
                total += 1
            elif depth[~k]:
                depth[~k] -= 1
                total -= 1
        i += 1
    return -1


def _find_pipe(src: str) -> int:
    return find_depth0(src, 0, len(src), ALL_BRACKETS, "|")


def _trim(s: str, a: int, b: int) -> tuple[int, int]:
    while a < b and s[a] in _SPACE:
        a += 1
    while b > a and s[b - 1] in _SPACE:
        b -= 1
    return a, b


def _unescape(s: str, a: int, b: int, base: int) -> tuple[str, list[int]]:
    """``unescape_fstring_expr_slice`` with a map from output index to file offset."""
    if s.find("\\", a, b) < 0:
        return s[a:b], list(range(base + a, base + b))
    out: list[str] = []
    pos: list[int] = []
    j = a
    while j < b:
        c = s[j]
        if c == "\\" and j + 1 < b:
            e = s[j + 1]
            if e in '"\\{}':
                out.append(e)
                pos.append(base + j + 1)
                j += 2
                continue
            out.append("\\")
            pos.append(base + j)
            j += 1
            continue
        out.append(c)
        pos.append(base + j)
        j += 1
    return "".join(out), pos


def parse_fstring(d: FragmentParser, tok: Tok) -> ast.FString:
    raw = tok[1]
    if raw.startswith("f[["):
        body = raw[3:-2]
        base = tok[2] + 3
        kind = "[["
    else:
        body = raw[2:-1]
        base = tok[2] + 2
        kind = raw[1]
    parts: list[str | ast.Interpolation] = []
    n = len(body)
    i = 0
    while i < n:
        start = i
        i = body.find("{", i)
        if i < 0:
            i = n
        if body.find("\\", start, i) >= 0:  # an escape before it: skip escaped characters one by one
            i = start
            while i < n and body[i] != "{":
                if body[i] == "\\" and i + 1 < n:
                    i += 1
                i += 1
        if i > start:
            parts.append(_decode_literal(body[start:i]))
        if i < n and body[i] == "{":
            open_at = i
            i += 1
            es = i
            close = find_depth0(body, i, n, _BRACES, "}")
            ee = n if close < 0 else close
            i = ee + 1
            if ee <= es:
                continue
            span_end = base + min(i, n)
            split = _find_pipe(body[es:ee])
            spec: str | None = None
            if split >= 0:
                a, b = _trim(body, es, es + split)
                fa, fb = _trim(body, es + split + 1, ee)
                if a >= b:
                    raise d.fail("f-string interpolation format: missing expression before '|'.", tok)
                if fa >= fb:
                    raise d.fail("f-string interpolation format: missing format specifier after '|'.", tok)
                spec = body[fa:fb]
            else:
                a, b = _trim(body, es, ee)
                if a >= b:
                    raise d.fail("f-string interpolation is empty.", tok)
            text, posmap = _unescape(body, a, b, base)
            expr = d.fragment(base + a, base + b, spec is None, posmap, text)
            if expr is None:
                expr = ast.Invalid(base + a, base + b, d.text[base + a : base + b])
            parts.append(ast.Interpolation(base + open_at, span_end, expr, spec))
    return ast.FString(tok[2], tok[3], tuple(parts), kind)  # type: ignore[arg-type]
