"""Character offsets <-> LSP positions.

toilint works in character offsets (Python string indices). LSP positions are a line and a
column counted in the negotiated encoding's code units (UTF-16 unless the client offers
another), and the protocol's lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r`` — not Toi's
``\\n`` only, so this map keeps its own line table instead of reusing
:class:`toilint.lines.LineIndex`. One map is built per document version and shared by every
conversion of that version.
"""

from __future__ import annotations

import bisect
import re

from lsprotocol import types

_BREAK = re.compile(r"\r\n|\r|\n")

UTF8 = types.PositionEncodingKind.Utf8
UTF16 = types.PositionEncodingKind.Utf16
UTF32 = types.PositionEncodingKind.Utf32


def _units(segment: str, encoding: str) -> int:
    """Length of ``segment`` in the client's code units."""
    if encoding == UTF32 or segment.isascii():
        return len(segment)
    if encoding == UTF8:
        return len(segment.encode("utf-8", "surrogatepass"))
    return len(segment.encode("utf-16-le", "surrogatepass")) // 2


def _chars(line: str, units: int, encoding: str) -> int:
    """How many characters of ``line`` fit in ``units`` code units (a split character counts whole)."""
    if encoding == UTF32 or line.isascii():
        return min(units, len(line))
    counted = 0
    for i, ch in enumerate(line):
        if counted >= units:
            return i
        cp = ord(ch)
        if encoding == UTF8:
            counted += 1 if cp < 0x80 else 2 if cp < 0x800 else 3 if cp < 0x10000 else 4
        else:
            counted += 2 if cp > 0xFFFF else 1
    return len(line)


class PositionMap:
    """Line table of one text in the protocol's sense of lines."""

    __slots__ = ("encoding", "ends", "plain", "starts", "text")

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        starts = [0]
        ends: list[int] = []  # offset where each line's content ends (before its line break)
        if "\r" not in text:
            find = text.find
            i = find("\n")
            while i != -1:
                ends.append(i)
                starts.append(i + 1)
                i = find("\n", i + 1)
        else:
            for m in _BREAK.finditer(text):
                ends.append(m.start())
                starts.append(m.end())
        ends.append(len(text))
        self.starts = starts
        self.ends = ends
        #: ASCII with ``\n`` breaks only (most files): a column is then the offset minus the
        #: line's start in every encoding (published diagnostics convert thousands of offsets)
        self.plain = text.isascii() and "\r" not in text

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_text(self, line: int) -> str:
        """Content of the 0-based ``line`` without its line break."""
        return self.text[self.starts[line] : self.ends[line]]

    def line_character(self, offset: int) -> tuple[int, int]:
        """The 0-based line and the column in the client's code units of ``offset``."""
        if offset < 0:
            offset = 0
        elif offset > len(self.text):
            offset = len(self.text)
        starts = self.starts
        line = bisect.bisect_right(starts, offset) - 1
        start = starts[line]
        if self.plain:
            return line, offset - start
        # an offset between `\r` and `\n` belongs to the line break: clamp to the line end
        offset = min(offset, self.ends[line])
        return line, _units(self.text[start:offset], self.encoding)

    def position(self, offset: int) -> types.Position:
        line, character = self.line_character(offset)
        return types.Position(line=line, character=character)

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(max(start, end)))

    def offset(self, position: types.Position) -> int:
        """Inverse of :meth:`position`; positions past a line's end clamp to it (as the spec says)."""
        if position.line < 0:
            return 0
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[position.line]
        return start + _chars(self.line_text(position.line), max(0, position.character), self.encoding)
