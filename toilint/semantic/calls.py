"""What a call reaches and what it passes, for the rules that predict run-time errors.

A call reaches a *native* (``math.sqrt(x)``, ``str(x)``, ``"ab".rep(3)``: see ``stdlib``) or a
*program function* whose definition the semantic model pins down: a ``fn``/lambda bound once to
a name, a field of a table literal bound once whose field nothing else writes, or a function a
``.toi`` module exports (see ``modules``). Anything else is unknown and the rules stay silent.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG

from toilint import ast
from toilint._typing import Any
from toilint.records import record
from toilint.semantic import stdlib
from toilint.semantic.model import Binding, SemanticModel
from toilint.semantic.modules import Exports, Resolution, exports_of, read_file, resolve
from toilint.semantic.predicates import unparen
from toilint.semantic.signature import Signature
from toilint.semantic.stdlib import Kind, NativeFunction
from toilint.semantic.values import Value, statement_import_binds_string, values_of
from toilint.visitor import iter_nodes

#: the kind of each literal node class (the classes have no subclasses: one lookup by type)
_LITERAL_KINDS: dict[type[ast.Node], Kind] = {
    ast.Number: "number",
    ast.String: "string",
    ast.FString: "string",
    ast.Table: "table",
    ast.Nil: "nil",
    ast.Bool: "boolean",
    ast.Lambda: "function",
}


def literal_kind(expr: ast.Expr) -> Kind | None:
    """The kind of a literal (``"a"`` string, ``1`` number, ``{}`` table, ``fn() ...`` function)."""
    if type(expr) is ast.Paren:  # (the call checks ask of every callee: most are not parenthesised)
        expr = unparen(expr)
    if type(expr) is ast.Comprehension:
        return "table" if expr.kind == "table" else None
    return _LITERAL_KINDS.get(type(expr))


#: ``value_kinds`` of a value, by its bits (several rules ask it of every call)
_KINDS_OF_BITS: dict[int, frozenset[str] | None] = {}
_LITERAL_KIND_SETS = {kind: frozenset({kind}) for kind in set(_LITERAL_KINDS.values())}


def value_kinds(sem: SemanticModel, expr: ast.Expr) -> frozenset[str] | None:
    """Every kind ``expr`` may have: its literal kind, else what the value analysis proves
    (``semantic/values.py``); None when any kind is possible."""
    literal = literal_kind(expr)
    if literal is not None:
        return _LITERAL_KIND_SETS[literal]
    return analysed_kinds(sem, expr)


def analysed_kinds(sem: SemanticModel, expr: ast.Expr) -> frozenset[str] | None:
    """``value_kinds`` of an expression that is not a literal: what the value analysis proves."""
    return kinds_of(values_of(sem).of(expr))


def kinds_of(value: Value) -> frozenset[str] | None:
    """``analysed_kinds`` of the value analysis's answer ``value`` (for a rule that asks of many
    expressions: ``values_of`` once)."""
    bits = value.bits
    if bits in _KINDS_OF_BITS:
        return _KINDS_OF_BITS[bits]
    found: frozenset[str] | None = frozenset(value.kinds())
    if not found or value.unknown or "range" in found:
        found = None
    _KINDS_OF_BITS[bits] = found
    return found


def surely_not(kinds: frozenset[str], accepted: frozenset[str]) -> bool:
    """No kind in ``kinds`` passes a native's check for ``accepted`` (a native module is a
    table; a native function is a function)."""
    for kind in kinds:
        if kind in accepted or (kind == "module" and "table" in accepted):
            return False
        if kind == "native" and "function" in accepted:
            return False
    return True


def call_shape(call: ast.Call) -> tuple[int, tuple[str, ...]] | None:
    """(positional count, named argument names) of a call; None with ``*t`` (count unknown), a
    name given twice or a positional argument after a named one (compile errors)."""
    args = call.args
    for a in args:  # the usual call passes positional arguments only: one loop, no generators
        if a.spread or a.name is not None:
            break
    else:
        return len(args), ()
    if any(a.spread for a in args):
        return None
    named = tuple(a.name.id for a in args if a.name is not None)
    if len(set(named)) != len(named):
        return None
    positional = [i for i, a in enumerate(args) if a.name is None]
    if named and positional and positional[-1] > next(i for i, a in enumerate(args) if a.name is not None):
        return None  # a positional argument after a named one does not compile (E108)
    return sum(1 for a in args if a.name is None), named


def positional_count(call: ast.Call) -> int | None:
    """How many arguments the call passes (a generator argument is one); None when that is not
    known from the text (``f(*t)``) or when it passes named arguments (bound by name)."""
    for a in call.args:  # (a loop, not any(): asked of every call)
        if a.spread or a.name is not None:
            return None
    return len(call.args)


def qualified_name(sem: SemanticModel, expr: ast.Expr) -> str | None:
    """``sem.resolve_qualified(expr)``; for a name, and a field of a name, worked out once per
    variable: what a name stands for depends on its variable alone (the call and attribute
    checks ask it of every call and every field read)."""
    name: ast.Name
    field: str | None = None
    if type(expr) is ast.Name:
        name = expr
    elif type(expr) is ast.Attribute and type(expr.obj) is ast.Name and not expr.meta:
        name, field = expr.obj, expr.name.id
    else:
        return sem.resolve_qualified(expr)
    # (the variable's answer inline, not through a function: asked ~100 times per file)
    binding = sem._binding.get(name)  # (``binding_of`` without its call)
    if binding is None:
        return None
    memo = sem.memo.get("variable_modules")
    if memo is None:
        memo = sem.memo["variable_modules"] = {}
    base: Any = memo.get(binding, _UNSET)  # (Any: the compiled build checks a narrower type)
    if base is _UNSET:
        base = memo[binding] = sem.resolve_qualified(name)
    if field is None or base is None:
        return base  # type: ignore[no-any-return]
    return f"{base}.{field}"


_UNSET: Any = object()


def module_field_reads(sem: SemanticModel, nodes: list[ast.Attribute]) -> list[tuple[ast.Attribute, str | None]]:
    """Of the file's field reads ``nodes`` (its every ``Attribute``, in pre-order), those that
    may read a member of a module: ``name.f`` (not ``name::f``) where the name stands for a
    module, with the module's qualified name, and those whose object is not a bare name, with
    None. Worked out once per file for the rules that check members of modules (E202, E206):
    most field reads are of a variable that is no module."""
    memo = sem.memo.setdefault("module_field_reads", {})
    found: list[tuple[ast.Attribute, str | None]] | None = memo.get("")
    if found is not None:
        return found
    found = memo[""] = []
    modules = sem.memo.get("variable_modules")
    if modules is None:
        modules = sem.memo["variable_modules"] = {}
    binding_of = sem._binding.get  # (``qualified_name`` of a name inline: asked of every field read)
    for node in nodes:
        if node.meta:
            continue
        obj = node.obj
        if type(obj) is ast.Name:
            binding = binding_of(obj)
            if binding is None:
                continue
            module: Any = modules.get(binding, _UNSET)  # (Any: the compiled build checks a narrower type)
            if module is _UNSET:
                module = modules[binding] = sem.resolve_qualified(obj)
            if module is not None:
                found.append((node, module))
        else:
            found.append((node, None))
    return found


# --------------------------------------------------------------------------- natives


def native_target(sem: SemanticModel, call: ast.Call) -> NativeFunction | None:
    """The native ``call`` surely reaches (see ``native_targets``)."""
    for _, fn in native_targets(sem, [call]):
        return fn
    return None


def native_targets(sem: SemanticModel, calls: list[ast.Call]) -> list[tuple[ast.Call, NativeFunction]]:
    """The calls of ``calls`` that surely reach a native, with it, in order: a member of an
    imported native module, a core global not shadowed, or a method of a string literal."""
    found: list[tuple[ast.Call, NativeFunction]] = []
    binding_of = sem._binding.get  # (``binding_of`` without its call)
    for call in calls:
        func = call.func
        if type(func) is ast.Paren:  # (asked of every call: most callees are not parenthesised)
            func = unparen(func)
        member: NativeFunction | None
        if type(func) is ast.Name:  # (exact types: node classes have no subclasses)
            binding = binding_of(func)
            if binding is None or binding.kind != "builtin":
                continue
            core = stdlib.core(func.id)
            if not isinstance(core, NativeFunction):
                continue
            member = core
        elif type(func) is not ast.Attribute or func.meta:
            continue
        else:
            receiver = value_kinds(sem, func.obj)
            if receiver == _STRING and not _string_shadowed(sem):
                member = stdlib.string_method(func.name.id)
            elif receiver == _REGEX:
                member = stdlib.object_method("regex", func.name.id)
            else:
                qualified = qualified_name(sem, func)
                if qualified is None:
                    continue
                member = native_function(qualified)
                if member is None or binds_string(sem, func.obj):
                    continue
        if member is not None:
            found.append((call, member))
    return found


_NATIVE_FUNCTIONS: dict[str, NativeFunction | None] = {}


def native_function(qualified: str) -> NativeFunction | None:
    """The native function ``module.name`` names (None: not a native module's function); the
    native table never changes, so each name is looked up once per process."""
    if qualified in _NATIVE_FUNCTIONS:
        return _NATIVE_FUNCTIONS[qualified]
    found: NativeFunction | None = None
    if qualified.count(".") == 1:
        mod, name = qualified.split(".")
        if stdlib.module(mod) is not None:
            member = stdlib.member(mod, name)
            found = member if isinstance(member, NativeFunction) else None
    _NATIVE_FUNCTIONS[qualified] = found
    return found


_STRING = frozenset({"string"})
_REGEX = frozenset({"regex"})


def _string_shadowed(sem: SemanticModel) -> bool:
    """Does the file make the global ``string`` something else (string methods look it up first)?"""
    binding = sem.globals.get("string")
    return binding is not None and any(
        not isinstance(v, ast.ImportExpr) and not isinstance(sem.parent(a), ast.Import)
        for a, v in zip(binding.assignments, binding.values, strict=False)
    )


def binds_string(sem: SemanticModel, expr: ast.Expr) -> bool:
    """Does ``expr`` name a variable bound by the first statement ``import toml``/``import csv``
    of the file (which binds the module's name as a string, see ``stdlib``)?"""
    if type(expr) is ast.Paren:  # (asked of every field read: most are of a bare name)
        expr = unparen(expr)
    if type(expr) is not ast.Name:
        return False
    binding = sem._binding.get(expr)  # (``binding_of`` without its call)
    if binding is None or binding.kind != "import" or len(binding.assignments) != 1:
        return False
    if not statement_import_binds_string(binding.module or ""):
        return False
    memo = sem.memo.setdefault("first_string_import", {})
    if "" not in memo:  # a walk of the whole file: once per file, not once per call
        memo[""] = first_string_import(sem.module)
    return memo[""] is binding.decl


def first_string_import(module: ast.Module) -> ast.Import | None:
    """The statement ``import toml``/``import csv`` that loads one of them first, if nothing
    before it can have loaded either: no import of them, and no import of a program module
    (which may import them itself). Later loads depend on the interpreter's stack and are not
    predicted; neither is a file that another module imports after loading toml."""
    for node in iter_nodes(module):
        names: list[str] = []
        if isinstance(node, (ast.ImportExpr, ast.FromImport)):
            names = [node.module.dotted]
        elif isinstance(node, ast.Import):
            names = [d.dotted for d in node.modules]
        for name in names:
            if statement_import_binds_string(name):
                return node if isinstance(node, ast.Import) and len(names) == 1 else None
            if stdlib.module(name) is None:
                return None
    return None


# --------------------------------------------------------------------------- program functions


@record(frozen=True)
class ProgramTarget:
    signature: Signature
    #: the receiver the runtime passes first (``obj.f(...)`` with ``fn f(self, ...)``)
    receiver: bool
    #: where the function is defined: a node of this file, or (path, offset) of a module
    where: ast.Node | tuple[Path, int | None]
    name: str

    def error(self, written: int, named: tuple[str, ...] = ()) -> str | None:
        count = written + (1 if self.receiver else 0)
        return self.signature.named_error(count, named) if named else self.signature.error(count)


def project_root(settings_root: str | None) -> Path:
    return _project_root(settings_root, None if settings_root else os.getcwd())


@lru_cache(maxsize=16)
def _project_root(settings_root: str | None, cwd: str | None) -> Path:
    # asked once per call expression: a Path built each time was a visible part of a lint
    return Path(settings_root) if settings_root else Path(cwd or ".")


def program_target(sem: SemanticModel, call: ast.Call, root: Path | None = None) -> ProgramTarget | None:
    """The function of the program ``call`` surely calls (see ``program_targets``)."""
    for _, target in program_targets(sem, [call], root):
        return target
    return None


def program_targets(
    sem: SemanticModel, calls: list[ast.Call], root: Path | None = None
) -> list[tuple[ast.Call, ProgramTarget]]:
    """The calls of ``calls`` whose target is a function of the program, with it, in order:
    a ``fn`` or lambda bound once to a name, a function in a table literal bound once, a
    function a module of the project exports (``root``: where imports resolve; None: none)."""
    found: list[tuple[ast.Call, ProgramTarget]] = []
    targets = _targets(sem, root)
    binding_of = sem._binding.get  # (``binding_of`` without its call)
    for call in calls:
        func = call.func
        if type(func) is ast.Paren:  # (asked of every call: most callees are not parenthesised)
            func = unparen(func)
        target: Any  # (Any: the compiled build checks a narrower type of memo reads)
        if type(func) is ast.Name:  # (exact types: node classes have no subclasses)
            binding = binding_of(func)
            if binding is None:
                continue
            # what a name reaches depends on its variable alone: worked out once per variable,
            # not at each of its calls (most calls of a file call a few functions by name)
            target = targets.get(binding, _UNSET)
            if target is _UNSET:
                target = targets[binding] = _name_target(sem, binding, func.id, root)
        elif type(func) is ast.Attribute and not func.meta:
            obj = func.obj
            if type(obj) is ast.Paren:
                obj = unparen(obj)
            if type(obj) is not ast.Name:
                continue
            binding = binding_of(obj)
            if binding is None or len(binding.assignments) != 1:
                continue
            key = (binding, func.name.id)  # (likewise: the variable and the field name decide)
            target = targets.get(key, _UNSET)
            if target is _UNSET:
                target = targets[key] = _field_target(sem, binding, obj, func.name.id, root)
        elif isinstance(func, ast.Lambda):
            target = ProgramTarget(_signature(sem, func), False, func, "lambda")
        else:
            continue
        if target is not None:
            found.append((call, target))
    return found


def _targets(sem: SemanticModel, root: Path | None) -> dict[Any, Any]:
    """The file's targets found so far, by variable (and field name), for ``root``."""
    memo = sem.memo.get("program_targets")
    if memo is None or memo.get("") is not root:  # ("": the root they were found for)
        memo = sem.memo["program_targets"] = {"": root}
    return memo


def _name_target(sem: SemanticModel, binding: Binding, name: str, root: Path | None) -> ProgramTarget | None:
    fn = single_function(sem, binding)
    if fn is not None:
        return ProgramTarget(_signature(sem, fn), False, fn, name)
    if binding.kind == "from-import" and root is not None and len(binding.assignments) == 1:
        return _exported(sem, binding.module or "", root, name, receiver_possible=False)
    return None


def _field_target(
    sem: SemanticModel, binding: Binding, obj: ast.Name, name: str, root: Path | None
) -> ProgramTarget | None:
    """``obj.name(...)`` where ``obj`` names the variable ``binding``, bound once."""
    # a written field makes the target unknown; that question (a scan of the whole file)
    # is asked last, when there is a target to give up
    value = binding.values[0]
    value = unparen(value) if isinstance(value, ast.Expr) else value
    if isinstance(value, ast.Table):
        target = _table_field(sem, value, name)
        if target is None or field_written(sem, name):
            return None
        sig = _signature(sem, target)
        return ProgramTarget(sig, sig.first_is_self, target, name)
    module = qualified_name(sem, obj)
    if module is not None and root is not None and stdlib.module(module) is None:
        found = _exported(sem, f"{module}.{name}", root, name, receiver_possible=True)
        return None if found is None or field_written(sem, name) else found
    return None


def _signature(sem: SemanticModel, fn: ast.FunctionDef | ast.Lambda) -> Signature:
    """``Signature.of`` a function of the file, once per function (asked at each of its calls)."""
    memo = sem.memo.setdefault("signatures", {})
    found: Signature | None = memo.get(fn)
    if found is None:
        found = memo[fn] = Signature.of(fn.params)
    return found


def single_function(sem: SemanticModel, binding: Binding) -> ast.FunctionDef | ast.Lambda | None:
    """The function a variable surely holds: bound exactly once, to an undecorated ``fn`` or a
    lambda."""
    if binding.kind in ("builtin", "param", "for", "import", "from-import", "except", "with", "comprehension"):
        return None
    if len(binding.assignments) != 1:
        return None
    fns = sem.functions_of(binding)
    if len(fns) != 1:
        return None
    fn = fns[0]
    if isinstance(fn, ast.FunctionDef) and fn.decorators:
        return None
    return fn


def field_written(sem: SemanticModel, field: str) -> bool:
    """Is a field of this name written anywhere (``x.f = ...``, ``x["f"] = ...``, ``x[k] = ...``
    with an unknown key, ``del``, ``setmetatable``)? Conservative: any table, any alias."""
    return field in _written_fields(sem)


_WRITING = frozenset({ast.Assign, ast.Del, ast.Call})
#: ``del`` not followed by a name's character (a ``del`` statement's keyword is so spelled)
_DEL = re.compile(r"del\b")


def _may_delete(text: str) -> bool:
    """Might ``text`` hold a ``del`` statement: the word ``del`` (a string or a comment may too)?"""
    # (a literal start the regex engine searches quickly; the character before tested here)
    for found in _DEL.finditer(text):
        i = found.start()
        if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"):
            return True
    return False


def _written_fields(sem: SemanticModel) -> frozenset[str]:
    # kept in the model's memo, not a weak mapping: the compiled build's models have no weak refs
    memo = sem.memo.setdefault("written_fields", {})
    cached: frozenset[str] | None = memo.get("")
    if cached is not None:
        return cached
    out: set[str] = set()
    # the assignments and calls of the file, when the checker has listed every one after its walk
    # (a tenth of its nodes) and no `del` may be there; else every node of the file, listed once
    # by the model (no second walk), where one set lookup skips those that write no field
    nodes: list[ast.Node] = sem._nodes
    lists = sem.memo.get("class_nodes")
    if lists is not None and ast.Assign in lists and ast.Call in lists and not _may_delete(sem.text):
        nodes = lists[ast.Assign] + lists[ast.Call]
    for node in nodes:
        if type(node) not in _WRITING:
            continue
        if isinstance(node, ast.Assign):
            target = node.target
            if isinstance(target, ast.Attribute):
                out.add(target.name.id)
            elif isinstance(target, ast.Index):
                key = unparen(target.index)
                out.add(key.value if isinstance(key, ast.String) else "*")
        elif isinstance(node, ast.Del):
            out.add("*")
        elif isinstance(node, ast.Call):
            func = node.func
            if type(func) is ast.Paren:  # (every call: most callees are not parenthesised)
                func = unparen(func)
            if type(func) is ast.Name and func.id == "setmetatable":
                out.add("*")
    result = frozenset(out)
    memo[""] = result
    return result


def _table_field(sem: SemanticModel, table: ast.Table, field: str) -> ast.FunctionDef | ast.Lambda | None:
    if "*" in _written_fields(sem):
        return None
    found: ast.FunctionDef | ast.Lambda | None = None
    for entry in table.entries:
        if isinstance(entry, ast.FieldEntry) and entry.name.id == field:
            value = unparen(entry.value)
            if isinstance(value, ast.Lambda):
                found = value
            elif isinstance(value, ast.Name):
                binding = sem.binding_of(value)
                found = single_function(sem, binding) if binding is not None else None
            else:
                return None
        elif isinstance(entry, ast.ShorthandEntry) and any(n.id == field for n in entry.names):
            name = next(n for n in entry.names if n.id == field)
            binding = sem.binding_of(name)
            found = single_function(sem, binding) if binding is not None else None
        elif isinstance(entry, ast.KeyEntry):
            return None  # computed keys may write the field
    return found


def _exported(
    sem: SemanticModel, qualified: str, root: Path, name: str, receiver_possible: bool
) -> ProgramTarget | None:
    module_name, _, export = qualified.rpartition(".")
    res, exports = load_module(sem, module_name, root)
    if exports is None or res.path is None:
        return None
    ex = exports.names.get(export)
    if ex is None or ex.signature is None:
        return None
    receiver = receiver_possible and ex.signature.first_is_self
    return ProgramTarget(ex.signature, receiver, (res.path, ex.offset), name)


def load_module(sem: SemanticModel, name: str, root: Path) -> tuple[Resolution, Exports | None]:
    """``modules.module_exports`` for the file of ``sem``: resolved once per module name in one
    lint of the file (every call of an imported function asked again, statting the candidate
    paths each time), the parse cached per file version (path, size, mtime)."""
    memo = sem.memo.setdefault("modules", {})
    key = (name, root)
    found: tuple[Resolution, Exports | None] | None = memo.get(key)
    if found is None:
        found = memo[key] = _load_module(sem, name, root)
    return found


def resolution(sem: SemanticModel, name: str, root: Path) -> Resolution:
    """``modules.resolve`` for the file of ``sem``, once per module name in one lint of the file
    (its import statements and the calls of what they import ask alike)."""
    memo = sem.memo.setdefault("resolutions", {})
    key = (name, root)
    found: Resolution | None = memo.get(key)
    if found is None:
        states: dict[Path, FileState | None] = sem.memo.setdefault("module_states", {})
        found = memo[key] = resolve(name, root, exists=lambda path: _is_file(path, states))
    return found


#: a file's (size, mtime in ns, inode)
FileState = tuple[int, int, int]


def _is_file(path: Path, states: dict[Path, FileState | None]) -> bool:
    """``Path.is_file``, keeping the state the file had when first looked at (before its exports
    were read): what a cached result compares its module files with must precede the read."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):  # the usual answer for a candidate tried
        states.setdefault(path, None)
        return False
    except (OSError, ValueError):
        states.setdefault(path, None)
        return path.is_file()  # its own verdict on errors (some raise)
    states.setdefault(path, (st.st_size, st.st_mtime_ns, st.st_ino))
    return S_ISREG(st.st_mode)


def module_files(sem: SemanticModel) -> dict[Path, FileState | None]:
    """Every file the imports of this lint looked at, with its state then (None: absent): the
    candidates tried and absent (creating one changes the answer) and the one found (its exports
    were read). What a cached result of the file depends on besides the file itself (and the
    project root)."""
    return dict(sem.memo.get("module_states", {}))


def _load_module(sem: SemanticModel, name: str, root: Path) -> tuple[Resolution, Exports | None]:
    res = resolution(sem, name, root)
    if res.path is None:
        return res, None
    # the state resolving it took (before the read): the one a cached result is compared with
    state = sem.memo.get("module_states", {}).get(res.path)
    if state is None:
        return res, None
    return res, _exports_cached(str(res.path), state[0], state[1])


@lru_cache(maxsize=256)
def _exports_cached(path: str, size: int, mtime: int) -> Exports | None:
    text = read_file(Path(path))
    if text is None:
        return None
    from toilint.syntax import parse

    parsed = parse(text)
    return exports_of(parsed.module) if parsed.module is not None else None
