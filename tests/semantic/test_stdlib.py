"""The standard-library table against the real interpreter.

Every claim the table makes is checked by running Toi: the members of every native module, the
import quirk, the methods of strings and compiled regexes, every arity check (a call with one
argument too few or too many raises) and every argument-kind check (a call with a wrong kind
raises). Calls run inside ``try``/``except`` in one program, in a scratch directory.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support import toi as find_toi
from toilint.semantic import stdlib
from toilint.semantic.stdlib import NativeFunction, NativeValue

#: a literal of each kind a parameter can demand (``_f`` and ``_re`` are set up by the prelude)
SAMPLE = {
    "string": '"x"',
    "number": "1",
    "table": "{}",
    "boolean": "true",
    "nil": "nil",
    "function": "_f",
    "coroutine": "coroutine.create(_f)",
    "regex": "_re",
}
WRONG_ORDER = ("table", "boolean", "string", "number")
PRELUDE = 'coroutine = import coroutine\nregex = import regex\nfn _f(a)\n  return a\n_re = regex.compile("a")\n'


def _toi() -> str:
    return find_toi()


def _run(source: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    path = cwd / "probe.toi"
    path.write_text(source)
    return subprocess.run(
        [_toi(), str(path)], capture_output=True, text=True, cwd=cwd, timeout=60, stdin=subprocess.DEVNULL
    )


def _arg(p: stdlib.Param) -> str:
    return SAMPLE[sorted(p.kinds)[0]] if p.kinds else "1"


def _wrong(p: stdlib.Param) -> str:
    return SAMPLE[next(k for k in WRONG_ORDER if k not in p.kinds)]


def _functions() -> list[tuple[str, NativeFunction]]:
    """(how the program reaches it, the native) for every native function and method."""
    out: list[tuple[str, NativeFunction]] = []
    for name, m in stdlib.CORE.items():
        if isinstance(m, NativeFunction):
            out.append((name, m))
    for mod in stdlib.MODULES.values():
        for name, m in mod.members.items():
            if isinstance(m, NativeFunction):
                out.append((f"_m_{mod.name}.{name}", m))
    for name in stdlib.MODULES["string"].members:
        sm = stdlib.string_method(name)
        if sm is not None:
            out.append((f'"x".{name}', sm))
    for name, om in stdlib.OBJECT_METHODS["regex"].items():
        out.append((f"_re.{name}", om))
    return out


def _imports() -> str:
    # each import in its own function: the first load of toml and csv leaves a value on the
    # interpreter's stack (register_toml/register_csv do not pop their module), which a
    # function's return discards and the top level does not
    return "".join(f"fn _i_{name}()\n  return import {name}\n_m_{name} = _i_{name}()\n" for name in stdlib.MODULES)


def _probes() -> list[tuple[str, str]]:
    """(label, call) pairs, each of which the table says must raise."""
    probes: list[tuple[str, str]] = []
    for callee, fn in _functions():
        args = [_arg(p) for p in fn.params]
        if fn.checks_arity and fn.min_args > 0:
            probes.append((f"{callee} too few", f"{callee}({', '.join(args[: fn.min_args - 1])})"))
        if fn.checks_arity and fn.max_args is not None:
            probes.append((f"{callee} too many", f"{callee}({', '.join([*args, '1'])})"))
        for i, p in enumerate(fn.params):
            if p.kinds:
                bad = [*args[:i], _wrong(p), *args[i + 1 :]]
                probes.append((f"{callee} argument {i + 1}", f"{callee}({', '.join(bad)})"))
    return probes


def test_every_native_module_lists_exactly_the_members_the_interpreter_has(tmp_path: Path) -> None:
    lines = [_imports()]
    for name in stdlib.MODULES:
        lines.append(f'for k, v in _m_{name}\n  print("{name}", k, type(v))\n')
    run = _run("".join(lines), tmp_path)
    assert run.returncode == 0, run.stderr
    seen: dict[str, dict[str, str]] = {}
    for line in run.stdout.splitlines():
        mod, member, kind = line.split()
        seen.setdefault(mod, {})[member] = kind
    for mod in stdlib.MODULES.values():
        expected = {name: "function" if isinstance(m, NativeFunction) else m.kind for name, m in mod.members.items()}
        assert seen[mod.name] == expected, mod.name


def test_core_globals_exist_with_their_kinds(tmp_path: Path) -> None:
    body = "".join(f'print("{name}", type({name}))\n' for name in stdlib.CORE)
    run = _run(body, tmp_path)
    assert run.returncode == 0, run.stderr
    got = dict(line.split() for line in run.stdout.splitlines())
    expected = {n: "function" if isinstance(m, NativeFunction) else m.kind for n, m in stdlib.CORE.items()}
    assert got == expected


def test_a_name_outside_the_table_is_not_a_module_or_global(tmp_path: Path) -> None:
    run = _run("".join(f"try\n  print(type({n}))\nexcept e\n  print(e)\n" for n in ("sort", "len")), tmp_path)
    assert run.stdout.splitlines() == ["Undefined variable 'sort'.", "Undefined variable 'len'."]
    assert "sort" not in stdlib.CORE_GLOBALS
    run = _run("import nosuchmodule\n", tmp_path)
    assert run.returncode != 0 and "Could not open module 'nosuchmodule'" in run.stdout
    assert "nosuchmodule" not in stdlib.NATIVE_MODULES


def test_statement_import_binds_a_string_exactly_where_the_table_says(tmp_path: Path) -> None:
    for mod in stdlib.MODULES.values():
        run = _run(f"import {mod.name}\nprint(type({mod.name}))\nx = import {mod.name}\nprint(type(x))\n", tmp_path)
        statement = "string" if mod.statement_import_binds_string else "table"
        assert run.stdout.split() == [statement, "table"], mod.name
    assert {m.name for m in stdlib.MODULES.values() if m.statement_import_binds_string} == {"toml", "csv"}


def test_only_the_string_module_is_callable(tmp_path: Path) -> None:
    body = _imports() + "".join(
        f'try\n  _m_{n}(5)\n  print("{n}", "callable")\nexcept e\n  print("{n}", e)\n' for n in stdlib.MODULES
    )
    got = dict(line.split(" ", 1) for line in _run(body, tmp_path).stdout.splitlines())
    for mod in stdlib.MODULES.values():
        assert got[mod.name] == ("callable" if mod.callable else "Can only call functions."), mod.name


def test_string_methods_are_the_string_module_with_the_receiver_as_argument_1(tmp_path: Path) -> None:
    rep = stdlib.string_method("rep")
    assert rep is not None and [p.name for p in rep.params] == ["n"] and rep.bound_args == 1
    assert stdlib.string_method("uper") is None
    run = _run(
        'print("ab".rep(3), "AB".lower(), "a,b".split(",")[2], type("x".uper))\n'
        'try\n  "ab".rep(nil)\nexcept e\n  print(e)\n',
        tmp_path,
    )
    assert run.stdout.splitlines() == ["ababab ab b nil", "Argument 2 must be a number."]


def test_compiled_regex_methods(tmp_path: Path) -> None:
    names = sorted(stdlib.OBJECT_METHODS["regex"])
    assert names == ["finditer", "match", "search"]
    body = 'regex = import regex\nr = regex.compile("a+")\n'
    body += 'print(r.match("aa"), #r.finditer("a-aa"), r.search("ba") != nil, r.replace, r.split)\n'
    run = _run(body, tmp_path)
    assert run.stdout.split() == ["true", "2", "true", "nil", "nil"], run.stderr


def test_every_claimed_arity_and_kind_check_raises(tmp_path: Path) -> None:
    probes = _probes()
    assert len(probes) > 300
    failures: list[str] = []
    for start in range(0, len(probes), 20):  # a chunk holds at most 256 constants
        body = [PRELUDE, _imports()]
        for label, call in probes[start : start + 20]:
            shown = label.replace('"', "'")
            body.append(f'try\n  {call}\n  print("NO ERROR: {shown}")\nexcept _e\n  _x = 1\n')
        body.append('print("END")\n')
        run = _run("".join(body), tmp_path)
        assert run.stdout.splitlines()[-1:] == ["END"], run.stdout[-2000:] + run.stderr
        failures += [line for line in run.stdout.splitlines() if line.startswith("NO ERROR")]
    assert failures == []


def test_the_messages_of_checked_natives(tmp_path: Path) -> None:
    """The wording the interpreter uses, which rules quote."""
    calls = ["math.sqrt()", "math.sqrt(1, 2)", 'math.sqrt("a")', 'regex.search("a")']
    body = "math = import math\nregex = import regex\n"
    body += "".join(f"try\n  {c}\nexcept e\n  print(e)\n" for c in calls)
    assert _run(body, tmp_path).stdout.splitlines() == [
        "Expected 1 arguments but got 0.",
        "Expected 1 arguments but got 2.",
        "Argument 1 must be a number.",
        "Expected at least 2 arguments but got 1.",
    ]


def test_calls_within_the_claimed_arity_do_not_raise(tmp_path: Path) -> None:
    """A sample of pure natives called with every count the table allows."""
    calls = [
        "math.sqrt(4)",
        "math.atan(1)",
        "math.atan(1, 2)",
        "math.random()",
        "math.random(3)",
        'string.sub("abc", 2)',
        'string.sub("abc", 1, 2)',
        'string.split("a b")',
        'string.split("a,b", ",")',
        'string.find("abc", "b", 1)',
        'regex.search("a", "a")',
        'regex.search("a", "a", "i")',
        'regex.compile("a", nil)',
        'table.concat({"a"})',
        'table.concat({"a"}, ",")',
        "table.clone({}, true)",
        "table.find_index({1}, 1, 1)",
        'json.decode("1")',
        "str(1)",
        "range(3)",
        "min()",
        'istype(1, "number", "string")',
    ]
    fns = {}
    for call in calls:
        head = call.split("(")[0]
        fn = stdlib.CORE.get(head) if "." not in head else stdlib.member(*head.split("."))
        assert isinstance(fn, NativeFunction), head
        count = 0 if call.endswith("()") else call.count(",") + 1 - call.count('","')
        assert not fn.arity_error(count), call
        fns[call] = fn
    body = (
        "math = import math\nstring = import string\nregex = import regex\ntable = import table\njson = import json\n"
    )
    body += "".join(f"{c}\n" for c in calls) + 'print("ok")\n'
    run = _run(body, tmp_path)
    assert run.stdout.strip() == "ok", run.stderr


def test_helpers() -> None:
    assert stdlib.closest("serach", stdlib.MODULES["regex"].members) == "search"
    assert stdlib.closest("uper", stdlib.MODULES["string"].members) == "upper"
    assert stdlib.closest("zzzz", stdlib.MODULES["string"].members) is None
    sqrt = stdlib.member("math", "sqrt")
    assert isinstance(sqrt, NativeFunction) and sqrt.arity_error(0) and sqrt.arity_error(2)
    assert not sqrt.arity_error(1)
    pi = stdlib.member("math", "pi")
    assert isinstance(pi, NativeValue) and pi.kind == "number"
    search = stdlib.member("regex", "search")
    assert isinstance(search, NativeFunction)
    assert search.arity_error(1) and not search.arity_error(5)  # a minimum but no maximum
    assert search.checked_kinds(2, 3) == {"string"}
    sort = stdlib.member("table", "sort")
    assert isinstance(sort, NativeFunction) and sort.calls_back
    assert "sort" not in stdlib.CORE_GLOBALS and "math" in stdlib.NATIVE_MODULES


def test_generated_table_is_current() -> None:
    # write it again with `python -m toilint.semantic.stdlib` after editing the table's text
    from toilint.semantic import _natives

    generated = Path(stdlib.__file__).with_name("_natives.py").read_text(encoding="utf-8")
    assert generated == stdlib.generated_source()
    assert _natives.SECTIONS == stdlib.parse_table()
    assert stdlib._ENTRIES is _natives.SECTIONS  # the process loaded it instead of parsing


def test_a_stale_generated_table_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from toilint.semantic import _natives

    monkeypatch.setattr(_natives, "SECTIONS", {"core": ()})
    monkeypatch.setattr(_natives, "TEXT_CRC", _natives.TEXT_CRC + 1)
    assert stdlib._entries() == stdlib.parse_table()
