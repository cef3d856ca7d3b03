"""Rules, one per file, grouped by family: errors/, warnings/, perf/, style/.

Importing a family package imports each of its modules, and each module registers its rule
class; ``load_all`` does that once per process.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

FAMILIES = ("errors", "warnings", "perf", "style")
_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for family in FAMILIES:
        try:
            package = _import(f"{__name__}.{family}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{family}":
                continue
            raise
        # a directory listing, not pkgutil.iter_modules: that imports inspect (start-up time)
        names = {
            entry.name[:-3]
            for path in package.__path__
            for entry in os.scandir(path)
            if entry.name.endswith(".py") and not entry.name.startswith("_")
        }
        for name in sorted(names):
            _import(f"{package.__name__}.{name}")


def _import(name: str) -> ModuleType:
    """``importlib.import_module`` without importing importlib (start-up time of every run)."""
    __import__(name)
    return sys.modules[name]
