"""E001: the compiler rejects the file's syntax."""

from __future__ import annotations

from toilint.diagnostics import INTERNAL_ERROR, IO_ERROR, SYNTAX_ERROR, Severity
from toilint.rules.base import Rule, register


@register
class SyntaxError_(Rule):
    """The Toi compiler cannot parse this file; the message is the compiler's own.

    ## Why is this bad?
    `toi` refuses to run a file with a syntax error, and it reports only the first one.
    toilint reports the same message on the same line, before you run the program.

    toilint then skips the broken statement (up to the next line that can start a statement
    at its indentation or less) and goes on: later syntax errors are reported too, marked
    "(after an earlier error)" because the compiler never gets that far, and the rest of the
    file is still checked. When a compile error of name resolution (such as E105) comes first
    in the compiler's pass, the compiler reports that one, and so does toilint; the syntax
    error is then marked as a later one. No fix is applied to a file with syntax errors.

    Where the compiler prints an error but still runs the program (a broken f-string
    interpolation, decorator line or comprehension element), toilint reports it too: that
    part of the program is silently dropped.

    ## Example
    ```toi
    fn f(x)
        if x
            return
        return 1
    ```

    ## Use instead
    ```toi
    fn f(x)
        if x
            return;
        return 1
    ```

    ## Fix safety
    No automatic fix.
    """

    code = SYNTAX_ERROR
    name = "syntax-error"
    severity = Severity.ERROR


@register
class IoError(Rule):
    """The file could not be read, or is not valid UTF-8 text.

    ## Why is this bad?
    toilint cannot check what it cannot read. A file that is not UTF-8 is still linted
    (undecodable bytes are kept as they are), but `--fix` never rewrites it.

    ## Example
    A file saved in Latin-1 (`s = "caf\xe9"`), or one with a NUL byte in it: the Toi
    compiler stops reading at the NUL and silently ignores the rest of the file.

    ## Use instead
    Save the file as UTF-8 and remove stray NUL bytes.

    ## Fix safety
    No automatic fix.
    """

    code = IO_ERROR
    name = "io-error"
    severity = Severity.ERROR


@register
class InternalError(Rule):
    """A rule crashed on this file. Other rules and files were still checked.

    ## Why is this bad?
    It is a bug in toilint: please report it with the file that triggers it.

    ## Example
    `Internal error in rule PERF101 (KeyError: ...); please report it` on line 1.

    ## Use instead
    Nothing to change in your program; `--ignore CODE` silences the crashing rule until it
    is fixed. Files so deeply nested that even a large stack cannot analyze them get this
    code too ("Nesting too deep to analyze").

    ## Fix safety
    No automatic fix.
    """

    code = INTERNAL_ERROR
    name = "internal-error"
    severity = Severity.ERROR


def is_compile_error(code: str) -> bool:
    """E1xx codes are errors the compiler reports in its single pass (E001 is the parser's own;
    E2xx are run-time errors the program would raise)."""
    return code.startswith("E1")
