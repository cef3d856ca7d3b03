"""What values are: the kinds every expression of a file may have, and where tables come from.

One abstract interpretation of the whole file answers, for every expression, the set of kinds
its value may have (nil, boolean, number, string, table with shape facts, program function,
native module, native function, compiled regex, coroutine or generator, range, unknown), and
for tables the places that may have created them (their *origins*: a table literal, a
comprehension, a native call that returns a fresh table, or "somewhere else").

Sources of facts: literals, operators (``+`` of two strings is a string, of two numbers a
number, anything else raises, unless a metatable says otherwise), the standard-library table
(``semantic/stdlib.py``: return kinds, callbacks), program functions (their return values and,
for functions that never escape, the values their callers pass), and assignments in source
order. Inside a function the analysis is flow-sensitive for the function's own variables:
branches are analysed separately and joined (a name that is a string on one branch and a table
on the other is both), loops are iterated to a fixed point, and ``type(x) == "string"`` tests
narrow ``x`` in the code they guard. Variables that closures share, globals and fields are
summarised over the whole file. The whole file is iterated until the functions' parameter and
return values stop changing.

While it runs, the interpretation also records what each function (and each loop, by
position) does that other code can observe: tables it mutates (by origin), program code it may
run (direct calls, callbacks handed to natives, generic-``for`` iterator functions, iterated
generators, metamethods), and which functions and tables *escape* (are handed to code the file
cannot see). :mod:`toilint.semantic.effects` turns those records into per-function and per-loop
effects, aliasing and hoisting answers.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from itertools import compress, repeat
from operator import attrgetter, is_, is_not, lt

from toilint import ast
from toilint._typing import TYPE_CHECKING, overload
from toilint.semantic import stdlib
from toilint.visitor import iter_nodes

if TYPE_CHECKING:
    from toilint.semantic.model import Binding, SemanticModel

# ---------------------------------------------------------------------------- kinds as bits

NIL = 1
BOOLEAN = 2
NUMBER = 4
STRING = 8
TABLE = 16
FUNCTION = 32  # a function of this file (see Value.funcs)
NATIVE = 64  # a native function (see Value.native)
MODULE = 128  # a native module (see Value.module)
REGEX = 256  # a compiled regex (userdata)
COROUTINE = 512  # a coroutine ("thread") or a generator
RANGE = 1024
OTHER = 2048  # anything else (userdata, values of other modules the table does not describe)
ALL_KINDS = 4095

#: table shape facts (meaningful with TABLE): a table without any of them is an array built
#: from a literal (or a native that builds arrays) with no holes, no hash keys, no metatable
HASH = 1 << 12  # may have keys outside 1..n
HOLES = 1 << 13  # may have nil among its array items
META = 1 << 14  # may have a metatable
SHAPE = HASH | HOLES | META

KIND_NAMES: dict[int, str] = {
    NIL: "nil", BOOLEAN: "boolean", NUMBER: "number", STRING: "string", TABLE: "table",
    FUNCTION: "function", NATIVE: "native", MODULE: "module", REGEX: "regex",
    COROUTINE: "coroutine", RANGE: "range", OTHER: "unknown",
}  # fmt: skip
_KIND_BITS: dict[str, int] = {name: bit for bit, name in KIND_NAMES.items()}
_KIND_BITS["unknown"] = ALL_KINDS | SHAPE

#: what ``type(x)`` returns for each kind (checked on toi 5fe21b7)
TYPE_NAMES: dict[str, int] = {
    "nil": NIL, "boolean": BOOLEAN, "number": NUMBER, "string": STRING,
    "table": TABLE | MODULE | NATIVE, "function": FUNCTION | NATIVE, "thread": COROUTINE,
    "generator": COROUTINE, "userdata": REGEX | OTHER,
}  # fmt: skip


class _Unknown:
    """The origin of a table the file did not create where it can see it (a parameter of an
    escaped function, a field read, a value from another module)."""

    def __repr__(self) -> str:
        return "<elsewhere>"


ELSEWHERE = _Unknown()
_EMPTY: frozenset[object] = frozenset()
_NO_FUNCS: frozenset[ast.Node] = frozenset()
_ELSEWHERE_ONLY: frozenset[object] = frozenset({ELSEWHERE})


class Value:
    """The kinds a value may have, with what is known about each kind."""

    __slots__ = ("bits", "funcs", "module", "native", "origins")

    def __init__(
        self,
        bits: int,
        funcs: frozenset[ast.Node] = _NO_FUNCS,
        module: str | None = None,
        native: str | None = None,
        origins: frozenset[object] = _EMPTY,
    ) -> None:
        self.bits = bits
        #: the program functions it may be (FunctionDef, Lambda, or a generator Comprehension)
        self.funcs = funcs
        #: which native module (when MODULE is its only module possibility), else None
        self.module = module
        #: "module.name" or the core name of the native function, when only one is possible
        self.native = native
        #: where its tables may come from (nodes, or ELSEWHERE)
        self.origins = origins

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Value):
            return NotImplemented
        return (
            self.bits == other.bits
            and self.funcs == other.funcs
            and self.module == other.module
            and self.native == other.native
            and self.origins == other.origins
        )

    def __hash__(self) -> int:
        return hash((self.bits, self.module, self.native))

    def __repr__(self) -> str:
        return f"Value({'|'.join(self.kinds())}{' shape=' + str(self.bits >> 12) if self.bits & TABLE else ''})"

    def kinds(self) -> list[str]:
        return [name for bit, name in KIND_NAMES.items() if self.bits & bit]

    # --- questions ---------------------------------------------------------------------

    def only(self, bits: int) -> bool:
        """Every kind it may have is among ``bits`` (and it has at least one). (The analysis's
        hot paths test one kind as ``(v.bits & ALL_KINDS) == KIND``, without a call.)"""
        kinds = self.bits & ALL_KINDS
        return bool(kinds) and not kinds & ~bits

    def may(self, bits: int) -> bool:
        return bool(self.bits & bits)

    @property
    def unknown(self) -> bool:
        return bool(self.bits & OTHER)

    @property
    def array_without_holes(self) -> bool:
        """Surely a table with items 1..n only: no hash keys, no holes, no metatable."""
        return self.only(TABLE) and not self.bits & SHAPE

    def join(self, other: Value) -> Value:
        if self is other:
            return self
        bits = self.bits | other.bits
        if bits == self.bits and other.funcs <= self.funcs and other.origins <= self.origins:
            if self.module == other.module or not other.bits & MODULE:
                if self.native == other.native or not other.bits & NATIVE:
                    return self
        if bits == other.bits and self.funcs <= other.funcs and self.origins <= other.origins:
            if self.module == other.module or not self.bits & MODULE:
                if self.native == other.native or not self.bits & NATIVE:
                    return other
        return Value(
            bits,
            self.funcs | other.funcs,
            _same(self.module, other.module, self.bits & MODULE, other.bits & MODULE),
            _same(self.native, other.native, self.bits & NATIVE, other.bits & NATIVE),
            self.origins | other.origins,
        )

    def narrowed(self, bits: int) -> Value:
        """Only the kinds among ``bits`` (what a `type(x) == "string"` test leaves)."""
        keep = (self.bits & bits & ALL_KINDS) | (self.bits & SHAPE)
        if keep == self.bits:
            return self
        return Value(
            keep,
            self.funcs if keep & FUNCTION else _NO_FUNCS,
            self.module if keep & MODULE else None,
            self.native if keep & NATIVE else None,
            self.origins if keep & (TABLE | OTHER) else _EMPTY,
        )

    def without(self, bits: int) -> Value:
        return self.narrowed(ALL_KINDS & ~bits)


def _same(a: str | None, b: str | None, has_a: int, has_b: int) -> str | None:
    if not has_a:
        return b
    if not has_b:
        return a
    return a if a == b else None


NIL_V = Value(NIL)
BOOL_V = Value(BOOLEAN)
NUM_V = Value(NUMBER)
STR_V = Value(STRING)
RANGE_V = Value(RANGE)
_STR_OR_NIL = STR_V.join(NIL_V)  # what indexing a string gives
_BOTTOM = Value(0)  # no value yet (values are never changed in place, so one can be shared)
_OVERWRITTEN = Value(0)  # marks a variable a statement sets before it reads it (never in an environment)
#: a native returning one of these may keep its arguments
_KEEPS_ARGS = frozenset({"table", "unknown", "function"})
REGEX_V = Value(REGEX)
UNKNOWN = Value(ALL_KINDS | SHAPE, origins=_ELSEWHERE_ONLY)
#: a table made by a native or received from elsewhere: shape unknown, no metatable
_NATIVE_TABLE_SHAPE = HASH | HOLES


def from_kinds(kinds: Iterable[str], origin: ast.Node | None = None) -> Value:
    """A Value of the standard library's kind names (``stdlib.Kind``)."""
    bits = 0
    for kind in kinds:
        bits |= _KIND_BITS.get(kind, ALL_KINDS | SHAPE)
    if bits & ALL_KINDS == ALL_KINDS:
        return UNKNOWN
    origins: frozenset[object] = _EMPTY
    if bits & TABLE:
        bits |= _NATIVE_TABLE_SHAPE
        origins = frozenset({origin}) if origin is not None else _ELSEWHERE_ONLY
    if bits & OTHER:
        bits |= SHAPE
    return Value(bits, origins=origins)


