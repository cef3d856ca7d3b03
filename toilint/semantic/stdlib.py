"""The Toi standard library as data: every native module and member of Toi 5fe21b7.

One table for the whole project: the value analysis (return kinds, callbacks into program code),
the bug rules (unknown members, arity, argument kinds), the language server (completion, hover,
signature help) and the fixes (import quirks) all read it. Nothing else lists native names.

Read from the registration tables of ``src/lib/*.c`` (``register_<module>``) and the checks each
native makes (``"Argument N must be a string."``); a test imports every module on the real
interpreter and compares the members it finds with this table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from toilint.records import record

#: the kinds of value the analysis distinguishes (see ``semantic/values.py``)
Kind = Literal[
    "nil", "boolean", "number", "string", "table", "function", "native", "module",
    "regex", "coroutine", "range", "unknown",
]  # fmt: skip


@record(frozen=True)
class Param:
    """One positional parameter of a native, as far as the native checks it."""

    name: str
    #: kinds the native accepts without raising; empty: it accepts anything
    kinds: frozenset[Kind] = frozenset()
    optional: bool = False


@record(frozen=True)
class NativeFunction:
    """A native function reached as ``module.name`` (or a core global when ``module`` is "")."""

    module: str
    name: str
    params: tuple[Param, ...] = ()
    #: accepts any number of arguments after ``params`` (no arity check)
    variadic: bool = False
    #: does the native check its argument count (``Expected N arguments``)?
    checks_arity: bool = False
    #: kinds it may return; ``{"unknown"}`` when not known
    returns: frozenset[Kind] = frozenset({"unknown"})
    #: may run program code (callbacks, comparators, coroutines, iterators, metamethods)
    calls_back: bool = False
    #: the first line of its documentation (from Toi's STD.md)
    doc: str = ""

    @property
    def min_args(self) -> int:
        return sum(1 for p in self.params if not p.optional)

    @property
    def max_args(self) -> int | None:
        return None if self.variadic else len(self.params)


@record(frozen=True)
class NativeValue:
    """A native module member that is not a function (``math.pi``, ``os.sep``)."""

    module: str
    name: str
    kind: Kind
    doc: str = ""


Member = NativeFunction | NativeValue


@record(frozen=True)
class NativeModule:
    name: str
    members: Mapping[str, Member]
    #: the statement ``import NAME`` binds the *string* NAME instead of the module (toml, csv)
    statement_import_binds_string: bool = False
    doc: str = ""


#: every native module, by name (filled from src/lib/*.c)
MODULES: Mapping[str, NativeModule] = {}

#: natives that ``register_core`` puts straight into the globals (``str``, ``type``...)
CORE: Mapping[str, Member] = {}


def module(name: str) -> NativeModule | None:
    return MODULES.get(name)


def member(module_name: str, name: str) -> Member | None:
    mod = MODULES.get(module_name)
    return mod.members.get(name) if mod is not None else None
