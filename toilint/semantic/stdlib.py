"""The Toi standard library as data: every native module and member of Toi 5fe21b7.

One table for the whole project: the value analysis (return kinds, callbacks into program code),
the bug rules (unknown members, arity, argument kinds), the language server (completion, hover,
signature help) and the fixes (import quirks) all read it. Nothing else lists native names.

Read from the registration tables of ``src/lib/*.c`` (``register_<module>``) and the checks each
native makes (``ASSERT_ARGC_EQ``, ``"Argument N must be a string."``); tests import every module on
the real interpreter and compare the members it finds with this table, and call natives with wrong
counts and kinds to see each claimed check raise.

How the runtime reaches natives:

- ``import NAME`` of a native module binds its table, except that the *statement* ``import toml``
  / ``import csv`` binds the string ``"toml"`` / ``"csv"`` (``x = import toml`` binds the module).
  ``register_toml`` and ``register_csv`` leave their module on the interpreter's stack on the
  first load, which shifts what the statement binds (and can disturb later calls at the top level:
  after it, ``str()`` with no argument no longer raises).
- A native module is a table flagged ``is_module``: ``m.f(...)`` never passes ``m`` as an argument,
  and a missing member reads as nil ("Can only call functions." when called).
- ``s.name`` on a string value looks ``name`` up in the global ``string`` when that is a table, else
  in the native ``string`` module, and binds ``s`` as argument 1: ``"ab".rep(3)`` is
  ``string.rep("ab", 3)`` and ``"ab".rep(nil)`` fails with "Argument 2 must be a number.". A name the
  module lacks reads as nil. See :func:`string_method`.
- Loading the string module (``import string``, or the first method call on a string value) makes
  it callable as ``str`` (``string(x)`` is ``str(x)``) and rebinds the global ``str`` to it; after
  that ``str()`` with no argument no longer raises, and ``str(a, b)`` does.
- ``regex.compile(p)`` returns an object whose ``match``/``search``/``finditer`` take the receiver
  as a bound first argument (see :func:`object_method`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from toilint._typing import Any, Literal, cast, get_args
from toilint.records import evolve, record

#: the kinds of value the analysis distinguishes (see ``semantic/values.py``)
Kind = Literal[
    "nil", "boolean", "number", "string", "table", "function", "native", "module",
    "regex", "coroutine", "range", "unknown",
]  # fmt: skip

KINDS: frozenset[str] = frozenset(get_args(Kind))


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
    #: accepts any number of arguments after ``params`` (no upper bound)
    variadic: bool = False
    #: does the native raise when called with fewer than ``min_args`` or (unless variadic) more
    #: than ``max_args`` arguments? ("Expected N arguments", or the native's own wording)
    checks_arity: bool = False
    #: kinds it may return; ``{"unknown"}`` when not known
    returns: frozenset[Kind] = frozenset({"unknown"})
    #: may run program code (callbacks, comparators, coroutines, iterators, metamethods)
    calls_back: bool = False
    #: the first line of its documentation
    doc: str = ""
    #: arguments the runtime passes before the written ones (a bound receiver: ``"ab".rep(3)``);
    #: the interpreter counts them in its messages ("Argument 2 must be a number.")
    bound_args: int = 0

    @property
    def min_args(self) -> int:
        return sum(1 for p in self.params if not p.optional)

    @property
    def max_args(self) -> int | None:
        return None if self.variadic else len(self.params)

    @property
    def qualified_name(self) -> str:
        return f"{self.module}.{self.name}" if self.module else self.name

    def arity_error(self, count: int) -> bool:
        """Does a call with ``count`` written arguments raise for its count alone?"""
        if count < self.min_args:
            # a required parameter the native checks the kind of fails as "Argument N must be ..."
            return self.checks_arity or any(p.kinds for p in self.params[count : self.min_args])
        max_args = self.max_args
        return self.checks_arity and max_args is not None and count > max_args

    def checked_kinds(self, index: int, count: int) -> frozenset[Kind]:
        """The kinds argument ``index`` (0-based, written) must have in a call of ``count`` arguments;
        empty when the native does not check it for that count."""
        max_args = self.max_args
        if index >= len(self.params) or (max_args is not None and count > max_args):
            return frozenset()
        return self.params[index].kinds


@record(frozen=True)
class NativeValue:
    """A native module member that is not a function (``math.pi``, ``os.argv``)."""

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
    #: the module table has a ``__call`` metamethod (``string(x)`` is ``str(x)``)
    callable: bool = False


# --- the table --------------------------------------------------------------------------------

# the table's line shapes, compiled only where the text is parsed (``_parse``): a process whose
# ``_natives.py`` is current never does, and three compiles were ~0.6 ms of every start-up
_LINE = (
    r"^(?P<flags>[@! ]{0,3})\s*(?P<name>\w+)\((?P<params>[^)]*)\)\s*->\s*(?P<returns>[\w|]+)"
    r"\s*(?:--\s*(?P<doc>.*))?$"
)
_VALUE = r"^(?P<name>\w+):\s*(?P<kind>\w+)\s*(?:--\s*(?P<doc>.*))?$"
_PARAM = r"^(?P<star>\*)?(?P<name>\w+)(?P<opt>\?)?(?::\s*(?P<kinds>[\w|]+))?$"

#: the members ``register_module`` adds to every native module
_MODULE_DUNDERS = (("__name", "string"), ("__file", "nil"), ("__main", "boolean"))
#: modules whose table has a ``__call`` metamethod (``register_string``: the string module is
#: ``str``)
_CALLABLE_MODULES = frozenset({"string"})
#: modules whose *statement* import binds the name as a string (measured on the interpreter)
_STATEMENT_IMPORT_BINDS_STRING = frozenset({"toml", "csv"})


def _kinds(text: str) -> frozenset[Kind]:
    kinds = frozenset(text.split("|"))
    unknown = kinds - KINDS
    if unknown:
        raise ValueError(f"unknown kinds {sorted(unknown)}")
    return cast("frozenset[Kind]", kinds)


#: one member of the table as constants (what ``_natives.py`` holds; kinds as sorted tuples): a
#: function ``("f", name, ((param, kinds, optional), ...), variadic, checks_arity, returns,
#: calls_back, doc)`` or a value ``("v", name, kind, doc)``
Entry = tuple[Any, ...]


def _parse_function(module: str, m: re.Match[str]) -> Entry:
    params: list[tuple[str, tuple[str, ...], bool]] = []
    variadic = False
    param = re.compile(_PARAM)
    for raw in filter(None, (p.strip() for p in m["params"].split(","))):
        pm = param.match(raw)
        if pm is None:
            raise ValueError(f"bad parameter {raw!r} in {module}.{m['name']}")
        if pm["star"]:
            variadic = True
            continue
        kinds = tuple(sorted(_kinds(pm["kinds"]))) if pm["kinds"] else ()
        params.append((pm["name"], kinds, bool(pm["opt"])))
    flags = m["flags"]
    doc = (m["doc"] or "").strip()
    returns = tuple(sorted(_kinds(m["returns"])))
    return ("f", m["name"], tuple(params), variadic, "!" in flags, returns, "@" in flags, doc)


def _split(text: str) -> dict[str, list[str]]:
    """The table's lines by section (``[name]``), in order."""
    sections: dict[str, list[str]] = {}
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("["):
            lines = sections.setdefault(line.strip("[]"), [])
        elif line.strip():
            lines.append(line)
    return sections


