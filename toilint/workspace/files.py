"""Finding `.toi` files and reading them without losing a byte.

Directories are walked for ``*.toi`` files, honoring ``.gitignore`` files (git's own rules,
through pathspec) and each directory's configured ``exclude``; a file named on the command
line is always linted (``--force-exclude`` makes the excludes apply to it too, which is what a
pre-commit hook wants).
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from toilint._typing import TYPE_CHECKING
from toilint.records import record

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

    from toilint.workspace.config import Config, Resolver


@record(frozen=True)
class SourceFile:
    path: str
    text: str | None  # None when the file could not be read
    problem: str | None = None  # why it could not be read, or why it must not be rewritten
    #: False when writing text back would change bytes the user did not ask to change
    writable: bool = True
    newline: str = "\n"


class _Excluder:
    """``exclude`` globs of one configuration: bare names match any path component's name,
    anchored globs (made absolute by config.anchor) match the absolute path."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        names = [fnmatch.translate(p.rstrip("/")) for p in patterns if not os.path.isabs(p)]
        paths = [fnmatch.translate(p.rstrip("/")) for p in patterns if os.path.isabs(p)]
        self.names = re.compile("|".join(names)) if names else None
        self.paths = re.compile("|".join(paths)) if paths else None

    def excluded(self, path: str) -> bool:
        if self.names is not None and self.names.fullmatch(os.path.basename(path)):
            return True
        return self.paths is not None and self.paths.fullmatch(path) is not None


class _GitIgnores:
    """The ``.gitignore`` files that apply to a directory: its own and its ancestors' up to the repository root."""

    def __init__(self) -> None:
        self._specs: dict[str, GitIgnoreSpec | None] = {}
        self._roots: dict[str, bool] = {}
        #: (directory, top) -> the directories whose .gitignore applies, deepest first, with a spec
        self._chains: dict[tuple[str, str], list[tuple[str, GitIgnoreSpec]]] = {}

    def _spec(self, directory: str) -> GitIgnoreSpec | None:
        if directory not in self._specs:
            spec = None
            lines: list[str] = []
            for name in (".gitignore", os.path.join(".git", "info", "exclude")):
                try:
                    with open(os.path.join(directory, name), encoding="utf-8", errors="replace") as fh:
                        lines.extend(fh.read().splitlines())
                except OSError:
                    pass
            if lines:
                from pathspec import GitIgnoreSpec

                spec = GitIgnoreSpec.from_lines(lines)
            self._specs[directory] = spec
        return self._specs[directory]

    def _is_repo_root(self, directory: str) -> bool:
        if directory not in self._roots:
            self._roots[directory] = os.path.exists(os.path.join(directory, ".git"))
        return self._roots[directory]

    def ignored(self, path: str, is_dir: bool, top: str) -> bool:
        """git's answer: the deepest .gitignore with a matching pattern decides.

        Inside a repository the .gitignore files up to its root count; outside one, only those
        inside the walked directory (a stray ~/.gitignore must not hide a project's files).
        """
        directory = os.path.dirname(path)
        chain = self._chains.get((directory, top))
        if chain is None:
            chain = self._chains[directory, top] = self._chain(directory, top)
        for d, spec in chain:
            rel = os.path.relpath(path, d).replace(os.sep, "/") + ("/" if is_dir else "")
            result = spec.check_file(rel)
            if result.include is not None:
                return bool(result.include)
        return False

    def _chain(self, directory: str, top: str) -> list[tuple[str, GitIgnoreSpec]]:
        """The directories whose .gitignore applies to ``directory``'s entries, deepest first (the
        walk asks once per file; the answer is the same for every file of a directory)."""
        chain: list[str] = []
        while True:
            chain.append(directory)
            if self._is_repo_root(directory):
                break
            parent = os.path.dirname(directory)
            if parent == directory:
                chain = [d for d in chain if d == top or d.startswith(top + os.sep)]
                break
            directory = parent
        return [(d, spec) for d in chain if (spec := self._spec(d)) is not None]


