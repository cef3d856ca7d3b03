"""Helpers for the PERF2xx-PERF4xx rule tests: lint one code, fix one code, run on the real interpreter."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
_EXPECT = re.compile(r"--\s*expect:\s*([A-Z0-9, ]+)")


class PerfHelper:
    def _require_parser(self) -> None:
        syntax = pytest.importorskip("toilint.syntax")
        if not hasattr(syntax, "parse"):
            pytest.skip("the parser has not landed yet")

    def diagnostics(self, text: str, code: str) -> list:  # type: ignore[type-arg]
        self._require_parser()
        from toilint.api import lint_source
        from toilint.settings import Settings

        result = lint_source(text, "t.toi", Settings(select=(code,)))
        assert result.parse.module is not None, result.parse.errors
        internal = [d.message for d in result.diagnostics if d.code == "E999"]
        assert not internal, internal
        return [d for d in result.diagnostics if d.code == code]

    def lines(self, text: str, code: str) -> list[int]:
        from toilint.lines import LineIndex

        idx = LineIndex(text)
        return [idx.position(d.start)[0] for d in self.diagnostics(text, code)]

    def fix(self, text: str, code: str, unsafe: bool = False) -> str:
        self._require_parser()
        from toilint.fixer import fix_source
        from toilint.settings import Settings

        result = fix_source(text, "t.toi", Settings(select=(code,)), unsafe=unsafe)
        assert not result.errors, result.errors
        assert result.converged
        return result.text

    def applicability(self, text: str, code: str) -> list[str | None]:
        return [d.fix.applicability.value if d.fix else None for d in self.diagnostics(text, code)]

    def run(self, text: str) -> str:
        """The program's stdout on the real interpreter (skips without one)."""
        toi = os.environ.get("TOI") or shutil.which("toi")
        if not toi:
            pytest.skip("no Toi interpreter ($TOI or `toi` on PATH)")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "prog.toi"
            path.write_text(text, encoding="utf-8")
            proc = subprocess.run([toi, str(path)], capture_output=True, text=True, timeout=60, cwd=tmp)
        return f"rc={proc.returncode}\n{proc.stdout}{_first_error(proc.stderr)}"

    @staticmethod
    def fixture(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")

    @staticmethod
    def expected_lines(text: str, code: str) -> list[int]:
        out = []
        for number, line in enumerate(text.splitlines(), 1):
            m = _EXPECT.search(line)
            if m:
                out.extend(number for c in m.group(1).split(",") if c.strip() == code)
        return out


def _first_error(stderr: str) -> str:
    for line in stderr.splitlines():
        if "Error" in line:
            return "error: " + re.sub(r"\x1b\[[0-9;]*m", "", line).split("Error", 1)[1].strip(" :")
    return ""


@pytest.fixture
def perf() -> PerfHelper:
    return PerfHelper()