def _parse(section: str, lines: list[str]) -> tuple[Entry, ...]:
    module = "" if section == "core" else section
    entries: list[Entry] = []
    function, value = re.compile(_LINE), re.compile(_VALUE)
    for line in lines:
        if (fm := function.match(line)) is not None:
            entries.append(_parse_function(module, fm))
        elif (vm := value.match(line)) is not None:
            (kind,) = _kinds(vm["kind"])
            entries.append(("v", vm["name"], kind, (vm["doc"] or "").strip()))
        else:
            raise ValueError(f"bad standard-library line {line!r}")
    return tuple(entries)


def parse_table() -> dict[str, tuple[Entry, ...]]:
    """The whole table, parsed from its text: each section's entries, in order."""
    return {name: _parse(name, lines) for name, lines in _split(TEXT).items()}


TEXT = (
    # FLAGS NAME(PARAMS) -> RETURNS  -- doc     a native function
    # NAME: KIND  -- doc                        a value that is not a function
    # FLAGS: "!" the native raises on a count outside its parameters (too few, or too many when
    #        there is no *rest); "@" it may run program code (callbacks, coroutines, metamethods).
    # PARAMS: "name: kind|kind" is checked ("Argument N must be a kind."); "name" is not checked;
    #         "name?" may be left out (its kind is checked when given); "*name" takes any number.
    # RETURNS: the kinds of the first value it returns ("unknown" when not known).
    # [core] is the globals of register_core (src/lib/core.c) and of run_file (src/main.c);
    # [module.objects] lists the methods of objects a module hands out, receiver not written.
    """
[core]
@! str(value?, extra?) -> string  -- str(value): the value as a string (calls __str)
@! tostring(value?, extra?) -> string  -- tostring(value): the same as str(value)
 ! exit(code?: number) -> unknown  -- exit(code?): stop the program
@! bool(value) -> boolean  -- bool(value): truthiness of value (calls __bool)
 ! int(value) -> number|nil  -- int(value): value converted to an integer
 ! float(value) -> number|nil  -- float(value): value converted to a number
 ! input(prompt?: string|nil) -> string|nil  -- input(prompt?): one line of standard input
 ! mem() -> number  -- mem(): bytes allocated by the interpreter
 ! next(t: table|string, key) -> unknown  -- next(t, key): the entry after key
 ! inext(t: table, index: number) -> unknown  -- inext(t, i): the array entry after i
@! gen_next(gen: coroutine, control) -> unknown  -- gen_next(gen, control): resume a generator
   range_iter(*args) -> unknown  -- range_iter(state, control): the iterator behind range()
 ! range(a, b?, c?, *rest) -> function  -- range(stop) / range(start, stop, step?): a numeric range
 ! slice(value: string|table, start: number, stop: number, step?: number, *rest) -> string|table  -- slice(v, start, stop, step?)
   min(*values: number) -> number|nil  -- min(a, b, ...): the smallest number
   max(*values: number) -> number|nil  -- max(a, b, ...): the largest number
@  sum(*values) -> number|nil  -- sum(t) / sum(a, b, ...): the sum of numbers
 ! divmod(a: number, b: number) -> table  -- divmod(a, b): {a // b, a % b}
 ! setmetatable(t: table, mt) -> table  -- setmetatable(t, mt): set t's metatable
 ! getmetatable(t: table) -> table|nil  -- getmetatable(t): t's metatable
 ! error(message, type?: string) -> unknown  -- error(message, type?): raise an error
 ! type(value) -> string  -- type(value): the name of value's type
 ! istype(value, name: string, *names: string) -> boolean  -- istype(value, name, ...): is value of one of the types?
__name: string  -- the name of the running module ("__main" for the script)
__file: string  -- the path of the running file
__main: boolean  -- true in the script the interpreter was started with

[math]
 ! sin(x: number) -> number  -- math.sin(x)
 ! cos(x: number) -> number  -- math.cos(x)
 ! tan(x: number) -> number  -- math.tan(x)
 ! asin(x: number) -> number  -- math.asin(x)
 ! acos(x: number) -> number  -- math.acos(x)
   atan(y?: number, x?: number) -> number|nil  -- math.atan(y, x?)
 ! sqrt(x: number) -> number  -- math.sqrt(x)
 ! floor(x: number) -> number  -- math.floor(x)
 ! ceil(x: number) -> number  -- math.ceil(x)
 ! abs(x: number) -> number  -- math.abs(x)
 ! exp(x: number) -> number  -- math.exp(x)
   log(x?: number, base?: number) -> number|nil  -- math.log(x, base?)
 ! pow(x: number, y: number) -> number  -- math.pow(x, y)
 ! fmod(x: number, y: number) -> number  -- math.fmod(x, y)
 ! divmod(a: number, b: number) -> table  -- math.divmod(a, b): {quotient, remainder}
 ! modf(x: number) -> number  -- math.modf(x): integer part, fractional part
 ! deg(x: number) -> number  -- math.deg(radians)
 ! rad(x: number) -> number  -- math.rad(degrees)
   random(m?: number, n?: number) -> number|nil  -- math.random(), math.random(n), math.random(m, n)
   seed(n?: number) -> nil  -- math.seed(n?)
   min(*values: number) -> number|nil  -- math.min(a, b, ...)
   max(*values: number) -> number|nil  -- math.max(a, b, ...)
   sum(*values) -> number|nil  -- math.sum(t) / math.sum(a, b, ...)
huge: number  -- math.huge: infinity
pi: number  -- math.pi

[time]
 ! time() -> number  -- time.time(): seconds since the epoch
 ! seconds() -> number  -- time.seconds(): seconds since the epoch
 ! micros() -> number  -- time.micros(): microseconds since the epoch
 ! nanos() -> number  -- time.nanos(): nanoseconds since the epoch
 ! sleep(seconds: number) -> nil  -- time.sleep(seconds)
 ! clock() -> number  -- time.clock(): processor time in seconds

[io]
 ! open(path: string, mode?: string, *rest) -> unknown  -- io.open(path, mode?) -> file; throws on failure
   buffer(initial?: string, mode?: string) -> unknown  -- In-memory file-like object with the same core API as file handles from `io.open`.
_file_mt: table  -- the metatable of file handles
_buffer_mt: table  -- the metatable of io.buffer objects

[sys]
 ! write(data: string, fd?: number) -> number  -- sys.write(data, fd?) -> bytes_written or nil, err

[os]
   exit(code?: number, *rest) -> unknown  -- os.exit(code)
 ! getenv(name: string, fallback?) -> string|nil  -- os.getenv(name, fallback?)
 ! setenv(name: string, value) -> boolean|nil  -- os.setenv(name, value)
 ! system(command: string) -> number  -- os.system(command)
 ! remove(path: string) -> boolean|nil  -- os.remove(path)
 ! rename(old: string, new: string) -> boolean|nil  -- os.rename(old, new)
   clock(*args) -> number  -- os.clock(): processor time in seconds
 ! mkdir(path: string, all?: boolean) -> boolean|nil  -- os.mkdir(path, all?) -> true or nil, error
 ! rmdir(path: string) -> boolean|nil  -- os.rmdir(path) -> true or nil, error
 ! listdir(path: string, *rest) -> table|nil  -- os.listdir(path) -> table of filenames
 ! isfile(path: string) -> boolean  -- os.isfile(path) -> boolean
 ! isdir(path: string) -> boolean  -- os.isdir(path) -> boolean
 ! exists(path: string) -> boolean  -- os.exists(path) -> boolean
   getcwd(*args) -> string|nil  -- os.getcwd() -> string
 ! chdir(path: string) -> boolean|nil  -- os.chdir(path) -> true or nil, error
   rss(*args) -> number|nil  -- os.rss() -> resident set size in bytes (Linux), nil on unsupported platforms
   trim(*args) -> boolean|nil  -- os.trim() -> ask allocator to return free memory to OS when possible
argv: table  -- os.argv: the script's command-line arguments
argc: number  -- os.argc: the number of command-line arguments

[stat]
 ! stat(path: string) -> table|nil  -- stat.stat(path) -> table | nil, err
 ! lstat(path: string) -> table|nil  -- stat.lstat(path) -> table | nil, err
 ! chmod(path: string, mode: number) -> boolean|nil  -- stat.chmod(path, mode) -> true | nil, err
 ! umask(mask?: number) -> number  -- stat.umask(mask?) -> old_mask

[dir]
 ! scandir(path: string) -> table|nil  -- dir.scandir(path)
 ! list(path: string) -> table|nil  -- dir.list(path)

[signal]
 ! raise(sig) -> boolean  -- signal.raise(sig) -> bool
 ! ignore(sig) -> boolean  -- signal.ignore(sig) -> bool
 ! default(sig) -> boolean  -- signal.default(sig) -> bool

[mmap]
 ! map(path: string, mode?: string, *rest) -> unknown  -- mmap.map(path, mode?) -> region | nil, err
_mmap_mt: table  -- the metatable of mapped regions

[poll]
 ! wait(fds: table, timeout?: number, *rest) -> table  -- poll.wait(fds, timeout?)

[coroutine]
 ! create(fn) -> coroutine|nil  -- coroutine.create(fn)
@! resume(co: coroutine, *args) -> unknown  -- coroutine.resume(co, ...)
@  yield(*values) -> unknown  -- coroutine.yield(...)
 ! sleep(seconds: number) -> unknown  -- coroutine.sleep(seconds)
 ! status(co: coroutine) -> string  -- coroutine.status(co)

[string]
 ! len(s: string) -> number  -- string.len(s)
 ! sub(s: string, i: number, j?: number, *rest) -> string  -- string.sub(s, i, j?)
 ! lower(s: string) -> string  -- string.lower(s)
 ! upper(s: string) -> string  -- string.upper(s)
 ! starts_with(s: string, prefix: string) -> boolean  -- string.starts_with(s, prefix)
 ! ends_with(s: string, suffix: string) -> boolean  -- string.ends_with(s, suffix)
 ! mutable(s?: string) -> unknown  -- string.mutable(s?): a mutable string buffer
   char(*codes: number) -> string  -- string.char(c, ...)
 ! byte(s: string, i?: number, *rest) -> number|nil  -- string.byte(s, i?)
 ! find(s: string, pattern: string, start?: number, *rest) -> number|nil  -- string.find(s, sub, start?) -> first, last
 ! trim(s: string, chars?: string, *rest) -> string  -- string.trim(s, chars?)
 ! ltrim(s: string) -> string  -- string.ltrim(s)
 ! rtrim(s: string) -> string  -- string.rtrim(s)
 ! is_digit(s: string) -> boolean  -- string.is_digit(s)
 ! is_alpha(s: string) -> boolean  -- string.is_alpha(s)
 ! is_alnum(s: string) -> boolean  -- string.is_alnum(s)
 ! is_space(s: string) -> boolean  -- string.is_space(s)
 ! escape_html(s: string) -> string  -- string.escape_html(s)
 ! split(s: string, sep?: string, maxsplit?, *rest) -> table  -- string.split(s, sep?, maxsplit?)
 ! join(sep: string, parts: table) -> string  -- string.join(sep, parts)
 ! rep(s: string, n: number) -> string  -- string.rep(s, n)
 ! reverse(s: string) -> string  -- string.reverse(s)
 ! format(fmt: string, *args) -> string  -- string.format(fmt, ...) - printf-style formatting
_mutable_mt: table  -- the metatable of string.mutable buffers

[table]
 ! remove(t: table, pos?: number, *rest) -> unknown  -- table.remove(t, pos) - removes element at pos and shifts down
 ! push(t: table, value) -> number  -- table.push(t, value) - append value to array part
 ! reserve(t: table, n: number) -> table  -- table.reserve(t, n) - pre-allocate array capacity
 ! clone(t: table, deep?) -> table  -- table.clone(t, deep?) - clone table shallowly by default, recursively when deep=true
 ! concat(t: table, sep?: string, *rest) -> string  -- table.concat(t, sep) - join array elements as string
@! sort(t: table, cmp?, *rest) -> table  -- table.sort(t, cmp?) - sort array in place
 ! insert(t: table, pos, value?, *rest) -> unknown  -- table.insert(t, [pos,] value) - insert value at pos (default: end)
 ! keys(t: table) -> table  -- table.keys(t) - return array of keys
 ! values(t: table) -> table  -- table.values(t) - return array of values
@! find_index(t: table, value, start?, lookup?) -> number  -- table.find_index(t, value[, start][, lookup]) - find first matching array value

[socket]
   tcp(*args) -> unknown  -- socket.tcp() - create a TCP socket
   udp(*args) -> unknown  -- socket.udp() - create a UDP socket
   select(read?, write?, timeout?, *rest) -> table|nil  -- socket.select(read, write, timeout)
   tls_available(*args) -> boolean  -- socket.tls_available() -> bool
_socket_mt: table  -- the metatable of sockets

[thread]
@! spawn(fn, *args) -> unknown  -- thread.spawn(fn, ...) - create and start a new thread
@! join(t, *rest) -> unknown  -- thread.join(t) - wait for thread to complete
@  yield(*args) -> nil  -- thread.yield() - release GIL momentarily to let other threads run
@  runtime_yield(*args) -> nil  -- thread.runtime_yield(): the same as thread.yield()
@! sleep(seconds: number, *rest) -> nil  -- thread.sleep(seconds) - sleep and release GIL
   mutex(*args) -> unknown  -- thread.mutex() - create a mutex
   channel(capacity?, *rest) -> unknown  -- thread.channel(capacity?) - create a channel for thread communication
_thread_mt: table  -- the metatable of threads
_mutex_mt: table  -- the metatable of mutexes
_channel_mt: table  -- the metatable of channels

[json]
 ! encode(value) -> string  -- json.encode(value) -> string
 ! decode(text: string) -> unknown  -- json.decode(string) -> value

[toml]
 ! parse(text: string) -> table  -- toml.parse(text)
 ! stringify(t: table) -> string  -- toml.stringify(t)

[csv]
 ! parse(text: string, *rest) -> table  -- csv.parse(text, options?)
 ! stringify(rows: table, *rest) -> string  -- csv.stringify(rows, options?)

[template]
@! compile(source: string) -> function  -- template.compile(str) -> function
@! render(source: string, context: table) -> string  -- template.render(str, ctx) -> string (convenience function)
 ! code(source: string) -> string  -- template.code(str) -> string (debug: show generated code)

[http]
 ! parse(data: string) -> table|boolean|nil  -- http.parse(data) -> {method, path, version, headers, body}
   response(status?: number, headers?, body?, *rest) -> string|nil  -- http.response(status, headers, body) -> string
 ! urldecode(s: string) -> string  -- http.urldecode(str) -> str
 ! parsequery(s: string) -> table  -- http.parsequery(str) -> table
 ! fetch(url: string, *rest) -> unknown  -- http.fetch(url, opts?)
 ! request(url: string, *rest) -> unknown  -- http.request(url, opts?) -> handle | nil, err
_request_mt: table  -- the metatable of request handles

[url]
 ! parse(url: string) -> table|nil  -- url.parse(url) -> table
 ! encode(s: string) -> string|nil  -- url.encode(str) -> string
 ! decode(s: string) -> string|nil  -- url.decode(str) -> string

[inspect]
 ! signature(fn) -> table  -- inspect.signature(fn)

[regex]
 ! match(pattern: string, text: string, flags?: string, *rest) -> boolean  -- regex.match(pattern, text, flags?) -> bool
 ! search(pattern: string, text: string, flags?: string, *rest) -> table|nil  -- regex.search(pattern, text, flags?) -> table|nil
 ! replace(pattern: string, text: string, repl: string, count?: number, flags?: string, *rest) -> string  -- regex.replace(pattern, text, repl, count?, flags?) -> string
 ! split(pattern: string, text: string, maxsplit?: number, flags?: string, *rest) -> table  -- regex.split(pattern, text, maxsplit?, flags?) -> table
 ! finditer(pattern: string, text: string, flags?: string, *rest) -> table  -- regex.finditer(pattern, text, flags?) -> table
 ! compile(pattern: string, flags?: string|nil, *rest) -> regex  -- regex.compile(pattern, flags?) -> compiled regex
_compiled_mt: table  -- the metatable of compiled regexes

[regex.compiled]
 ! match(text: string) -> boolean  -- compiled.match(text) -> bool
 ! search(text: string) -> table|nil  -- compiled.search(text) -> table|nil
 ! finditer(text: string) -> table  -- compiled.finditer(text) -> table

[fnmatch]
 ! match(pattern: string, text: string, flags?: string, *rest) -> boolean  -- fnmatch.match(pattern, text, flags?) -> bool

[glob]
 ! match(pattern: string, flags?: string, *rest) -> table  -- glob.match(pattern, flags?) -> table

[binary]
 ! pack(value) -> string  -- binary.pack(value)
 ! unpack(data: string) -> unknown  -- binary.unpack(data)
 ! hex(data: string) -> string  -- binary.hex(data)
 ! unhex(text: string) -> string  -- binary.unhex(text)

[struct]
 ! pack(fmt: string, *values) -> string  -- struct.pack(fmt, ...)
 ! unpack(fmt: string, data: string, offset?: number) -> table  -- struct.unpack(fmt, data, offset?)

[btree]
 ! open(path?: string) -> unknown  -- File-backed B-tree key/value store.
_db_mt: table  -- the metatable of databases

[uuid]
 ! uid() -> string  -- uuid.uid()
 ! secret(length?: number) -> string  -- uuid.secret(length?)

[gzip]
 ! compress(data: string, level?: number|nil) -> string  -- gzip.compress(data, level?)
 ! decompress(data: string) -> string  -- gzip.decompress(data)
"""
)