# ---------------------------------------------------------------------------- the library


def native_member(module: str, name: str) -> stdlib.Member | None:
    return stdlib.member(module, name)


def core_member(name: str) -> stdlib.Member | None:
    return stdlib.core(name)


def is_native_module(name: str) -> bool:
    return stdlib.module(name) is not None


def statement_import_binds_string(name: str) -> bool:
    """``import toml`` / ``import csv`` bind the module's name, not the module (toi 5fe21b7)."""
    mod = stdlib.module(name)
    return mod is not None and mod.statement_import_binds_string


def member_value(member: stdlib.Member | None, qualified: str) -> Value:
    if member is None:
        return UNKNOWN
    if isinstance(member, stdlib.NativeFunction):
        return Value(NATIVE, native=qualified)
    return from_kinds((member.kind,))


def _builtin_value(name: str) -> Value:
    """What a core global (``str``, ``__name``...) holds."""
    if name in ("__name", "__file"):
        return STR_V
    if name == "__main":
        return BOOL_V
    member = core_member(name)
    return member_value(member, name) if member is not None else UNKNOWN


# ---------------------------------------------------------------------------- records

#: a program code unit: a function body, or a generator comprehension (its body runs when it
#: is iterated); the module's top level is the unit ``model.module``
Unit = ast.Node


class Site:
    """Something a unit does at one place that other code can observe."""

    __slots__ = ("funcs", "node", "origins", "unknown")

    def __init__(self, node: ast.Node, funcs: frozenset[ast.Node], unknown: bool, origins: frozenset[object]) -> None:
        self.node = node
        self.funcs = funcs  # program units it may run here
        self.unknown = unknown  # may run code the file cannot see (or any escaped unit)
        self.origins = origins  # tables it may mutate here


# ---------------------------------------------------------------------------- analysis

_LOOP_PASSES = 3  # a loop body is re-analysed until its variables stop changing, at most this often
_FILE_PASSES = 16  # whole-file passes for parameters, returns and shared variables

#: the readers of one kind of fact: subject -> unit -> the statements in it that read it
_Deps = dict[object, dict[ast.Node, set[ast.Node | None]]]

_ARITH = frozenset({"-", "*", "/", "//", "%", "**"})
_COMPARE = frozenset({"==", "!=", "<", "<=", ">", ">=", "in", "not in", "has"})
_SHORT_CIRCUIT = frozenset({"and", "or"})
#: kinds a call cannot see into (anything but functions and nil)
_OPAQUE = ALL_KINDS & ~(FUNCTION | NATIVE | NIL)
#: a receiver that may be any of these kinds may have its methods change it (``only(MODULE |
#: STRING | REGEX)`` is false), tested without a call
_MUTABLE_RECEIVER = ALL_KINDS & ~(MODULE | STRING | REGEX)
#: what `+` gives, by the kinds both operands may have (numbers, strings): values are never
#: changed in place, so the same ones serve every `+`
_PLUS = {0: UNKNOWN, NUMBER: NUM_V, STRING: STR_V, NUMBER | STRING: Value(NUMBER | STRING)}


_NAME_ID = attrgetter("id")
#: the node classes ``_expr`` and ``_block`` test most, as module globals (one load, not two)
_Name, _ExprStmt = ast.Name, ast.ExprStmt
_BITS = attrgetter("bits")

#: the node classes ``Values._scan`` looks at (node classes have no subclasses; `obj::name`
#: and a `setmetatable` name are looked for on their own)
_PRESCAN_TYPES = frozenset({ast.FunctionDef, ast.Lambda, ast.MetaConstruct, ast.Comprehension, ast.Yield})
_START = attrgetter("start")
_META = attrgetter("meta")


def values_of(model: SemanticModel) -> Values:
    """The value analysis of ``model``'s file, computed on first use and kept with the model."""
    found = model.memo.get("values")
    if found is None:
        found = model.memo["values"] = {"": Values(model)}
    return found[""]  # type: ignore[no-any-return]


