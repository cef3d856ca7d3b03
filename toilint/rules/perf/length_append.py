"""PERF301: `t[#t + 1] = v`, an append that counts the whole table first."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.perf_helpers import is_simple_term, numeric_value, same_text
from toilint.rules.base import Rule, only_with, register
from toilint.semantic import Binding, SemanticModel
from toilint.semantic.predicates import array_without_holes, has_hash_keys, unparen


@register
class LengthAppend(Rule):
    """Appends with `t[#t + 1] = v` instead of `t <+ v`.

    ## Why is this bad?
    In Toi `#t` on a table is not stored: it scans the table and counts every non-nil slot,
    hash part included, so it is O(n). An append loop written as `t[#t + 1] = v` is therefore
    quadratic; `t <+ v` appends in O(1). At 300k appends the difference is 300x.

    ## Example
    ```toi
    fn evens(n)
        out = {}
        for i in 1..n
            if i % 2 == 0 out[#out + 1] = i * 10
        return out
    ```

    ## Use instead
    ```toi
    fn evens(n)
        out = {}
        for i in 1..n
            if i % 2 == 0 out <+ i * 10
        return out
    ```
    The value is parenthesized when it is not a simple term (`t <+ (a + b)`), because `<+`
    binds like `+`.

    ## Fix safety
    `#t` counts hash keys too, so `t[#t + 1] = v` writes at index n+1 only for an array.
    Safe when `t` is provably array-like: a local variable that only holds array literals
    without holes (`{1, nil, 3}` has one: `#t` is 2 there, so `t[#t + 1]` overwrites the 3),
    is only appended to, indexed or counted in this function, and is never handed to other
    code that could add keys. Unsafe when that is not known (a parameter, a
    global, a table passed to a function). When `t` visibly has hash keys (`{title = "x"}`
    in its literal, or `t.title = ...` / `t["k"] = ...` anywhere), `t[#t + 1]` is not the
    end of the array part (`#t` counts the keys) and `<+` would put the value elsewhere:
    such a table is not reported at all, since the code does not append and no rewrite
    keeps its behavior. Appending `nil` is a no-op in both forms.

    ## Measured
    11.38x: 1.053 s -> 0.093 s on `benchmarks/cases/PERF301` (45,000 CSV lines, two result
    arrays grown with `t[#t + 1] = v`); median of 5 runs each, `toilint bench PERF301` on
    the release build of Toi 5fe21b7.
    """

    code = "PERF301"
    name = "length-append"
    fix = Applicability.SAFE
    #: an append reported indexes with `#t + 1`
    requires = only_with(batch_Assign=("#",))

    def batch_Assign(self, nodes: list[ast.Assign], ctx: Context) -> None:
        for node in nodes:
            if node.op == "=" and type(node.target) is ast.Index:
                self._assign(node, ctx)

    def _assign(self, node: ast.Assign, ctx: Context) -> None:
        assert isinstance(node.target, ast.Index)
        table = node.target.obj
        index = unparen(node.target.index)
        if not (isinstance(index, ast.Binary) and index.op == "+" and numeric_value(index.right) == 1):
            return
        length = unparen(index.left)
        if not (isinstance(length, ast.Unary) and length.op == "#" and same_text(length.operand, table, ctx.text)):
            return
        sem = ctx.semantic
        bare = unparen(table)
        if not isinstance(bare, (ast.Name, ast.Attribute)):
            return
        binding = sem.binding_of(bare) if isinstance(bare, ast.Name) else None
        message = f"`{ctx.source(node.target)} = ...` counts the whole table on every append; use `<+`"
        if binding is not None and _has_hash_keys(sem, binding):
            return  # `#t` counts the keys too: `t[#t + 1]` is not the array's end, so not an append
        if not isinstance(sem.parent(node), ast.ExprStmt):
            ctx.report(self, node, message)
            return
        safe = binding is not None and _array_like(sem, binding)
        value = ctx.source(node.value)
        if not is_simple_term(node.value):
            value = f"({value})"
        table_src = ctx.source(table)
        replacement = f"{table_src} <+ {value}"
        fix = Fix(
            (Edit(node.start, node.end, replacement),),
            Applicability.SAFE if safe else Applicability.UNSAFE,
            f"Replace with `{replacement}`" if len(replacement) < 60 else "Replace with `<+`",
        )
        ctx.report(self, node, message, fix=fix)


def _has_hash_keys(sem: SemanticModel, binding: Binding) -> bool:
    """A literal with keys, or a field/non-numeric key written through the variable."""
    for value in binding.values:
        if isinstance(value, ast.Expr) and has_hash_keys(sem, value):
            return True
    for ref in _uses(binding):
        parent = sem.parent(ref)
        if isinstance(parent, ast.Attribute) and parent.obj is ref and not parent.meta:
            grand = sem.parent(parent)
            if isinstance(grand, ast.Assign) and grand.target is parent:
                return True
        if isinstance(parent, ast.Index) and parent.obj is ref:
            grand = sem.parent(parent)
            key = unparen(parent.index)
            if isinstance(grand, ast.Assign) and grand.target is parent and isinstance(key, (ast.String, ast.FString)):
                return True
    return False


def _uses(binding: Binding) -> list[ast.Name]:
    out = list(binding.references)
    out.extend(a for a in binding.assignments if isinstance(a, ast.Name))
    return out


def _array_like(sem: SemanticModel, binding: Binding) -> bool:
    """Only array literals, and every use an append, a count, an index read or an iteration."""
    if binding.kind != "local" or binding.captured or not binding.values:
        return False
    for value in binding.values:
        if not isinstance(value, ast.Table) or not array_without_holes(sem, value):
            return False
    for ref in binding.references:
        if not _harmless_use(sem, ref):
            return False
    return True


def _harmless_use(sem: SemanticModel, ref: ast.Name) -> bool:
    parent = sem.parent(ref)
    if isinstance(parent, ast.Unary) and parent.op == "#":
        return True
    if isinstance(parent, ast.Binary) and parent.op == "<+" and parent.left is ref:
        return True
    if isinstance(parent, ast.Index) and parent.obj is ref:
        grand = sem.parent(parent)
        if isinstance(grand, ast.Assign) and grand.target is parent:
            # only the append itself writes through an index
            index = unparen(parent.index)
            return (
                isinstance(index, ast.Binary)
                and index.op == "+"
                and numeric_value(index.right) == 1
                and isinstance(unparen(index.left), ast.Unary)
            )
        if isinstance(grand, ast.Del):
            return False
        return True
    if isinstance(parent, ast.For) and ref in parent.iters:
        return True
    if isinstance(parent, ast.Comprehension) and ref in parent.iters:
        return True
    if isinstance(parent, ast.Return):
        return True
    return False
