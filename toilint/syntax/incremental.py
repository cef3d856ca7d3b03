"""Re-parse only the top-level statements an edit touched; reuse (shifted) trees of the others.

The editor changes one place at a time. The stretch re-parsed runs from the top-level statement
before the first one the edit touches (an edit can make the line before it continue, or stop
continuing) to the start of the second unchanged top-level statement after it; the parse must
arrive there exactly at a statement boundary, with that statement's first token as look-ahead,
or the whole file is parsed instead. The result is the tree, errors and comments a parse of the
whole text gives (the tests compare the two on every edit of a typing session).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from functools import partialmethod
from operator import itemgetter
from typing import Any, cast

from toilint import ast
from toilint._gc import gc_paused
from toilint.lines import line_finder
from toilint.syntax.driver import Driver, NotAtBoundary
from toilint.syntax.lexer import tokenize
from toilint.syntax.recovery import parse_recovering, with_stop
from toilint.syntax.result import _LEXER_TYPE, ParseResult, SyntaxProblem

_STARTS = re.compile(r"[A-Za-z_@]")
_CONTINUATIONS = frozenset(("else", "elif", "except", "finally", "and", "or", "in", "has", "as"))


def reparse(old_text: str, old: ParseResult, text: str) -> ParseResult | None:
    """The parse of ``text``, reusing ``old`` (the parse of ``old_text``); None when the edit
    cannot be re-parsed in a stretch (the caller parses the whole text)."""
    if not old.ok or "\0" in text or "\0" in old_text:
        # only from a version that parsed: after a syntax error, where recovery resumes and
        # which error the compiler meets first can depend on text far from the edit (replayed
        # random edits found errors lost, moved and reordered)
        return None
    with gc_paused():
        try:
            return _reparse(old_text, old, text)
        except (NotAtBoundary, RecursionError):
            return None


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _starts_statement(text: str, at: int) -> bool:
    """A top-level statement starting at ``at`` begins a line with a word that cannot continue
    the statement before it."""
    if at != _line_start(text, at) or not _STARTS.match(text, at):
        return False
    m = re.match(r"[A-Za-z_]*", text[at : at + 16])
    return m is None or m.group() not in _CONTINUATIONS


def _reparse(old_text: str, old: ParseResult, text: str) -> ParseResult | None:
    assert old.module is not None
    n_old, n_new = len(old_text), len(text)
    limit = min(n_old, n_new)
    p = 0
    # common prefix and suffix of the two texts (compared in C, by slices)
    step = 4096
    while p < limit and old_text[p : p + step] == text[p : p + step]:
        p += step
    while p < limit and old_text[p] == text[p]:
        p += 1
    p = min(p, limit)
    q = 0
    while q < limit - p and old_text[n_old - q - step : n_old - q] == text[n_new - q - step : n_new - q]:
        q += step
    q = min(q, limit - p)
    while q > 0 and old_text[n_old - q : n_old - q + 1] != text[n_new - q : n_new - q + 1]:
        q -= 1
    while q < limit - p and old_text[n_old - q - 1] == text[n_new - q - 1]:
        q += 1
    if p == n_old == n_new:
        return old
    old_end, delta = n_old - q, n_new - n_old
    body = old.module.body
    # first statement touched (or right after the edit), then one more before it
    i0 = next((k for k, s in enumerate(body) if s.end >= p), len(body))
    i0 = max(i0 - 1, 0)
    while True:
        while i0 > 0 and not _starts_statement(old_text, body[i0].start):
            i0 -= 1
        r0 = _line_start(old_text, body[i0].start) if i0 < len(body) and i0 > 0 else 0
        if r0 > p:
            r0 = _line_start(old_text, p)
        # an error the parser noticed at the first token of a statement (after skipping the
        # broken one before it) belongs to that earlier statement: parse from there
        if i0 == 0 or not any(e.end > r0 and e.start <= body[i0].start for e in old.errors):
            break
        i0 -= 1
    # the second statement entirely after the edit: where the stretch ends (the old text has no
    # fatal error that could be reported statements after the one it broke: see ``reparse``)
    i1 = next((k for k, s in enumerate(body) if s.start > old_end), len(body))
    i1 = min(i1 + 1, len(body))
    while i1 < len(body) and not _starts_statement(old_text, body[i1].start):
        i1 += 1
    stop = body[i1].start + delta if i1 < len(body) else None
    lex_end = n_new
    if stop is not None:
        nl = text.find("\n", stop)
        lex_end = n_new if nl < 0 else nl
    line_of = line_finder(text)

    lex = tokenize(text[:lex_end], r0, line_of(r0) if r0 else 1)
    toks = lex.tokens if stop is None else with_stop(lex.tokens, stop)
    problems: list[SyntaxProblem] = []
    driver = Driver(text, toks, "start", False, problems, line_of)
    driver.stop_at, driver.lex_end = stop, (None if stop is None else lex_end)
    comments = list(lex.comments)
    middle: list[Any] = parse_recovering(driver, comments)
    if any(e.fatal for e in problems):
        return None  # a broken stretch is parsed with the whole text (see ``reparse``)
    if stop is not None:
        comments = [c for c in comments if c[0] < stop]
    tail = [s._shifted(delta) for s in body[i1:]] if delta else body[i1:]
    new_body = (*body[:i0], *middle, *tail)
    lines = text.count("\n", p, n_new - q) - old_text.count("\n", p, old_end)
    kept = [e for e in old.errors if e.end <= r0]
    moved = [_moved(e, delta, lines) for e in old.errors if stop is not None and e.start >= stop - delta]
    errors = _first_is_the_compilers([*kept, *problems, *moved])
    old_comments = old.comments
    new_comments = (
        *(c for c in old_comments if c.end <= r0),
        *(ast.Comment(s, e, text[s:e]) for s, e in comments),
        *(
            ast.Comment(c.start + delta, c.end + delta, c.text)
            for c in old_comments
            if stop is not None and c.start >= stop - delta
        ),
    )
    tokens = _Tokens(text, old, r0, stop, delta, driver.lexed)
    return ParseResult(ast.Module(0, n_new, new_body), errors, new_comments, later_tokens=tokens)


#: (items, lo, hi, delta, from the lexer): tokens ``items[lo:hi]``, their offsets moved by
#: ``delta``; items are the lexer's tokens of a whole parse, or (type, start, end) tuples
_Segment = tuple[Sequence[Any], int, int, int, bool]
#: a re-parse's tokens are kept as at most this many segments of earlier versions' (then as one list)
_MAX_SEGMENTS = 32
#: look-ups through the segments before the list is made once (a scan of the whole file asks each token)
_MAX_LOOKUPS = 256


class _Tokens:
    """The tokens of a re-parsed text, as a parse of the whole text has them: the old tokens
    before the stretch, the stretch's own, the old ones after it shifted. Kept as segments of the
    earlier versions' token lists (no tree kept): a look-up by index (``token_view()``: the model
    bisects for the token before an offset) reads through them; the whole list is made only when
    asked for (``__call__``) or after many look-ups. Lexing the whole text instead would differ
    from the parse around syntax errors (recovery re-lexes the rest of a broken statement)."""

    __slots__ = ("lookups", "made", "offsets", "segments", "text")

    def __init__(self, text: str, old: ParseResult, start: int, stop: int | None, delta: int, lexed: list[Any]) -> None:
        self.text = text
        self.made: list[tuple[str, int, int]] | None = None
        self.lookups = 0
        get = _LEXER_TYPE.get
        middle = []
        for t in lexed:
            if t[0] == "STOP":
                break
            middle.append((get(t[0], t[0]), t[2], t[3]))
        before = _segments_of(old)
        segments: list[_Segment] | None = None
        if before is not None:
            view = _view(before, _offsets(before))
            segments = _cut(before, 0, _first_at(view, start), 0)
            segments.append((middle, 0, len(middle), 0, False))
            if stop is not None:
                segments += _cut(before, _first_at(view, stop - delta), len(view), delta)
        self.segments = segments
        self.offsets = _offsets(segments) if segments is not None else [0]
        if segments is not None and len(segments) > _MAX_SEGMENTS:
            self()

    def __call__(self) -> list[tuple[str, int, int]]:
        if self.made is None:
            if self.segments is None:
                from toilint.syntax import parse

                self.made = parse(self.text).tokens()
            else:
                self.made = list(_view(self.segments, self.offsets))
            self.segments = [(self.made, 0, len(self.made), 0, False)]
            self.offsets = [0, len(self.made)]
        return self.made

    def view(self) -> Sequence[tuple[str, int, int]]:
        """The tokens for look-ups by index, the list not made."""
        if self.made is not None:
            return self.made
        if self.segments is None:
            return self()
        return _view(self.segments, self.offsets, self)


def _view(
    segments: list[_Segment], offsets: list[int], tokens: _Tokens | None = None
) -> Sequence[tuple[str, int, int]]:
    """``segments`` read as one sequence of (lexer type, start, end); a view of ``tokens`` makes
    their list after ``_MAX_LOOKUPS`` look-ups."""
    return cast("Sequence[tuple[str, int, int]]", _View(segments, offsets, tokens))


def _view_len(self: Any) -> int:
    return self.offsets[-1]  # type: ignore[no-any-return]


def _view_item(self: Any, i: Any) -> Any:
    tokens = self.tokens
    if tokens is not None:
        if tokens.made is not None:
            return tokens.made[i]
        tokens.lookups += 1
        if tokens.lookups > _MAX_LOOKUPS:
            return tokens()[i]
    if isinstance(i, slice):
        return [_view_item(self, k) for k in range(*i.indices(self.offsets[-1]))]
    offsets = self.offsets
    if i < 0:
        i += offsets[-1]
    if not 0 <= i < offsets[-1]:
        raise IndexError(i)
    k = bisect_right(offsets, i) - 1
    items, lo, _, delta, lexer = self.segments[k]
    t = items[lo + i - offsets[k]]
    if lexer:
        typ = t[0]
        return (_LEXER_TYPE.get(typ, typ), t[2] + delta, t[3] + delta)
    if delta:
        return (t[0], t[1] + delta, t[2] + delta)
    return t


def _view_iter(self: Any) -> Iterator[tuple[str, int, int]]:
    get = _LEXER_TYPE.get
    for items, lo, hi, delta, lexer in self.segments:
        if lexer:
            for t in items[lo:hi]:
                yield (get(t[0], t[0]), t[2] + delta, t[3] + delta)
        elif delta:
            for k, s, e in items[lo:hi]:
                yield (k, s + delta, e + delta)
        else:
            yield from items[lo:hi]


def _view_init(self: Any, segments: list[_Segment], offsets: list[int], tokens: _Tokens | None) -> None:
    self.segments = segments
    self.offsets = offsets
    self.tokens = tokens


# A class made by ``type()``: in the compiled build a class statement makes a native class, which
# lacks the sequence protocol ``bisect`` needs (it has only the mapping one); and a compiled
# function is no descriptor, so each becomes a method through ``partialmethod``.
_View: Any = type(
    "_View",
    (Sequence,),
    {
        "__slots__": ("offsets", "segments", "tokens"),
        "__init__": partialmethod(_view_init),
        "__len__": partialmethod(_view_len),
        "__getitem__": partialmethod(_view_item),
        "__iter__": partialmethod(_view_iter),
    },
)


def _segments_of(result: ParseResult) -> list[_Segment] | None:
    """The tokens of an earlier version as segments (None: only a whole parse would give them)."""
    later = result.later_tokens
    if isinstance(later, _Tokens):
        return later.segments
    if later is None and result.lexed:
        return [(result.lexed, 0, len(result.lexed), 0, True)]
    return None


def _offsets(segments: list[_Segment]) -> list[int]:
    """Index of each segment's first token, and the total at the end."""
    out = [0]
    for _, lo, hi, _, _ in segments:
        out.append(out[-1] + hi - lo)
    return out


