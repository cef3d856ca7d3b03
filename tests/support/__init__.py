"""The one test harness: the Toi interpreter, linting and fixing through ``toilint.api``, and
the expected-diagnostic markers of fixture files.

Tests import what they need from here (``from tests.support import lint, fix, run_toi``)
instead of carrying their own copies.
"""

from tests.support.interpreter import (
    TOI_MISSING,
    Run,
    first_error,
    requires_toi,
    run_toi,
    toi,
    toi_path,
)
from tests.support.linting import diagnostics, findings, fix, lines_of
from tests.support.markers import expected_lines

__all__ = [
    "TOI_MISSING",
    "Run",
    "diagnostics",
    "expected_lines",
    "findings",
    "first_error",
    "fix",
    "lines_of",
    "requires_toi",
    "run_toi",
    "toi",
    "toi_path",
]
