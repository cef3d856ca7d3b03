"""toilint: static analyzer, autofixer and language server for Toi."""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs every start-up (type checkers read it as typing's)

__version__ = "0.1.0"

__all__ = ["FixResult", "LintResult", "Settings", "__version__", "fix_source", "lint_source"]

if TYPE_CHECKING:
    from typing import Any

    from toilint.api import LintResult, lint_source
    from toilint.fix.fixer import FixResult, fix_source
    from toilint.settings import Settings


def __getattr__(name: str) -> Any:
    # lazy: `toilint --version` and the server's start-up should not load the grammar
    if name in ("lint_source", "LintResult"):
        from toilint import api

        return getattr(api, name)
    if name in ("fix_source", "FixResult"):
        from toilint.fix import fixer

        return getattr(fixer, name)
    if name == "Settings":
        from toilint.settings import Settings

        return Settings
    raise AttributeError(name)
