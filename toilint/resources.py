"""Where the files toilint ships besides its code live: the benchmark cases, the recorded
results and the rule pages.

In a source checkout they are the top-level ``benchmarks/`` and ``docs/rules/`` directories.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS_DIR = ROOT / "benchmarks"
CASES_DIR = BENCHMARKS_DIR / "cases"
RULE_DOCS_DIR = ROOT / "docs" / "rules"
