"""The workspace index: every `.toi` file of the project, parsed, with what it imports and exports.

Cross-file navigation, rename and workspace symbols read it. It is filled in a background
thread after start-up, from the workspace folders, and kept current: open documents replace
the disk text with the editor's as they are analyzed, and watched-file events re-read the
rest. Files are parsed with :func:`toilint.syntax.parse` and resolved with the semantic model
(no linting: the index answers where names are, not what is wrong).

Module resolution and exports are :mod:`toilint.semantic.modules`' (the interpreter's rules:
a native module wins, then ``a/b.toi``, ``a/b/__.toi``, ``lib/a/b.toi``, ``lib/a/b/__.toi``
relative to the directory the program runs in). The index tries, in order, the project root
of the file's configuration (``project-root``), its workspace folder, its own directory and the
directories above it, then the other workspace folders; open documents count as existing
files, so an unsaved new module resolves too.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import attrs

from toilint import ast
from toilint.lsp.analysis import Analysis
from toilint.lsp.positions import PositionMap
from toilint.semantic import Binding, SemanticModel, build, modules
from toilint.semantic.stdlib import NATIVE_MODULES
from toilint.syntax import parse

log = logging.getLogger(__name__)

#: directories never scanned (version control, virtualenvs, caches, dependencies)
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", "build"})
MAX_FILES = 20_000


def is_native(dotted: str) -> bool:
    return dotted in NATIVE_MODULES


def resolve_module(dotted: str, roots: Iterable[str], exists: Callable[[str], bool] = os.path.isfile) -> str | None:
    """The `.toi` file ``import dotted`` loads when the program runs in the first of ``roots`` that has it."""
    if is_native(dotted):
        return None
    for root in roots:
        found = modules.resolve(dotted, Path(root), lambda p: exists(os.path.normpath(p))).path
        if found is not None:
            return os.path.normpath(found)
    return None


@attrs.define(eq=False)
class Indexed:
    """One file as the index knows it."""

    path: str
    text: str
    module: ast.Module | None
    _model: SemanticModel | None = None
    encoding: str = "utf-16"
    _pmap: PositionMap | None = None
    _imports: list[tuple[str, ast.Node]] | None = None
    #: an open document's analysis: the model is shared with it (built once for both)
    analysis: Analysis | None = None

    @property
    def model(self) -> SemanticModel | None:
        if self._model is None and self.module is not None:
            if self.analysis is not None:
                from toilint.lsp.scopes import model

                self._model = model(self.analysis)
            else:
                self._model = build(self.module, self.text)
        return self._model

    @property
    def pmap(self) -> PositionMap:
        if self._pmap is None:
            self._pmap = PositionMap(self.text, self.encoding)
        return self._pmap

    def imports(self) -> list[tuple[str, ast.Node]]:
        """(dotted module, the statement or expression importing it) for every import of the file."""
        if self._imports is None:
            self._imports = list(self._find_imports())
        return self._imports

    def _find_imports(self) -> Iterator[tuple[str, ast.Node]]:
        if self.module is None:
            return
        stack: list[ast.Node] = [self.module]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Import):
                for dotted in node.modules:
                    yield dotted.dotted, node
            elif isinstance(node, ast.FromImport):
                yield node.module.dotted, node
            elif isinstance(node, ast.ImportExpr):
                yield node.module.dotted, node
            stack.extend(node._rchildren())

    def exports(self) -> dict[str, ast.FieldEntry | ast.Name]:
        """The keys of the table the module's top level returns (``return {helper = helper}``)."""
        if self.module is None or modules.exports_of(self.module) is None:
            return {}  # no top-level `return {...}` that says what the module exports
        for stmt in reversed(self.module.body):
            if isinstance(stmt, ast.Return):
                if len(stmt.values) != 1 or not isinstance(stmt.values[0], ast.Table):
                    return {}
                out: dict[str, ast.FieldEntry | ast.Name] = {}
                for entry in stmt.values[0].entries:
                    if isinstance(entry, ast.FieldEntry):
                        out.setdefault(entry.name.id, entry)
                    elif isinstance(entry, ast.ShorthandEntry):
                        for name in entry.names:
                            out.setdefault(name.id, name)
                return out
        return {}

    def export_binding(self, key: str) -> Binding | None:
        """The top-level variable exported under ``key`` (``{key = name}`` or ``<key>``)."""
        entry = self.exports().get(key)
        sm = self.model
        if entry is None or sm is None:
            return None
        value: ast.Node = entry.value if isinstance(entry, ast.FieldEntry) else entry
        while isinstance(value, ast.Paren):
            value = value.expr
        if isinstance(value, ast.Name):
            return sm.binding_of(value)
        return None

    def export_target(self, key: str) -> ast.Node | None:
        """Where ``key`` is defined: the exported variable's declaration, else the table entry."""
        binding = self.export_binding(key)
        if binding is not None and binding.kind != "builtin":
            if binding.scope is not None:
                return binding.node
            if binding.assignments:
                return binding.assignments[0]
        entry = self.exports().get(key)
        return entry.name if isinstance(entry, ast.FieldEntry) else entry


