"""E204: calling a value that is never a function."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register
from toilint.semantic import stdlib
from toilint.semantic.calls import kinds_of, literal_kind, qualified_name
from toilint.semantic.predicates import unparen
from toilint.semantic.values import Values, values_of


@register
class NotCallable(Rule):
    """Calls a literal, `nil`, a native module or a native value such as `math.pi`.

    ## Why is this bad?
    Only functions can be called: the program stops with "Can only call functions.". A
    number, string, boolean or `nil` literal, a table literal (which has no metatable, so no
    `__call`), a native module (`math(2)`; `string(x)` is the exception: it is `str(x)`) and a member of a native module that is not a
    function (`math.pi()`) never are, nor is a variable whose every possible value the value
    analysis knows to be nil, a boolean, a number or a string.

    ## Example
    ```toi
    math = import math
    print(math.pi())
    ```

    ## Use instead
    ```toi
    math = import math
    print(math.pi)
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "E204"
    name = "not-callable"
    severity = Severity.ERROR

    def batch_Call(self, nodes: list[ast.Call], ctx: Context) -> None:
        sem = ctx.semantic
        values: Values | None = None  # (the value analysis, asked for most calls: once)
        for node in nodes:
            func = node.func
            if type(func) is ast.Paren:  # (asked of every call: most callees are not parenthesised)
                func = unparen(func)
            if type(func) is ast.Name or type(func) is ast.Attribute:  # (most callees: never a literal)
                qualified = qualified_name(sem, func)
            else:
                kind = literal_kind(func)
                if kind is not None:
                    if kind != "function":
                        ctx.report(self, node.func, f"a {kind} is not callable")
                    continue
                qualified = None
            if qualified is None:
                if values is None:
                    values = values_of(sem)
                kinds = kinds_of(values.of(func))
                if kinds is not None and kinds <= _NEVER_CALLABLE:
                    what = " or ".join(sorted(kinds))
                    ctx.report(self, node.func, f"'{ctx.source(func)}' is {_article(what)} {what} here, not a function")
                continue
            found = _never_callable(qualified)
            if found is None:
                continue
            what, name = found
            if what == "module":
                # (after the statement `import toml` it is the string "toml": not callable either)
                ctx.report(self, node.func, f"'{ctx.source(func)}' is the native module '{name}', not a function")
            else:
                ctx.report(self, node.func, f"'{qualified}' is a {name}, not a function")


#: kinds that are never callable (tables are left out: a metatable's `__call` makes them callable)
_NEVER_CALLABLE = frozenset({"nil", "boolean", "number", "string"})


_NATIVE_VERDICTS: dict[str, tuple[str, str] | None] = {}


def _never_callable(qualified: str) -> tuple[str, str] | None:
    """("module", its name) for a native module that is not callable, ("value", its kind) for a
    native member that is not a function, else None; the native table never changes, so each
    name is looked up once per process (most calls' names are not native at all)."""
    if qualified in _NATIVE_VERDICTS:
        return _NATIVE_VERDICTS[qualified]
    found: tuple[str, str] | None = None
    parts = qualified.split(".")
    mod = stdlib.module(parts[0])
    if len(parts) == 1 and mod is not None and not mod.callable:
        found = ("module", parts[0])
    elif len(parts) == 2:
        member = stdlib.member(parts[0], parts[1])
        if isinstance(member, stdlib.NativeValue):
            found = ("value", member.kind)
    _NATIVE_VERDICTS[qualified] = found
    return found


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"
