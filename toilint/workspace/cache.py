"""Per-file results kept between runs, so re-linting an unchanged tree costs a hash per file.

An entry is valid for one file content (a hash), one toilint build and one set of effective
settings: the version and a fingerprint of the installed toilint sources name the directory,
the settings fingerprint names the directory below it, which holds one file per source directory,
and each entry stores the content hash. Entries hold the complete diagnostics, fixes included, so
every output format works from a cache hit. Beside them, ``configs.json`` records what each
configuration file resolved to (see :meth:`Cache.remember_config`).

A result can also depend on other files: the module checks read what an imported module exports,
and whether ``import a.b`` resolves at all depends on which candidate files exist under the
project root (the working directory when none is configured). Such an entry also stores the
state of every candidate file the lint looked at (absent ones too: creating one changes the
answer) and the working directory when the root came from it; it answers only while all of them
are unchanged (a stat per file, see :func:`dependencies`).

The cache is an optimization and nothing else: a cache that cannot be read, parsed or
written is ignored (with a note under ``-v``), never an error.
"""

from __future__ import annotations

import os

from toilint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from toilint.hashing import blake2b, digest
from toilint.workspace import file_state

TYPE_CHECKING = False  # typing and pathlib stay unimported on a warm-cache run (see toilint.entry)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from toilint.workspace.config import Config

CACHE_DIR_NAME = ".toilint_cache"
FORMAT = 2
#: the store of what each configuration file resolved to (a settings fingerprint is hex: no clash):
#: configuration file -> [its sources' states, settings fingerprint, fix, unsafe-fixes, output-format]
CONFIGS = "configs"

_build_key: str | None = None


def build_key() -> str:
    """toilint's version plus a fingerprint of this build: a rule edited in a checkout (an
    editable install) must not be answered from results of the old rule."""
    global _build_key
    if _build_key is None:
        from toilint import __version__

        package = os.path.dirname(os.path.dirname(__file__))  # the whole toilint package
        _build_key = f"{__version__}-{source_fingerprint(package, __version__)}"
    return _build_key


