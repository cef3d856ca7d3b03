"""PERF302: `while i <= #t` recounting a table the loop never resizes."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fixes import fresh_name, insert_before_statement
from toilint.perf_helpers import fresh_table_binding, strip_parens, used_as_string
from toilint.rules.base import Rule, register
from toilint.semantic import SemanticModel
from toilint.visitor import iter_nodes


@register
class LengthInLoopCondition(Rule):
    """Recounts a table with `#t` in a `while` condition although the loop never resizes it.

    ## Why is this bad?
    `#t` on a table scans it (O(n)) and a `while` condition runs once per iteration, so
    `while i <= #t` over a 20k-element table spends almost all its time counting: 50x slower
    than counting once before the loop.

    ## Example
    ```toi
    fn total(prices)
        sum = 0
        i = 1
        while i <= #prices
            sum = sum + prices[i]
            i = i + 1
        return sum
    ```

    ## Use instead
    ```toi
    fn total(prices)
        sum = 0
        i = 1
        prices_len = #prices
        while i <= prices_len
            sum = sum + prices[i]
            i = i + 1
        return sum
    ```
    A loop that appends to, assigns into, deletes from, reassigns `t`, or passes `t` to any
    call is not reported: there the count changes. Operands known to be strings are not
    reported either: `#s` on a string is O(1).

    ## Fix safety
    Safe when `t` is a local variable, the loop calls no function of the program, and every
    table the loop writes into is a different local table built from a literal. Unsafe
    otherwise: a called function or another variable holding the same table could resize it
    while the loop runs.

    ## Measured
    38.19x: 1.454 s -> 0.038 s on `benchmarks/cases/PERF302` (a `while i <= #readings` loop
    over 45,000 readings); median of 5 runs each, `toilint bench PERF302` on the release
    build of Toi 5fe21b7.
    """

    code = "PERF302"
    name = "length-in-loop-condition"
    fix = Applicability.SAFE

    def visit_While(self, node: ast.While, ctx: Context) -> None:
        sem = ctx.semantic
        lengths = [
            n
            for n in iter_nodes(node.test)
            if isinstance(n, ast.Unary) and n.op == "#" and isinstance(strip_parens(n.operand), ast.Name)
        ]
        done: set[str] = set()
        for length in lengths:
            operand = strip_parens(length.operand)
            assert isinstance(operand, ast.Name)
            if operand.id in done:
                continue
            done.add(operand.id)
            if used_as_string(sem, operand) or _changed_in(sem, node, operand.id):
                continue
            binding = sem.binding_of(operand)
            safe = (
                binding is not None
                and binding.kind in ("local", "param")
                and not binding.captured
                and not sem.calls_user_functions(node)
                and _writes_only_other_fresh_tables(sem, node, operand.id)
            )
            local = fresh_name(sem, f"{operand.id}_len", node)
            inserted = insert_before_statement(sem, ctx.text, node, f"{local} = #{ctx.source(operand)}")
            fix = None
            if inserted is not None:
                edits = [inserted]
                edits.extend(Edit(n.start, n.end, local) for n in lengths if _is_name(n.operand, operand.id))
                fix = Fix(
                    tuple(edits),
                    Applicability.SAFE if safe else Applicability.UNSAFE,
                    f"Count `{operand.id}` once before the loop",
                    (local,),
                )
            ctx.report(
                self,
                length,
                f"`#{operand.id}` counts the whole table on every iteration, and the loop does not resize it",
                fix=fix,
            )


def _changed_in(sem: SemanticModel, loop: ast.While, name: str) -> bool:
    """The loop may change what `#name` returns: rebinding, appending, writing, deleting, passing it on."""
    if name in sem.assigned_names(loop):
        return True
    for n in iter_nodes(loop):
        if isinstance(n, ast.Binary) and n.op == "<+" and _is_name(n.left, name):
            return True
        if isinstance(n, ast.Assign) and isinstance(n.target, (ast.Index, ast.Attribute)):
            if _is_name(n.target.obj, name):
                return True
        if isinstance(n, ast.Del) and any(
            isinstance(t, (ast.Index, ast.Attribute)) and _is_name(t.obj, name) for t in n.targets
        ):
            return True
        if isinstance(n, ast.Call):
            if any(_is_name(a.value, name) for a in n.args):
                return True
            func = strip_parens(n.func)
            if isinstance(func, ast.Attribute) and _is_name(func.obj, name):
                return True  # `t.pop()`, `t.insert(...)`
        if isinstance(n, (ast.Assign, ast.Local, ast.Global, ast.MultiAssign, ast.Return, ast.ArrayItem)):
            values = [n.value] if isinstance(n, ast.Assign) else list(getattr(n, "values", ()))
            if isinstance(n, ast.ArrayItem):
                values = [n.value]
            if any(_is_name(v, name) for v in values):
                return True  # an alias that may be resized later
    return False


def _writes_only_other_fresh_tables(sem: SemanticModel, loop: ast.While, name: str) -> bool:
    for n in iter_nodes(loop):
        target: ast.Expr | None = None
        if isinstance(n, ast.Assign) and isinstance(n.target, (ast.Index, ast.Attribute)):
            target = n.target.obj
        elif isinstance(n, ast.Binary) and n.op == "<+":
            target = n.left
        elif isinstance(n, ast.Del):
            return False
        if target is None:
            continue
        target = strip_parens(target)
        if not isinstance(target, ast.Name) or target.id == name:
            return False
        if not fresh_table_binding(sem.binding_of(target)):
            return False
    return True


def _is_name(expr: ast.Expr, name: str) -> bool:
    expr = strip_parens(expr)
    return isinstance(expr, ast.Name) and expr.id == name
