"""Which file ``import a.b`` loads, and what a ``.toi`` module exports.

Mirrors ``vm_handle_op_import`` in Toi's ``src/vm/ops_import.c``: a loaded module is reused by its
dotted name; a native module (``math``, ``regex``...) wins over files; otherwise the dots become
slashes and the interpreter opens the first of ``a/b.toi``, ``a/b/__.toi``, ``lib/a/b.toi`` and
``lib/a/b/__.toi`` that exists, relative to *its working directory* (not to the importing file).
None found: it prints "Could not open module 'a.b'" and stops. toilint takes the project root (the
``project-root`` setting, else the directory of the configuration file, else the current
directory) as that working directory.

A module's value is what its top level returns: ``return {join = join, split = split}`` exports
``join`` and ``split``, and ``from m import x`` of any other name binds nil. When the returned
value is not a table literal toilint can read, the exports are unknown (``None``).

Pure functions over paths and an optional source provider, so that the command line and the
language server (which has unsaved buffers) share them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

from toilint import ast
from toilint.records import record
from toilint.semantic.signature import Signature
from toilint.semantic.stdlib import NATIVE_MODULES

#: reads a file's text, or returns None when it does not exist or cannot be read
SourceProvider = Callable[[Path], "str | None"]

#: the interpreter's candidates, in its order, ``%s`` being the dotted name with ``/`` for ``.``
CANDIDATES = ("{}.toi", "{}/__.toi", "lib/{}.toi", "lib/{}/__.toi")


def read_file(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


@record(frozen=True)
class Resolution:
    name: str
    #: a native module (``stdlib.MODULES``): no file is read
    native: bool
    #: the file the interpreter loads; None when native or when no candidate exists
    path: Path | None
    #: the files tried, in order (for "tried 'a/b.toi', ...")
    tried: tuple[Path, ...]

    @property
    def found(self) -> bool:
        return self.native or self.path is not None


@lru_cache(maxsize=1024)
def candidates(name: str, root: Path) -> tuple[Path, ...]:
    """The files ``import name`` may load, in the interpreter's order (paths only: no file is
    looked at, so the answer is kept; building the paths was most of a resolution's cost)."""
    rel = name.replace(".", "/")
    return tuple(root / c.format(rel) for c in CANDIDATES)


def resolve(name: str, root: Path, exists: Callable[[Path], bool] | None = None) -> Resolution:
    """Resolve ``import name`` as the interpreter started in ``root`` would."""
    if name in NATIVE_MODULES:
        return Resolution(name, True, None, ())
    check = exists if exists is not None else Path.is_file
    tried = candidates(name, root)
    for path in tried:
        if check(path):
            return Resolution(name, False, path, tried)
    return Resolution(name, False, None, tried)


def project_root(config_path: Path | None = None, setting: str | None = None, cwd: Path | None = None) -> Path:
    """The directory imports resolve against: ``project-root`` (relative to its configuration
    file), else the configuration file's directory, else the current directory."""
    base = config_path.parent if config_path is not None else (cwd or Path.cwd())
    if setting:
        return (base / setting).resolve()
    return base.resolve()


@record(frozen=True)
class Export:
    name: str
    #: what the exported value is when the module defines it with ``fn`` (for arity checks)
    signature: Signature | None = None
    #: where the exported value's definition starts (for go-to-definition), if known
    offset: int | None = None


@record(frozen=True)
class Exports:
    """What a module's top level returns, when toilint can tell."""

    names: Mapping[str, Export]


def exports_of(module: ast.Module) -> Exports | None:
    """The exports of a parsed module, or None when unknown (no readable ``return {...}``)."""
    functions: dict[str, ast.FunctionDef] = {}
    returned: ast.Table | None = None
    for stmt in module.body:
        if isinstance(stmt, ast.FunctionDef) and not stmt.decorators:
            functions[stmt.name.id] = stmt
        elif isinstance(stmt, ast.Return):
            if len(stmt.values) != 1 or not isinstance(stmt.values[0], ast.Table):
                return None
            returned = stmt.values[0]
            break
        elif _may_return(stmt):
            return None  # a `return` nested in a top-level block: which one runs is unknown
    if returned is None:
        return None
    names: dict[str, Export] = {}
    for entry in returned.entries:
        if isinstance(entry, ast.FieldEntry):
            names[entry.name.id] = _export(entry.name.id, entry.value, functions)
        elif isinstance(entry, ast.ShorthandEntry):
            for n in entry.names:
                names[n.id] = _export(n.id, n, functions)
        elif isinstance(entry, ast.KeyEntry) and isinstance(entry.key, ast.String):
            key = entry.key.value if isinstance(entry.key.value, str) else None
            if key is None:
                return None
            names[key] = _export(key, entry.value, functions)
        else:
            return None  # array items or computed keys: keep it simple and say unknown
    return Exports(names)


def _export(name: str, value: ast.Expr, functions: Mapping[str, ast.FunctionDef]) -> Export:
    if isinstance(value, ast.Name) and value.id in functions:
        fn = functions[value.id]
        return Export(name, Signature.of(fn.params), fn.start)
    if isinstance(value, ast.Lambda):
        return Export(name, Signature.of(value.params), value.start)
    return Export(name, None, value.start)


def _may_return(stmt: ast.Stmt) -> bool:
    if isinstance(stmt, ast.FunctionDef):
        return False
    for child in stmt.children():
        if isinstance(child, ast.Return):
            return True
        if isinstance(child, (ast.FunctionDef, ast.Lambda)):
            continue
        if isinstance(child, ast.Stmt) and _may_return(child):
            return True
        if isinstance(child, ast.Block) and any(_may_return(s) for s in child.body):
            return True
    return False


def module_exports(name: str, root: Path, read: SourceProvider = read_file) -> tuple[Resolution, Exports | None]:
    """Resolve ``name`` and read what the module found exports (None: native, missing, unknown)."""
    res = resolve(name, root, exists=lambda p: read(p) is not None)
    if res.path is None:
        return res, None
    text = read(res.path)
    if text is None:
        return res, None
    from toilint.syntax import parse

    parsed = parse(text)
    if parsed.module is None:
        return res, None
    return res, exports_of(parsed.module)
