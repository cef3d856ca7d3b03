"""Error recovery: after a syntax error, skip the broken statement and parse the rest.

The compiler stops at its first error; an editor needs the rest of the file. When the driver
rejects a token, recovery

1. drops the parser's stack back to the innermost list of declarations (the file's, or an
   indented block's) — everything above it is the broken statement;
2. finds the next line that can start a statement at that block's indentation or less
   (a blank or comment line never counts, nor one starting with ``else``/``elif``/
   ``except``/``finally``, a closing bracket or an operator);
3. appends an :class:`~toilint.ast.ErrorStmt` for the skipped text to the block, re-lexes the
   file from that line inside the still-open blocks (an unclosed string or brace in the
   broken statement does not spill over) and goes on parsing.

The first error is the compiler's (message and line); later ones are marked ``recovered``.
"""

from __future__ import annotations

import re

from toilint import ast
from toilint._typing import Any
from toilint.syntax.driver import _DECLS_STATES, TABLES, Driver, Fatal, NotAtBoundary
from toilint.syntax.lexer import KEYWORDS, Tok, is_token, tokenize, width
from toilint.syntax.result import SyntaxProblem

#: words that continue a statement rather than start one
_CONTINUATIONS = frozenset(("else", "elif", "except", "finally", "and", "or", "in", "has", "as"))
_LEAD = re.compile(r"[ \t]*")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DECLS_GOTO = TABLES.table[TABLES.start["start"]]["decls"]


def parse_recovering(driver: Driver, comments: list[tuple[int, int]]) -> list[Any]:
    """Run ``driver`` (a whole file) to the end, recovering from every syntax error.

    ``comments`` (the first lex's) is updated in place when parts of the file are re-lexed.
    """
    while True:
        try:
            result: list[Any] = driver.run()
            driver.lexed.extend(driver.toks[:-2])
            return result
        except Fatal as f:
            problem = f.problem
            earlier = [p for p in driver.problems if p.fatal]
            if not earlier:
                driver.problems.append(problem)
            elif all(p.start != problem.start for p in earlier):  # not the same error met again
                later = SyntaxProblem(problem.message, problem.start, problem.end, problem.line, True, True)
                driver.problems.append(later)
            _recover(driver, f.index, comments)


def _start_of(value: Any) -> int | None:
    if isinstance(value, ast.Node):
        return value.start
    if is_token(value):
        return value[2]  # type: ignore[no-any-return]
    if isinstance(value, (list, tuple)):
        for v in value:
            s = _start_of(v)
            if s is not None:
                return s
    return None


def _declared(above: list[Any]) -> tuple[tuple[Tok, ...], str]:
    """Names the compiler declared before the error: ``fn NAME``, ``local fn NAME``, ``local NAME``."""
    toks = [v for v in above[:4] if is_token(v)]
    types = [t[0] for t in toks]
    if types[:2] == ["FN_DECL", "NAME"]:
        return (toks[1],), "function"
    if types[:3] == ["LOCAL", "FN_DECL", "NAME"]:
        return (toks[2],), "function"
    if types[:1] == ["LOCAL"] and len(above) > 1:
        names = above[1]
        if is_token(names) and names[0] == "NAME":
            return (names,), "local"
        if isinstance(names, list) and names and all(isinstance(n, ast.Name) for n in names):
            return tuple(("NAME", n.id, n.start, n.end, 0) for n in names), "local"
    return (), ""


def _sync(text: str, start: int, level: int) -> int:
    """Offset of the first line after the one holding ``start`` that can start a statement at
    indentation ``level`` or less (``len(text)`` if none)."""
    n = len(text)
    nl = text.find("\n", start)
    while nl >= 0:
        ls = nl + 1
        p = _LEAD.match(text, ls).end()  # type: ignore[union-attr]
        if p >= n:
            return n
        ch = text[p]
        if ch in "\r\n" or text.startswith("--", p):
            nl = text.find("\n", p)
            continue
        if width(text[ls:p]) <= level:
            if ch == "@":
                return ls
            m = _WORD.match(text, p)
            if m is not None and m.group() not in _CONTINUATIONS:
                return ls
        nl = text.find("\n", p)
    return n


def _recover(d: Driver, index: int, comments: list[tuple[int, int]]) -> None:
    st, vals, text = d.states, d.values, d.text
    h = len(st) - 1
    while h >= 1 and st[h] not in _DECLS_STATES:
        h -= 1
    if h < 1:  # nothing reduced yet (an error at the file's first token)
        del st[1:]
        vals.clear()
        st.append(_DECLS_GOTO)
        vals.append([])
        h = 1
    above = vals[h:]
    tok = d.toks[min(max(index, 0), len(d.toks) - 1)]
    start = _start_of(above)
    if start is None:
        start = tok[2]
    levels = [0] + [width(v[1]) for v in vals[:h] if is_token(v) and v[0] == "INDENT"]
    # a lexical error (an unterminated string runs to the end of the file) is skipped whole
    resume = _sync(text, max(start, tok[3] - 1) if tok[0] == "ERROR" else start, levels[-1])
    if resume <= start:  # never go backwards: at worst skip to the end of the file
        resume = len(text)
    end = start + len(text[start:resume].rstrip())
    region = text[start:end]
    names = tuple(dict.fromkeys(w for w in _WORD.findall(region) if w not in KEYWORDS))
    declared, kind = _declared(above)
    # a name the parser read past the skipped text (`fn` at a line's end takes the next line's
    # first word as the function's name) is read again from ``resume``: not the region's
    declared = tuple(t for t in declared if t[3] <= end)
    if not declared:
        kind = ""
    decls: list[Any] = vals[h - 1]
    decls.append(
        ast.ErrorStmt(
            start,
            max(end, start),
            names,
            tuple(ast.Name(t[2], t[3], t[1]) for t in declared),
            kind,  # type: ignore[arg-type]
        )
    )
    del st[h + 1 :]
    del vals[h:]
    line = d.line_of(resume) if resume < len(text) else d.line_of(len(text))
    if d.stop_at is not None and (resume > d.stop_at or (resume == d.stop_at and len(levels) > 1)):
        raise NotAtBoundary  # the skipped text reaches past the stretch being re-parsed
    lex = tokenize(text if d.lex_end is None else text[: d.lex_end], resume, line, tuple(levels))
    comments[:] = [c for c in comments if c[0] < resume] + lex.comments
    # the tokens lexed so far that lie before the resumption point (the skipped text keeps its
    # first reading, cut where it would overlap the new one)
    d.lexed.extend(t for t in d.toks[:-2] if t[3] <= resume and t[2] < resume)
    toks = lex.tokens
    if d.stop_at is not None:
        toks = with_stop(toks, d.stop_at)
    d.toks = [*toks, toks[-1], toks[-1]]
    d.tstack.clear()
    d.tcount = 0
    d.tblocks.clear()
    d.params_close.clear()
    d.failed_through_expr = False
    d.prev = ("", "", end, end, d.line_of(end))


def with_stop(toks: list[Tok], stop_at: int) -> list[Tok]:
    """``toks`` with a STOP token before the first real token at or after ``stop_at`` (the
    DEDENTs closing the blocks before it come first)."""
    for k, t in enumerate(toks):
        if t[2] >= stop_at and t[0] != "DEDENT":
            return [*toks[:k], ("STOP", "", t[2], t[2], t[4]), *toks[k:]]
    return toks
