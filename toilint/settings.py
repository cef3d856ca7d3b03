"""Effective settings for one file: which rules run and how fixes apply.

Config files (see ``config.py``) resolve to one :class:`Settings` per directory; the CLI and
the server pass it to the API. Selection follows ruff: a code is enabled by the most
specific prefix that mentions it, ``ignore`` beating ``select`` at equal specificity.
"""

from __future__ import annotations

import fnmatch
import os
from functools import cached_property

from toilint.diagnostics import LINTER_ERRORS
from toilint.records import record

DEFAULT_SELECT = ("E", "W", "PERF")
#: codes that are never switched off: the linter must say when it could not do its job
ALWAYS_ON = LINTER_ERRORS


@record(frozen=True, slots=False)
class Settings:
    select: tuple[str, ...] = DEFAULT_SELECT
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: glob (matched against the path as given and its name) -> codes or prefixes ignored there
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fix: bool = False
    unsafe_fixes: bool = False
    #: the directory ``import a.b`` resolves against (the interpreter's working directory):
    #: ``project-root``, else the configuration file's directory; None: the current directory
    project_root: str | None = None
    #: report unused values of a multi-assignment (``f, err = io.open(p)``) too (luacheck's
    #: ``unused_secondaries``); off by default, like pyflakes
    unused_secondaries: bool = False

    @cached_property
    def _rules(self) -> tuple[tuple[str, bool], ...]:
        entries: dict[str, bool] = {}
        for prefix in (*self.select, *self.extend_select):
            entries[prefix.upper()] = True
        for prefix in self.ignore:
            entries[prefix.upper()] = False
        return tuple(sorted(entries.items(), key=lambda kv: 0 if kv[0] == "ALL" else -len(kv[0])))

    def selects_exactly(self, code: str) -> bool:
        """Is ``code`` itself (not only a prefix of it) selected? Preview rules need that."""
        code = code.upper()
        return code in (s.upper() for s in (*self.select, *self.extend_select)) and code not in (
            i.upper() for i in self.ignore
        )

    def is_enabled(self, code: str, path: str | None = None) -> bool:
        if code in ALWAYS_ON:
            return True
        if path is not None and self._ignored_for_path(code, path):
            return False
        for prefix, on in self._rules:
            if prefix == "ALL" or code.startswith(prefix):
                return on
        return False

    def _ignored_for_path(self, code: str, path: str) -> bool:
        name = path.replace("\\", "/")
        base = name.rsplit("/", 1)[-1]
        absolute: str | None = None
        for pattern, codes in self.per_file_ignores:
            if not any(code.startswith(c.upper()) for c in codes):
                continue
            if os.path.isabs(pattern):
                # anchored at its configuration file's directory (see config.anchor)
                if absolute is None:
                    absolute = os.path.abspath(path).replace("\\", "/")
                if fnmatch.fnmatch(absolute, pattern.replace("\\", "/")):
                    return True
            elif (
                fnmatch.fnmatch(name, pattern)
                or fnmatch.fnmatch(base, pattern)
                or fnmatch.fnmatch(name, "*/" + pattern)
            ):
                return True
        return False

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever a setting that can change a file's diagnostics changes (cache key)."""
        key = repr(
            (
                self.select,
                self.extend_select,
                self.ignore,
                self.per_file_ignores,
                self.project_root,
                self.unused_secondaries,
            )
        )
        from toilint.hashing import digest  # only runs that use the cache need it

        return digest(key.encode(), 12)