def source_fingerprint(package: str, version: str) -> str:
    """A hash that changes whenever a file of the toilint package in ``package`` changes.

    An installed wheel's RECORD (in the ``.dist-info`` directory beside the package) lists every
    file it installed with the file's hash: reading it names the build in one read. A checkout or
    an editable install has none, and there the sizes and modification times of the sources are
    hashed (a stat per file, some 200 of them: a tenth of a warm one-file run).
    """
    h = blake2b(digest_size=8)
    record = os.path.join(os.path.dirname(package), f"toilint-{version}.dist-info", "RECORD")
    try:
        with open(record, "rb") as fh:
            h.update(fh.read())
        return h.hexdigest()
    except OSError:
        pass
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".lark")):
                try:
                    st = os.stat(os.path.join(root, name))
                except OSError:
                    continue
                h.update(f"{root}/{name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def content_hash(text: str) -> str:
    return digest(text.encode("utf-8", "surrogateescape"))


def dump_diagnostic(d: Diagnostic) -> list[Any]:
    fix = None
    if d.fix is not None:
        fix = [
            d.fix.applicability.value,
            d.fix.message,
            list(d.fix.binds),
            [[e.start, e.end, e.content] for e in d.fix.edits],
        ]
    return [d.code, d.message, d.start, d.end, d.severity.value, d.name, d.unnecessary, fix]


def load_diagnostic(data: list[Any]) -> Diagnostic:
    code, message, start, end, severity, name, unnecessary, fix = data
    loaded_fix = None
    if fix is not None:
        applicability, fix_message, binds, edits = fix
        loaded_fix = Fix(
            tuple(Edit(s, e, c) for s, e, c in edits), Applicability(applicability), fix_message, tuple(binds)
        )
    return Diagnostic(code, message, start, end, Severity(severity), loaded_fix, name, bool(unnecessary))


def dependencies(module_states: Mapping[str, tuple[int, int, int] | None], project_root: str | None) -> list[Any]:
    """What a result depends on besides its file's text and the settings: [] when nothing, else
    [working directory or None, [path, size, mtime in ns, inode] or [path] when absent, ...],
    each state as the lint saw it (``LintResult.module_states``: taken before the read, so an
    edit during the lint is not recorded as seen)."""
    if not module_states:
        return []
    # an absolute project root is part of the settings; otherwise imports resolve from here
    cwd = None if project_root and os.path.isabs(project_root) else os.getcwd()
    states: dict[str, list[Any]] = {}
    for path, state in module_states.items():
        full = os.path.abspath(path)
        states.setdefault(full, [full, *state] if state is not None else [full])
    return [cwd, list(states.values())]


def unchanged(cwd: str | None, states: list[list[Any]], seen: dict[str, list[Any]] | None = None) -> bool:
    """Whether the files a result depends on are as they were (:func:`dependencies`); ``seen``
    keeps the states found for the lookups of one run."""
    if cwd is not None and cwd != os.getcwd():
        return False
    for state in states:
        path = state[0]
        now = seen.get(path) if seen is not None else None
        if now is None:
            found = file_state(path)
            now = list(found) if found is not None else [path]
            if seen is not None:  # the files of a project import the same few modules
                seen[path] = now
        if now != state:
            return False
    return True


def results_file(directory: str | os.PathLike[str], settings_key: str, path: str) -> str:
    """The file holding the results for ``path`` under one settings fingerprint in one cache
    directory: one file per source directory, so that checking a few files reads only their
    directories' results, not the whole project's (a big project's would take longer to parse than
    the rest of a warm one-file run)."""
    source_dir = os.path.dirname(os.path.abspath(path)).encode("utf-8", "surrogateescape")
    return os.path.join(directory, build_key(), settings_key, f"{digest(source_dir, 8)}.json")


def configs_file(directory: str | os.PathLike[str]) -> str:
    """The file holding what configuration files resolved to (:meth:`Cache.remember_config`)."""
    return os.path.join(directory, build_key(), f"{CONFIGS}.json")


#: cache files read by the entry point's fast path, with their state then: when it cannot answer,
#: the CLI takes the entries from here instead of parsing a big file a second time
_PEEKED: dict[str, tuple[tuple[str, int, int, int] | None, dict[str, list[Any]]]] = {}


def _read(file: str) -> dict[str, list[Any]]:
    """The entries of one cache file ({} for another format), taken from the fast path's look when
    the file is unchanged since; raises OSError or ValueError."""
    peeked = _PEEKED.pop(file, None)
    if peeked is not None and peeked[0] is not None and peeked[0] == file_state(file):
        return peeked[1]
    return _load(file)


def _load(file: str) -> dict[str, list[Any]]:
    import json  # here, not at the top: a --no-cache run imports this module and reads no cache

    with open(file, encoding="utf-8") as fh:
        data = json.load(fh)
    if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("files"), dict):
        entries: dict[str, list[Any]] = data["files"]
        return entries
    return {}


def peek(file: str) -> dict[str, list[Any]] | None:
    """The entries of one cache file for a read-only look (None if it cannot be read), kept for
    the CLI's next read of the same file while it is unchanged."""
    state = file_state(file)
    held = _PEEKED.get(file)
    if held is not None and state is not None and held[0] == state:
        return held[1]
    try:
        entries = _load(file)
    except (OSError, ValueError):
        return None
    _PEEKED[file] = (state, entries)
    return entries


def forget_peeked() -> None:
    """The fast path answered: nothing it read will be read again."""
    _PEEKED.clear()


class _Store:
    """One JSON file: absolute path -> [content hash, diagnostics, *dependencies] (or a
    configuration's entry)."""

    def __init__(self, file: str, root: str) -> None:
        self.file = file
        self.root = root  # the cache directory it is in
        self.entries: dict[str, list[Any]] = {}
        self.dirty = False
        self.problem: str | None = None
        try:
            self.entries = _read(file)
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            self.problem = f"cache {file} unreadable, ignored: {exc}"

    def save(self) -> str | None:
        if not self.dirty:
            return None
        try:
            parent = os.path.dirname(self.file)
            os.makedirs(parent, exist_ok=True)
            _mark_cache_dir(self.root)
            import json
            import tempfile

            fd, tmp = tempfile.mkstemp(dir=parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump({"format": FORMAT, "files": self.entries}, fh, separators=(",", ":"))
                os.replace(tmp, self.file)
            except BaseException:
                try:
                    os.unlink(tmp)
                except FileNotFoundError:
                    pass
                raise
        except OSError as exc:
            return f"cache {self.file} not written: {exc.strerror or exc}"
        return None


def _mark_cache_dir(directory: str) -> None:
    """Keep the cache out of git and out of backups, like other tools' caches."""
    for name, text in (
        (".gitignore", "# created by toilint\n*\n"),
        (
            "CACHEDIR.TAG",
            "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by toilint.\n",
        ),
    ):
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)


