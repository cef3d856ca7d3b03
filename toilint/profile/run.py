"""Running a user's program the way the user runs it: arguments, working directory, stdin.

One process at a time, with a progress line while it runs, a hard timeout, and the CPU time
the interpreter used (on a busy machine CPU time moves far less than wall-clock time).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import attrs

Progress = Callable[[str], None]
_TICK = 0.5


class ProgramFailed(Exception):
    """The program did not run to a clean end: the message says what happened and what to do."""


@attrs.define(frozen=True)
class ProgramRun:
    returncode: int
    stdout: str
    stderr: str
    wall_s: float
    cpu_s: float


def run_toi(
    toi: str,
    program: Path,
    args: list[str],
    cwd: Path,
    stdin: bytes | None,
    timeout: float,
    progress: Progress | None = None,
    label: str = "",
) -> ProgramRun:
    """Run ``toi PROGRAM ARGS`` in ``cwd`` feeding it ``stdin`` (None: no input at all).

    Raises :class:`ProgramFailed` on a timeout; a non-zero exit is returned, not raised.
    """
    show = progress or (lambda _m: None)
    live = sys.stderr.isatty()
    show(f"{label}running ...")
    usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [toi, str(program), *args],
        cwd=cwd,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    pending: bytes | None = stdin
    while True:
        try:
            out, err = proc.communicate(pending, timeout=_TICK)
            break
        except subprocess.TimeoutExpired:
            pending = None  # communicate keeps feeding what it has not written yet
            elapsed = time.perf_counter() - t0
            if elapsed > timeout:
                proc.kill()
                proc.communicate()
                raise ProgramFailed(
                    f"{label}did not finish within {timeout:g} s (raise the limit with --timeout)"
                ) from None
            if live:
                show(f"{label}running ... {elapsed:.1f} s")
    wall = time.perf_counter() - t0
    usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    return ProgramRun(
        proc.returncode,
        out.decode("utf-8", errors="replace"),
        err.decode("utf-8", errors="replace"),
        wall,
        cpu,
    )


def read_stdin() -> bytes | None:
    """Everything on our standard input when it is a pipe or a file; None for a terminal.

    Each run of the program gets the same bytes. A terminal cannot be replayed, so a program
    run from one gets no input at all (and :func:`explain_failure` says so when it fails).
    """
    try:
        if sys.stdin is None or sys.stdin.isatty():
            return None
        return sys.stdin.buffer.read()
    except (OSError, ValueError):
        return None


_INPUT_CALLS = ("input(", "io.stdin", "sys.stdin", "readline(")


def explain_failure(run: ProgramRun, source: str, stdin: bytes | None, what: str) -> str:
    """One paragraph: how the program ended, its last error line, and a hint when it wanted input."""
    lines = [ln for ln in run.stderr.strip().splitlines() if ln.strip()]
    detail = _strip_color(lines[0]) if lines else "no error message"
    trace = [_strip_color(ln).strip() for ln in lines[1:] if ln.lstrip().startswith("[line")][:3]
    text = f"{what} exited with status {run.returncode}: {detail}" + (f" ({'; '.join(trace)})" if trace else "")
    if stdin is None and any(call in source for call in _INPUT_CALLS):
        text += (
            "\nthe program reads standard input, and a terminal cannot be replayed for every run: "
            "pipe its input in (toilint profile PROGRAM.toi < input.txt)"
        )
    return text


def _strip_color(line: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", line)