def _entries() -> dict[str, tuple[Entry, ...]]:
    """The table as data: from ``_natives.py`` when it was generated from this very text (its
    constants load with its bytecode; parsing the text took a millisecond or two of every
    process), else parsed here (the table was edited: `python -m toilint.semantic.stdlib`
    writes it again, and a test says so)."""
    import zlib  # loaded by the tree's module too (toilint.ast)

    from toilint.semantic import _natives

    if _natives.TEXT_CRC == zlib.crc32(TEXT.encode()):
        return _natives.SECTIONS
    return parse_table()


_ENTRIES = _entries()
_PARSED: dict[str, dict[str, Member]] = {}


def _section(name: str) -> dict[str, Member]:
    """One section of the table as members, built on first use: a run needs a few of its 30 modules."""
    found = _PARSED.get(name)
    if found is None:
        found = _PARSED[name] = _members(name, _ENTRIES[name])
    return found


def _members(section: str, entries: tuple[Entry, ...]) -> dict[str, Member]:
    module = "" if section == "core" else section
    bound = 1 if "." in section else 0
    members: dict[str, Member] = {}
    for entry in entries:
        if entry[0] == "f":
            _, name, params, variadic, checks_arity, returns, calls_back, doc = entry
            members[name] = NativeFunction(
                module,
                name,
                tuple([Param(p, _kind_set(kinds), optional) for p, kinds, optional in params]),
                variadic,
                checks_arity,
                _kind_set(returns),
                calls_back,
                doc,
                bound,
            )
        else:
            members[entry[1]] = NativeValue(module, entry[1], entry[2], entry[3])
    return members


