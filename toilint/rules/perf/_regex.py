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

    Three rules ask this about every call, one after the other: the last answer is reused.
    """
    global _last
    if _last[0] is call and _last[1] is model:
        return _last[2]
    found = _regex_call(model, text, call)
    _last = (call, model, found)
    return found


_last: tuple[ast.Call | None, SemanticModel | None, RegexCall | None] = (None, None, None)


def _regex_call(model: SemanticModel, text: str, call: ast.Call) -> RegexCall | None:
    func = call.func
    if isinstance(func, ast.Attribute) and func.name.id not in FLAGS_AT:
        return None  # `x.y(...)` is a regex call only when `y` is one of the module's functions
    qualified = model.resolve_qualified(func)
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
    while isinstance(expr, ast.Paren):
        expr = expr.expr
    return isinstance(expr, (ast.String, ast.FString, ast.Name))


def is_literal(expr: ast.Expr) -> bool:
    while isinstance(expr, ast.Paren):
        expr = expr.expr
    return isinstance(expr, (ast.String, ast.Nil))


def display(rc: RegexCall, text: str) -> str:
    """How the user wrote the function: `regex.search`, `re.search`, `search`."""
    return text[rc.call.func.start : rc.call.func.end]


def name_base(pattern: ast.Expr) -> str:
    """`date_pattern` -> `date_re`; `pat` -> `pat_re`; a literal -> `pattern_re`."""
    while isinstance(pattern, ast.Paren):
        pattern = pattern.expr
    if isinstance(pattern, ast.Name):
        base = pattern.id
        for suffix in ("_pattern", "_pat", "_regex", "_re"):
            if base.endswith(suffix) and len(base) > len(suffix):
                base = base[: -len(suffix)]
                break
        return f"{base}_re"
    return "pattern_re"