class Values:
    """The value analysis of one file (``values_of(model)``)."""

    # Slots, not an instance dict: with more than 30 attributes an instance's dict is no
    # longer a shared-key one, and CPython 3.11 then leaves every ``self._method`` load of
    # the analysis unspecialized (a type and an instance-dict lookup per call)
    __slots__ = (
        "_at", "_binding_of", "_changed", "_d_esc", "_d_origin", "_d_param", "_d_ret", "_d_sum",
        "_depth", "_dirty", "_entry", "_if_read", "_if_tests", "_names", "_records", "_skipped", "_stale", "_todo",
        "_top", "_type_tests", "_uncalled", "_unit", "_unit_sites", "_writes", "escaped_origins", "escaped_units",
        "generator_functions", "has_metatables", "literal_items", "model", "mutated_origins", "node_values", "params",
        "passes", "returns", "sites", "summary", "units",
    )  # fmt: skip

    def __init__(self, model: SemanticModel) -> None:
        self.model = model
        self.node_values: dict[ast.Node, Value] = {}
        self.summary: dict[Binding, Value] = {}
        self.returns: dict[ast.Node, Value] = {}
        self.params: dict[ast.Node, list[Value]] = {}
        self.escaped_units: set[ast.Node] = set()
        self.escaped_origins: set[object] = {ELSEWHERE}
        #: tables some code may change after they are built (grows across passes)
        self.mutated_origins: set[object] = set()
        #: what the items of each table literal may be (array items and field values)
        self.literal_items: dict[ast.Node, Value] = {}
        #: per unit: the sites where it runs other code or mutates tables
        self.sites: dict[ast.Node, dict[ast.Node, Site]] = {}
        self.units: list[ast.Node] = []
        #: functions with a `yield`: calling one makes a generator that runs the body when iterated
        self.generator_functions: set[ast.Node] = set()
        self.has_metatables = False
        self._changed = False
        #: per kind of fact (one dict each, keyed by the fact's subject: no key tuple per read):
        #: fact -> the units that read it, each with the statements in it that read it (None:
        #: a function's parameter setup); units to analyse (again) in the next pass
        self._d_sum: _Deps = {}  # a variable's summary
        self._d_esc: _Deps = {}  # a unit escaped
        #: a table escaped, is mutated, or (a literal) has new items: one dict for the three, which
        #: are always read together (``_items``)
        self._d_origin: _Deps = {}
        self._d_ret: _Deps = {}  # a function's return value
        self._d_param: _Deps = {}  # a function's parameter values
        self._dirty: set[ast.Node] = set()
        self._todo: set[ast.Node] = set()
        self._skipped: set[ast.Node] = set()
        #: A statement analysed again (a unit analysed again, a loop body's next pass) is
        #: skipped when its inputs are what they were when it last ran. What a statement does
        #: depends on the facts it reads and on the values, before it, of the variables it
        #: reads or writes; any other variable passes through it unchanged. Per statement:
        #: those variables' values before it (None: not set; _OVERWRITTEN: the statement sets
        #: it before any use) and after it.
        self._records: dict[ast.Node, tuple[dict[Binding, Value | None], dict[Binding, Value]]] = {}
        #: statements that read a fact that changed since they ran (with the ones around them)
        self._stale: set[ast.Node] = set()
        #: the statement being analysed, the environment of its block, and the values in that
        #: environment before it of the variables it has read or written so far
        self._at: ast.Node | None = None
        self._top: dict[Binding, Value] = {}
        self._entry: dict[Binding, Value | None] = {}
        self.passes = 0
        self._depth = 0
        self._unit: ast.Node = model.module
        self._unit_sites: dict[ast.Node, Site] = {}  # ``sites[_unit]``
        self._binding_of: Callable[[ast.Node], Binding | None] = (
            model._binding.get
        )  # the model's `binding_of`, without a Python call per name
        self._type_tests: dict[ast.Binary, tuple[ast.Name, int, ast.Name] | None] = {}
        self._names: dict[ast.Expr, set[Binding]] = {}
        self._writes = 0  # calls of ``_write`` so far (did a test set a variable?)
        #: ifs that read a fact that changed since they ran, and what each if's first test
        #: read in its last run (see ``_test_replays``)
        self._if_read: set[ast.If] = set()
        self._if_tests: dict[ast.If, dict[Binding, Value | None] | None] = {}
        self._run()

    # ------------------------------------------------------------------ public answers

    def of(self, expr: ast.Node) -> Value:
        """The kinds ``expr`` may have (UNKNOWN for what the analysis never reached)."""
        found = self.node_values.get(expr)
        if found is None:
            while isinstance(expr, ast.Paren):
                expr = expr.expr
                found = self.node_values.get(expr)
                if found is not None:
                    return found
            return UNKNOWN
        return found

    def of_binding(self, binding: Binding) -> Value:
        """Every value the variable may hold anywhere (flow-insensitive)."""
        return self._binding_value(binding)

    # ------------------------------------------------------------------ driver

    def _run(self) -> None:
        model = self.model
        nodes = model.preorder()
        if "setmetatable" in model.text:
            # some name `setmetatable` (read or not) in the file's names, at C speed
            names = compress(nodes, map(is_, map(type, nodes), repeat(ast.Name)))
            self.has_metatables = "setmetatable" in map(_NAME_ID, names)
        if "::" in model.text and not self.has_metatables:
            attributes = compress(nodes, map(is_, map(type, nodes), repeat(ast.Attribute)))
            self.has_metatables = any(map(_META, attributes))  # `obj::name`
        # the functions in the tree's order: the builder met them in the compiler's, and the
        # tree's is the source's (a function inside another starts after it) unless a decorator
        # holds one
        functions = sorted(model.functions, key=_START)
        starts = list(map(_START, functions))
        if model.decorator_functions or not all(map(lt, starts, starts[1:])) or (starts and starts[0] < 0):
            functions = self._scan()
        else:
            self.has_metatables = self.has_metatables or model.makes_metatables
            self.generator_functions.update(model.yielding)
            returns = self.returns
            for n in model.generators:
                returns[n] = _BOTTOM
        params = self.params
        returns = self.returns
        for fn in functions:
            params[fn] = [_BOTTOM] * len(fn.params)
            returns[fn] = _BOTTOM
        # callers before callees: Toi functions are defined before the code that calls them, so
        # later definitions (and the top level) call earlier ones. Analysing them first gives
        # a callee its parameters in the same pass.
        self.units = [model.module, *reversed(functions)]
        #: functions with parameters that no call has reached yet (see ``_escape_uncalled``)
        self._uncalled: list[ast.Node] = [fn for fn in self.params if fn.params]  # type: ignore[attr-defined]
        self._dirty = set(self.units)
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 20000))
        try:
            for i in range(_FILE_PASSES + 1):
                self._changed = False
                if i == _FILE_PASSES:
                    self._widen()
                # only the units some fact they read has changed since they ran: facts only grow,
                # so what a unit recorded before stays true and is joined with what it finds now
                self._todo, self._dirty = self._dirty, set()
                # (the units to run, picked at C speed: ``map`` asks as the loop goes, so units
                # added to the set during the pass are seen)
                for unit in compress(self.units, map(self._todo.__contains__, self.units)):
                    self._dirty.discard(unit)
                    self._unit = unit
                    self._analyse_unit(unit)
                if not self._changed:
                    self._changed = self._escape_uncalled()
                self.passes = i + 1
                if not self._changed:
                    break
        finally:
            sys.setrecursionlimit(limit)
        # the bookkeeping of the fixed point is not needed once it is reached (a server keeps
        # analyses of open documents)
        self._records.clear()
        self._stale.clear()
        for deps in (self._d_sum, self._d_esc, self._d_origin, self._d_ret, self._d_param):
            deps.clear()
        self._type_tests.clear()
        self._names.clear()
        self._if_read.clear()
        self._if_tests.clear()
        self._entry = {}
        self._top = {}

    def _scan(self) -> list[ast.FunctionDef | ast.Lambda]:
        """The functions in the tree's order and the rest of what ``_run`` starts from, from a
        scan of the file's nodes (when the builder's notes are not in that order)."""
        model = self.model
        functions: list[ast.FunctionDef | ast.Lambda] = []
        nodes = model.preorder()
        # the few nodes of those classes, picked out at C speed (most nodes are names)
        for n in compress(nodes, map(_PRESCAN_TYPES.__contains__, map(type, nodes))):
            if isinstance(n, (ast.FunctionDef, ast.Lambda)):
                functions.append(n)
            elif isinstance(n, ast.MetaConstruct):
                self.has_metatables = True
            elif isinstance(n, ast.Comprehension) and n.kind == "generator":
                self.returns[n] = _BOTTOM
            elif isinstance(n, ast.Yield):
                fn = model.enclosing_function(n)
                if fn is not None:
                    self.generator_functions.add(fn)
        return functions

    def _escape_uncalled(self) -> bool:
        """A function nobody in the file calls is called from where the file cannot see.

        Only functions whose callers (if any) were analysed count: a function called only from
        one that is itself not called yet waits for the next pass, when that caller is.
        """
        found = False
        waiting: list[ast.Node] = []
        for fn in self._uncalled:
            if fn in self.escaped_units or all(map(_BITS, self.params[fn])):
                continue  # for good: escapes and parameter values only grow
            if isinstance(fn, ast.FunctionDef):
                binding = self._binding_of(fn.name)
                refs = binding.references if binding is not None else []
                if any(self._unit_of(r) in self._skipped for r in refs):
                    waiting.append(fn)
                    continue
            self.escaped_units.add(fn)
            self._touch(self._d_esc, fn)
            found = True
        self._uncalled = waiting
        return found

    def _unit_of(self, node: ast.Node) -> ast.Node:
        fn = self.model.enclosing_function(node)
        return fn if fn is not None else self.model.module

    def _depend(self, kind: _Deps, key: object) -> None:
        """The unit being analysed reads the fact ``key`` of ``kind``: a change to it makes the
        unit run again."""
        deps = kind.get(key)
        if deps is None:
            kind[key] = {self._unit: {self._at}}
        else:
            readers = deps.get(self._unit)
            if readers is None:
                deps[self._unit] = {self._at}
            else:
                readers.add(self._at)

    def _touch(self, kind: _Deps, key: object) -> None:
        self._changed = True
        deps = kind.get(key)
        if deps:
            self._dirty.update(deps)  # units that already ran this pass run again in the next
            self._todo.update(deps)  # units still to come in this pass see the change now
            self._make_stale(deps)

    def _make_stale(self, readers: dict[ast.Node, set[ast.Node | None]]) -> None:
        """The statements that read a changed fact, and the statements around them, are
        analysed again when they are reached."""
        stale = self._stale
        parent = self.model._parent.get  # (the model's `parent`, without a Python call per step)
        if_read = self._if_read
        for unit, statements in readers.items():
            for stmt in statements:
                if type(stmt) is ast.If:
                    if_read.add(stmt)  # (the if itself read it: its tests run again)
                node = stmt
                while node is not None and node is not unit:
                    if isinstance(node, ast.Stmt):
                        stale.add(node)
                    node = parent(node)

    def _widen(self) -> None:
        """Out of passes: whatever still changes becomes unknown (sound, and rare)."""
        self._dirty = set(self.units)
        self._records.clear()  # every statement runs again
        for b in self.summary:
            self.summary[b] = self.summary[b].join(UNKNOWN)
        for fn in self.returns:
            self.returns[fn] = UNKNOWN
        for fn in self.params:
            self.params[fn] = [UNKNOWN for _ in self.params[fn]]

    def _analyse_unit(self, unit: ast.Node) -> None:
        self._skipped.discard(unit)
        self._at = None
        module = isinstance(unit, ast.Module)
        if not module:
            assert isinstance(unit, (ast.FunctionDef, ast.Lambda))
            if unit not in self._d_param:  # its first run: readers are kept, once is enough
                self._depend(self._d_esc, unit)
                self._depend(self._d_param, unit)
            escaped = unit in self.escaped_units
            incoming = self.params[unit]
            if not escaped and not all(map(_BITS, incoming)):
                self._skipped.add(unit)
                return  # not called yet: its parameters are not known (a later pass will be)
        env: dict[Binding, Value] = {}
        sites = self.sites.get(unit)
        if sites is None:
            sites = self.sites[unit] = {}  # (a unit that never runs has none: nothing to record)
        self._unit_sites = sites
        self._top = env
        self._entry = {}
        if module:
            self._block(unit.body, env)  # type: ignore[attr-defined]
            return
        assert isinstance(unit, (ast.FunctionDef, ast.Lambda))
        for i, param in enumerate(unit.params):
            binding = self._binding_of(param.name)
            if param.star:
                value = Value(TABLE | _NATIVE_TABLE_SHAPE, origins=frozenset({param}))
            elif escaped:
                value = UNKNOWN
            else:
                value = incoming[i]
                if param.default is not None:
                    value = value.join(self._expr(param.default, {}))
            if binding is not None:
                self._write(binding, value, env)
        falls_off = self._block(unit.body.body, env)
        if falls_off:
            self._return(unit, NIL_V)

    # ------------------------------------------------------------------ state helpers

    def _grow(
        self, table: dict[ast.Node, Value] | dict[Binding, Value], key: object, value: Value, kind: _Deps
    ) -> None:
        old = table.get(key)  # type: ignore[call-overload]
        new = value if old is None else old.join(value)
        if old is None or new is not old:
            if old is None or new != old:
                self._touch(kind, key)
            table[key] = new  # type: ignore[index]

    def _tracked(self, binding: Binding) -> bool:
        return binding.scope is not None and not binding.captured

    def _write(self, binding: Binding, value: Value, env: dict[Binding, Value]) -> None:
        self._writes += 1
        if binding.scope is not None and not binding.captured:  # self._tracked(binding)
            entry = self._entry
            if binding not in entry:
                # replacing the value in the unit's environment does not depend on the old one;
                # a write on a branch does (it is joined with the other branches)
                entry[binding] = _OVERWRITTEN if env is self._top else self._top.get(binding)
            env[binding] = value
            # only the function itself reads its own variables, in the same pass
            summary = self.summary
            old = summary.get(binding)
            if old is not value:
                new = value if old is None else old.join(value)
                if new is not old:
                    summary[binding] = new
                    readers = self._d_sum.get(binding)
                    if readers:
                        # no unit runs again for this, but one that does must not skip the read
                        self._make_stale(readers)
            return  # (a variable of a scope is no global)
        else:
            self._grow(self.summary, binding, value, self._d_sum)
        if binding.scope is None:
            self._escape(value)  # other modules see globals

    def _binding_value(self, binding: Binding) -> Value:
        if binding.kind == "builtin":
            found = _BUILTINS.get(binding.name)
            if found is None:
                found = _BUILTINS[binding.name] = _builtin_value(binding.name)
            return found
        self._depend(self._d_sum, binding)
        known = self.summary.get(binding)
        if binding.scope is None:
            if binding.name not in self.model.global_definitions:
                return UNKNOWN  # another module's global
            return NIL_V.join(known) if known is not None else NIL_V
        if binding.kind == "param":
            self._depend(self._d_esc, binding.function)
            if binding.function in self.escaped_units:
                return UNKNOWN
        return known if known is not None else NIL_V

    def _read(self, name: ast.Name, env: dict[Binding, Value]) -> Value:
        binding = self._binding_of(name)
        if binding is None:
            return UNKNOWN
        found = env.get(binding)
        if found is not None:
            entry = self._entry
            if binding not in entry:
                entry[binding] = self._top.get(binding)
            return found
        return self._read_unset(binding)

    def _read_unset(self, binding: Binding) -> Value:
        """A variable read where the environment does not hold it (see ``_read``)."""
        if binding.scope is not None and not binding.captured and binding not in self._entry:
            self._entry[binding] = self._top.get(binding)  # a variable of the unit, not set yet
        return self._binding_value(binding)

    def _escape(self, value: Value) -> None:
        for fn in value.funcs:
            if fn not in self.escaped_units:
                self.escaped_units.add(fn)
                self._touch(self._d_esc, fn)
        for origin in value.origins:
            if origin not in self.escaped_origins:
                self.escaped_origins.add(origin)
                self._touch(self._d_origin, origin)

    def _site(self, node: ast.Node, funcs: frozenset[ast.Node], unknown: bool, origins: frozenset[object]) -> None:
        # (every caller has something to record: a site is never empty)
        sites = self._unit_sites
        old = sites.get(node)
        if old is None:
            sites[node] = Site(node, funcs, unknown, origins)
        else:  # a statement analysed again: usually nothing new
            if not funcs <= old.funcs:
                old.funcs = old.funcs | funcs
            old.unknown = old.unknown or unknown
            if not origins <= old.origins:
                old.origins = old.origins | origins

    def _mutate(self, node: ast.Node, value: Value) -> None:
        if value.bits & (TABLE | OTHER):
            origins = value.origins or _ELSEWHERE_ONLY
            self._site(node, _NO_FUNCS, False, origins)
            self._mutated(origins)

    def _mutated(self, origins: frozenset[object]) -> None:
        for origin in origins:
            if origin not in self.mutated_origins:
                self.mutated_origins.add(origin)
                self._touch(self._d_origin, origin)

    def _items(self, table: Value) -> Value | None:
        """What iterating or indexing the table yields, when it surely is one of this file's
        literals that nothing changes after it is built."""
        if (table.bits & ALL_KINDS) != TABLE or not table.origins:
            return None
        out: Value | None = None
        for origin in table.origins:
            self._depend(self._d_origin, origin)
            if origin in self.mutated_origins or origin in self.escaped_origins:
                return None
            items = self.literal_items.get(origin)  # type: ignore[call-overload]
            if items is None:
                return None
            out = items if out is None else out.join(items)
        return out

    def _meta(self, node: ast.Node, value: Value, other: Value | None = None) -> None:
        """An operation that a metatable may turn into a call of program code."""
        if self.has_metatables and (value.bits & META or (other is not None and other.bits & META)):
            self._site(node, _NO_FUNCS, True, _EMPTY)

    def _return(self, unit: ast.Node, value: Value) -> None:
        self._depend(self._d_esc, unit)
        if unit in self.returns:
            self._grow(self.returns, unit, value, self._d_ret)
        if unit in self.escaped_units or isinstance(unit, ast.Module):
            self._escape(value)

    # ------------------------------------------------------------------ statements

    def _block(self, body: tuple[ast.Stmt, ...], env: dict[Binding, Value]) -> bool:
        """Analyse statements in order; False when the block surely ends in a jump."""
        records = self._records
        stale = self._stale
        # the statement around this block: it depends on what the block's statements read or
        # write, as they were before it
        outer_at, outer_top, outer_entry = self._at, self._top, self._entry
        self._top = env
        falls_off = True
        for stmt in body:
            cls = type(stmt)
            record = records.get(stmt)
            if record is None:
                if stale:
                    stale.discard(stmt)
            elif stmt in stale:
                stale.discard(stmt)
            else:
                entry, after = record
                for b, v in entry.items():
                    if v is not _OVERWRITTEN and env.get(b) is not v:
                        break
                else:  # same inputs: it would do what it did
                    env.update(after)
                    if outer_at is not None:
                        for b in entry:
                            if b not in outer_entry:
                                outer_entry[b] = outer_top.get(b)
                    if cls in _JUMPS:
                        falls_off = False
                        break
                    continue
            self._at = stmt
            entry = self._entry = {}
            writes = self._writes
            if cls is _ExprStmt:  # the most common statement, without a call
                self._expr(stmt.expr, env)  # type: ignore[attr-defined]
            else:
                _STMT.get(cls, _stmt_other)(self, stmt, env)
            if writes == self._writes and cls not in _COMPOUND:
                # a simple statement changes the environment only by setting variables: one that
                # set none left every variable as it was, so replaying it changes nothing
                if outer_at is not None:
                    for b in entry:
                        if b not in outer_entry:
                            outer_entry[b] = outer_top.get(b)
                records[stmt] = (entry, _NO_AFTER)
            else:
                after = {}
                get = env.get
                if outer_at is None:  # the body of a unit has no statement around it
                    for b in entry:  # (plain loops: entries are small, a comprehension costs more)
                        v = get(b)
                        if v is not None:
                            after[b] = v
                else:
                    for b in entry:
                        if b not in outer_entry:
                            outer_entry[b] = outer_top.get(b)
                        v = get(b)
                        if v is not None:
                            after[b] = v
                records[stmt] = (entry, after)
            if cls in _JUMPS:
                falls_off = False
                break
        self._at, self._top, self._entry = outer_at, outer_top, outer_entry
        return falls_off

    def _sub(self, block: ast.Block | None, env: dict[Binding, Value]) -> dict[Binding, Value]:
        if block is None:
            return env  # no statements: the environment as it is (merges only read it)
        branch = dict(env)
        self._block(block.body, branch)
        return branch

    @staticmethod
    def _merge(envs: list[dict[Binding, Value]]) -> dict[Binding, Value]:
        """Join the environments at the end of branches: a variable one branch lacks may be nil.

        The branches are copies of one environment, so most variables hold the same value
        object in all of them. Those stay as they are; only the variables some branch wrote
        (found by C-level identity tests, not a Python loop over the whole environment, which
        made a long file's top level quadratic) are joined, in the branches' order.
        """
        first = envs[0]
        out = dict(first)
        changed: dict[Binding, None] = {}  # ordered: new variables keep their first-seen order
        for other in envs[1:]:
            if other is first:
                continue
            if len(other) <= 16:  # a function's few variables: a plain loop costs less
                get = first.get
                for b, mine in other.items():
                    if get(b) is not mine:
                        changed[b] = None
            else:
                changed.update(dict.fromkeys(compress(other, map(is_not, map(first.get, other), other.values()))))
            if not other.keys() >= first.keys():
                changed.update(dict.fromkeys(first.keys() - other.keys()))
        for b in changed:
            value = first.get(b)
            for other in envs[1:]:
                v = other.get(b)
                if v is not None:
                    value = v if value is None else value.join(v)
                elif value is not None:
                    value = value.join(NIL_V)
            assert value is not None
            out[b] = value
        return out

    @staticmethod
    def _merge_branch(env: dict[Binding, Value], branch: dict[Binding, Value]) -> None:
        """``_replace(env, _merge([branch, env]))`` without the copies, for a branch that
        started as a copy of ``env`` (it has all of env's variables): the variables the branch
        changed or added are joined with env's (or with nil), in the same order."""
        if len(branch) <= 16:
            get = env.get
            for b, v in branch.items():
                old = get(b)
                if old is not v:
                    env[b] = v.join(old if old is not None else NIL_V)
            return
        changed = list(compress(branch, map(is_not, map(env.get, branch), branch.values())))
        for b in changed:
            old = env.get(b)
            env[b] = branch[b].join(old if old is not None else NIL_V)

    def _replace(self, env: dict[Binding, Value], new: dict[Binding, Value]) -> None:
        # a merge of branches that started from ``env`` has all of its variables: updating
        # sets every one of them (emptying it first cost as much again; the order of the
        # variables in an environment does not matter)
        env.update(new)

    def _stmt_expr(self, s: ast.ExprStmt, env: dict[Binding, Value]) -> None:
        self._expr(s.expr, env)

    def _stmt_if(self, s: ast.If, env: dict[Binding, Value]) -> None:
        branches: list[dict[Binding, Value]] = []
        rest = env
        test, body = s.test, s.body
        elifs = iter(s.elifs)
        if s not in self._records or not self._test_replays(s, env):  # (most ifs run once)
            writes = self._writes
            self._expr(test, rest)
            # what the test read, as it was (the if's entry holds only that so far), unless it
            # set a variable
            self._if_tests[s] = dict(self._entry) if self._writes == writes else None
        while True:
            yes = self._narrow(test, rest, True)
            branch = dict(yes) if yes is rest else yes  # (a narrowed environment is a new one already)
            self._block(body.body, branch)
            branches.append(branch)
            rest = self._narrow(test, rest, False)
            following = next(elifs, None)
            if following is None:
                break
            test, body = following.test, following.body
            self._expr(test, rest)
        if s.orelse is not None:
            otherwise = dict(rest) if rest is env else rest
            self._block(s.orelse.body, otherwise)
            branches.append(otherwise)
        elif len(branches) == 1 and rest is env:  # `if` alone (most): join the branch into env
            self._merge_branch(env, branches[0])
            return
        else:
            branches.append(rest)  # no statements: the environment as it is (merges only read it)
        self._replace(env, self._merge(branches))

    def _test_replays(self, s: ast.If, env: dict[Binding, Value]) -> bool:
        """An if analysed again (a statement in it is stale, or its inputs changed) whose first
        test would do what it did in the if's last run: no fact the if itself read has changed
        since, the test set no variable, and every variable it read holds the value it had
        then. Its reads go to the if's entry as if it ran (its node values, sites and facts
        are there already)."""
        if s in self._if_read:
            self._if_read.discard(s)
            return False
        reads = self._if_tests.get(s)
        if reads is None:
            return False
        get = env.get
        for b, v in reads.items():
            if get(b) is not v:
                return False
        self._entry.update(reads)  # (env is the if's block: these are its values now)
        return True

    def _stmt_match(self, s: ast.Match, env: dict[Binding, Value]) -> None:
        self._expr(s.subject, env)
        branches = []
        for case in s.cases:
            self._expr(case.value, env)
            branches.append(self._sub(case.body, env))
        branches.append(self._sub(s.orelse, env))
        self._replace(env, self._merge(branches))

    def _stmt_try(self, s: ast.Try, env: dict[Binding, Value]) -> None:
        before = dict(env)
        after_body = self._sub(s.body, env)
        mid = self._merge([before, after_body])
        outs = [after_body]
        if s.handler is not None:
            handler = dict(mid)
            if s.handler.name is not None:
                b = self._binding_of(s.handler.name)
                if b is not None:
                    self._write(b, UNKNOWN, handler)
            if s.handler.filter is not None:
                self._expr(s.handler.filter, handler)
            self._block(s.handler.body.body, handler)
            outs.append(handler)
        merged = self._merge([*outs, mid])
        if s.finalbody is not None:
            self._block(s.finalbody.body, merged)
        self._replace(env, merged)

    def _stmt_with(self, s: ast.With, env: dict[Binding, Value]) -> None:
        ctx = self._expr(s.context, env)
        self._site(s, _NO_FUNCS, True, _EMPTY)  # `__enter`/`__exit` of the context
        self._escape(ctx)
        if s.name is not None:
            b = self._binding_of(s.name)
            if b is not None:
                self._write(b, UNKNOWN, env)
        self._replace(env, self._merge([env, self._sub(s.body, env)]))

    def _stmt_print(self, s: ast.Print, env: dict[Binding, Value]) -> None:
        for v in s.values:
            self._meta(v, self._expr(v, env))  # `__str`

    def _stmt_return(self, s: ast.Return, env: dict[Binding, Value]) -> None:
        value = self._expr(s.values[0], env) if s.values else NIL_V
        for extra in s.values[1:]:
            self._escape(self._expr(extra, env))
        if len(s.values) > 1:
            value = UNKNOWN
        self._return(self._unit, value)

    def _stmt_yield(self, s: ast.Yield, env: dict[Binding, Value]) -> None:
        for v in s.values:
            self._escape(self._expr(v, env))
        self._site(s, _NO_FUNCS, True, _EMPTY)  # the resumer runs until it resumes us

    def _stmt_throw(self, s: ast.Throw, env: dict[Binding, Value]) -> None:
        self._escape(self._expr(s.value, env))

    def _stmt_assert(self, s: ast.Assert, env: dict[Binding, Value]) -> None:
        self._expr(s.test, env)
        if s.message is not None:
            self._expr(s.message, env)

    def _stmt_del(self, s: ast.Del, env: dict[Binding, Value]) -> None:
        for target in s.targets:
            if isinstance(target, ast.Name):
                b = self._binding_of(target)
                if b is not None:
                    self._write(b, NIL_V, env)
            elif isinstance(target, (ast.Index, ast.Attribute)):
                obj = self._expr(target.obj, env)
                if isinstance(target, ast.Index):
                    self._expr(target.index, env)
                self._mutate(target, obj)
                if self.has_metatables:
                    self._meta(target, obj)

    def _stmt_multi_assign(self, s: ast.MultiAssign, env: dict[Binding, Value]) -> None:
        values = [self._expr(v, env) for v in s.values]
        for i, target in enumerate(s.targets):
            b = self._binding_of(target)
            if b is None:
                continue
            value = values[i] if len(values) > 1 and i < len(values) else (NIL_V if len(values) > 1 else UNKNOWN)
            self._write(b, value, env)

    def _stmt_function(self, s: ast.FunctionDef, env: dict[Binding, Value]) -> None:
        value = Value(FUNCTION, funcs=frozenset({s}))
        if s.decorators or s.scope == "global":
            self._escape(value)
        for dec in s.decorators:
            if dec.expr is not None:
                self._call_value(dec, self._expr(dec.expr, env), [value], env, True)
        b = self._binding_of(s.name)
        if b is not None:
            self._write(b, UNKNOWN if s.decorators else value, env)

    def _stmt_declare(self, s: ast.Local | ast.Global, env: dict[Binding, Value]) -> None:
        if len(s.names) == 1 and len(s.values) == 1:  # `local x = v`: most declarations
            value = self._expr(s.values[0], env)
            b = self._binding_of(s.names[0])
            if b is not None:
                self._write(b, value, env)
            return
        values = [self._expr(v, env) for v in s.values]
        for i, name in enumerate(s.names):
            b = self._binding_of(name)
            if b is None:
                continue
            if not s.values and isinstance(s, ast.Global) and not isinstance(self._unit, ast.Module):
                continue  # `global x` in a function only declares
            value = values[i] if i < len(values) else NIL_V
            self._write(b, value, env)

    def _stmt_import(self, s: ast.Import, env: dict[Binding, Value]) -> None:
        for dotted in s.modules:
            b = self._binding_of(dotted.parts[-1])
            if b is not None:
                path = dotted.dotted
                if statement_import_binds_string(path):
                    value = STR_V
                elif is_native_module(path):
                    value = Value(MODULE, module=path)
                else:
                    value = UNKNOWN
                self._write(b, value, env)

    def _stmt_from_import(self, s: ast.FromImport, env: dict[Binding, Value]) -> None:
        for name in s.names:
            b = self._binding_of(name)
            if b is not None:
                module = s.module.dotted
                if is_native_module(module):
                    value = self._member_value(module, name.id)
                else:
                    value = UNKNOWN
                self._write(b, value.join(NIL_V) if value is UNKNOWN else value, env)

    def _stmt_children(self, s: ast.Stmt, env: dict[Binding, Value]) -> None:
        """Break, Continue, Gc (and any other statement): evaluate the expressions in it."""
        for child in s.children():
            if isinstance(child, ast.Expr):
                self._expr(child, env)

    def _loop(self, s: ast.While | ast.For, env: dict[Binding, Value]) -> None:
        if isinstance(s, ast.For):
            iters = [self._expr(it, env) for it in s.iters]
            self._for_targets(s, s.iters, iters, env, s)
        entry = dict(env)
        current = entry
        self._depth += 1
        passes = _LOOP_PASSES if self._depth <= 3 else 1
        wrote = False  # the test's last run set a variable
        for n in range(passes):
            body = dict(current)
            narrowed = False
            if isinstance(s, ast.While):
                writes = self._writes
                self._expr(s.test, body)
                wrote = self._writes != writes
                tested = self._narrow(s.test, body, True)
                narrowed = tested is not body  # (new values: the next pass's would be new ones too)
                body = tested
            self._block(s.body.body, body)
            merged = self._merge([entry, body])
            if merged == current:
                break
            if n + 1 < passes and not narrowed and self._settled(s, merged, current):
                current = merged  # what the next pass would find (it would replay every statement)
                break
            current = merged
        else:
            # still changing: what changes becomes unknown, then one last pass records that
            for b, v in list(current.items()):
                if entry.get(b) != v:
                    current[b] = v.join(UNKNOWN)
            body = dict(current)
            if isinstance(s, ast.While):
                writes = self._writes
                self._expr(s.test, body)
                wrote = self._writes != writes
            self._block(s.body.body, body)
        self._depth -= 1
        if isinstance(s, ast.While) and (wrote or s in self._stale):
            # the test's last run, in the last pass, saw the values it has in ``current`` (a copy
            # of it, or only unchanged variables: ``_settled``), so running it again would only
            # do what it did: unless a fact it read has changed since (the loop is stale then),
            # or it set a variable (it does so again, after the loop)
            self._expr(s.test, current)
        self._replace(env, current)

    def _settled(self, s: ast.While | ast.For, merged: dict[Binding, Value], current: dict[Binding, Value]) -> bool:
        """Another pass over a loop's body, from ``merged`` instead of ``current``, would replay
        every statement: none is stale, and each variable whose value changed is set by the
        body before anything reads it (the first statement that touches it overwrites it).
        Then it would end where this pass did, and the loop has its fixed point now.

        A `while` test runs before each pass: it would do what it did when no fact it read has
        changed since (the loop is not stale: its test's reads are the loop statement's) and it
        names none of the changed variables (its narrowing made no new values: see ``_loop``).
        """
        records = self._records
        stale = self._stale
        changed = list(compress(merged, map(is_not, map(current.get, merged), merged.values())))
        if type(s) is ast.While and (s in stale or not self._names_in(s.test).isdisjoint(changed)):
            return False
        for stmt in s.body.body:
            if stmt in stale:
                return False
            record = records.get(stmt)
            if record is None:
                return False
            entry = record[0]
            if changed:
                for b in [b for b in changed if b in entry]:
                    if entry[b] is not _OVERWRITTEN:
                        return False
                    changed.remove(b)
            if type(stmt) in _JUMPS:
                break
        return True

    def _names_in(self, expr: ast.Expr) -> set[Binding]:
        """The unit's own variables (the only ones an environment holds) an expression names."""
        found = self._names.get(expr)
        if found is None:
            binding_of = self._binding_of
            bindings = {binding_of(n) for n in iter_nodes(expr) if type(n) is ast.Name}
            found = self._names[expr] = {
                b for b in bindings if b is not None and b.scope is not None and not b.captured
            }
        return found

    def _for_targets(
        self,
        node: ast.For | ast.Comprehension,
        iter_nodes: tuple[ast.Expr, ...],
        iters: list[Value],
        env: dict[Binding, Value],
        site: ast.Node,
    ) -> None:
        targets = [self._binding_of(t) for t in node.targets]
        values: list[Value] = [UNKNOWN] * len(targets)
        numeric = len(iters) == 1 and isinstance(unparen(iter_nodes[0]), ast.Range)
        if numeric:
            values = [NUM_V] * len(targets)
        elif len(iters) >= 2 or (iters and iters[0].only(FUNCTION | NATIVE)):
            # generic for: `for k, v in f, s, c` calls the iterator function every iteration
            fn = iters[0]
            self._call_value(site, fn, iters[1:], env, False)
        elif iters:
            it = iters[0]
            if it.may(COROUTINE | OTHER | FUNCTION | NATIVE):
                self._site(site, it.funcs, True, _EMPTY)  # a generator runs its body
            if self.has_metatables:
                self._meta(site, it)
            items = self._items(it)
            if (it.bits & ALL_KINDS) == STRING:
                # `for c in s`: characters; `for i, c in s`: positions and characters
                values = [STR_V] if len(targets) == 1 else [NUM_V, *([STR_V] * (len(targets) - 1))]
            elif (it.bits & ALL_KINDS) == RANGE:
                values = [NUM_V] * len(targets)
            elif items is not None:
                values = [items if len(targets) == 1 else UNKNOWN, *([items] * (len(targets) - 1))]
        if node.indexed and values:
            values[0] = NUM_V
        for b, v in zip(targets, values, strict=False):
            if b is not None:
                self._write(b, v, env)

    # ------------------------------------------------------------------ narrowing

    def _narrow(self, expr: ast.Expr, env: dict[Binding, Value], truth: bool) -> dict[Binding, Value]:
        test = expr
        while type(test) is ast.Paren:  # unparen(), inline: every test of an `if` comes here twice
            test = test.expr
        if type(test) is ast.Binary:
            op = test.op
            if op in _SHORT_CIRCUIT:
                both = (op == "and") == truth
                if both:
                    return self._narrow(test.right, self._narrow(test.left, env, truth), truth)
                return env
            if op == "==" or op == "!=":
                type_tests = self._type_tests
                if test in type_tests:
                    found = type_tests[test]
                else:
                    found = type_tests[test] = _type_test(test)
                if found is not None:
                    name, bits, func = found
                    type_binding = self._binding_of(func)
                    if type_binding is None or type_binding.kind != "builtin":
                        return env
                    binding = self._binding_of(name)
                    if binding is None or not self._tracked(binding):
                        return env
                    equal = (op == "==") == truth
                    if binding not in self._entry:
                        self._entry[binding] = self._top.get(binding)
                    current = env.get(binding) or self._binding_value(binding)
                    new = current.narrowed(bits) if equal else current.without(bits & ~NATIVE)
                    if new is current:
                        return env
                    out = dict(env)
                    out[binding] = new
                    return out
        elif type(test) is ast.Unary and test.op == "not":
            return self._narrow(test.operand, env, not truth)
        return env

    # ------------------------------------------------------------------ expressions

    def _expr(self, e: ast.Node, env: dict[Binding, Value]) -> Value:
        # one dict lookup by node class instead of a chain of isinstance tests
        cls = type(e)
        if cls is _Name:  # half of all expressions: `_read`, without a call
            binding = self._binding_of(e)
            if binding is None:
                value = UNKNOWN
            else:
                found = env.get(binding)
                if found is not None:
                    entry = self._entry
                    if binding not in entry:
                        entry[binding] = self._top.get(binding)
                    value = found
                else:
                    value = self._read_unset(binding)
        elif cls in _CONSTANTS:
            value = _CONSTANTS[cls]
        else:
            value = _EVAL.get(cls, _eval_other)(self, e, env)
        old = self.node_values.setdefault(e, value)  # one lookup when the node is new
        if old is not value:
            self.node_values[e] = old.join(value)
        return value

    def _eval_fstring(self, e: ast.FString, env: dict[Binding, Value]) -> Value:
        for part in e.parts:
            if isinstance(part, ast.Interpolation):
                self._meta(part, self._expr(part.expr, env))
        return STR_V

    def _eval_paren(self, e: ast.Paren, env: dict[Binding, Value]) -> Value:
        return self._expr(e.expr, env)

    def _eval_unary(self, e: ast.Unary, env: dict[Binding, Value]) -> Value:
        operand = self._expr(e.operand, env)
        if e.op == "not":
            return BOOL_V
        if self.has_metatables:
            self._meta(e, operand)
            if operand.bits & META:
                return UNKNOWN
        return NUM_V

    def _eval_attribute(self, e: ast.Attribute, env: dict[Binding, Value]) -> Value:
        obj = self._expr(e.obj, env)
        if e.meta:
            return UNKNOWN
        if (obj.bits & ALL_KINDS) == MODULE and obj.module is not None:
            return self._member_value(obj.module, e.name.id)
        if self.has_metatables:
            self._meta(e, obj)
        if (obj.bits & ALL_KINDS) == STRING:
            member = native_member("string", e.name.id)
            return Value(NATIVE, native=f"string.{e.name.id}") if member is not None else NIL_V
        return UNKNOWN

    def _eval_index(self, e: ast.Index, env: dict[Binding, Value]) -> Value:
        obj = self._expr(e.obj, env)
        self._expr(e.index, env)
        if self.has_metatables:
            self._meta(e, obj)
        if (obj.bits & ALL_KINDS) == STRING:
            return _STR_OR_NIL
        items = self._items(obj)
        return items.join(NIL_V) if items is not None else UNKNOWN

    def _eval_slice(self, e: ast.Slice, env: dict[Binding, Value]) -> Value:
        obj = self._expr(e.obj, env)
        for bound in (e.lower, e.upper, e.step):
            if bound is not None:
                self._expr(bound, env)
        if self.has_metatables:
            self._meta(e, obj)
        if (obj.bits & ALL_KINDS) == STRING:
            return STR_V
        if (obj.bits & ALL_KINDS) == TABLE:
            return Value(TABLE | _NATIVE_TABLE_SHAPE, origins=frozenset({e}))
        return UNKNOWN

    def _eval_ternary(self, e: ast.Ternary, env: dict[Binding, Value]) -> Value:
        self._expr(e.test, env)
        body = self._expr(e.body, self._narrow(e.test, env, True))
        orelse = self._expr(e.orelse, self._narrow(e.test, env, False))
        return body.join(orelse)

    def _eval_range(self, e: ast.Range, env: dict[Binding, Value]) -> Value:
        self._expr(e.lower, env)
        self._expr(e.upper, env)
        return RANGE_V

    def _eval_meta_construct(self, e: ast.MetaConstruct, env: dict[Binding, Value]) -> Value:
        self._escape(self._expr(e.obj, env))
        table = self._table(e.table, env)
        return Value(TABLE | META | (table.bits & SHAPE), origins=table.origins)

    def _eval_function(self, e: ast.FunctionDef | ast.Lambda, env: dict[Binding, Value]) -> Value:
        return Value(FUNCTION, funcs=frozenset({e}))

    def _eval_import(self, e: ast.ImportExpr, env: dict[Binding, Value]) -> Value:
        name = e.module.dotted
        return Value(MODULE, module=name) if is_native_module(name) else UNKNOWN

    def _eval_children(self, e: ast.Node, env: dict[Binding, Value]) -> Value:
        for child in e.children():
            self._expr(child, env)
        return UNKNOWN

    def _binary(self, e: ast.Binary, env: dict[Binding, Value]) -> Value:
        op = e.op
        if op in _SHORT_CIRCUIT:
            left = self._expr(e.left, env)
            right = self._expr(e.right, self._narrow(e.left, env, op == "and"))
            return left.join(right)
        left_node = e.left
        if type(left_node) is not ast.Binary or left_node.op in _SHORT_CIRCUIT:  # no chain (most)
            left = self._expr(left_node, env)
            return self._operate(e, op, left, self._expr(e.right, env))
        # long left-nested chains (`a + b + c + ...`) are walked without recursion
        chain: list[ast.Binary] = [e]
        while isinstance(left_node, ast.Binary) and left_node.op not in _SHORT_CIRCUIT:
            chain.append(left_node)
            left_node = left_node.left
        left = self._expr(left_node, env)
        for node in reversed(chain):
            right = self._expr(node.right, env)
            left = self._operate(node, node.op, left, right)
            if node is not e:
                old = self.node_values.get(node)
                self.node_values[node] = left if old is None else old.join(left)
        return left

    def _operate(self, node: ast.Node, op: str, left: Value, right: Value) -> Value:
        if op in _COMPARE:
            if self.has_metatables:
                self._meta(node, left, right)
                if op != "==" and op != "!=" and (left.bits | right.bits) & META:
                    return UNKNOWN
            return BOOL_V
        if op == "<+":
            self._mutate(node, left)
            if right.funcs or right.origins:
                self._escape(right)
            if self.has_metatables:
                self._meta(node, left)
            return left
        if self.has_metatables:
            self._meta(node, left, right)
        if (left.bits | right.bits) & META:
            return UNKNOWN  # a metatable's `__add` (of this file's tables or another module's) may return anything
        if op == "+":
            # numbers if both may be numbers, strings if both may be strings (shared values)
            return _PLUS[left.bits & right.bits & (NUMBER | STRING)]
        if op in _ARITH:
            return NUM_V
        return UNKNOWN

    def _assign(self, e: ast.Assign, env: dict[Binding, Value]) -> Value:
        target = e.target
        if isinstance(target, ast.Name):
            value = self._expr(e.value, env)
            if e.op not in ("=", ":="):
                current = self._read(target, env)
                value = self._operate(e, e.op[0], current, value)
            binding = self._binding_of(target)
            if binding is not None:
                self._write(binding, value, env)
            self.node_values[target] = value
            return value
        if isinstance(target, (ast.Index, ast.Attribute)):
            obj = self._expr(target.obj, env)
            if isinstance(target, ast.Index):
                self._expr(target.index, env)
            value = self._expr(e.value, env)
            self._mutate(e, obj)
            if self.has_metatables:
                self._meta(e, obj)
            self._escape(value)
            return value
        self._expr(target, env)
        return self._expr(e.value, env)

    def _table(self, e: ast.Table, env: dict[Binding, Value]) -> Value:
        shape = 0
        items = _BOTTOM
        for entry in e.entries:
            if isinstance(entry, ast.ArrayItem):
                v = self._expr(entry.value, env)
                if v.may(NIL):
                    shape |= HOLES
                self._escape(v)
                items = items.join(v)
            elif isinstance(entry, ast.ShorthandEntry):
                shape |= HASH
                for n in entry.names:
                    v = self._expr(n, env)
                    self._escape(v)
                    items = items.join(v)
            else:
                shape |= HASH
                if isinstance(entry, ast.KeyEntry):
                    self._escape(self._expr(entry.key, env))
                v = self._expr(entry.value, env)
                self._escape(v)
                items = items.join(v)
        self._grow(self.literal_items, e, items, self._d_origin)
        return Value(TABLE | shape, origins=frozenset({e}))

    def _comprehension(self, e: ast.Comprehension, env: dict[Binding, Value]) -> Value:
        inner = dict(env)
        iters = [self._expr(it, inner) for it in e.iters]
        self._for_targets(e, e.iters, iters, inner, e)
        for _ in range(2):
            if e.condition is not None:
                self._expr(e.condition, inner)
            if e.key is not None:
                self._escape(self._expr(e.key, inner))
            element = self._expr(e.element, inner)
        if e.kind == "generator":
            self._escape(element)
            return Value(COROUTINE, funcs=frozenset({e}))
        self._escape(element)
        shape = HASH if e.key is not None else 0
        if element.may(NIL):
            shape |= HOLES
        return Value(TABLE | shape, origins=frozenset({e}))

    # ------------------------------------------------------------------ calls

    def _call(self, e: ast.Call, env: dict[Binding, Value]) -> Value:
        func = e.func
        while type(func) is ast.Paren:  # unparen(), inline: every call goes through here
            func = func.expr
        receiver: Value | None = None
        if type(func) is ast.Attribute and not func.meta:
            receiver = self._expr(func.obj, env)
            callee = self._attribute_of(func, receiver)
            self.node_values[func] = callee
        else:
            callee = self._expr(e.func, env)
        args = []
        plain = True
        for a in e.args:
            args.append(self._expr(a.value, env))
            if a.name is not None or a.spread:
                plain = False
        if receiver is not None and (receiver.bits & ALL_KINDS) == STRING and callee.native is not None:
            args = [receiver, *args]  # `s.lower()` is `string.lower(s)`
        elif receiver is not None and (not receiver.bits & ALL_KINDS or receiver.bits & _MUTABLE_RECEIVER):
            # a method of a table (or of something unknown) may change its receiver
            self._mutate(e, receiver)
            self._escape(receiver)
        return self._call_value(e, callee, args, env, not plain)  # (positional: cheaper to call)

    def _attribute_of(self, func: ast.Attribute, obj: Value) -> Value:
        if (obj.bits & ALL_KINDS) == MODULE and obj.module is not None:
            return self._member_value(obj.module, func.name.id)
        if (obj.bits & ALL_KINDS) == STRING:
            found = _STRING_METHODS.get(func.name.id)
            if found is None:
                found = _STRING_METHODS[func.name.id] = Value(NATIVE, native=f"string.{func.name.id}")
            return found
        if (obj.bits & ALL_KINDS) == REGEX:
            return Value(NATIVE, native=f"regex.compiled.{func.name.id}")
        if self.has_metatables:
            self._meta(func, obj)
        return UNKNOWN

    def _call_value(
        self,
        node: ast.Node,
        callee: Value,
        args: list[Value],
        env: dict[Binding, Value],
        escape_args: bool,
    ) -> Value:
        """What calling ``callee`` with ``args`` at ``node`` gives; ``escape_args``: the
        arguments are not handed to the parameters one by one (a named or spread argument, a
        decorator), so program functions called here escape instead."""
        if callee is UNKNOWN:
            # (the commonest callee, a method of something unknown: what the native and the
            # opaque cases below do for it, in one loop over the arguments)
            kept: frozenset[object] = _EMPTY
            for a in args:
                if a.funcs or a.origins:
                    self._escape(a)
                if a.bits & (TABLE | OTHER):
                    kept = kept | (a.origins or _ELSEWHERE_ONLY)
            self._mutated(kept)
            self._site(node, _NO_FUNCS, True, kept)
            return UNKNOWN
        result = _BOTTOM
        program = callee.funcs
        for fn in program:
            if isinstance(fn, ast.Comprehension):
                continue
            assert isinstance(fn, (ast.FunctionDef, ast.Lambda))
            if escape_args:
                self._escape(Value(FUNCTION, funcs=frozenset({fn})))
            else:
                incoming = self.params[fn]
                for i, param in enumerate(fn.params):
                    if param.star:
                        continue
                    value = args[i] if i < len(args) else NIL_V
                    old = incoming[i]
                    if old is value:
                        continue
                    new = old.join(value)
                    if new is not old and new != old:
                        incoming[i] = new
                        self._touch(self._d_param, fn)
            if fn in self.generator_functions:
                result = result.join(Value(COROUTINE, funcs=frozenset({fn})))
            else:
                self._depend(self._d_ret, fn)
                returned = self.returns.get(fn, UNKNOWN)
                result = returned if result is _BOTTOM else result.join(returned)
        unknown = False
        origins: frozenset[object] = _EMPTY
        extra_funcs: frozenset[ast.Node] = _NO_FUNCS
        if callee.bits & NATIVE:
            plan = _native_call(callee.native) if callee.native is not None else None
            if plan is None:
                unknown = True
                result = UNKNOWN
                for a in args:
                    if a.funcs or a.origins:
                        self._escape(a)
                    origins = origins | (a.origins if a.bits & (TABLE | OTHER) else _EMPTY)
                self._mutated(origins)
            else:
                if plan.setmetatable and args:
                    first = args[0]
                    value = Value(first.bits | META, origins=first.origins) if first.bits & TABLE else UNKNOWN
                elif plan.fresh:
                    value = Value(plan.result.bits, origins=frozenset({node}))  # a new table, made here
                else:
                    value = plan.result
                result = value if result is _BOTTOM else result.join(value)
                for a in args:
                    if a.funcs:  # a native may keep a function it is given (`coroutine.create(f)`)
                        self._escape(Value(FUNCTION, funcs=a.funcs))
                if plan.calls_back:
                    for a in args:
                        extra_funcs = extra_funcs | a.funcs
                        self._escape(a)
                        if a.may(COROUTINE | NATIVE | OTHER) or (a.bits & META and self.has_metatables):
                            unknown = True
                    if not args:
                        unknown = True
                if plan.mutates:
                    for a in args:
                        self._escape(a)
                        if a.bits & (TABLE | OTHER):
                            origins = origins | (a.origins or _ELSEWHERE_ONLY)
                    self._mutated(origins)
                elif plan.keeps:
                    for a in args:
                        if a.funcs or a.origins:
                            self._escape(a)
        if callee.bits & _OPAQUE:
            # a value the file cannot see into: it may run anything and keep its arguments
            unknown = True
            result = result.join(UNKNOWN)
            for a in args:
                self._escape(a)
                if a.bits & (TABLE | OTHER):
                    origins = origins | (a.origins or _ELSEWHERE_ONLY)
            self._mutated(origins)
        if program or unknown or origins or extra_funcs:
            self._site(node, program | extra_funcs if extra_funcs else program, unknown, origins)
        if not result.bits:
            return UNKNOWN if not program else result
        return result

    def _member_value(self, module: str, name: str) -> Value:
        """``member_value`` of ``module.name``, memoized for the process (the table is fixed)."""
        found = _MEMBERS.get((module, name))
        if found is None:
            found = _MEMBERS[module, name] = member_value(native_member(module, name), f"{module}.{name}")
        return found


