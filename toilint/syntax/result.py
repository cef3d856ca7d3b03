"""The parser's output: a tree (recovered around syntax errors) and the errors found."""

from __future__ import annotations

from collections.abc import Sequence

from toilint import ast
from toilint._typing import Any, Protocol
from toilint.records import record

#: the parse driver's retyped terminals, back to the type the lexer gave the token
_LEXER_TYPE = {
    **dict.fromkeys(("CALL_LPAR", "PRINT_LPAR"), "LPAR"),
    **dict.fromkeys(("SLICE_LSQB", "KEY_LSQB"), "LSQB"),
    **dict.fromkeys(("META_LBRACE", "COMP_LBRACE"), "LBRACE"),
    **dict.fromkeys(("ENTRY_NAME", "ARGNAME", "MA_NAME", "MATCH", "CASE"), "NAME"),
    "UMINUS": "MINUS",
    "UNOT": "NOT",
    "SUGAR_EQ": "EQUAL",
    "FN_DECL": "FN",
    "IMPORT_STMT": "IMPORT",
    "RETURN_BARE": "RETURN",
    "YIELD_BARE": "YIELD",
    "HASH_SP": "HASH",
    "COMP_FOR": "FOR",
}


class LaterTokens(Protocol):
    """A re-parse's tokens, worked out when asked (``syntax.incremental._Tokens``)."""

    def __call__(self) -> list[tuple[str, int, int]]: ...

    def view(self) -> Sequence[tuple[str, int, int]]: ...


@record(frozen=True)
class SyntaxProblem:
    """One syntax error in the compiler's words.

    ``start``/``end`` are offsets of the token the compiler points at (``Error at 'x'``);
    ``line`` is the line the compiler prints (a token's line is the line where it *ends*, and
    errors at EOF after a final newline are one past the last line, exactly as ``toi``
    reports). ``fatal`` is False for the errors the compiler prints but still exits 0 on
    (bad f-string interpolations, decorator text, comprehension elements). ``recovered``
    marks a fatal error found after the parser recovered from an earlier one: the compiler
    never gets that far, so it is toilint's own finding.
    """

    message: str
    start: int
    end: int
    line: int
    fatal: bool = True
    recovered: bool = False


@record(frozen=True)
class ParseResult:
    #: the tree; around syntax errors it holds ErrorStmt nodes for the skipped text (None only
    #: when the parser itself failed: nesting too deep, an internal error)
    module: ast.Module | None
    errors: tuple[SyntaxProblem, ...]  # the fatal ones (the compiler's first) and non-fatal ones
    comments: tuple[ast.Comment, ...]
    #: the lexer's tokens of the file (``syntax.lexer.Tok`` tuples; types as the driver left them)
    lexed: tuple[Any, ...] = ()  # a plain default: mypyc checks a field() call against the annotation
    #: a re-parse lexes only the statements it parsed again: its ``tokens()``, worked out when
    #: first asked, and ``token_view()`` (see ``syntax.incremental._Tokens``)
    later_tokens: LaterTokens | None = None

    def tokens(self) -> list[tuple[str, int, int]]:
        """(type, start, end) of every token as the compiler's lexer sees it (INDENT/DEDENT too)."""
        if self.later_tokens is not None:
            return self.later_tokens()
        get = _LEXER_TYPE.get
        return [(get(t[0], t[0]), t[2], t[3]) for t in self.lexed]

    def token_view(self) -> Sequence[tuple[str, int, int]]:
        """``tokens()`` for look-ups by index: a re-parse's are read through the earlier versions'
        token lists, the whole list not made (the editor's model looks up a token or two per edit)."""
        if self.later_tokens is not None:
            return self.later_tokens.view()
        return self.tokens()

    @property
    def has_tokens(self) -> bool:
        return bool(self.lexed) or self.later_tokens is not None

    @property
    def ok(self) -> bool:
        """The compiler accepts the file (a non-fatal problem does not stop it)."""
        return self.module is not None and not any(e.fatal for e in self.errors)
