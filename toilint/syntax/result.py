"""The parser's output: a tree, or the first syntax error, as the compiler would stop."""

from __future__ import annotations

from toilint import ast
from toilint.records import record


@record(frozen=True)
class SyntaxProblem:
    """One syntax error in the compiler's words.

    ``start``/``end`` are offsets of the token the compiler points at (``Error at 'x'``);
    ``line`` is the line the compiler prints (a token's line is the line where it *ends*, and
    errors at EOF after a final newline are one past the last line, exactly as ``toi``
    reports). ``fatal`` is False for the errors the compiler prints but still exits 0 on
    (bad f-string interpolations, decorator text, comprehension elements).
    """

    message: str
    start: int
    end: int
    line: int
    fatal: bool = True


@record(frozen=True)
class ParseResult:
    module: ast.Module | None  # None when a fatal error stopped the parse
    errors: tuple[SyntaxProblem, ...]  # the fatal one (at most one) and any non-fatal ones
    comments: tuple[ast.Comment, ...]

    @property
    def ok(self) -> bool:
        return self.module is not None