class _NativeCall:
    """What calling one native means to the analysis, worked out once per process from the
    standard-library table (every call of it asked the table the same questions)."""

    __slots__ = ("calls_back", "fresh", "keeps", "mutates", "result", "setmetatable")

    def __init__(self, member: stdlib.NativeFunction) -> None:
        self.calls_back = member.calls_back
        #: may change the tables it is given (and keep them)
        self.mutates = member.module == "table" or member.calls_back or member.name == "setmetatable"
        #: may keep its arguments (it returns something that may hold them)
        self.keeps = not member.returns.isdisjoint(_KEEPS_ARGS)
        #: the core `setmetatable`: its result is its first argument, with a metatable
        self.setmetatable = member.module == "" and member.name == "setmetatable"
        result = _RETURNS.get(member.returns)
        if result is None:
            result = _RETURNS[member.returns] = from_kinds(member.returns)
        self.result = result
        #: a table the native makes: its origin is the call
        self.fresh = bool(result.bits & TABLE) and result is not UNKNOWN


def _native_call(name: str) -> _NativeCall | None:
    """The native a callee's ``Value.native`` names (None: not a native function)."""
    if name in _NATIVE_CALLS:
        return _NATIVE_CALLS[name]
    member: stdlib.Member | None
    if name.startswith("regex.compiled."):
        member = stdlib.object_method("regex", name[len("regex.compiled.") :])
    elif "." in name:
        module, _, member_name = name.rpartition(".")
        member = native_member(module, member_name)
    else:
        member = core_member(name)
    found = _NATIVE_CALLS[name] = _NativeCall(member) if isinstance(member, stdlib.NativeFunction) else None
    return found


