"""Toi source text to :mod:`toilint.ast`, with the compiler's syntax errors.

``parse(text)`` never raises. Syntax and lexical errors come back as fatal
:class:`SyntaxProblem` s beside a tree that skips the broken statements (see ``recovery.py``);
an internal failure (nesting too deep) as a fatal problem with ``module=None``.
"""

from __future__ import annotations

from toilint import ast
from toilint._gc import gc_paused
from toilint.lines import line_finder
from toilint.syntax.result import ParseResult, SyntaxProblem

__all__ = ["ParseResult", "SyntaxProblem", "parse"]


def parse(text: str) -> ParseResult:
    """Parse a whole Toi file the way ``toi`` compiles it."""
    with gc_paused():  # the parse allocates only acyclic objects: see toilint._gc
        return _parse(text)


def _parse(text: str) -> ParseResult:
    from toilint.syntax.driver import Driver
    from toilint.syntax.lexer import tokenize
    from toilint.syntax.recovery import parse_recovering

    # The C lexer stops at a NUL byte: whatever follows is never read.
    cut = text.split("\0", 1)[0] if "\0" in text else text
    lex = tokenize(cut)
    spans = lex.comments
    line_of = line_finder(text)

    def comments() -> tuple[ast.Comment, ...]:
        return tuple(ast.Comment(s, e, cut[s:e]) for s, e in spans)

    problems: list[SyntaxProblem] = []
    try:
        driver = Driver(cut, lex.tokens, "start", False, problems, line_of)
        body = parse_recovering(driver, spans)
    except RecursionError:
        return ParseResult(None, (SyntaxProblem("nesting too deep", 0, 0, 1, True),), comments())
    except Exception as exc:
        msg = f"internal parser error: {type(exc).__name__}: {exc}"
        return ParseResult(None, (SyntaxProblem(msg, 0, 0, 1, True),), comments())
    module = ast.Module(0, len(text), tuple(body))
    return ParseResult(module, tuple(problems), comments(), tuple(driver.lexed))
