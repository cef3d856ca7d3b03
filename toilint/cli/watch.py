"""`toilint check --watch`: lint, then lint again whenever a Toi file or a configuration changes.

As in ruff, each run starts on a cleared screen (on a terminal) under a time-stamped header, and
the watch goes on until interrupted. Unchanged files are answered by the cache, so a run after
an edit re-lints only the files that changed. Changes are found by polling the modification
times of the ``.toi`` and configuration files under the given paths (no extra dependency; a
project's tree is walked in milliseconds), and of the module files the results depend on
(``CheckRun.module_states``: the modules their imports read or looked for, wherever they are),
compared with the state each result saw; the cache then re-lints the files importing a changed one.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterable

from toilint._typing import Any
from toilint.workspace import CONFIG_NAMES
from toilint.workspace.cache import unchanged
from toilint.workspace.config import DEFAULT_EXCLUDE

#: how often the files are looked at, in seconds
INTERVAL = 0.3
CLEAR = "\x1b[H\x1b[2J\x1b[3J"
_SKIP_DIRS = frozenset(DEFAULT_EXCLUDE)

Snapshot = dict[str, tuple[int, int]]


def snapshot(paths: Iterable[str]) -> Snapshot:
    """Modification time and size of every Toi and configuration file under ``paths``, and of the
    configuration files above them (which apply too)."""
    found: Snapshot = {}
    for top in paths:
        if os.path.isfile(top):
            _stat_into(found, top)
            directory = os.path.dirname(os.path.abspath(top))
        else:
            directory = os.path.abspath(top)
            for current, dirs, files in os.walk(top):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
                for name in files:
                    if name.endswith(".toi") or name in CONFIG_NAMES:
                        _stat_into(found, os.path.join(current, name))
        while True:
            for name in CONFIG_NAMES:
                _stat_into(found, os.path.join(directory, name))
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
    return found


def _stat_into(found: Snapshot, path: str) -> None:
    try:
        st = os.stat(path)
    except OSError:
        return
    found[path] = (st.st_mtime_ns, st.st_size)


def changed(paths: list[str], before: Snapshot, module_states: list[list[Any]]) -> bool:
    """Whether a file under ``paths`` (or a configuration) changed since ``before``, or a module
    file since the run's results saw it (created, edited, removed)."""
    # one stat per module file, however many results import it
    return snapshot(paths) != before or not unchanged(None, module_states, {})


def watch(
    args: argparse.Namespace,
    check: Callable[[argparse.Namespace, list[list[Any]]], int],
    report_error: Callable[[Exception], object],
    runs: int | None = None,
) -> int:
    """Run ``check`` now and after every change, until interrupted (or ``runs`` runs, for tests)."""
    paths = list(args.paths or ["."])
    clear = sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
    done = 0
    try:
        while True:
            before = snapshot(paths)
            module_states: list[list[Any]] = []
            if clear:
                sys.stdout.write(CLEAR)
            print(f"[{time.strftime('%H:%M:%S')}] Linting {', '.join(paths)} ...", flush=True)
            try:
                check(args, module_states)
            except Exception as exc:  # a broken configuration mid-watch: say so and keep watching
                report_error(exc)
            done += 1
            print(f"[{time.strftime('%H:%M:%S')}] Watching for file changes.", flush=True)
            if runs is not None and done >= runs:
                return 0
            while not changed(paths, before, module_states):
                time.sleep(INTERVAL)
    except KeyboardInterrupt:
        return 0