_KIND_SETS: dict[tuple[str, ...], frozenset[Kind]] = {}


def _kind_set(kinds: tuple[str, ...]) -> frozenset[Kind]:
    found = _KIND_SETS.get(kinds)
    if found is None:
        found = _KIND_SETS[kinds] = cast("frozenset[Kind]", frozenset(kinds))
    return found


def _module(name: str) -> NativeModule:
    members = dict(_section(name))
    for dunder, kind in _MODULE_DUNDERS:
        members[dunder] = NativeValue(name, dunder, cast("Kind", kind))
    doc = members["open"].doc if name == "btree" else ""
    return NativeModule(
        name,
        members,
        statement_import_binds_string=name in _STATEMENT_IMPORT_BINDS_STRING,
        doc=doc,
        callable=name in _CALLABLE_MODULES,
    )


class _Modules(Mapping[str, NativeModule]):
    """The native modules by name; each one is built when first looked up (see :func:`_section`)."""

    def __init__(self, names: list[str]) -> None:
        self._names = names
        self._known = frozenset(names)
        self._built: dict[str, NativeModule] = {}

    def __getitem__(self, name: str) -> NativeModule:
        found: NativeModule | None = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def get(self, name: str, default: Any = None) -> Any:
        # (not Mapping's: that one raises and catches KeyError for every name that is no native
        # module, which the checks ask of every imported name and field read)
        found = self._built.get(name)
        if found is None:
            if name not in self._known:
                return default
            found = self._built[name] = _module(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


#: every native module, by name, in the order of ``native_modules`` in ``src/lib/libs.c``
MODULES: Mapping[str, NativeModule] = _Modules([name for name in _ENTRIES if name != "core" and "." not in name])

#: natives that ``register_core`` puts straight into the globals (``str``, ``type``...), and the
#: ``__name``/``__file``/``__main`` globals that ``run_file`` sets
CORE: Mapping[str, Member] = _section("core")

#: methods of the objects natives return, by kind: ``regex.compile(p).search(s)``
OBJECT_METHODS: Mapping[str, Mapping[str, NativeFunction]] = {
    "regex": {n: m for n, m in _section("regex.compiled").items() if isinstance(m, NativeFunction)},
}

#: ``string.*`` functions whose result is always a string (or that raise before returning)
STRING_RESULT_FUNCTIONS: frozenset[str] = frozenset(
    name for name, m in MODULES["string"].members.items() if isinstance(m, NativeFunction) and m.returns == {"string"}
)

#: ``string.*`` functions whose first, required argument must be a string: ``s.f(a)`` is
#: ``string.f(s, a)`` for them
STRING_RECEIVER_FUNCTIONS: frozenset[str] = frozenset(
    name
    for name, m in MODULES["string"].members.items()
    if isinstance(m, NativeFunction) and m.params and m.params[0].kinds == {"string"} and not m.params[0].optional
)

#: names defined before a script runs (derived view of :data:`CORE`)
CORE_GLOBALS: frozenset[str] = frozenset(CORE)
#: names ``import NAME`` resolves to a native module (derived view of :data:`MODULES`)
NATIVE_MODULES: frozenset[str] = frozenset(MODULES)


def module(name: str) -> NativeModule | None:
    return MODULES.get(name)


def member(module_name: str, name: str) -> Member | None:
    mod = MODULES.get(module_name)
    return mod.members.get(name) if mod is not None else None


def core(name: str) -> Member | None:
    return CORE.get(name)


def _bind_receiver(fn: NativeFunction) -> NativeFunction:
    return evolve(fn, params=fn.params[1:], bound_args=fn.bound_args + 1)


_STRING_METHODS: dict[str, NativeFunction] = {
    name: _bind_receiver(m) for name, m in _section("string").items() if isinstance(m, NativeFunction)
}


def string_method(name: str) -> NativeFunction | None:
    """What ``s.name(...)`` calls on a string ``s`` (while no global ``string`` table shadows the
    module): ``string.name`` with ``s`` bound as argument 1, so its ``params`` are the written
    arguments. ``None``: the method reads as nil and calling it fails."""
    return _STRING_METHODS.get(name)


def object_method(kind: str, name: str) -> NativeFunction | None:
    """A method of an object a native returned (``regex.compile(p).search``), receiver bound."""
    return OBJECT_METHODS.get(kind, {}).get(name)


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate a misspelt ``name`` most likely meant (for "did you mean ...?")."""
    import difflib  # only for a suggestion in a message: not part of start-up

    matches = difflib.get_close_matches(name, sorted(c for c in candidates if not c.startswith("_")), n=1, cutoff=0.6)
    return matches[0] if matches else None


def generated_source() -> str:
    """The text of ``_natives.py``: the parsed table as constants."""
    lines = [
        '"""The native table of ``semantic/stdlib.py``, parsed (its constants load with the bytecode).',
        "",
        "Generated by `python -m toilint.semantic.stdlib` from ``stdlib.TEXT``; do not edit. When the",
        "text changes, stdlib parses it instead (and a test fails until this file is written again).",
        '"""',
        "",
        f"TEXT_CRC = {zlib_crc(TEXT)}",
        'SECTIONS: "dict[str, tuple[tuple[object, ...], ...]]" = {',
    ]
    for name, entries in parse_table().items():
        lines.append(f"    {name!r}: (")
        lines += [f"        {entry!r}," for entry in entries]
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def zlib_crc(text: str) -> int:
    import zlib

    return zlib.crc32(text.encode())


if __name__ == "__main__":
    from pathlib import Path

    Path(__file__).with_name("_natives.py").write_text(generated_source(), encoding="utf-8")
