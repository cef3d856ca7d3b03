"""The lexer's token stream where its layout rules and its error endings meet.

The compiler's lexer defines Toi's grammar, so these are the token streams ``toi`` produces:
a token's line is the line where it ends, blank and comment-only lines are invisible to the
layout, a whitespace-then-CR line is *not* blank, no INDENT/DEDENT inside braces, and a lexical
error ends the stream with an ERROR token spanning to where the scan stopped.
"""

from __future__ import annotations

import pytest

from toilint.syntax.lexer import tokenize

Stream = list[tuple[str, int, int, int]]


def stream(text: str) -> tuple[Stream, list[tuple[int, int]], str | None]:
    lex = tokenize(text)
    return [(t[0], t[2], t[3], t[4]) for t in lex.tokens], lex.comments, lex.error


@pytest.mark.parametrize(
    ("text", "tokens", "comments", "error"),
    [
        pytest.param(
            "if a\n  b = 1 -- note\n\n  -- only a comment\nc\n",
            [
                ("IF", 0, 2, 1),
                ("NAME", 3, 4, 1),
                ("INDENT", 5, 7, 2),
                ("NAME", 7, 8, 2),
                ("EQUAL", 9, 10, 2),
                ("NUMBER", 11, 12, 2),
                ("DEDENT", 42, 42, 5),
                ("NAME", 42, 43, 5),
                ("$END", 44, 44, 6),
            ],
            [(13, 20), (24, 41)],
            None,
            id="comments-and-blank-lines-are-invisible-to-layout",
        ),
        pytest.param(
            "a\n \r\nb\n",
            [("NAME", 0, 1, 1), ("INDENT", 2, 3, 2), ("DEDENT", 5, 5, 3), ("NAME", 5, 6, 3), ("$END", 7, 7, 4)],
            [],
            None,
            id="space-then-CR-line-is-not-blank",
        ),
        pytest.param(
            "if a\n    b\n  c\n",
            [("IF", 0, 2, 1), ("NAME", 3, 4, 1), ("INDENT", 5, 9, 2), ("NAME", 9, 10, 2), ("ERROR", 11, 13, 3)],
            [],
            "Inconsistent indentation.",
            id="inconsistent-dedent",
        ),
        pytest.param(
            "x = 'abc\ny = 2\n",
            [("NAME", 0, 1, 1), ("EQUAL", 2, 3, 1), ("ERROR", 4, 15, 3)],
            [],
            "Unterminated string.",
            id="unterminated-string-runs-to-the-end",
        ),
        pytest.param(
            "f(1)   ",
            [("NAME", 0, 1, 1), ("LPAR", 1, 2, 1), ("NUMBER", 2, 3, 1), ("RPAR", 3, 4, 1), ("$END", 7, 7, 1)],
            [],
            None,
            id="trailing-spaces-at-the-end",
        ),
        pytest.param(
            "t = {\n  a = 1,\n    b = [[two\nlines]]\n}\nz",
            [
                ("NAME", 0, 1, 1),
                ("EQUAL", 2, 3, 1),
                ("LBRACE", 4, 5, 1),
                ("NAME", 8, 9, 2),
                ("EQUAL", 10, 11, 2),
                ("NUMBER", 12, 13, 2),
                ("COMMA", 13, 14, 2),
                ("NAME", 19, 20, 3),
                ("EQUAL", 21, 22, 3),
                ("STRING", 23, 36, 4),
                ("RBRACE", 37, 38, 5),
                ("NAME", 39, 40, 6),
                ("$END", 40, 40, 6),
            ],
            [],
            None,
            id="no-layout-inside-braces-and-a-string-ends-on-its-last-line",
        ),
    ],
)
def test_token_stream(text: str, tokens: Stream, comments: list[tuple[int, int]], error: str | None) -> None:
    assert stream(text) == (tokens, comments, error)


def test_resuming_inside_blocks_matches_the_whole_scan() -> None:
    # error recovery re-lexes the rest of a file from a line start inside the open blocks
    text = "fn f()\n  if a\n    b\n  c\nd\n"
    whole = tokenize(text).tokens
    resumed = tokenize(text, text.index("    b"), 3, (0, 2, 4)).tokens
    tail = [(t[0], t[2], t[3], t[4]) for t in whole if t[2] >= text.index("    b") + 4]
    assert [(t[0], t[2], t[3], t[4]) for t in resumed] == tail
