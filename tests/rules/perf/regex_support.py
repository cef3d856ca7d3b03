"""Shared by the regex rule tests: lint or fix with one rule, run programs on the real interpreter."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
CASES = Path(__file__).resolve().parents[3] / "benchmarks" / "cases"
_EXPECT = re.compile(r"--\s*expect:\s*([A-Z0-9, ]+)")


def require_parser() -> None:
    syntax = pytest.importorskip("toilint.syntax")
    if not hasattr(syntax, "parse"):
        pytest.skip("the parser has not landed yet")


def findings(text: str, code: str) -> list[tuple[int, str, str | None]]:
    """(line, message, fix applicability) of each ``code`` diagnostic."""
    require_parser()
    from toilint.api import lint_source
    from toilint.settings import Settings

    result = lint_source(text, "t.toi", Settings(select=(code,)))
    assert result.parse.module is not None, result.parse.errors
    assert not [d for d in result.diagnostics if d.code == "E999"]
    return [
        (result.lines.line_of(d.start), d.message, d.fix.applicability.value if d.fix else None)
        for d in result.diagnostics
        if d.code == code
    ]


def lines_of(text: str, code: str) -> list[int]:
    return [line for line, _, _ in findings(text, code)]


def fix(text: str, code: str, unsafe: bool = False) -> str:
    require_parser()
    from toilint.fixer import fix_source
    from toilint.settings import Settings

    result = fix_source(text, "t.toi", Settings(select=(code,)), unsafe=unsafe)
    assert not result.errors, result.errors
    assert result.converged
    return result.text


def expected_lines(text: str, code: str) -> list[int]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        m = _EXPECT.search(line)
        if m and code in [c.strip() for c in m.group(1).split(",")]:
            out.append(number)
    return out


def toi() -> str:
    found = os.environ.get("TOI") or shutil.which("toi")
    if not found:
        pytest.skip("no Toi interpreter ($TOI or `toi` on PATH)")
    return found


def run(text: str, tmp_path: Path) -> str:
    """Exit code, stdout and stderr of the program on the real interpreter."""
    path = tmp_path / "prog.toi"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run([toi(), str(path)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    return f"rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}"
