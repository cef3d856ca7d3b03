"""The default format: each diagnostic with its source line, carets under the span, and the fix's title.

Laid out like ruff's ``full`` output so that it reads familiar; colored only when the CLI says
the output is a terminal (``ReportOptions.color``).
"""

from __future__ import annotations

from toilint.diagnostics import Applicability, Diagnostic, Severity
from toilint.report import DEFAULT_OPTIONS, FileReport, ReportOptions, is_fixable

TAB = 4

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
RED = "\x1b[31m"
YELLOW = "\x1b[33m"
BLUE = "\x1b[34m"
CYAN = "\x1b[36m"


class _Paint:
    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, text: str, *styles: str) -> str:
        if not self.on or not text:
            return text
        return "".join(styles) + text + RESET


def _display_width(text: str) -> int:
    return len(text.expandtabs(TAB))


def render_one(d: Diagnostic, r: FileReport, paint: _Paint, unsafe: bool = False) -> list[str]:
    line_no, col = r.lines.position(d.start)
    end_line, end_col = r.lines.position(d.end)
    source = r.lines.line_text(line_no) if line_no <= r.lines.line_count else ""
    if end_line != line_no:
        end_col = len(source)
    gutter = " " * len(str(line_no))
    color = RED if d.severity is Severity.ERROR else YELLOW
    marker = " [*]" if is_fixable(d, unsafe) else ""
    out = [f"{paint(d.code, BOLD, color)}{paint(marker, CYAN)} {paint(d.message, BOLD)}"]
    out.append(f"{gutter}{paint('-->', BLUE, BOLD)} {r.path}:{line_no}:{col + 1}")
    bar = paint("|", BLUE, BOLD)
    out.append(f"{gutter} {bar}")
    if source or d.end > d.start:
        start_w = _display_width(source[:col])
        width = max(1, _display_width(source[: max(end_col, col)]) - start_w)
        out.append(f"{paint(str(line_no), BLUE, BOLD)} {bar} {source.expandtabs(TAB)}".rstrip())
        out.append(f"{gutter} {bar} {' ' * start_w}{paint('^' * width + ' ' + d.code, color, BOLD)}")
        out.append(f"{gutter} {bar}")
    if d.fix is not None and d.fix.message:
        kind = {
            Applicability.SAFE: "help",
            Applicability.UNSAFE: "help (unsafe fix)",
            Applicability.DISPLAY_ONLY: "help (suggestion)",
        }[d.fix.applicability]
        out.append(f"{paint(kind, BOLD, CYAN)}: {d.fix.message}")
    return out


def render(reports: list[FileReport], options: ReportOptions = DEFAULT_OPTIONS) -> str:
    paint = _Paint(options.color)
    blocks: list[str] = []
    for r in reports:
        for d in r.diagnostics:
            blocks.append("\n".join(render_one(d, r, paint, options.unsafe_fixes)) + "\n")
    return "\n".join(blocks) + ("\n" if blocks else "")
