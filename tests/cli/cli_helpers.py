"""Shared by the CLI tests: runs the command line in-process (fast) or as a real process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from toilint.entry import main  # the process entry point: the warm-cache fast path, then the CLI

#: `#t > 0` counts the table: PERF303, with a safe fix to `t`
FIXABLE = "t = {1, 2, 3}\nif #t > 0\n    print(t)\n"
FIXED = "t = {1, 2, 3}\nif t\n    print(t)\n"
CLEAN = 'print("hello")\n'


@attrs.define
class Run:
    code: int
    out: str
    err: str


Runner = Callable[..., Run]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Runner:
    """``run("check", "src")`` in ``tmp_path`` with the cache there, through the entry point a user
    starts (so every test also checks that a warm-cache answer is the CLI's); ``stdin=`` feeds `-`."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TOILINT_CACHE_DIR", raising=False)

    def runner(*args: str, stdin: str | bytes | None = None) -> Run:
        capsys.readouterr()
        if stdin is not None:
            data = stdin.encode() if isinstance(stdin, str) else stdin
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return runner


def run_process(*args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None) -> Run:
    """The installed entry point as a user runs it (``python -m toilint``)."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("FORCE_COLOR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "toilint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
