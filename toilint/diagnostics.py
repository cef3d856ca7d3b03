"""What rules report and what fixes are made of.

Everything here is in character offsets of the linted text; conversion to lines, LSP
positions or JSON rows happens at the edges (CLI reporters, the server) through a
:class:`toilint.lines.LineIndex`.
"""

from __future__ import annotations

import enum

from toilint.records import evolve, record, slot_setters

#: the linter's own errors, reported by the rules of ``rules/errors/syntax_error.py``: the file
#: does not parse, cannot be read, or a rule crashed. Never switched off, never silenced.
SYNTAX_ERROR = "E001"
IO_ERROR = "E902"
INTERNAL_ERROR = "E999"
LINTER_ERRORS = frozenset((SYNTAX_ERROR, IO_ERROR, INTERNAL_ERROR))


class Applicability(enum.Enum):
    """How much a fix can be trusted (ruff's three levels).

    ``SAFE`` means the program prints the same and behaves the same; ``UNSAFE`` fixes may
    change behavior in corner cases the rule's docs name, and run only with
    ``--unsafe-fixes``; ``DISPLAY_ONLY`` fixes are suggestions that are never applied.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


class Severity(enum.Enum):
    ERROR = "error"  # the compiler rejects the file
    WARNING = "warning"  # a likely bug, a performance trap, a style deviation


@record(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``content``."""

    start: int
    end: int
    content: str

    # written out (as for Fix and Diagnostic): rules make one or more per finding, and the
    # records' generic ``__init__`` cost several times more than setting the slots directly
    def __init__(self, start: int, end: int, content: str) -> None:
        _set_edit_start(self, start)
        _set_edit_end(self, end)
        _set_edit_content(self, content)

    @classmethod
    def insert(cls, offset: int, content: str) -> Edit:
        return cls(offset, offset, content)

    @classmethod
    def delete(cls, start: int, end: int) -> Edit:
        return cls(start, end, "")


@record(frozen=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability
    message: str  # the fix's title: "Hoist `regex.compile` before the loop"
    #: names the fix introduces; two fixes binding the same name never apply in one pass
    binds: tuple[str, ...] = ()

    def __init__(
        self, edits: tuple[Edit, ...], applicability: Applicability, message: str, binds: tuple[str, ...] = ()
    ) -> None:
        _set_fix_edits(self, edits)
        _set_fix_applicability(self, applicability)
        _set_fix_message(self, message)
        _set_fix_binds(self, binds)

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)


@record(frozen=True)
class Diagnostic:
    code: str
    message: str
    start: int
    end: int
    severity: Severity = Severity.WARNING
    fix: Fix | None = None
    name: str = ""  # the rule's kebab-case name
    unnecessary: bool = False  # unused or unreachable code (editors fade it)

    def __init__(
        self,
        code: str,
        message: str,
        start: int,
        end: int,
        severity: Severity = Severity.WARNING,
        fix: Fix | None = None,
        name: str = "",
        unnecessary: bool = False,
    ) -> None:
        _set_code(self, code)
        _set_message(self, message)
        _set_start(self, start)
        _set_end(self, end)
        _set_severity(self, severity)
        _set_fix(self, fix)
        _set_name(self, name)
        _set_unnecessary(self, unnecessary)

    def with_fix(self, fix: Fix | None) -> Diagnostic:
        return evolve(self, fix=fix)


_set_edit_start, _set_edit_end, _set_edit_content = slot_setters(Edit)
_set_fix_edits, _set_fix_applicability, _set_fix_message, _set_fix_binds = slot_setters(Fix)
_set_code, _set_message, _set_start, _set_end, _set_severity, _set_fix, _set_name, _set_unnecessary = slot_setters(
    Diagnostic
)


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (inserts at one offset keep their given order)."""
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            raise ValueError("overlapping edits")
        out.append(text[pos : e.start])
        out.append(e.content)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)
