"""Finding and running the real Toi interpreter.

The interpreter is ``$TOI`` when that is set, else ``toi`` on PATH. CI has none: every test
that needs it skips with the one reason :data:`TOI_MISSING`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

TOI_MISSING = "no Toi interpreter: set $TOI or put `toi` on PATH"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def toi_path() -> str | None:
    """``$TOI`` when set (and executable), else ``toi`` on PATH, else None."""
    env = os.environ.get("TOI")
    if env:
        return env if os.path.isfile(env) and os.access(env, os.X_OK) else None
    return shutil.which("toi")


#: mark a test (or a module, as ``pytestmark``) that needs the interpreter
requires_toi = pytest.mark.skipif(toi_path() is None, reason=TOI_MISSING)


def toi() -> str:
    """The interpreter's path; skips the calling test without one."""
    found = toi_path()
    if found is None:
        pytest.skip(TOI_MISSING)
    return found


@dataclass(frozen=True)
class Run:
    """What one run of a program did."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def error(self) -> str:
        """The run-time or compile error's message, without colours and line (or "")."""
        return first_error(self.stderr)

    @property
    def outcome(self) -> str:
        """Exit code, stdout and the error message: what two runs compare on.

        Error lines are left out because they can point elsewhere after a rewrite (at a loop
        header, or line 1 inside f-strings) while the program does the same.
        """
        error = f"error: {self.error}" if self.error else ""
        return f"rc={self.returncode}\n{self.stdout}{error}"


def first_error(stderr: str) -> str:
    for line in _ANSI.sub("", stderr).splitlines():
        if "Error" in line:
            return line.split("Error", 1)[1].strip(" :")
    return ""


def run_toi(
    program: str | Path,
    *,
    args: tuple[str, ...] = (),
    timeout: float = 60,
    cwd: Path | None = None,
    stdin: str = "",
    exe: str | None = None,
) -> Run:
    """Run a program (its text, or a path to a ``.toi`` file) on the interpreter.

    Text is written to ``prog.toi`` in ``cwd`` (a temporary directory when not given), where
    the program also runs. The interpreter is ``exe`` when given (scripts outside pytest),
    else the one :func:`toi` finds; without one the calling test is skipped.
    """
    exe = exe or toi()
    if isinstance(program, Path):
        return _run([exe, str(program), *args], cwd or program.parent, timeout, stdin)
    if cwd is not None:
        path = cwd / "prog.toi"
        path.write_text(program, encoding="utf-8")
        return _run([exe, str(path), *args], cwd, timeout, stdin)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "prog.toi"
        path.write_text(program, encoding="utf-8")
        return _run([exe, str(path), *args], Path(tmp), timeout, stdin)


def _run(command: list[str], cwd: Path, timeout: float, stdin: str) -> Run:
    proc = subprocess.run(
        command, capture_output=True, text=True, errors="replace", timeout=timeout, cwd=cwd, input=stdin
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)