def lookup(
    entries: dict[str, list[Any]], path: str, digest: str, seen: dict[str, list[Any]] | None = None
) -> list[Diagnostic] | None:
    """The stored diagnostics of ``path`` if its entry is for this content and the files it
    depends on are unchanged, else None (``seen``: see :func:`unchanged`)."""
    entry = entries.get(os.path.abspath(path))
    if entry is not None and entry[0] == digest:
        try:
            if len(entry) > 2 and not unchanged(entry[2], entry[3], seen):
                return None
            return [load_diagnostic(d) for d in entry[1]]
        except (TypeError, ValueError, KeyError, IndexError):
            return None
    return None


class Cache:
    """All cache files one run touches (per cache directory: one per settings fingerprint and
    source directory, and the configurations')."""

    def __init__(self) -> None:
        self._stores: dict[str, _Store] = {}
        self.hits = 0
        self.misses = 0
        #: the module files' states this run found (``unchanged``)
        self._seen: dict[str, list[Any]] = {}
        self.notes: list[str] = []

    def _store(self, directory: str | os.PathLike[str], file: str) -> _Store:
        store = self._stores.get(file)
        if store is None:
            store = _Store(file, os.fspath(directory))
            if store.problem:
                self.notes.append(store.problem)
            self._stores[file] = store
        return store

    def get(
        self,
        directory: str | os.PathLike[str],
        settings_key: str,
        path: str,
        digest: str,
        depends_on: list[list[Any]] | None = None,
    ) -> list[Diagnostic] | None:
        """The stored diagnostics (:func:`lookup`); on a hit, ``depends_on`` gets the states of
        the module files they depend on."""
        store = self._store(directory, results_file(directory, settings_key, path))
        found = lookup(store.entries, path, digest, self._seen)
        if found is not None:
            self.hits += 1
            entry = store.entries[os.path.abspath(path)]
            if depends_on is not None and len(entry) > 2:
                depends_on.extend(entry[3])
            return found
        self.misses += 1
        return None

    def put(
        self,
        directory: str | os.PathLike[str],
        settings_key: str,
        path: str,
        digest: str,
        diagnostics: list[Diagnostic],
        depends_on: list[Any] | None = None,
    ) -> None:
        store = self._store(directory, results_file(directory, settings_key, path))
        entry = [digest, [dump_diagnostic(d) for d in diagnostics], *(depends_on or ())]
        store.entries[os.path.abspath(path)] = entry
        store.dirty = True

    def remember_config(self, directory: str | os.PathLike[str], config: Config) -> None:
        """Record what ``config`` resolved to, so that a warm run can skip reading it (toilint.entry).

        The entry holds everything of a configuration that changes what a warm ``check FILE``
        prints: a new configuration key that does so must be recorded here and read there."""
        if config.path is None or None in config.sources:
            return
        s = config.settings
        entry = [
            [list(state) for state in config.sources if state],  # (narrows the type: None returned above)
            s.fingerprint,
            s.fix,
            s.unsafe_fixes,
            config.output_format,
        ]
        store = self._store(directory, configs_file(directory))
        if store.entries.get(str(config.path)) != entry:
            store.entries[str(config.path)] = entry
            store.dirty = True

    def save(self) -> None:
        for store in self._stores.values():
            if store.dirty:
                # forget files that were deleted since they were cached
                store.entries = {p: e for p, e in store.entries.items() if os.path.exists(p)}
            note = store.save()
            if note:
                self.notes.append(note)
