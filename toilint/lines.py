"""Offsets to line/column and back, computed once per source text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

_NEWLINE = re.compile("\n")


class LineIndex:
    """Maps character offsets to 1-based lines and 0-based columns.

    Nodes and diagnostics carry offsets only; every consumer that needs a line (CLI output,
    LSP ranges, JSON) goes through one index so the arithmetic lives in one place. Toi's
    lexer counts only ``\\n`` as a line break (a lone ``\\r`` is whitespace), and so do we.
    """

    __slots__ = ("starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # one regex scan (a ``find`` per line in a Python loop cost half again as much)
        self.starts = [0, *[m.end() for m in _NEWLINE.finditer(text)]]

    def __reduce__(self) -> tuple[type[LineIndex], tuple[str]]:
        """Pickled as its text (a worker process's result; pickle shares the text with the
        result's own): the compiled build's native class has no slots pickle can restore."""
        return (LineIndex, (self.text,))

    def line_of(self, offset: int) -> int:
        """1-based line containing ``offset``."""
        return bisect.bisect_right(self.starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        """(1-based line, 0-based column in characters)."""
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1]

    def offset(self, line: int, column: int) -> int:
        """Inverse of :meth:`position`; clamps to the text."""
        if line < 1:
            return 0
        if line > len(self.starts):
            return len(self.text)
        return min(self.starts[line - 1] + column, len(self.text))

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    @property
    def line_count(self) -> int:
        return len(self.starts)


def line_finder(text: str) -> Callable[[int], int]:
    """``line_of`` for ``text`` whose line index is built on the first call (most parses of a
    valid file never need a line number)."""
    index: LineIndex | None = None

    def line_of(offset: int) -> int:
        nonlocal index
        if index is None:
            index = LineIndex(text)
        return index.line_of(offset)

    return line_of
