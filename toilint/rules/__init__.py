"""Rules, one per file, grouped by family: errors/, warnings/, perf/, style/.

Importing a family package imports each of its modules, and each module registers its rule
class; ``load_all`` does that once per process.
"""

from __future__ import annotations

import importlib
import pkgutil

FAMILIES = ("errors", "warnings", "perf", "style")
_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for family in FAMILIES:
        try:
            package = importlib.import_module(f"{__name__}.{family}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{family}":
                continue
            raise
        for info in pkgutil.iter_modules(package.__path__):
            if not info.name.startswith("_"):
                importlib.import_module(f"{package.__name__}.{info.name}")
