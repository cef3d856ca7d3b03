"""Where the files toilint ships besides its code live: the benchmark cases, the recorded
results and the rule pages.

In a source checkout (and an editable install) they are the top-level ``benchmarks/`` and
``docs/rules/`` directories; an installed wheel carries them inside the package, as
``toilint/benchmarks/`` and ``toilint/rule_docs/`` (see setup.py). Everything that reads or
writes them takes its paths from here.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(installed: str, checkout: str) -> Path:
    inside = PACKAGE_DIR / installed
    return inside if inside.is_dir() else PACKAGE_DIR.parent / checkout


BENCHMARKS_DIR = _bundled("benchmarks", "benchmarks")
CASES_DIR = BENCHMARKS_DIR / "cases"
RULE_DOCS_DIR = _bundled("rule_docs", "docs/rules")
