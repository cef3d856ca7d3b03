"""E203: a native called with a count or a kind of argument it rejects."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register
from toilint.semantic.calls import native_targets, positional_count, surely_not, value_kinds
from toilint.semantic.stdlib import NativeFunction


@register
class NativeCallError(Rule):
    """Calls a native function with a number or a kind of arguments that it rejects.

    ## Why is this bad?
    Natives check their arguments when they run and stop the program: `math.sqrt(1, 2)` fails
    with "Expected 1 arguments but got 2.", `"ab".rep(nil)` with "Argument 2 must be a
    number." (a string method receives the string as argument 1). toilint knows which natives
    check what from Toi's standard-library table and reports a call only when the native
    checks it and the argument's kind is certain: a literal (`nil`, a number, a string, a
    table, a lambda) or a value whose every possible kind the value analysis knows. Methods of
    values known to be strings (`s.rep(n)`) and compiled regexes (`re.search(s)`) count too.
    Natives that accept anything (`print`, `str`, `type`...) are never reported.

    ## Example
    ```toi
    math = import math
    print(math.floor(7, 2))
    print("ab".rep(nil))
    ```

    ## Use instead
    ```toi
    math = import math
    print(7 // 2)
    print("ab".rep(2))
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "E203"
    name = "native-call-error"
    severity = Severity.ERROR

    def __init__(self) -> None:
        #: (native, argument count) -> what ``_checks`` answers (asked at every call of a native)
        self._checked: dict[tuple[int, int], tuple[NativeFunction, list[tuple[int, frozenset[str]]] | None]] = {}

    def _checks(self, fn: NativeFunction, count: int) -> list[tuple[int, frozenset[str]]] | None:
        """None when a call of ``fn`` with ``count`` arguments fails for its count alone, else
        the arguments whose kind ``fn`` checks, with the kinds it accepts."""
        key = (id(fn), count)  # (by identity: a record's hash reads every field; the memo holds fn)
        held = self._checked.get(key)
        if held is not None:
            return held[1]
        found: list[tuple[int, frozenset[str]]] | None = None
        if not fn.arity_error(count):
            found = []
            for i in range(count):
                accepted = fn.checked_kinds(i, count)
                if accepted:
                    found.append((i, frozenset(accepted)))
        self._checked[key] = (fn, found)
        return found

    def batch_Call(self, nodes: list[ast.Call], ctx: Context) -> None:
        sem = ctx.semantic
        for node, fn in native_targets(sem, nodes):  # (first: most calls reach no native)
            count = positional_count(node)
            if count is None:
                continue
            checks = self._checks(fn, count)
            if checks is None:
                ctx.report(self, node, f"'{fn.qualified_name}' {_takes(fn)}; this call passes {count}")
                continue
            for i, accepted in checks:
                arg = node.args[i]
                kinds = value_kinds(sem, arg.value)
                if kinds is not None and surely_not(kinds, accepted):
                    want = " or ".join(sorted(accepted))
                    n = i + 1 + fn.bound_args
                    got = " or ".join(sorted(kinds))
                    ctx.report(self, arg, f"'{fn.qualified_name}' needs argument {n} to be a {want}, not {got}")


def _takes(fn: NativeFunction) -> str:
    lo, hi = fn.min_args, fn.max_args
    if hi is None:
        return f"takes at least {lo} argument{'s' if lo != 1 else ''}"
    if lo == hi:
        return f"takes {lo} argument{'s' if lo != 1 else ''}"
    return f"takes {lo} to {hi} arguments"
