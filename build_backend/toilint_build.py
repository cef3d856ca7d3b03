"""The build backend: setuptools', plus the optional compiled build.

``TOILINT_COMPILE=1 pip install .`` builds a wheel whose hot modules (the parser, the semantic
model, the checker) are compiled to C extensions with mypyc; setup.py lists them. This wrapper
only adds mypy (which ships mypyc) to what the build needs when that variable is set, and
never compiles an editable install: the extensions would shadow the sources being edited.
Without the variable, ``pip install .`` builds the pure-Python package exactly as setuptools'
backend does.
"""

from __future__ import annotations

import os
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403  (the PEP 517 hooks this module does not change)

COMPILE_ENV = "TOILINT_COMPILE"


def compiling() -> bool:
    return os.environ.get(COMPILE_ENV, "").strip().lower() in ("1", "true", "yes")


#: what mypyc needs besides setuptools: mypy itself, and the libraries the compiled modules
#: import, so that it type-checks them as the project's own mypy run does
COMPILE_REQUIRES = ["mypy>=1.10", "attrs>=23.1", "lark>=1.2,<2"]


class _NotCompiling:
    """Runs a setuptools hook with the compiled build switched off (setup.py would call mypyc)."""

    def __enter__(self) -> None:
        self.saved = os.environ.pop(COMPILE_ENV, None)

    def __exit__(self, *exc: object) -> None:
        if self.saved is not None:
            os.environ[COMPILE_ENV] = self.saved


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    if not compiling():
        return _setuptools.get_requires_for_build_wheel(config_settings)
    with _NotCompiling():  # setuptools runs setup.py to find its requirements: no mypyc yet
        required = _setuptools.get_requires_for_build_wheel(config_settings)
    return [*required, *COMPILE_REQUIRES]


def prepare_metadata_for_build_wheel(metadata_directory: str, config_settings: dict[str, Any] | None = None) -> str:
    with _NotCompiling():  # metadata does not depend on it; compiling happens in build_wheel
        return _setuptools.prepare_metadata_for_build_wheel(metadata_directory, config_settings)


def build_editable(
    wheel_directory: str, config_settings: dict[str, Any] | None = None, metadata_directory: str | None = None
) -> str:
    os.environ.pop(COMPILE_ENV, None)  # an editable install runs the sources, never compiled copies
    return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
