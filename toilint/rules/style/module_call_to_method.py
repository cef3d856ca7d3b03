"""STY002: `string.upper(s)` where the method call `s.upper()` says the same."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fix.fixes import parenthesized
from toilint.rules.base import Rule, only_with, register
from toilint.rules.style._common import breaks_statement_start, string_function
from toilint.semantic.predicates import is_string, unparen
from toilint.semantic.stdlib import STRING_RECEIVER_FUNCTIONS

#: `string.*` functions that strings have as bound methods (`s.f(a)` is `string.f(s, a)`),
#: checked one by one on `toi` 5fe21b7. Left out: `char` (its argument is a number),
#: `mutable` (callable with no argument) and `sub`, which STY003 turns into a slice, the form
#: the guide prefers over both calls.
METHOD_FUNCTIONS = STRING_RECEIVER_FUNCTIONS - {"sub"}


@register
class ModuleCallToMethod(Rule):
    """Calls a `string` module function where the method-call form reads better.

    ## Why is this bad?
    Toi's style guide (`AGENTS.md`, "Toi Style Preferences"): *Prefer method-call style when
    available: `"hello".upper()` over `string.upper("hello")`; `", ".join({"a", "b"})` over
    `string.join`*, and "Toi Usage Guardrails": *Use method-call style where available.*
    Every string has the `string` module's functions as bound methods, so `s.trim()` needs
    no `import string` and reads left to right, like Python.

    ## Example
    ```toi
    import string
    raw = "  Hello  "
    name = string.lower(string.trim(raw))
    line = string.join(", ", {"a", "b"})
    ```

    ## Use instead
    ```toi
    raw = "  Hello  "
    name = raw.trim().lower()
    line = ", ".join({"a", "b"})
    ```

    ## Fix safety
    A string receiver gets exactly the same native function with the string bound as its
    first argument, so for strings the result is identical (checked on `toi` 5fe21b7 for
    every function in the list, with the arguments shown in the tests). When the first
    argument is not a string, `string.upper(x)` raises "Argument 1 must be a string."
    while `x.upper()` raises a different error, or, for a table that has an `upper` field,
    calls that instead. The fix is therefore safe when the receiver is surely a string (the
    value analysis: literals, f-strings, string results of natives and of program functions,
    `+` of two strings, variables on every path) and unsafe otherwise. `string.char` (takes a number) and
    `string.mutable` are not rewritten; `string.sub` is left to STY003
    (string-sub-to-slice), which rewrites it to slice syntax, the form the guide prefers.
    """

    code = "STY002"
    name = "module-call-to-method"
    fix = Applicability.SAFE
    #: the call names one of METHOD_FUNCTIONS
    requires = only_with(visit_Call=tuple(sorted(METHOD_FUNCTIONS)))
    default_enabled = False

    def visit_Call(self, node: ast.Call, ctx: Context) -> None:
        called = unparen(node.func)
        if not isinstance(called, ast.Attribute) or called.name.id not in METHOD_FUNCTIONS:
            return  # `string.f` is an attribute named f: most calls stop here
        func = string_function(ctx, node.func)
        if func is None or func not in METHOD_FUNCTIONS or not node.args:
            return
        first = node.args[0]
        if first.name is not None or first.spread or any(a.name is not None for a in node.args):
            return
        receiver = parenthesized(ctx.text, first.value)
        rest = ctx.text[node.args[1].start : node.end - 1] if len(node.args) > 1 else ""
        replacement = f"{receiver}.{func}({rest})"
        module = ctx.source(node.func).rsplit(".", 1)[0]
        message = f"Use the method `{receiver}.{func}(...)` instead of `{module}.{func}(...)`"
        fix = None
        if not breaks_statement_start(ctx, node, replacement):
            safe = is_string(ctx.semantic, first.value)
            fix = Fix(
                (Edit(node.start, node.end, replacement),),
                Applicability.SAFE if safe else Applicability.UNSAFE,
                f"Rewrite as `{receiver}.{func}(...)`",
            )
        ctx.report(self, node, message, fix=fix)
