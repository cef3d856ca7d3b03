"""Offsets <-> LSP positions: UTF-16 columns and the protocol's three line breaks."""

from __future__ import annotations

import pytest
from lsprotocol import types

from toilint.lsp.documents import Document
from toilint.lsp.positions import UTF8, UTF16, UTF32, PositionMap


def test_columns_count_utf16_code_units_after_non_ascii() -> None:
    text = 'print("é😀")\nx = 1'
    pmap = PositionMap(text)
    close = text.index('")')
    # é is one UTF-16 unit, 😀 two: the closing quote is at column 7+1+2 = 10
    assert pmap.position(close) == types.Position(line=0, character=10)
    assert pmap.offset(types.Position(line=0, character=10)) == close
    assert pmap.position(text.index("x")) == types.Position(line=1, character=0)


@pytest.mark.parametrize(("encoding", "column"), [(UTF8, 13), (UTF16, 10), (UTF32, 9)])
def test_other_negotiated_encodings(encoding: str, column: int) -> None:
    text = 'print("é😀")'
    pmap = PositionMap(text, encoding)
    close = text.index('")')
    assert pmap.position(close).character == column
    assert pmap.offset(types.Position(line=0, character=column)) == close


def test_lines_end_at_crlf_cr_and_lf_only() -> None:
    text = "a\r\nb\rc\nd\x0ce\u2028f"
    pmap = PositionMap(text)
    assert pmap.line_count == 4  # form feed and U+2028 are not line breaks in the protocol
    assert pmap.position(text.index("b")) == types.Position(line=1, character=0)
    assert pmap.position(text.index("c")) == types.Position(line=2, character=0)
    assert pmap.position(text.index("f")) == types.Position(line=3, character=4)
    # a position past the end of a line clamps to it, never into the next line
    assert pmap.offset(types.Position(line=0, character=99)) == 1
    assert pmap.offset(types.Position(line=99, character=0)) == len(text)


def test_incremental_changes_land_after_non_ascii_text() -> None:
    doc = Document("file:///t.toi", 's = "😀"\ny = 2\n', 1)
    # replace the `2` on line 1, then insert after the emoji's closing quote on line 0 (UTF-16 column 8)
    doc.apply(
        [
            types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=1, character=4), end=types.Position(line=1, character=5)),
                text="3",
            ),
            types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=0, character=8), end=types.Position(line=0, character=8)),
                text=" -- c",
            ),
        ],
        2,
    )
    assert doc.text == 's = "😀" -- c\ny = 3\n'
    assert doc.version == 2
