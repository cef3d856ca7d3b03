"""The workspace layer: configuration files, file discovery and the result cache (what ruff keeps in
``ruff_workspace``). The CLI and the language server read it; the linter itself never does."""

from __future__ import annotations

import os

#: looked for in this order in each directory (ruff's order)
CONFIG_NAMES = (".toilint.toml", "toilint.toml", "pyproject.toml")


def config_candidate(directory: str) -> str | None:
    """The file of ``directory`` that may configure toilint: a ``.toilint.toml`` or ``toilint.toml``,
    else a ``pyproject.toml`` whose text mentions ``tool.toilint`` (whether it really has the table
    takes a TOML parser: :func:`toilint.workspace.config.find_config_file` asks one)."""
    for name in CONFIG_NAMES:
        candidate = os.path.join(directory, name)
        if not os.path.isfile(candidate):
            continue
        if name == "pyproject.toml":
            try:
                with open(candidate, encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
            except OSError:
                continue
            if "tool.toilint" not in text:
                continue
        return candidate
    return None


def file_state(path: str) -> tuple[str, int, int, int] | None:
    """What tells a file's versions apart without reading it: (path, size, mtime in ns, inode)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (path, st.st_size, st.st_mtime_ns, st.st_ino)
