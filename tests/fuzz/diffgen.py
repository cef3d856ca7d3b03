"""Runnable Toi programs rich in the patterns that toilint's fixes rewrite, in tricky contexts.

``program(seed)`` builds one program from a seed (the same seed gives the same text). A program
is a header (module imports in one of their spellings, a few globals) followed by blocks; each
block exercises one targeted pattern (the PERF and STY rules' shapes) inside a context
(top level, a function, a closure, a generator, a coroutine, ``try``, ``match``, ``if``) and
with disturbances that make a rewrite unsafe when it is not careful: aliases written through,
functions called in the loop that reassign globals or upvalues, comparators of
``table.sort`` and generic-``for`` iterator functions that do the same, coroutines resumed in
the loop, zero-trip loops over expressions that raise, literals with holes, metatables, and
values of mixed kinds. Every block prints what it computed, so a changed behavior shows in the
output.

Programs are meant to run; the ones that do not (a combination the interpreter rejects) are
counted and set aside by the differential runner. Two interpreter defects shape the templates
(Toi 5fe21b7): a generic ``for`` over an explicit iterator triple corrupts the slots of local
functions declared after it in the same function, and the statement ``import toml`` at top level
does the same, so both only appear as the last statements of a function of their own.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

IND = "    "

STRINGS = ['"abc"', '"Hello World"', '""', '"a1b22c333"', '"x,y,,z"', '"  padded  "', '"ÀB"']
ITEMS = [
    "{}",
    '{"a1", "b22", "c"}',
    '{"order-12", "x", "order-7", ""}',
    '{"k", "k", "K"}',
    '{"one two", "three"}',
]
MIXED = ["1", "2.5", '"s"', "nil", "true", "false", "{}", "{1}", "2 ** 53", "-0.0", "0", '""']
PATTERNS = ['"a"', '"[0-9]+"', '"order-([0-9]+)"', '"^k$"', '"(b|c)"', '"\\\\w+"']
BAD_PATTERNS = ['"("', "nil", "3"]


@dataclass
class Block:
    """Lines of one block at indentation 0, and the rules it is written for."""

    lines: list[str]
    targets: tuple[str, ...]


@dataclass
class Gen:
    rng: random.Random
    n: int = 0
    regex: dict[str, str] = field(default_factory=dict)
    string_mod: str = "string"
    table_mod: str = "table"
    globals: set[str] = field(default_factory=lambda: {"G_pat", "G_str", "G_tab", "C"})

    def fresh(self, base: str) -> str:
        self.n += 1
        return f"{base}{self.n}"

    def pick(self, options: list[str] | tuple[str, ...]) -> str:
        return self.rng.choice(options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


def assign(g: Gen, var: str, value: str) -> list[str]:
    """``var = value`` from inside a function: a global needs its declaration there."""
    if var in g.globals:
        return [f"global {var}", f"{var} = {value}"]
    return [f"{var} = {value}"]


def indent(lines: list[str], depth: int = 1) -> list[str]:
    return [IND * depth + line if line else line for line in lines]


# --------------------------------------------------------------------------- header


def header(g: Gen) -> list[str]:
    lines: list[str] = []
    style = g.rng.randrange(4)
    if style == 0:
        lines.append("regex = import regex")
        g.regex = {m: f"regex.{m}" for m in ("search", "match", "finditer", "replace", "split", "compile")}
    elif style == 1:
        lines.append("import regex")
        g.regex = {m: f"regex.{m}" for m in ("search", "match", "finditer", "replace", "split", "compile")}
    elif style == 2:
        lines.append("re = import regex")
        g.regex = {m: f"re.{m}" for m in ("search", "match", "finditer", "replace", "split", "compile")}
    else:
        lines.append("from regex import search, match, replace")
        lines.append("regex = import regex")
        g.regex = {m: f"regex.{m}" for m in ("finditer", "split", "compile")}
        g.regex.update(search="search", match="match", replace="replace")
    lines.append(g.pick(["string = import string", "import string"]))
    lines.append(g.pick(["table = import table", "import table"]))
    lines.append("global coroutine = import coroutine")  # `yield` looks the global up
    lines.append('global G_pat = "[a-z]"')
    lines.append('global G_str = "Mixed Case"')
    lines.append("global G_tab = {1, 2, 3}")
    lines.append("global C = {n = 0}")
    return lines


# --------------------------------------------------------------------------- disturbances


def loop_source(g: Gen) -> tuple[str, list[str], str]:
    """(for-header tail, setup lines, kind): what a `for` iterates over."""
    kind = g.pick(["list", "list", "list", "range", "empty", "zero-range", "generator", "string"])
    if kind == "list":
        return g.pick(ITEMS[1:]), [], kind
    if kind == "empty":
        return "{}", [], kind
    if kind == "range":
        return f"1..{g.rng.randint(1, 4)}", [], kind
    if kind == "zero-range":
        return "1..0", [], kind
    if kind == "string":
        return g.pick(['"abc"', '"x y"']), [], kind
    name = g.fresh("gen")
    items = g.pick(ITEMS)
    setup = [f"fn {name}()", f"{IND}for it in {items}", f"{IND * 2}C.n = C.n + 1", f"{IND * 2}yield it"]
    return f"{name}()", setup, kind


def mutator(g: Gen, var: str, kind: str) -> tuple[list[str], list[str]]:
    """(setup lines, loop-body lines) that reassign ``var`` from code the loop runs.

    ``kind`` says what ``var`` holds: "str" (a pattern or text), "tab" (a table) or "any".
    """
    value = {
        "str": g.pick(['"b"', '"[0-9]"', "nil", '"("', "42"]),
        "tab": g.pick(["{}", '{9, k = "v"}', "nil", '"str"']),
        "any": g.pick(MIXED),
    }[kind]
    how = g.pick(["call", "sort", "coroutine", "alias", "closure", "none", "none"])
    if how == "none":
        return [], []
    if how == "call":
        f = g.fresh("bump")
        setup = [f"fn {f}()", *indent(assign(g, var, f"C.n > 1 ? {value} : {var}")), f"{IND}C.n = C.n + 1"]
        return setup, [f"{f}()"]
    if how == "closure":
        f = g.fresh("set")
        setup = [
            f"{f} = fn(v)",
            f"{IND}C.n = C.n + 1",
            *indent(assign(g, var, f"C.n > 2 ? v : {var}")),
            f"{IND}return v",
        ]
        return setup, [f"{f}({value})"]
    if how == "sort":
        keys = g.fresh("keys")
        setup = [f'{keys} = {{"b", "c", "a"}}']
        body = [
            f"{g.table_mod}.sort({keys}, fn(a, b)",
            *indent(assign(g, var, value)),
            f"{IND}return a < b",
            ")",
        ]
        return setup, body
    if how == "coroutine":
        co = g.fresh("co")
        setup = [
            f"{co} = coroutine.create(fn()",
            f"{IND}while true",
            *indent(assign(g, var, value), 2),
            f"{IND * 2}yield 1",
            ")",
        ]
        return setup, [f"coroutine.resume({co})"]
    # alias: a second name for a table, written through
    alias = g.fresh("alias")
    if kind == "tab":
        return [f"{alias} = {var}"], [
            g.pick([f"if #{alias} < 6 {alias} <+ 7", f'{alias}.extra = "e"', f"{alias}[1] = 0"])
        ]
    return [], []


# --------------------------------------------------------------------------- patterns


def regex_loop(g: Gen) -> Block:
    """PERF101/PERF102: module regex calls in a loop, the pattern literal, local, global or bad."""
    hits, pat = g.fresh("hits"), g.fresh("pat")
    src, setup, _ = loop_source(g)
    method = g.pick(["search", "search", "match", "finditer", "replace", "split"])
    pattern_kind = g.pick(["literal", "local", "global", "bad-local", "bad-literal", "shadow"])
    lines = [*setup, f"{hits} = 0"]
    if pattern_kind == "literal":
        pexpr = g.pick(PATTERNS)
    elif pattern_kind == "bad-literal":
        pexpr = '"("'
    elif pattern_kind == "global":
        pexpr = pat
        lines.append(f"global {pat} = {g.pick(PATTERNS)}")
        g.globals.add(pat)
    elif pattern_kind == "shadow":
        # a local that shadows the global G_pat, which functions the loop calls reassign
        pexpr = "G_pat"
        lines.append(f"local G_pat = {g.pick(PATTERNS)}")
    else:
        pexpr = pat
        decl = g.pick(["", "local "])
        lines.append(f"{decl}{pat} = {g.pick(PATTERNS if pattern_kind == 'local' else BAD_PATTERNS)}")
    if pexpr == pat:
        msetup, mbody = mutator(g, pat, "str")
    elif pexpr == "G_pat":
        bump = g.fresh("bump")
        msetup, mbody = [f"fn {bump}()", f"{IND}global G_pat", f'{IND}G_pat = "("'], [f"{bump}()"]
    else:
        msetup, mbody = [], []
    lines += msetup
    call = _regex_call(g, method, pexpr, "l")
    guard = g.pick(["", "", f"{hits} > 100 and ", "#l > 1 and ", "false and "])
    body = list(mbody)
    if g.chance(0.3):
        body.append('if l == "c" continue')
    if g.chance(0.08):
        # one pattern, a couple of hundred call sites: one constant each, near the compiler's limit
        one = g.fresh("one")
        lines.append(f"{one} = 1")
        call = _regex_call(g, "search", pat if pexpr == pat else pexpr, "l")
        body += [f"if {call} {hits} += {one}"] * g.rng.randint(150, 250)
    else:
        body.append(f"if {guard}{call} {hits} += 1")
    lines.append(f"for l in {src}")
    lines += indent(body)
    lines.append(f'print "regex", {hits}')
    return Block(lines, ("PERF101", "PERF102"))


def _regex_call(g: Gen, method: str, pexpr: str, subject: str) -> str:
    fn = g.regex.get(method, f"regex.{method}")
    if method == "replace":
        return f'#{fn}({pexpr}, {subject}, "X") > 0'
    if method == "split":
        return f"#{fn}({pexpr}, {subject}) > 1"
    if method == "finditer":
        return f"{fn}({pexpr}, {subject}) != nil"
    if g.chance(0.2):
        return f'{fn}({pexpr}, {subject}, "i")'
    return f"{fn}({pexpr}, {subject})"


def regex_hot_function(g: Gen) -> Block:
    """PERF103: a literal-pattern regex call in a function that a loop calls."""
    f, count = g.fresh("check"), g.fresh("count")
    src, setup, _ = loop_source(g)
    pattern = g.pick([*PATTERNS, '"("'])
    call = _regex_call(g, g.pick(["search", "match"]), pattern, "s")
    fn_lines = [f"fn {f}(s)", f"{IND}return {call} != nil"]
    lines = [*setup, f"{count} = 0"]
    if g.chance(0.3):
        outer = g.fresh("outer")
        lines += [f"fn {outer}(items)", *indent(fn_lines), f"{IND}n = 0", f"{IND}for s in items"]
        lines += [f"{IND * 2}if {f}(s) n += 1", f"{IND}return n", f"{count} = {outer}({src})"]
    else:
        lines += [*fn_lines, f"for s in {src}", f"{IND}if {f}(s) {count} += 1"]
    lines.append(f'print "hot", {count}')
    return Block(lines, ("PERF103",))


def concat_loop(g: Gen) -> Block:
    """PERF201: `s = s + x` accumulating in a loop, pieces of mixed kinds."""
    s = g.fresh("acc")
    src, setup, _kind = loop_source(g)
    piece = g.pick(["x", "str(x)", 'f"{x},"', '"-"', "x.upper()", 'x + "!"', "str(#x)", "nums[1]"])
    lines = [*setup, f"{s} = " + g.pick(['""', '"start:"']), "nums = {1, 2}"]
    op = g.pick(["plus", "plus", "compound"])
    body = []
    if g.chance(0.2):
        body.append(f"if #{s} > 12 break")
    if g.chance(0.2):
        body.append('if x == "" continue')
    if g.chance(0.15):
        reader = g.fresh("peek")
        lines.append(f"{reader} = fn() #{s}")
        body.append(f"C.n = C.n + {reader}()")
    body.append(f"{s} = {s} + {piece}" if op == "plus" else f"{s} += {piece}")
    if g.chance(0.15):
        body.append(f'print "len", #{s}')
    lines.append(f"for x in {src}")
    lines += indent(body)
    lines.append(f'print "concat", {s}, #{s}')
    return Block(lines, ("PERF201",))


def reslice_loop(g: Gen) -> Block:
    """PERF202 (reported, never fixed): consuming a string by its tail."""
    s = g.fresh("rest")
    lines = [f"{s} = {g.pick(STRINGS)}", "n = 0", f"while #{s} > 0", f"{IND}n += 1", f"{IND}{s} = {s}[2..]"]
    lines.append('print "reslice", n')
    return Block(lines, ("PERF202",))


def single_char(g: Gen) -> Block:
    """PERF203: one character by slicing, positions inside and outside the string."""
    w, out = g.fresh("word"), g.fresh("chars")
    lines = [f"{w} = {g.pick(STRINGS)}", f"{out} = {{}}"]
    lo, hi = g.pick([("1", f"#{w}"), ("0", f"#{w} + 1"), ("-2", "2"), ("1", "0")])
    form = g.pick(["slice", "method", "module"])
    expr = {
        "slice": f"{w}[i..i]",
        "method": f"{w}.sub(i, i)",
        "module": f"{g.string_mod}.sub({w}, i, i)",
    }[form]
    use = g.pick([f"{out} <+ str({expr})", f'{out} <+ ({expr} == "" ? "E" : {expr})', f'{out} <+ "[" + {expr} + "]"'])
    lines += [f"for i in {lo}..{hi}", f"{IND}{use}"]
    lines.append(f'print "char", ",".join({out}), #{out}')
    return Block(lines, ("PERF203",))


def invariant_call(g: Gen) -> Block:
    """PERF204: a string transform of loop-invariant operands, possibly never reached."""
    recv, acc, n = g.fresh("text"), g.fresh("total"), g.fresh("times")
    src, setup, _ = loop_source(g)
    rkind = g.pick(["str", "str", "str", "nil", "table", "number"])
    init = {
        "str": g.pick(STRINGS),
        "nil": "nil",
        "number": "12",
        "table": '{lower = fn() "t", upper = fn() "T", trim = fn() "t", rep = fn(k) "tt"}',
    }[rkind]
    lines = [*setup, f"{recv} = {init}", f"{acc} = 0", f"{n} = " + g.pick(["2", "nil", "0", '"x"'])]
    call = g.pick(
        [
            f"{recv}.lower()",
            f"{recv}.upper()",
            f"{recv}.trim()",
            f"{recv}.rep({n})",
            f"{recv}[{n}..]",
            f"{recv}[1..{n}]",
        ]
    )
    msetup, mbody = mutator(g, recv, "any") if g.chance(0.4) else ([], [])
    lines += msetup
    guard = g.pick(["", "", 'if x == "zz" ', "if false ", f"if {recv} "])
    body = [*mbody, f"{guard}{acc} += #({call})"]
    lines += [f"for x in {src}", *indent(body)]
    lines.append(f'print "invariant", {acc}')
    if g.chance(0.5):
        lines = ["try", *indent(lines), "except e", f'{IND}print "caught", e']
    return Block(lines, ("PERF204",))


def concat_fstring(g: Gen) -> Block:
    """PERF205: `"lit" + str(x)` chains with values that format differently."""
    v, w = g.fresh("val"), g.fresh("other")
    lines = [f"{v} = {g.pick(MIXED)}", f"{w} = {g.pick(MIXED)}"]
    chain = g.pick([f'"id:" + str({v})', f'"id:" + str({v}) + "/" + str({w})', f'str({v}) + "-" + str({w}) + "!"'])
    lines.append(f'print "fstr", {chain}')
    return Block(lines, ("PERF205",))


def length_append(g: Gen) -> Block:
    """PERF301: `t[#t + 1] = v` on arrays, holes, hash keys, aliases and metatables."""
    t = g.fresh("arr")
    src, setup, _ = loop_source(g)
    init = g.pick(["{}", "{1, 2}", "{1, nil, 3}", "{nil, nil, 5}", '{name = "n"}', "{0}"])
    lines = setup
    if g.chance(0.15):
        meta = g.fresh("Meta")
        lines += [f"{meta} = {{__append = fn(self, v)", f"{IND}C.n = C.n + 1", "}", f"{t} = {meta}{init}"]
    else:
        lines.append(f"{t} = {init}")
    msetup, mbody = mutator(g, t, "tab") if g.chance(0.5) else ([], [])
    lines += msetup
    value = g.pick(["x", "#x", 'x + "!"', "nil", "C.n + 1", f"#{t}"])
    body = [*mbody, f"{t}[#{t} + 1] = {value}"]
    lines += [f"for x in {src}", *indent(body)]
    lines.append(f'print "append", #{t}, {t}')
    return Block(lines, ("PERF301",))


def length_while(g: Gen) -> Block:
    """PERF302: `while i <= #t` where code the loop runs may resize t."""
    t, i, total = g.fresh("vals"), g.fresh("i"), g.fresh("sum")
    lines = [f"{t} = {g.pick(['{1, 2, 3}', '{5}', '{}', '{1, nil, 3}'])}", f"{i} = 1", f"{total} = 0"]
    msetup, mbody = mutator(g, t, "tab") if g.chance(0.6) else ([], [])
    grow = g.fresh("grow")
    if g.chance(0.3):
        lines += [f"fn {grow}()", f"{IND}if #{t} < 5 {t} <+ 4"]
        mbody = [*mbody, f"{grow}()"]
    lines += msetup
    body = [*mbody, f"{total} += {t}[{i}] or 0", f"{i} += 1"]
    if g.chance(0.1):
        body.append(f"if {i} > 50 break")
    lines += [f"while {i} <= #{t}", *indent(body)]
    lines.append(f'print "while", {total}, {i}')
    return Block(lines, ("PERF302",))


def emptiness(g: Gen) -> Block:
    """PERF303: `#t > 0` and friends on values of mixed kinds."""
    t = g.fresh("box")
    init = g.pick(["{}", "{1}", "{nil}", "{false}", '{k = "v"}', "nil", "0", '""', '"x"', "{0}"])
    test = g.pick([f"#{t} > 0", f"#{t} == 0", f"#{t} != 0", f"#{t} < 1", f"#{t} >= 1", f"#{t} <= 0"])
    use = g.pick(
        [f'if {test} print "yes" else print "no"', f"flag = {test}\nprint flag", f'print(({test}) ? "y" : "n")']
    )
    lines = [f"{t} = {init}", *use.split("\n")]
    if g.chance(0.3):
        lines = [f"{t} = {init}", f"while {test} and C.n < 3", f"{IND}C.n = C.n + 1", *use.split("\n")]
    if g.chance(0.6):
        lines = ["try", *indent(lines), "except e", f'{IND}print "caught", e']
    return Block(lines, ("PERF303",))


def style_block(g: Gen) -> Block:
    """STY001-STY007: comparisons, module calls, sub, concat, imports, push/insert, chains."""
    x = g.fresh("v")
    which = g.pick(["STY001", "STY002", "STY003", "STY004", "STY005", "STY006", "STY007"])
    lines: list[str] = []
    if which == "STY001":
        lines.append(f"{x} = {g.pick(MIXED)}")
        cmp = g.pick(["== nil", "!= nil", "== true", "== false", '== ""', '!= ""', "== {}"])
        lines.append(f'if {x} {cmp} print "cmp yes" else print "cmp no"')
    elif which == "STY002":
        lines.append(f"{x} = " + g.pick([*STRINGS, '{upper = fn() "U", lower = fn() "L"}', "12"]))
        fn = g.pick(["upper", "lower", "trim", "reverse"])
        lines += ["try", f"{IND}print {g.string_mod}.{fn}({x})", "except e", f'{IND}print "caught", e']
    elif which == "STY003":
        lines.append(f"{x} = {g.pick(STRINGS)}")
        a, b = g.pick([("1", "2"), ("0", "2"), ("-3", "-1"), ("2", "1.5"), ("k", "k + 1")])
        lines += ["k = 2", f"print {g.string_mod}.sub({x}, {a}, {b}), {x}.sub({a}, {b})"]
    elif which == "STY004":
        fill = g.pick(['{"a", "b"}', "{}", "{1, 2}"])
        lines.append(f"{x} = {fill}")
        if g.chance(0.5):
            lines += [f'{x}[4] = "d"', f'{x}[3] = "c"']
        lines += ["try", f'{IND}print {g.table_mod}.concat({x}, ",")', "except e", f'{IND}print "caught", e']
    elif which == "STY005":
        mod = g.pick(["math", "json", "toml", "csv", "string"])
        f = g.fresh("mods")
        # the statement `import toml` misplaces locals after it: keep it last in its function
        # `toml = import toml` binds the module, the statement `import toml` the string "toml"
        if g.chance(0.3):
            lines += [f"{mod}_mod = import {mod}", f"print type({mod}_mod)"]
        name = g.pick([x, mod])
        lines += [f"fn {f}()", f"{IND}{name} = import {mod}", f"{IND}return type({name})", f"print {f}()"]
    elif which == "STY006":
        init = g.pick(["{}", "{1, nil, 3}", "{1, 2}"])
        if g.chance(0.3):
            meta = g.fresh("Meta")
            lines += [f"{meta} = {{__append = fn(self, v)", f"{IND}C.n = C.n + 10", "}", f"{x} = {meta}{init}"]
        else:
            lines.append(f"{x} = {init}")
        call = g.pick(["push", "insert"])
        lines += [f"{g.table_mod}.{call}({x}, 9)", f"print {x}, #{x}, C.n"]
    else:
        lines.append(f"{x} = " + g.pick([*MIXED, '"a"', '"b"']))
        lines.append(f'if {x} == "a" or {x} == "b" or {x} == 1 print "in" else print "out"')
    return Block(lines, (which,))


PATTERN_MAKERS: tuple[Callable[[Gen], Block], ...] = (
    regex_loop,
    regex_loop,
    regex_hot_function,
    concat_loop,
    concat_loop,
    reslice_loop,
    single_char,
    invariant_call,
    invariant_call,
    concat_fstring,
    length_append,
    length_append,
    length_while,
    length_while,
    emptiness,
    style_block,
    style_block,
)

# --------------------------------------------------------------------------- contexts


def in_context(g: Gen, block: Block) -> Block:
    """Wrap a block: top level, function, closure, generator, coroutine, try, match, if."""
    where = g.pick(["top", "top", "function", "closure", "generator", "coroutine", "try", "try", "match", "if"])
    lines = block.lines
    if where == "function":
        f = g.fresh("run")
        out = [f"fn {f}()", *indent(lines), f"{IND}return C.n", f"{f}()"]
    elif where == "closure":
        f, inner = g.fresh("make"), g.fresh("inner")
        out = [f"fn {f}()", f"{IND}fn {inner}()", *indent(lines, 2), f"{IND * 2}return 1", f"{IND}return {inner}"]
        out.append(f"{f}()()")
    elif where == "generator":
        f = g.fresh("steps")
        out = [
            f"fn {f}()",
            f"{IND}yield 0",
            *indent(lines),
            f"{IND}yield 1",
            f"for step in {f}()",
            f'{IND}print "step", step',
        ]
    elif where == "coroutine":
        f, co = g.fresh("body"), g.fresh("task")
        out = [f"fn {f}()", *indent(lines), f"{IND}yield 2", f"{co} = coroutine.create({f})"]
        out += [f"coroutine.resume({co})", f"coroutine.resume({co})"]
    elif where == "try":
        out = ["try", *indent(lines), "except e", f'{IND}print "caught", e']
    elif where == "match":
        k = g.rng.randint(1, 2)
        out = [f"match {k}", f"{IND}case 1", *indent(lines, 2), f"{IND}else", *indent(lines, 2)]
    elif where == "if":
        out = ["if C.n >= 0", *indent(lines)]
    else:
        out = lines
    return Block(out, block.targets)


def iterator_block(g: Gen) -> Block:
    """A generic `for` over an iterator function that rebinds a global the program reads."""
    f, step = g.fresh("walk"), g.fresh("step")
    lines = [
        f"fn {step}(st, i)",
        f"{IND}global G_pat, G_str",
        f"{IND}G_pat = " + g.pick(['"[0-9]"', '"x"', "nil"]),
        f'{IND}G_str = "Now " + str(i)',
        f"{IND}if i >= #st return nil",
        f"{IND}return i + 1, st[i + 1]",
        f"fn {f}()",
        f"{IND}n = 0",
        f"{IND}for k, v in {step}, {g.pick(ITEMS)}, 0",
        f"{IND * 2}n += #G_str.lower() + (G_pat and {g.regex['search']}(G_pat, v) ? 1 : 0)",
        f"{IND}return n",  # the iterator triple must be the function's last loop (interpreter defect)
        f'print "walk", {f}()',
    ]
    return Block(lines, ("PERF101", "PERF204"))


def comprehension_block(g: Gen) -> Block:
    """Targeted calls inside comprehensions (hidden functions of their own)."""
    x = g.fresh("comp")
    items = g.pick(ITEMS)
    elem = g.pick(
        [
            f"({g.regex['search']}({g.pick(PATTERNS)}, s) ? 1 : 0)",
            "(G_str.lower() + s)",
            '(#s > 0 ? s[1..1] : "-")',
        ]
    )
    return Block([f"{x} = {{{elem} for s in {items}}}", f'print "comp", {x}'], ("PERF101", "PERF204", "PERF203"))


def program(seed: int, blocks: int | None = None) -> str:
    """One program, the same text for the same seed."""
    return render(program_blocks(seed, blocks))


def program_blocks(seed: int, blocks: int | None = None) -> list[list[str]]:
    """The header's lines then each block's lines (the minimizer drops blocks)."""
    g = Gen(random.Random(seed))
    parts = [header(g)]
    count = blocks if blocks is not None else g.rng.randint(2, 6)
    for _ in range(count):
        r = g.rng.random()
        if r < 0.08:
            block = iterator_block(g)
        elif r < 0.16:
            block = comprehension_block(g)
        else:
            block = g.pick(PATTERN_MAKERS)(g)
        lines = in_context(g, block).lines
        if g.chance(0.6):  # most blocks catch what they raise, so the rest of the program still runs
            lines = ["try", *indent(lines), "except e", f'{IND}print "caught", e']
        parts.append(lines)
    parts.append(['print "end", C.n, G_pat, G_str, G_tab'])
    return parts


def render(parts: list[list[str]]) -> str:
    return "\n".join(line for part in parts for line in part) + "\n"
