"""What the regex rules share: recognising a call into Toi's `regex` module, and its arguments.

Toi's module functions (`src/lib/regex.c`) compile the pattern with `regcomp` on every call
and free it afterwards: `match(P, s, flags?)`, `search(P, s, flags?)`, `finditer(P, s,
flags?)`, `replace(P, s, repl, count?, flags?)`, `split(P, s, maxsplit?, flags?)`.
`compile(P, flags?)` returns an object whose only methods are `match(s)`, `search(s)` and
`finditer(s)`, each taking exactly one argument.
"""

from __future__ import annotations

from toilint import ast
from toilint.records import record
from toilint.semantic import SemanticModel, stdlib
from toilint.semantic.calls import qualified_name
from toilint.semantic.predicates import unparen

#: module functions a compiled regex has as methods (``re.search(s)``), and those it lacks
COMPILABLE = frozenset(stdlib.OBJECT_METHODS["regex"])
NOT_COMPILABLE = (
    frozenset(
        n for n, m in stdlib.MODULES["regex"].members.items() if isinstance(m, stdlib.NativeFunction) and n != "compile"
    )
    - COMPILABLE
)
#: index of the flags argument per function
FLAGS_AT = {
    n: i
    for n in COMPILABLE | NOT_COMPILABLE
    for i, p in enumerate(getattr(stdlib.member("regex", n), "params", ()))
    if p.name == "flags"
}


@record(frozen=True)
class RegexCall:
    call: ast.Call
    function: str  # "search", "replace", ...
    pattern: ast.Expr
    args: tuple[ast.Expr, ...]  # positional argument values
    #: an expression naming the regex module usable in new code (`regex`, `re`,
    #: `(import regex)`), or None when the call reaches the function some other way
    module_src: str | None
    module_name: ast.Name | None  # the Name behind module_src, if any

    @property
    def flags(self) -> ast.Expr | None:
        i = FLAGS_AT[self.function]
        return self.args[i] if len(self.args) > i else None


def regex_call(model: SemanticModel, text: str, call: ast.Call) -> RegexCall | None:
    """The call as a regex-module call, following aliases (`re = import regex`,
    `from regex import search`); None for anything else, and for calls with named or spread
    arguments (their meaning for a native function is not worth guessing).

    Three rules ask this about every call: the answer is kept with the file's model.
    """
    memo: dict[ast.Call, RegexCall | None] = model.memo.setdefault("regex-call", {})
    if call in memo:
        return memo[call]
    found = memo[call] = _regex_call(model, text, call)
    return found


def _regex_call(model: SemanticModel, text: str, call: ast.Call) -> RegexCall | None:
    func = call.func
    if isinstance(func, ast.Attribute) and func.name.id not in FLAGS_AT:
        return None  # `x.y(...)` is a regex call only when `y` is one of the module's functions
    qualified = qualified_name(model, func)
    if qualified is None or not qualified.startswith("regex."):
        return None
    function = qualified[len("regex.") :]
    if function not in FLAGS_AT:
        return None
    if any(a.name is not None or a.spread for a in call.args) or len(call.args) < 2:
        return None
    module_src: str | None = None
    module_name: ast.Name | None = None
    func = call.func
    if isinstance(func, ast.Attribute):
        obj = func.obj
        if isinstance(obj, ast.Name):
            module_src, module_name = obj.id, obj
        elif isinstance(obj, ast.Paren) and isinstance(obj.expr, ast.ImportExpr):
            module_src = text[obj.start : obj.end]
    args = tuple(a.value for a in call.args)
    return RegexCall(call, function, args[0], args, module_src, module_name)


def is_pattern_shape(expr: ast.Expr) -> bool:
    """Patterns the rules reason about: a string literal, an f-string, or a variable."""
    expr = unparen(expr)
    return isinstance(expr, (ast.String, ast.FString, ast.Name))


def display(rc: RegexCall, text: str) -> str:
    """How the user wrote the function: `regex.search`, `re.search`, `search`."""
    return text[rc.call.func.start : rc.call.func.end]


def name_base(pattern: ast.Expr) -> str:
    """`date_pattern` -> `date_re`; `pat` -> `pat_re`; a literal -> `pattern_re`."""
    pattern = unparen(pattern)
    if isinstance(pattern, ast.Name):
        base = pattern.id
        for suffix in ("_pattern", "_pat", "_regex", "_re"):
            if base.endswith(suffix) and len(base) > len(suffix):
                base = base[: -len(suffix)]
                break
        return f"{base}_re"
    return "pattern_re"


_CLASSES = frozenset({"alpha", "digit", "alnum", "upper", "lower", "space", "punct", "xdigit", "blank", "cntrl", "graph", "print"})  # fmt: skip


def compiles(pattern: ast.Expr) -> bool:
    """A string literal that surely compiles as a POSIX extended regex (conservative: a pattern
    this check does not understand counts as one that may not).

    Hoisting `regex.compile(P)` out of a loop is safe only then: the loop may never have
    compiled it, and a bad pattern raises ("Unmatched ( or \\(").
    """
    pattern = unparen(pattern)
    if not isinstance(pattern, ast.String):
        return False
    p = pattern.value
    depth = 0
    atom = False  # something a quantifier may follow
    i, n = 0, len(p)
    while i < n:
        c = p[i]
        if c == "\\":
            if i + 1 >= n:
                return False
            i, atom = i + 2, True
            continue
        if c == "[":
            end = _bracket_end(p, i)
            if end < 0:
                return False
            i, atom = end + 1, True
            continue
        if c == "(":
            depth, atom = depth + 1, False
        elif c == ")":
            if depth == 0:
                return False
            depth, atom = depth - 1, True
        elif c == "|":
            atom = False
        elif c in "*+?":
            if not atom:
                return False
        elif c == "{":
            close = p.find("}", i)
            if not atom or close < 0 or not _bounds_ok(p[i + 1 : close]):
                return False
            i = close + 1
            continue
        else:
            atom = True
        i += 1
    return depth == 0


def flags_valid(flags: ast.Expr | None) -> bool:
    """No flags, or a literal the module accepts (`regex flags must be string containing [i,n,m,x].`)."""
    if flags is None:
        return True
    flags = unparen(flags)
    if isinstance(flags, ast.Nil):
        return True
    return isinstance(flags, ast.String) and set(flags.value) <= set("inmx")


def _bounds_ok(inner: str) -> bool:
    low, comma, high = inner.partition(",")
    if not low.isdigit() or (high and not high.isdigit()):
        return False
    return not comma or not high or int(low) <= int(high) <= 32767


def _bracket_end(p: str, start: int) -> int:
    """Index of the `]` that closes the bracket expression at ``start`` (-1: not understood)."""
    i = start + 1
    if i < len(p) and p[i] == "^":
        i += 1
    if i < len(p) and p[i] == "]":
        i += 1
    prev = ""
    while i < len(p):
        c = p[i]
        if c == "]":
            return i
        if c == "[":
            if p.startswith("[:", i):
                close = p.find(":]", i + 2)
                if close < 0 or p[i + 2 : close] not in _CLASSES:
                    return -1
                i, prev = close + 2, ""
                continue
            if p.startswith(("[.", "[="), i):
                return -1
        if c == "-" and prev and i + 1 < len(p) and p[i + 1] not in "][":
            if p[i + 1] < prev:
                return -1
            i, prev = i + 2, ""
            continue
        prev = c
        i += 1
    return -1