def _cut(segments: list[_Segment], a: int, b: int, delta: int) -> list[_Segment]:
    """The segments of tokens ``a`` to ``b`` (indices of the sequence), moved by ``delta``."""
    out: list[_Segment] = []
    at = 0
    for items, lo, hi, d, lexer in segments:
        n = hi - lo
        s, e = max(a - at, 0), min(b - at, n)
        if s < e:
            out.append((items, lo + s, lo + e, d + delta, lexer))
        at += n
    return out


def _first_at(tokens: Sequence[tuple[str, int, int]], offset: int) -> int:
    """Index of the first token at or after ``offset`` that is not a DEDENT closing the blocks
    before it (those belong to what precedes ``offset``)."""
    lo = bisect_left(tokens, offset, key=itemgetter(1))
    while lo < len(tokens) and tokens[lo][0] == "DEDENT" and tokens[lo][1] == offset:
        lo += 1
    return lo


def _moved(e: SyntaxProblem, delta: int, lines: int) -> SyntaxProblem:
    return SyntaxProblem(e.message, e.start + delta, e.end + delta, e.line + lines, e.fatal, e.recovered)


def _first_is_the_compilers(errors: list[SyntaxProblem]) -> tuple[SyntaxProblem, ...]:
    """Keep errors in order; the first fatal one is the compiler's, the later ones recovered."""
    out: list[SyntaxProblem] = []
    seen_fatal = False
    for e in errors:
        if e.fatal:
            recovered = seen_fatal
            seen_fatal = True
            if e.recovered != recovered:
                e = SyntaxProblem(e.message, e.start, e.end, e.line, True, recovered)
        out.append(e)
    return tuple(out)
