"""The ``run`` fixture (see cli_helpers)."""

from cli_helpers import run

__all__ = ["run"]
