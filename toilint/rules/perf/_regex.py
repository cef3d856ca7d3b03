"""What the regex rules share: recognising a call into Toi's `regex` module, and its arguments.

Toi's module functions (`src/lib/regex.c`) compile the pattern with `regcomp` on every call
and free it afterwards: `match(P, s, flags?)`, `search(P, s, flags?)`, `finditer(P, s,
flags?)`, `replace(P, s, repl, count?, flags?)`, `split(P, s, maxsplit?, flags?)`.
`compile(P, flags?)` returns an object whose only methods are `match(s)`, `search(s)` and
`finditer(s)`, each taking exactly one argument.
"""

from __future__ import annotations

import attrs

from toilint import ast
from toilint.semantic import SemanticModel

COMPILABLE = frozenset({"match", "search", "finditer"})
NOT_COMPILABLE = frozenset({"replace", "split"})
#: index of the flags argument per function
FLAGS_AT = {"match": 2, "search": 2, "finditer": 2, "replace": 4, "split": 3}


@attrs.define(frozen=True)
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
    memo = model.memo.setdefault("regex-call", {})
    if call in memo:
        return memo[call]  # type: ignore[no-any-return]
    found = memo[call] = _regex_call(model, text, call)
    return found


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
