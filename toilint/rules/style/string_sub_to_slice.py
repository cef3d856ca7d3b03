"""STY003: `string.sub(s, i, j)` / `s.sub(i, j)` where the slice `s[i..j]` says the same."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fix.fixes import parenthesized
from toilint.rules.base import Rule, only_with, register
from toilint.rules.style._common import breaks_statement_start, int_literal, string_function
from toilint.semantic.predicates import is_string, unparen


def _bound_text(ctx: Context, expr: ast.Expr) -> str:
    """A slice bound keeps its own parentheses; anything looser than a term gets some."""
    inner = unparen(expr)
    if isinstance(inner, ast.Binary) and inner.op in ("+", "-", "*", "/", "//", "%", "**"):
        return ctx.source(expr)
    return parenthesized(ctx.text, expr) if not isinstance(inner, ast.Unary) else ctx.source(expr)


@register
class StringSubToSlice(Rule):
    """Takes a substring with `string.sub` / `.sub` where slice syntax says the same.

    ## Why is this bad?
    Toi's style guide (`AGENTS.md`, "Toi Style Preferences"): *Prefer slice syntax for
    strings/tables when clearer: `s[1..5]`, `s[3..]`, `s[..5]` instead of string.sub*, and
    *use `..` slice syntax only*. A slice is an operator: it needs no `import string`, reads
    like the indexing it is, and works on tables too.

    The two differ at the edges, and the rewrite respects that (checked on `toi` 5fe21b7 for
    every pair of bounds from -7 to 7 on `"abcde"`): a negative *end* means "up to and
    including that position from the end" for `sub` but "excluding it" for a slice
    (`"abcde".sub(-3, -1)` is `"cde"`, `"abcde"[-3..-1]` is `"cd"`), so a literal end `-1`
    becomes an open slice `s[i..]` and a literal end `-k` becomes `-k+1`; a *start* of 0 makes
    `sub` return `""` whatever the end, so that call is left alone (it is likely a bug). All
    other integer bounds, negative starts included, give the same string.

    ## Example
    ```toi
    import string
    line = "key=value"
    key = string.sub(line, 1, 3)
    value = line.sub(5)
    body = line.sub(2, -2)
    ```

    ## Use instead
    ```toi
    line = "key=value"
    key = line[1..3]
    value = line[5..]
    body = line[2..-1]
    ```

    ## Fix safety
    Safe when the receiver is surely a string (the value analysis: literals, f-strings,
    string results of natives and of program functions, `+` of two strings, variables on
    every path) and both bounds are
    integer literals: then the slice is the same string. Unsafe otherwise: a computed bound
    may be 0 or negative at run time (where the two differ), a fractional bound is truncated by
    `sub` but rejected by a slice, and a non-string receiver makes `string.sub` raise while a
    table would be sliced (or its own `sub` method called). The method form `x.sub(...)` is
    only reported when `x` is known to be a string or the bounds are integer literals, because
    other objects have `sub` methods of their own (vector subtraction).
    """

    code = "STY003"
    name = "string-sub-to-slice"
    fix = Applicability.SAFE
    #: both forms call a method named `sub`
    requires = only_with(visit_Call=("sub",))
    default_enabled = False

    def visit_Call(self, node: ast.Call, ctx: Context) -> None:
        func = unparen(node.func)
        if not isinstance(func, ast.Attribute) or func.name.id != "sub":
            return  # both forms below call an attribute named `sub`: most calls stop here
        args = node.args
        if any(a.name is not None or a.spread for a in args):
            return
        if string_function(ctx, func) == "sub":
            if len(args) not in (2, 3):
                return
            receiver, bounds = args[0].value, [a.value for a in args[1:]]
        elif isinstance(func, ast.Attribute) and not func.meta and func.name.id == "sub":
            if len(args) not in (1, 2) or string_function(ctx, func) is not None:
                return
            receiver, bounds = func.obj, [a.value for a in args]
            known = is_string(ctx.semantic, receiver)
            if not known and any(int_literal(b) is None for b in bounds):
                return
        else:
            return
        start, end = bounds[0], bounds[1] if len(bounds) > 1 else None
        start_value = int_literal(start)
        if start_value == 0:
            return
        if isinstance(unparen(start), ast.Number) and start_value is None:
            return  # fractional literal: `sub` truncates, a slice raises
        end_value = int_literal(end) if end is not None else None
        if end is not None and isinstance(unparen(end), ast.Number) and end_value is None:
            return
        lower = _bound_text(ctx, start)
        if end is None or end_value == -1:
            upper = ""
        elif end_value is not None and end_value < -1:
            upper = str(end_value + 1)
        else:
            upper = _bound_text(ctx, end)
        replacement = f"{parenthesized(ctx.text, receiver)}[{lower}..{upper}]"
        literal_bounds = start_value is not None and (end is None or end_value is not None)
        safe = literal_bounds and is_string(ctx.semantic, receiver)
        fix = None
        if not breaks_statement_start(ctx, node, replacement):
            fix = Fix(
                (Edit(node.start, node.end, replacement),),
                Applicability.SAFE if safe else Applicability.UNSAFE,
                f"Replace with `{replacement}`",
            )
        ctx.report(self, node, f"Use slice syntax `{replacement}` instead of `sub`", fix=fix)