# standard-library answers, for the process: the table never changes
_NATIVE_CALLS: dict[str, _NativeCall | None] = {}
_RETURNS: dict[frozenset[str], Value] = {}
_MEMBERS: dict[tuple[str, str], Value] = {}
_STRING_METHODS: dict[str, Value] = {}
_BUILTINS: dict[str, Value] = {}

#: the values of literals (``Values._expr`` answers them without a call)
_CONSTANTS: dict[type, Value] = {ast.String: STR_V, ast.Number: NUM_V, ast.Nil: NIL_V, ast.Bool: BOOL_V}

#: how ``Values._expr`` evaluates each node class (node classes have no subclasses; names and
#: literals are answered in ``_expr`` itself)
_EVAL: dict[type, Callable[..., Value]] = {
    ast.FString: Values._eval_fstring,
    ast.Paren: Values._eval_paren,
    ast.Binary: Values._binary,
    ast.Unary: Values._eval_unary,
    ast.Call: Values._call,
    ast.Attribute: Values._eval_attribute,
    ast.Index: Values._eval_index,
    ast.Slice: Values._eval_slice,
    ast.Assign: Values._assign,
    ast.Ternary: Values._eval_ternary,
    ast.Range: Values._eval_range,
    ast.Table: Values._table,
    ast.MetaConstruct: Values._eval_meta_construct,
    ast.Comprehension: Values._comprehension,
    ast.Lambda: Values._eval_function,
    ast.FunctionDef: Values._eval_function,
    ast.ImportExpr: Values._eval_import,
}
_eval_other = Values._eval_children