def index_text(path: str, text: str, encoding: str = "utf-16") -> Indexed:
    try:
        module = parse(text).module
    except RecursionError:
        module = None
    return Indexed(path, text, module, encoding=encoding)


class WorkspaceIndex:
    """Every `.toi` file under the workspace folders, kept current."""

    def __init__(self) -> None:
        self.roots: list[str] = []
        #: the client's position encoding (for the positions of files that are not open)
        self.encoding = "utf-16"
        #: the configured project root of a file (``project-root``), if any
        self.project_root: Callable[[str], str | None] = lambda path: None
        self._files: dict[str, Indexed] = {}
        self._open: set[str] = set()
        self._lock = threading.Lock()
        self.ready = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ filling

    def start(self, roots: Iterable[str]) -> None:
        """Scan ``roots`` in a background thread (requests meanwhile see what is indexed so far)."""
        self.roots = [os.path.normpath(r) for r in roots if r and os.path.isdir(r)]
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._scan, name="toilint-index", daemon=True)
        self._thread.start()

    def _scan(self) -> None:
        try:
            for path in self.discover():
                with self._lock:
                    if path in self._files:
                        continue
                entry = self._read(path)
                if entry is not None:
                    with self._lock:
                        self._files.setdefault(path, entry)
        except Exception:  # a broken file system entry must not stop the server
            log.exception("indexing the workspace failed")
        finally:
            self.ready.set()

    def discover(self) -> Iterator[str]:
        count = 0
        for root in self.roots:
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(filenames):
                    if name.endswith(".toi"):
                        count += 1
                        if count > MAX_FILES:
                            return
                        yield os.path.normpath(os.path.join(dirpath, name))

    def _read(self, path: str) -> Indexed | None:
        try:
            with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
                text = f.read()
        except OSError:
            return None
        return index_text(path, text, self.encoding)

    def update(
        self,
        path: str,
        text: str,
        module: ast.Module | None,
        model: SemanticModel | None = None,
        pmap: PositionMap | None = None,
        analysis: Analysis | None = None,
    ) -> None:
        """An open document's current text (a version that does not parse keeps the last that did)."""
        path = os.path.normpath(path)
        with self._lock:
            self._open.add(path)
            old = self._files.get(path)
            if module is None and old is not None and old.module is not None:
                return
            if old is not None and old.text is text:
                return
            self._files[path] = Indexed(path, text, module, model, self.encoding, pmap, analysis=analysis)

    def closed(self, path: str) -> None:
        """Back to the disk's text once the editor closes a document."""
        path = os.path.normpath(path)
        with self._lock:
            self._open.discard(path)
            self._files.pop(path, None)
        if os.path.isfile(path):
            entry = self._read(path)
            if entry is not None:
                with self._lock:
                    self._files.setdefault(path, entry)

    def changed_on_disk(self, paths: Iterable[str]) -> None:
        for path in paths:
            path = os.path.normpath(path)
            if path in self._open:
                continue
            entry = self._read(path) if os.path.isfile(path) else None
            with self._lock:
                if entry is None:
                    self._files.pop(path, None)
                else:
                    self._files[path] = entry

    # ------------------------------------------------------------------ queries

    def get(self, path: str) -> Indexed | None:
        """The file, read now if the scan has not reached it yet."""
        path = os.path.normpath(path)
        entry = self._files.get(path)
        if entry is None and path.endswith(".toi") and os.path.isfile(path):
            entry = self._read(path)
            if entry is not None:
                with self._lock:
                    entry = self._files.setdefault(path, entry)
        return entry

    def files(self) -> list[Indexed]:
        with self._lock:
            return list(self._files.values())

    def roots_for(self, path: str) -> list[str]:
        """Where a program in ``path`` may run: its workspace folder, its own directories, the other folders."""
        configured = self.project_root(path)
        out = [os.path.normpath(configured)] if configured else []
        out += [r for r in self.roots if path.startswith(r + os.sep) and r not in out]
        d = os.path.dirname(os.path.normpath(path))
        while True:
            if d not in out:
                out.append(d)
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
        out.extend(r for r in self.roots if r not in out)
        return out

    def _exists(self, path: str) -> bool:
        return path in self._files or os.path.isfile(path)

    def resolve(self, dotted: str, importer: str) -> Indexed | None:
        path = resolve_module(dotted, self.roots_for(importer), self._exists)
        return self.get(path) if path is not None else None

    def importers(self, path: str) -> Iterator[tuple[Indexed, str]]:
        """Files that import ``path`` (with the dotted name they use)."""
        path = os.path.normpath(path)
        for entry in self.files():
            seen: set[str] = set()
            for dotted, _ in entry.imports():
                if dotted in seen or is_native(dotted):
                    continue
                seen.add(dotted)
                if resolve_module(dotted, self.roots_for(entry.path), self._exists) == path:
                    yield entry, dotted
