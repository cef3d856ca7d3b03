"""What the editor may set, and how it combines with the project's config files.

The config files decide first (so the editor and ``toilint check`` agree on a project);
the editor's ``select`` then replaces the selection and its ``ignore``/``extendSelect`` add to
the file's, like ruff's editor-first preference. Unknown or ill-typed values are ignored one by
one: a typo in an editor's settings must not switch linting off.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import attrs

from toilint.records import evolve
from toilint.settings import Settings

log = logging.getLogger(__name__)

RUN_ON_TYPE = "onType"
RUN_ON_SAVE = "onSave"


def _codes(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        return None
    return tuple(str(v).strip().upper() for v in value if str(v).strip())


@attrs.define(frozen=True)
class ClientSettings:
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: lint as the user types ("onType") or only on open and save ("onSave")
    run: str = RUN_ON_TYPE
    #: whether `source.fixAll.toilint` also applies unsafe fixes
    unsafe_fixes: bool = False
    #: the Toi interpreter for formatting (default: $TOI, then `toi` on PATH)
    toi_path: str | None = None
    #: quiet time after a keystroke before linting starts
    debounce_ms: int = 25
    #: documents longer than this are not linted (the server stays responsive)
    max_lines: int = 50_000
    #: parameter-name hints before literal arguments (`pad("a", n: 3)`)
    inlay_hints: bool = False

    @classmethod
    def from_json(cls, raw: Any) -> ClientSettings:
        if not isinstance(raw, dict):
            return cls()
        if isinstance(raw.get("toilint"), dict):  # {"toilint": {...}} as didChangeConfiguration sends it
            raw = raw["toilint"]
        values: dict[str, Any] = {}
        for key, attr in (("select", "select"), ("extendSelect", "extend_select"), ("ignore", "ignore")):
            codes = _codes(raw.get(key))
            if codes is not None:
                values[attr] = codes
        run = raw.get("run", raw.get("lintOn"))
        if run in ("onType", "type"):
            values["run"] = RUN_ON_TYPE
        elif run in ("onSave", "save"):
            values["run"] = RUN_ON_SAVE
        unsafe = raw.get("unsafeFixes")
        if isinstance(unsafe, bool):
            values["unsafe_fixes"] = unsafe
        hints = raw.get("inlayHints")
        if isinstance(hints, bool):
            values["inlay_hints"] = hints
        toi = raw.get("toiPath")
        if isinstance(toi, str) and toi:
            values["toi_path"] = toi
        for key, attr in (("debounceMs", "debounce_ms"), ("maxLines", "max_lines")):
            v = raw.get(key)
            if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
                values[attr] = v
        return cls(**values)

    def apply(self, base: Settings) -> Settings:
        return evolve(
            base,
            select=self.select if self.select is not None else base.select,
            extend_select=(*base.extend_select, *self.extend_select),
            ignore=(*base.ignore, *self.ignore),
        )


class ConfigFiles:
    """The CLI's configuration lookup (closest config file wins), cached until something changes."""

    def __init__(self) -> None:
        self._resolver: Any = None
        #: the message of the last broken config file (shown to the user once per change)
        self.problem: str | None = None

    def reset(self) -> None:
        self._resolver = None
        self.problem = None

    def settings_for(self, path: str | None) -> Settings:
        if path is None or not os.path.isabs(path):
            return Settings()
        try:
            from toilint.workspace.config import Resolver
        except ImportError:
            return Settings()
        try:
            if self._resolver is None:
                self._resolver = Resolver()
            settings = self._resolver.for_path(path).settings
        except Exception as exc:  # a broken config file: lint with the defaults and say why
            self.problem = f"configuration error: {exc}"
            log.warning("toilint: %s", self.problem)
            return Settings()
        return settings if isinstance(settings, Settings) else Settings()