class Walker:
    """Expands command-line paths into the files to lint, in a deterministic order."""

    def __init__(self, resolver: Resolver | None = None, force_exclude: bool = False) -> None:
        if resolver is None:
            from toilint.workspace.config import Resolver

            resolver = Resolver()
        self.resolver = resolver
        self.force_exclude = force_exclude
        self._gitignores = _GitIgnores()
        self._excluders: dict[int, _Excluder] = {}
        self._top = ""

    def _excluder(self, config: Config) -> _Excluder:
        key = id(config)
        if key not in self._excluders:
            self._excluders[key] = _Excluder(config.all_excludes)
        return self._excluders[key]

    def _skip(self, path: str, is_dir: bool) -> bool:
        config = self.resolver.for_dirname(path if is_dir else os.path.dirname(path))  # path is absolute
        if self._excluder(config).excluded(path):
            return True
        return config.respect_gitignore and self._gitignores.ignored(path, is_dir, self._top)

    def _explicitly_excluded(self, path: str) -> bool:
        """For ``--force-exclude``: the file or any directory above it (inside its project) is excluded."""
        config = self.resolver.for_path(path)
        excluder = self._excluder(config)
        current = path
        root = str(config.root.resolve())
        while True:
            if excluder.excluded(current):
                return True
            parent = os.path.dirname(current)
            if parent == current or not parent.startswith(root) or len(parent) < len(root):
                return False
            current = parent

    def files(self, paths: list[str]) -> Iterator[str]:
        seen: set[str] = set()
        for raw in paths:
            absolute = os.path.abspath(raw)
            if os.path.isdir(raw):
                # sorted as paths (a/y.toi before b.toi), like ruff's output
                for found in sorted(self._walk(raw), key=lambda f: f.split(os.sep)):
                    key = os.path.abspath(found)
                    if key not in seen:
                        seen.add(key)
                        yield found
            elif absolute not in seen:
                seen.add(absolute)
                if self.force_exclude and self._explicitly_excluded(absolute):
                    continue
                yield raw

    def _walk(self, top: str) -> Iterator[str]:
        visited: set[tuple[int, int]] = set()
        self._top = os.path.abspath(top)
        for root, dirs, files in os.walk(top, followlinks=True):
            st = os.stat(root)
            ident = (st.st_dev, st.st_ino)
            if ident in visited:
                dirs[:] = []
                continue
            visited.add(ident)
            abs_root = os.path.abspath(root)
            dirs[:] = sorted(d for d in dirs if not self._skip(os.path.join(abs_root, d), True))
            for name in sorted(files):
                if name.endswith(".toi") and not self._skip(os.path.join(abs_root, name), False):
                    yield os.path.normpath(os.path.join(root, name))  # `./a.toi` reads as `a.toi`


def discover(paths: list[str], resolver: Resolver | None = None, force_exclude: bool = False) -> Iterator[str]:
    """Explicit files always (unless ``force_exclude``); directories walked for ``*.toi`` (sorted)."""
    return Walker(resolver, force_exclude).files(paths)


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
        with open(path, "rb") as fh:  # (not Path(path).read_bytes(): a Path per file cost more than the read)
            data = fh.read()
    except IsADirectoryError:
        return SourceFile(path, None, "Is a directory")
    except OSError as exc:
        return SourceFile(path, None, exc.strerror or str(exc))
    return decode(data, path)


class NotRewritten(OSError):
    """The file was left as it is on purpose (read-only, or changed by someone else)."""


def write_atomic(path: str, text: str, original: str | None = None) -> None:
    """Write through a temporary file and rename, keeping the file's mode.

    With ``original`` (the text the fixes were computed from), a file that changed on disk
    in the meantime (an editor saved it) is not overwritten: the user's newer edit wins.
    A read-only file is never rewritten, even when the directory would allow the rename.
    """
    target = Path(path)
    st = target.stat()
    mode = st.st_mode & 0o7777
    if not mode & stat.S_IWUSR:
        raise NotRewritten(errno.EACCES, "file is read-only; not rewritten")
    tmp = target.with_name(f".{target.name}.toilint-tmp-{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8", errors="surrogateescape", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        if original is not None and target.read_bytes() != original.encode("utf-8", "surrogateescape"):
            raise NotRewritten(errno.EAGAIN, "file changed while it was being fixed; not rewritten")
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
