"""The ``perf`` fixture of the PERF2xx-PERF4xx rule tests: the shared harness bound to one code."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import support
from toilint.diagnostics import Diagnostic

FIXTURES = Path(__file__).parent / "fixtures"


class PerfHelper:
    def diagnostics(self, text: str, code: str) -> list[Diagnostic]:
        return support.diagnostics(text, code)

    def lines(self, text: str, code: str) -> list[int]:
        return support.lines_of(text, code)

    def fix(self, text: str, code: str, unsafe: bool = False) -> str:
        return support.fix(text, code, unsafe=unsafe)

    def applicability(self, text: str, code: str) -> list[str | None]:
        return [applicability for _, _, applicability in support.findings(text, code)]

    def run(self, text: str) -> str:
        """Exit code, stdout and error message on the real interpreter (skips without one)."""
        return support.run_toi(text).outcome

    @staticmethod
    def fixture(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")

    @staticmethod
    def expected_lines(text: str, code: str) -> list[int]:
        return support.expected_lines(text, code)


@pytest.fixture
def perf() -> PerfHelper:
    return PerfHelper()