#: how ``Values._block`` analyses each statement class (one dict lookup, not isinstance tests)
_STMT: dict[type, Callable[..., None]] = {
    ast.ExprStmt: Values._stmt_expr,
    ast.If: Values._stmt_if,
    ast.While: Values._loop,
    ast.For: Values._loop,
    ast.Match: Values._stmt_match,
    ast.Try: Values._stmt_try,
    ast.With: Values._stmt_with,
    ast.Print: Values._stmt_print,
    ast.Return: Values._stmt_return,
    ast.Yield: Values._stmt_yield,
    ast.Throw: Values._stmt_throw,
    ast.Assert: Values._stmt_assert,
    ast.Del: Values._stmt_del,
    ast.MultiAssign: Values._stmt_multi_assign,
    ast.FunctionDef: Values._stmt_function,
    ast.Local: Values._stmt_declare,
    ast.Global: Values._stmt_declare,
    ast.Import: Values._stmt_import,
    ast.FromImport: Values._stmt_from_import,
}
_stmt_other = Values._stmt_children
_JUMPS = frozenset({ast.Return, ast.Throw, ast.Break, ast.Continue})
#: statements that join environments (branches, loop passes): they may change a variable's
#: value without setting it (a narrowed variable joined back); the others change one only
#: by ``_write``
_COMPOUND = frozenset({ast.If, ast.While, ast.For, ast.Match, ast.Try, ast.With})
#: the after-values of a statement that changed no variable (never changed)
_NO_AFTER: dict[Binding, Value] = {}


@overload
def unparen(expr: ast.Expr) -> ast.Expr: ...


@overload
def unparen(expr: ast.Node) -> ast.Node: ...


def unparen(expr: ast.Node) -> ast.Node:
    """``expr`` without the parentheses around it (the one home of this helper)."""
    while isinstance(expr, ast.Paren):
        expr = expr.expr
    return expr


def _type_test(test: ast.Binary) -> tuple[ast.Name, int, ast.Name] | None:
    """(x, kinds) of `type(x) == "name"` (either side)."""
    for side, other in ((test.left, test.right), (test.right, test.left)):
        call, lit = unparen(side), unparen(other)
        if not isinstance(lit, ast.String) or not isinstance(call, ast.Call):
            continue
        func = unparen(call.func)
        if not (isinstance(func, ast.Name) and func.id == "type") or len(call.args) != 1:
            continue
        arg = unparen(call.args[0].value)
        bits = TYPE_NAMES.get(lit.value)
        if isinstance(arg, ast.Name) and bits is not None:
            return arg, bits, func
    return None
