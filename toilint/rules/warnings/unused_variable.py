"""W202: a local variable or local function that is never read."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.rules.base import Rule, register
from toilint.semantic.predicates import binds_module


@register
class UnusedVariable(Rule):
    """A local variable (or a local function) is assigned but never read.

    ## Why is this bad?
    It is dead code, or a typo: the value was meant to be used under another name. Names
    starting with `_` are exempt, as are parameters, loop variables and `except` names.

    ## Example
    ```toi
    fn area(w, h)
        result = w * h
        return w * w
    ```

    ## Use instead
    ```toi
    fn area(w, h)
        return w * h
    ```

    A variable assigned only by multi-assignments (`f, err = io.open(p)`) is not reported: the
    unused value is usually one the call returns beside the wanted one (pyflakes does the same
    for tuple unpacking). Set `unused-secondaries = true` to report those too.

    ## Fix safety
    No automatic fix: removing the assignment would also remove the side effects of its
    value.
    """

    code = "W202"
    name = "unused-variable"
    unnecessary = True

    def finish(self, ctx: Context) -> None:
        sem = ctx.semantic
        secondaries = ctx.settings.unused_secondaries
        for b in sem.bindings:
            if b.kind not in ("local", "function") or b.references or b.name.startswith("_"):
                continue
            if b.name in sem.unknown_names:  # maybe read in a statement skipped after a syntax error
                continue
            if (
                not secondaries
                and b.assignments
                and all(isinstance(sem.parent(a), ast.MultiAssign) for a in b.assignments)
            ):
                continue
            if binds_module(b):
                continue  # `m = import m`: an unused import (W203)
            ctx.report(self, b.node, f"unused variable '{b.name}'")
