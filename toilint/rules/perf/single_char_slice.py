"""PERF203: a one-character slice `s[i..i]` / `s.sub(i, i)` where `s[i]` reads the character."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.perf_helpers import is_postfix, is_pure, same_text
from toilint.rules.base import Rule, only_with, register
from toilint.semantic.calls import qualified_name
from toilint.semantic.predicates import is_table, unparen


@register
class SingleCharSlice(Rule):
    """Takes one character with a slice (`s[i..i]`, `s.sub(i, i)`, `string.sub(s, i, i)`).

    ## Why is this bad?
    A slice goes through the general substring path (bounds normalisation, a new string
    object); `string.sub` adds a module lookup and a native call on top. Indexing a string
    with `s[i]` returns the interned one-character string directly: 1.5x faster than the
    slice and 2.2x faster than `string.sub`.

    ## Example
    ```toi
    fn vowels(text)
        n = 0
        for i in 1..#text
            if "aeiou".find(text[i..i]) n = n + 1
        return n
    ```

    ## Use instead
    ```toi
    fn vowels(text)
        n = 0
        for i in 1..#text
            if "aeiou".find(text[i]) n = n + 1
        return n
    ```

    ## Fix safety
    Unsafe: the two forms differ outside the string. An index past either end (`s[#s + 1]`)
    is `nil` where the slice is `""`; `s[0]` is `nil` where `s[0..0]` and `s.sub(0, 0)` are
    `""`; and `s[-1]` is the last character where the slice `s[-1..-1]` is `""` (the method
    `s.sub(-1, -1)` agrees with `s[-1]`). Code that compares the result with `""` or
    concatenates it changes behavior at those positions. On a table `t[i..i]` is a
    one-element table, not an element: a slice of a value that is surely a table
    is not reported.

    ## Measured
    1.49x: 0.742 s -> 0.497 s on `benchmarks/cases/PERF203` (1.13 M characters walked with
    `text[i..i]` and `string.sub(text, i + 1, i + 1)`); median of 5 runs each, `toilint
    bench PERF203` on the release build of Toi 5fe21b7.
    """

    code = "PERF203"
    name = "single-char-slice"
    fix = Applicability.UNSAFE
    #: the call form calls a method named `sub`
    requires = only_with(batch_Call=("sub",))

    def visit_Slice(self, node: ast.Slice, ctx: Context) -> None:
        if node.has_step or node.lower is None or node.upper is None:
            return
        if not (is_pure(node.lower) and same_text(node.lower, node.upper, ctx.text)):
            return
        obj = unparen(node.obj)
        if isinstance(obj, (ast.Table, ast.Comprehension)):
            return
        if is_table(ctx.semantic, obj):
            return
        self._report(ctx, node, node.obj, node.lower)

    def batch_Call(self, nodes: list[ast.Call], ctx: Context) -> None:
        for node in nodes:
            func = node.func
            if type(func) is ast.Paren:  # (every call: most callees are not parenthesised)
                func = unparen(func)
            if type(func) is ast.Attribute and not func.meta and func.name.id == "sub":
                self._call(node, func, ctx)

    def _call(self, node: ast.Call, func: ast.Attribute, ctx: Context) -> None:
        if any(a.name is not None or a.spread for a in node.args):
            return
        sem = ctx.semantic
        qualified = qualified_name(sem, func)
        if qualified == "string.sub" and len(node.args) == 3:
            obj, lo, hi = (a.value for a in node.args)
        elif qualified is None and len(node.args) == 2:
            # `s.sub(i, i)`: a method call on a value; `sub` on anything but a string raises
            obj = func.obj
            lo, hi = node.args[0].value, node.args[1].value
        else:
            return
        if not (is_pure(lo) and same_text(lo, hi, ctx.text)):
            return
        self._report(ctx, node, obj, lo)

    def _report(self, ctx: Context, node: ast.Expr, obj: ast.Expr, index: ast.Expr) -> None:
        obj_src = ctx.source(obj)
        if not is_postfix(obj):
            obj_src = f"({obj_src})"
        replacement = f"{obj_src}[{ctx.source(unparen(index))}]"
        fix = Fix((Edit(node.start, node.end, replacement),), Applicability.UNSAFE, f"Replace with `{replacement}`")
        ctx.report(self, node, f"One-character slice `{ctx.source(node)}`; index with `{replacement}`", fix=fix)
