"""Toi's lexer, including its layout algorithm, as one pass over the text.

This mirrors ``src/lexer.c`` token for token, because Toi's grammar is defined by what that
lexer produces: INDENT/DEDENT only outside ``{}``, no NEWLINE token, tabs counting 4, blank
and comment-only lines invisible, a whitespace-then-``\\r`` line *not* blank (the CR quirk),
and a token's line being the line where it ends. The parser driver then decides everything
that depends on grammar context; this module knows nothing about the grammar.

A lexical error ends the token list with an ``ERROR`` token (the compiler reports it only
when its parser reaches that token, so an earlier syntax error still wins).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from toilint._typing import Any

KEYWORDS: dict[str, str] = {
    "and": "AND",
    "or": "OR",
    "not": "NOT",
    "nil": "NIL",
    "gc": "GC",
    "print": "PRINT",
    "local": "LOCAL",
    "while": "WHILE",
    "break": "BREAK",
    "continue": "CONTINUE",
    "with": "WITH",
    "as": "AS",
    "try": "TRY",
    "except": "EXCEPT",
    "finally": "FINALLY",
    "throw": "THROW",
    "else": "ELSE",
    "elif": "ELIF",
    "false": "FALSE",
    "for": "FOR",
    "fn": "FN",
    "return": "RETURN",
    "yield": "YIELD",
    "if": "IF",
    "in": "IN",
    "has": "HAS",
    "global": "GLOBAL",
    "import": "IMPORT",
    "from": "FROM",
    "del": "DEL",
    "assert": "ASSERT",
    "true": "TRUE",
}

PUNCT: dict[str, str] = {
    "(": "LPAR",
    ")": "RPAR",
    "{": "LBRACE",
    "}": "RBRACE",
    "[": "LSQB",
    "]": "RSQB",
    ";": "SEMI",
    ",": "COMMA",
    ".": "DOT",
    "..": "DOTDOT",
    "-": "MINUS",
    "-=": "MINUSEQ",
    "+": "PLUS",
    "+=": "PLUSEQ",
    "/": "SLASH",
    "//": "INTDIV",
    "/=": "SLASHEQ",
    "*": "STAR",
    "**": "POWER",
    "*=": "STAREQ",
    "%": "PERCENT",
    "%=": "PERCENTEQ",
    "#": "HASH",
    "?": "QUESTION",
    ":": "COLON",
    "::": "COLONCOLON",
    ":=": "WALRUS",
    "@": "AT",
    "=": "EQUAL",
    "==": "EQEQ",
    "!=": "NOTEQ",
    "<+": "APPEND",
    "<=": "LESSEQ",
    "<": "LESS",
    ">=": "GREATEREQ",
    ">": "GREATER",
}


#: One token: ``(type, value, start, end, line)``, a plain tuple (made and read in a fraction of
#: an object's time; the lexer makes one per token). The driver replaces a token whose type it
#: decides (soft keywords, call parens, ...) by a new tuple; an FSTRING, DECO or ELEM token gets a
#: sixth item, what the driver attached to it (a parsed f-string, decorator or comprehension
#: element). The parser's other tuple values are shorter (see ``is_token``).
Tok = tuple[Any, ...]


def is_token(value: object) -> bool:
    """Is a parser value a token? (The builder's other tuples have at most four items.)"""
    return type(value) is tuple and len(value) >= 5


# Ordinary tokens, longest match first where prefixes overlap. Strings and f-strings are
# scanned by hand (escapes, unterminated forms, line counting).
_TOKEN = re.compile(
    r"""
    (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[0-9](?:_?[0-9])*(?:\.[0-9](?:_?[0-9])*)?)
  | (?P<punct>\.\.|-=|\+=|//|/=|\*\*|\*=|%=|::|:=|==|!=|<\+|<=|>=|[-(){}\[\];,.+/*%\#?:@=<>])
    """,
    re.VERBOSE,
)
_SPACE = re.compile(r"[ \t\r]*")
_MASTER = re.compile(
    r"""[ \t\r]*(?:
    (?P<str>f?"(?:[^"\\]|\\[\s\S])*"|f?'(?:[^'\\]|\\[\s\S])*'|f?\[\[[\s\S]*?\]\])
  | (?P<name>(?!f["']|f\[\[)[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[0-9](?:_?[0-9])*(?:\.[0-9](?:_?[0-9])*)?)
  | (?P<nl>\n)
  | (?P<punct>\.\.|-=|\+=|//|/=|\*\*|\*=|%=|::|:=|==|!=|<\+|<=|>=|[(){}\];,.+/*%\#?:@=<>]|-(?!-)|\[(?!\[))
    )""",
    re.VERBOSE,
)
_LEAD = re.compile(r"[ \t]*")
# The fast path of ``tokenize``: the whole text as consecutive matches of (spaces, a name, a
# keyword, an operator, a newline or a number, anything else), listed by ``findall`` in C; the
# positions are counted from the lengths. Few groups: findall pays for each group of each match;
# operators by first character, few alternatives, the frequent ones first (a newline, a name,
# then `(),=`...): the engine tries them in turn, and skips at once an alternative whose first
# character or class does not match (so a name is two alternatives, not a nested group; a number
# repeats single characters, not a group).
# A string or comment comes as the third group; a single character there (an unterminated string,
# an unexpected character, the spaces at the end) hands over to the general loop at that match.
_FAST = re.compile(
    r"""([ \t\r]*)(?:
    (\n
    |[A-Za-eg-z_][A-Za-z0-9_]*|f(?!["']|\[\[)[A-Za-z0-9_]*
    |[(),\]{};\#?@]|==?|\.\.?|-(?:=|(?!-))|\+=?|/[/=]?|\*[*=]?|%=?|:[:=]?|!=|<[+=]?|>=?|\[(?!\[)
    |[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?)
  | (f?"(?:[^"\\]|\\[\s\S])*"|f?'(?:[^'\\]|\\[\s\S])*'|f?\[\[[\s\S]*?\]\]|--[^\n]*|[\s\S])
    )""",
    re.VERBOSE,
)
#: the fast path's token types by text (a newline maps to "")
_TYPES: dict[str, str] = {**KEYWORDS, **PUNCT, "\n": ""}


class LexResult:
    __slots__ = ("comments", "error", "tokens")

    def __init__(self, tokens: list[Tok], comments: list[tuple[int, int]], error: str | None) -> None:
        self.tokens = tokens
        self.comments = comments
        self.error = error


def width(ws: str) -> int:
    """Layout width of leading whitespace: a tab is exactly 4 columns, no tab stops."""
    return len(ws) + 3 * ws.count("\t")


def _unexpected(ch: str) -> str:
    b = ch.encode("utf-8", "surrogatepass")[0]
    signed = b - 256 if b >= 128 else b
    shown = ch if b < 128 else "\ufffd"  # the byte as a UTF-8 decoder shows it
    return f"Unexpected character: '{shown}' (ASCII {signed})."


def tokenize(text: str, pos: int = 0, line: int = 1, levels: tuple[int, ...] = (0,)) -> LexResult:
    """Scan ``text`` (already cut at a NUL: the C lexer stops there) into tokens.

    Parser recovery re-lexes the rest of a file from a line start ``pos`` (on line ``line``)
    inside the indented blocks whose indentations are ``levels``.
    """
    toks: list[Tok] = []
    comments: list[tuple[int, int]] = []
    append = toks.append
    n = len(text)
    stack = list(levels)
    braces = 0
    at_line_start = True
    token_match = _TOKEN.match
    # these two patterns match everywhere (possibly the empty string)
    space_match: Callable[[str, int], re.Match[str]] = _SPACE.match  # type: ignore[assignment]
    lead_match: Callable[[str, int], re.Match[str]] = _LEAD.match  # type: ignore[assignment]
    master_match = _MASTER.match
    keywords = KEYWORDS
    punct = PUNCT
    find = text.find
    count = text.count

    def fail(message: str, start: int, end: int) -> LexResult:
        append(("ERROR", message, start, end, line))
        return LexResult(toks, comments, message)

    # fast path: the common tokens, until the first match the general loop below must handle
    types = _TYPES
    for ws, tok, rare in _FAST.findall(text, pos):
        start = pos + len(ws) if ws else pos
        if at_line_start:
            if rare and len(rare) == 1:
                break  # (see below)
            if braces == 0:
                # a blank or comment-only line is invisible to the layout (one with a CR after its
                # spaces is not blank)
                lead = ws  # the line's `[ \t]*`
                if "\r" in ws:
                    lead = ws.split("\r", 1)[0]
                elif tok == "\n":
                    line += 1
                    pos = start + 1
                    continue
                elif rare and rare[0] == "-":
                    pos = start + len(rare)
                    comments.append((start, pos))
                    continue
                ind = len(lead) + 3 * lead.count("\t") if "\t" in lead else len(lead)  # width(), inline
                top = stack[-1]
                if ind > top:
                    stack.append(ind)
                    append(("INDENT", lead, pos, pos + len(lead), line))
                elif ind < top:
                    h = len(stack)
                    while h > 1 and stack[h - 1] > ind:
                        h -= 1
                    if stack[h - 1] != ind:
                        break  # inconsistent indentation: the general loop reports it
                    lead_end = pos + len(lead)
                    for _ in range(len(stack) - h):
                        append(("DEDENT", lead, pos, lead_end, line))
                    del stack[h:]
            at_line_start = False
        if tok:
            pos = start + len(tok)
            t = types.get(tok)
            if t is None:
                t = "NUMBER" if tok < "A" else "NAME"  # digits sort before letters and "_"
            elif not t:
                line += 1
                at_line_start = True
                continue
            elif t == "LBRACE":
                braces += 1
            elif t == "RBRACE" and braces > 0:
                braces -= 1
            append((t, tok, start, pos, line))
        elif len(rare) == 1:
            break  # an unterminated string, an unexpected character, the spaces at the end
        elif rare[0] == "-":
            pos = start + len(rare)
            comments.append((start, pos))
        else:
            pos = start + len(rare)
            line += rare.count("\n")
            append(("FSTRING" if rare[0] == "f" else "STRING", rare, start, pos, line))

    while True:
        if at_line_start:
            at_line_start = False
            if braces == 0:
                line_start = pos
                m = lead_match(text, pos)
                pos = m.end()
                ch = text[pos] if pos < n else ""
                if ch == "\n":
                    line += 1
                    pos += 1
                    at_line_start = True
                    continue
                if ch == "-" and text.startswith("--", pos):
                    e = find("\n", pos)
                    if e < 0:
                        e = n
                    comments.append((pos, e))
                    pos = e
                    at_line_start = True
                    continue
                ws = m.group()
                ind = 0 if pos >= n else width(ws)
                top = stack[-1]
                if ind > top:
                    stack.append(ind)
                    append(("INDENT", ws, line_start, pos, line))
                elif ind < top:
                    k = 0
                    while len(stack) > 1 and stack[-1] > ind:
                        stack.pop()
                        k += 1
                    if stack[-1] != ind:
                        return fail("Inconsistent indentation.", line_start, pos)
                    for _ in range(k):
                        append(("DEDENT", ws, line_start, pos, line))
        # fast path: whitespace + one ordinary token (or a newline / comment) in one match
        mm = master_match(text, pos)
        if mm is not None:
            m = mm
            kind = m.lastgroup
            if kind == "name":
                start = m.start(kind)
                pos = m.end()
                value = text[start:pos]
                append((keywords.get(value, "NAME"), value, start, pos, line))
                continue
            if kind == "punct":
                start = m.start(kind)
                pos = m.end()
                value = text[start:pos]
                t = punct[value]
                if t == "LBRACE":
                    braces += 1
                elif t == "RBRACE" and braces > 0:
                    braces -= 1
                append((t, value, start, pos, line))
                continue
            if kind == "number":
                start = m.start(kind)
                pos = m.end()
                append(("NUMBER", text[start:pos], start, pos, line))
                continue
            if kind == "nl":
                line += 1
                pos = m.end()
                at_line_start = True
                continue
            if kind == "str":
                start = m.start(kind)
                pos = m.end()
                value = text[start:pos]
                line += value.count("\n")
                append(("FSTRING" if value[0] == "f" else "STRING", value, start, pos, line))
                continue
        # skip spaces, tabs, CR and comments on this line
        while True:
            pos = space_match(text, pos).end()
            if pos < n and text[pos] == "-" and text.startswith("--", pos):
                e = find("\n", pos)
                if e < 0:
                    e = n
                comments.append((pos, e))
                pos = e
                continue
            break
        if pos >= n:
            for _ in range(len(stack) - 1):
                append(("DEDENT", "", n, n, line))
            del stack[1:]
            append(("$END", "", n, n, line))
            return LexResult(toks, comments, None)
        ch = text[pos]
        if ch == "\n":
            line += 1
            pos += 1
            at_line_start = True
            continue
        start = pos
        if ch == "f" and pos + 1 < n:
            nx = text[pos + 1]
            if nx == '"' or nx == "'":
                p = pos + 2
                while p < n and text[p] != nx:
                    if text[p] == "\\" and p + 1 < n:
                        p += 1
                    p += 1
                line += count("\n", pos, min(p, n))
                if p >= n:
                    pos = n
                    return fail("Unterminated f-string.", start, n)
                pos = p + 1
                append(("FSTRING", text[start:pos], start, pos, line))
                continue
            if nx == "[" and text.startswith("[[", pos + 1):
                e = find("]]", pos + 3)
                if e < 0:
                    line += count("\n", pos, n)
                    return fail("Unterminated multiline f-string.", start, n)
                pos = e + 2
                line += count("\n", start, pos)
                append(("FSTRING", text[start:pos], start, pos, line))
                continue
        if ch == '"' or ch == "'":
            p = pos + 1
            while p < n and text[p] != ch:
                if text[p] == "\\" and p + 1 < n:
                    p += 1
                p += 1
            if p >= n:
                line += count("\n", pos, n)
                return fail("Unterminated string.", start, n)
            pos = p + 1
            line += count("\n", start, pos)
            append(("STRING", text[start:pos], start, pos, line))
            continue
        if ch == "[" and text.startswith("[[", pos):
            e = find("]]", pos + 2)
            if e < 0:
                line += count("\n", pos, n)
                return fail("Unterminated multiline string.", start, n)
            pos = e + 2
            line += count("\n", start, pos)
            append(("STRING", text[start:pos], start, pos, line))
            continue
        tm = token_match(text, pos)
        if tm is None:
            return fail(_unexpected(ch), start, start + 1)
        pos = tm.end()
        kind = tm.lastgroup
        value = tm.group()
        if kind == "name":
            append((keywords.get(value, "NAME"), value, start, pos, line))
        elif kind == "number":
            append(("NUMBER", value, start, pos, line))
        else:
            t = punct[value]
            if t == "LBRACE":
                braces += 1
            elif t == "RBRACE" and braces > 0:
                braces -= 1
            append((t, value, start, pos, line))
