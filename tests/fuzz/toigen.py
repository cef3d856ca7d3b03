"""Hypothesis strategies that build syntactically valid Toi programs.

The generator stays inside the subset whose validity is easy to guarantee without a parser:
statements never start with a token that would continue the previous line's expression
(`(`, `-`, `{`, `not`, operators), table array items that start with a name are bare names,
bare `return` is always written `return;`, and call arguments never contain `for`. Every
program it produces must parse; the long fuzz run also checks that the real compiler agrees.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

NAMES = ("a", "b", "c", "x", "y", "total", "items", "s", "t", "n", "k", "v", "pattern", "line")
FIELDS = ("name", "size", "next", "yield", "count", "m")
MODULES = ("regex", "string", "math", "json", "time")

names = st.sampled_from(NAMES)
numbers = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    st.tuples(st.integers(0, 999), st.integers(0, 999)).map(lambda p: f"{p[0]}.{p[1]}"),
    st.just("1_000"),
)
_plain_chars = st.text(alphabet=st.characters(codec="utf-8", exclude_characters='"\\\n\r{}\x00'), max_size=12)
strings = st.one_of(
    _plain_chars.map(lambda s: f'"{s}"'),
    _plain_chars.map(lambda s: "'" + s.replace("'", "") + "'"),
    _plain_chars.map(lambda s: "[[" + s.replace("]", "") + "]]"),
    st.just('"tab\\tquote\\"end"'),
)


@st.composite
def fstrings(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(_plain_chars.map(lambda s: s.replace("'", "")), names.map(lambda n: "{" + n + "}")), max_size=4
        )
    )
    spec = draw(st.sampled_from(["", "{n|d}", "{x|.2f}"]))
    body = "".join(parts) + spec
    return 'f"' + (body or "{x}") + '"'  # `f""` is "Invalid f-string token."


atoms = st.one_of(names, numbers, strings, fstrings(), st.sampled_from(["nil", "true", "false"]))


def _expr(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binop = st.sampled_from(["+", "-", "*", "/", "//", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "in", "<+"])
    return st.one_of(
        st.tuples(children, binop, children).map(lambda p: f"{p[0]} {p[1]} {p[2]}"),
        st.tuples(st.sampled_from(["-", "not ", "#"]), children).map(_unary),
        children.map(lambda e: f"({e})"),
        st.tuples(names, st.sampled_from(FIELDS)).map(lambda p: f"{p[0]}.{p[1]}"),
        # `x[[` always starts a raw string: keep a space between the brackets
        # the compiler takes any `..` inside `[...]` (even in parentheses) for a slice
        st.tuples(names, children.filter(lambda c: ".." not in c)).map(
            lambda p: f"{p[0]}[ {p[1]}]" if p[1].startswith("[") else f"{p[0]}[{p[1]}]"
        ),
        # a slice's lower bound is parsed at term level: keep it simple
        st.tuples(names, st.one_of(names, numbers), children).map(lambda p: f"{p[0]}[{p[1]}..{p[2]}]"),
        st.tuples(names, st.lists(children, max_size=3)).map(lambda p: f"{p[0]}({', '.join(p[1])})"),
        st.tuples(names, st.sampled_from(FIELDS), st.lists(children, max_size=2)).map(
            lambda p: f"{p[0]}.{p[1]}({', '.join(p[2])})"
        ),
        st.tuples(children, children, children).map(lambda p: f"({p[0]}) ? ({p[1]}) : ({p[2]})"),
        st.tuples(numbers, numbers).map(lambda p: f"{p[0]}..{p[1]}"),
        _tables(children),
        # parenthesized: inside a table or an argument list `return` would take the next items too
        st.tuples(names, children).map(lambda p: f"(fn({p[0]}) return {p[1]})"),
    )


def _unary(p: tuple[str, str]) -> str:
    op, operand = p
    if op == "-" and operand.startswith("-"):
        return f"-({operand})"  # `--` would start a comment
    return op + operand


def _tables(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    entry = st.one_of(
        names,
        st.tuples(st.sampled_from(("name", "size", "next")), children).map(lambda p: f"{p[0]} = {p[1]}"),
        numbers,
        strings,
        children.map(lambda e: f"({e})"),
        st.tuples(children, children).map(lambda p: f"[ {p[0]}] = {p[1]}"),
    )
    return st.lists(entry, max_size=4).map(lambda es: "{" + ", ".join(es) + "}")


expressions: st.SearchStrategy[str] = st.recursive(atoms, _expr, max_leaves=8)


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


@st.composite
def blocks(draw: st.DrawFn, depth: int, in_fn: bool, in_loop: bool) -> list[str]:
    count = draw(st.integers(min_value=1, max_value=4))
    out: list[str] = []
    for _ in range(count):
        out.extend(draw(statements(depth, in_fn, in_loop)))
    if all(line.lstrip().startswith("--") for line in out):
        out.append("nil")  # a block needs one statement; comments are invisible
    return out


@st.composite
def statements(draw: st.DrawFn, depth: int = 0, in_fn: bool = False, in_loop: bool = False) -> list[str]:
    e = expressions
    simple = st.one_of(
        st.tuples(names, e).map(lambda p: f"{p[0]} = {p[1]}"),
        st.tuples(names, st.sampled_from(["+=", "-=", "*="]), e).map(lambda p: f"{p[0]} {p[1]} {p[2]}"),
        st.tuples(names, st.sampled_from(FIELDS), e).map(lambda p: f"{p[0]}.{p[1]} = {p[2]}"),
        e.map(lambda v: f"print({v})" if v.startswith("(") else f"print {v}"),
        st.tuples(names, st.lists(e, max_size=3)).map(lambda p: f"{p[0]}({', '.join(p[1])})"),
        st.tuples(names, e).map(lambda p: f"{p[0]} <+ {p[1]}"),
        st.tuples(names, names, e).map(lambda p: f"{p[0]}, {p[1]} = {p[2]}, 1"),
        st.sampled_from(MODULES).map(lambda m: f"{m} = import {m}"),
        st.tuples(st.sampled_from(NAMES), e).map(lambda p: f'assert {p[1]}, "message"'),
        st.just("-- a comment line"),
    )
    kinds = ["simple"] * 6
    if depth < 3:
        kinds += ["if", "while", "for", "range", "fn", "try"]
    if in_fn:
        kinds += ["return"]
    if in_loop:
        kinds += ["break"]
    kind = draw(st.sampled_from(kinds))
    if kind == "simple":
        line = draw(simple)
        if draw(st.booleans()) and not line.startswith("--"):
            line += "  -- trailing comment"
        return [line]
    if kind == "return":
        return [draw(st.sampled_from(["return;", "return 1", "return x + 1"]))]
    if kind == "break":
        return [draw(st.sampled_from(["break", "continue"]))]
    loop = kind in ("while", "for", "range") or (in_loop and kind != "fn")
    body = _indent(draw(blocks(depth + 1, in_fn or kind == "fn", loop)))
    if kind == "if":
        out = [f"if {draw(e)}", *body]
        if draw(st.booleans()):
            out += [f"elif {draw(e)}", *_indent(draw(blocks(depth + 1, in_fn, in_loop)))]
        if draw(st.booleans()):
            out += ["else", *_indent(draw(blocks(depth + 1, in_fn, in_loop)))]
        return out
    if kind == "while":
        return [f"while {draw(e)}", *body]
    if kind == "for":
        target = draw(st.sampled_from(["v", "k, v", "i#, v", "i#"]))
        return [f"for {target} in {draw(names)}", *body]
    if kind == "range":
        return [f"for i in 1..{draw(numbers)}", *body]
    if kind == "fn":
        params = draw(st.lists(st.sampled_from(["p", "q", "r"]), unique=True, max_size=3))
        return [f"fn f{depth}_{draw(st.integers(0, 99))}({', '.join(params)})", *body]
    # try
    handler = draw(st.sampled_from(["except e", "except", "finally"]))
    return ["try", *body, handler, *_indent(draw(blocks(depth + 1, in_fn, in_loop)))]


@st.composite
def programs(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        lines.extend(draw(statements()))
    if all(line.lstrip().startswith("--") for line in lines):
        lines.append("nil")
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    text = newline.join(lines)
    if draw(st.booleans()):
        text += newline
    return text


MUTATION_OPS = ("delete", "duplicate", "truncate", "insert", "indent", "dedent", "join")
INSERTED_TOKENS = (
    "(", ")", "{", "}", "[", "]", '"', "'", 'f"{', "[[", "--", ",", "=", "..", "#", "@", "\t", "\x00", "é",
    "fn", "if", "else", "return",
)  # fmt: skip
INDENTS = (" ", "  ", "\t", "      ")


def mutate(source: str, randint: Callable[[int, int], int]) -> str:
    """Break ``source`` the ways editors break programs: cut, duplicated, re-indented, mistyped.

    ``randint(a, b)`` (inclusive) makes the choices: hypothesis draws in the test suite,
    ``random.Random.randint`` in the long run, where hypothesis's generation is the bottleneck.
    """
    lines = source.split("\n")
    for _ in range(randint(1, 3)):
        if not lines:
            break
        i = randint(0, len(lines) - 1)
        op = MUTATION_OPS[randint(0, len(MUTATION_OPS) - 1)]
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "truncate":
            lines[i] = lines[i][: randint(0, len(lines[i]))]
        elif op == "insert":
            token = INSERTED_TOKENS[randint(0, len(INSERTED_TOKENS) - 1)]
            col = randint(0, len(lines[i]))
            lines[i] = lines[i][:col] + token + lines[i][col:]
        elif op == "indent":
            lines[i] = INDENTS[randint(0, len(INDENTS) - 1)] + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
        elif op == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + " " + lines[i + 1]]
    return "\n".join(lines)


@st.composite
def mutations(draw: st.DrawFn, source: str) -> str:
    """:func:`mutate` with hypothesis's choices (so failures shrink)."""
    return mutate(source, lambda a, b: draw(st.integers(min_value=a, max_value=b)))
