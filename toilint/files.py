"""Finding `.toi` files and reading them without losing a byte."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import attrs

SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".toilint_cache", "__pycache__", ".venv", "venv"})


@attrs.define(frozen=True)
class SourceFile:
    path: str
    text: str | None  # None when the file could not be read
    problem: str | None = None  # why it could not be read, or why it must not be rewritten
    #: False when writing text back would change bytes the user did not ask to change
    writable: bool = True
    newline: str = "\n"


def discover(paths: list[str]) -> Iterator[str]:
    """Explicit files always; directories walked for ``*.toi`` (sorted, symlink loops safe)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            seen: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(p, followlinks=True):
                st = os.stat(root)
                ident = (st.st_dev, st.st_ino)
                if ident in seen:
                    dirs[:] = []
                    continue
                seen.add(ident)
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(".toi"):
                        yield os.path.join(root, name)
        else:
            yield raw


def decode(data: bytes, path: str) -> SourceFile:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # keep going with the bytes preserved as surrogates, but never rewrite the file
        text = data.decode("utf-8", errors="surrogateescape")
        return SourceFile(path, text, f"File is not valid UTF-8 (byte {exc.start})", writable=False)
    return SourceFile(path, text)


def read_source(path: str) -> SourceFile:
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        return SourceFile(path, None, "Is a directory")
    except OSError as exc:
        return SourceFile(path, None, exc.strerror or str(exc))
    return decode(data, path)


def write_atomic(path: str, text: str) -> None:
    """Write through a temporary file and rename, keeping the file's mode."""
    target = Path(path)
    mode = target.stat().st_mode & 0o7777
    tmp = target.with_name(f".{target.name}.toilint-tmp-{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8", errors="surrogateescape", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
