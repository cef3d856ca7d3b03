"""E201: a call passes a number of arguments the called program function rejects."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register
from toilint.semantic.calls import call_shape, program_targets


@register
class WrongArgumentCount(Rule):
    """Calls a function of the program with more or fewer arguments than it takes.

    ## Why is this bad?
    Toi checks the count when the call runs and stops the program: "Expected 1 arguments but
    got 3.", "Expected at least 2 arguments but got 1.". toilint counts as the interpreter
    does: a parameter with a default may be left out, `*rest` takes any number of extra
    arguments (but every other parameter, defaults included, is then required), a generator
    argument `f(x for x in t)` is one argument, and a function whose first parameter is `self`
    receives the receiver of `obj.f(...)` as an extra first argument (any other function
    called as `obj.f(...)` does not).

    It checks calls whose target is certain: a `fn` or lambda bound once to a name, a function
    stored in a table literal bound once (when nothing in the file writes a field of that
    name), and functions a `.toi` module of the project exports (`from m import f`,
    `m = import m` then `m.f(...)`). Named arguments are bound as the interpreter binds them
    ("Unexpected named argument 'b'.", "Missing required argument 'a'.", "Multiple values for
    argument 'a'."; a parameter named `opts`, `options` or `kwargs` takes unknown names). Calls
    with `*t` are not checked.

    ## Example
    ```toi
    fn f(a)
        return a
    print(f(1, 2, 3))
    ```

    ## Use instead
    ```toi
    fn f(a, *rest)
        return a
    print(f(1, 2, 3))
    ```

    ## Fix safety
    No automatic fix: which arguments are wrong is for the author to say.
    """

    code = "E201"
    name = "wrong-argument-count"
    severity = Severity.ERROR

    def batch_Call(self, nodes: list[ast.Call], ctx: Context) -> None:
        for node, target in program_targets(ctx.semantic, nodes, ctx.project_root):
            shape = call_shape(node)
            if shape is None:
                continue
            error = target.error(*shape)
            if error is not None:
                ctx.report(self, node, f"'{target.name}' fails here at run time: {error}")
