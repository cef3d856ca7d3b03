"""PERF401: `math.sqrt(x)` looked up through the module table on every iteration of a loop."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fix.fixes import insert_before_statement
from toilint.perf_helpers import fresh_variable_name, outermost_statement_loop
from toilint.rules.base import Rule, register
from toilint.semantic import NATIVE_MODULES
from toilint.semantic.calls import qualified_name
from toilint.semantic.predicates import unparen
from toilint.visitor import iter_nodes


# Preview: the measured speedup is below the 1.3x a PERF rule must show (MIN_SPEEDUP in
# toilint/bench/runner.py: a speedup not worth a user's time does not ship as PERF). It runs
# only when its code is selected, so that it can ship if a future interpreter changes the picture.
@register
class ModuleFunctionLookupInLoop(Rule):
    """Calls a native module's function through the module table inside a loop.

    ## Why is this bad?
    `math.sqrt(x)` reads the variable `math`, then looks `sqrt` up in the module's table, on
    every call. In a hot loop that lookup is a large share of the call's cost: binding the
    function to a local once (`sqrt = math.sqrt`) before the loop made a 1M-iteration loop
    1.43x faster.

    ## Example
    ```toi
    math = import math
    fn norms(points)
        out = {}
        for p in points
            out <+ math.sqrt(p.x * p.x + p.y * p.y)
        return out
    ```

    ## Use instead
    ```toi
    math = import math
    fn norms(points)
        out = {}
        sqrt = math.sqrt
        for p in points
            out <+ sqrt(p.x * p.x + p.y * p.y)
        return out
    ```
    The binding is put before the outermost loop of the function, and every call of the
    same function in that loop uses it.

    ## Fix safety
    Safe: only reported when the module name surely holds the native module (an `import`
    binding or `name = import mod` assigned once) and nothing in the loop rebinds it, and
    native module tables are not changed by programs that only call them. Module functions
    take no `self`, so `f = m.f` then `f(x)` calls exactly what `m.f(x)` called.

    ## Measured
    0.95x: 0.886 s -> 0.931 s on `benchmarks/cases/PERF401` (1.375 M `math.sqrt` calls in a
    distance loop); median of 5 runs each, `toilint bench PERF401` on the release build of
    Toi 5fe21b7. Below 1.3x, so the rule does not ship. In a lean micro-loop (`t = t +
    math.sqrt(i)`, 3 M iterations) the rewrite gives ~1.3-1.45x, but the rest of a realistic
    loop body hides it.
    """

    code = "PERF401"
    status = "preview"
    name = "module-function-lookup-in-loop"
    fix = Applicability.SAFE

    def visit_Call(self, node: ast.Call, ctx: Context) -> None:
        func = unparen(node.func)
        if not isinstance(func, ast.Attribute) or func.meta or not isinstance(func.obj, ast.Name):
            return
        sem = ctx.semantic
        qualified = qualified_name(sem, func)
        if qualified is None or qualified.count(".") != 1 or qualified.split(".")[0] not in NATIVE_MODULES:
            return
        if _left_to_other_rules(qualified, node):
            return
        loop = outermost_statement_loop(sem, node)
        if loop is None:
            return
        module_name = func.obj.id
        if module_name in sem.assigned_names(loop):
            return
        fname = func.name.id
        local = fresh_variable_name(sem, fname, loop)
        edits: list[Edit] = []
        inserted = insert_before_statement(sem, ctx.text, loop, f"{local} = {module_name}.{fname}")
        if inserted is not None:
            edits.append(inserted)
            for call in iter_nodes(loop):
                if not isinstance(call, ast.Call):
                    continue
                other = unparen(call.func)
                if (
                    isinstance(other, ast.Attribute)
                    and not other.meta
                    and other.name.id == fname
                    and isinstance(other.obj, ast.Name)
                    and other.obj.id == module_name
                    and qualified_name(sem, other) == qualified
                    and outermost_statement_loop(sem, call) is loop
                ):
                    edits.append(Edit(call.func.start, call.func.end, local))
        fix = (
            Fix(tuple(edits), Applicability.SAFE, f"Bind `{local} = {module_name}.{fname}` before the loop", (local,))
            if inserted is not None
            else None
        )
        ctx.report(self, func, f"`{module_name}.{fname}` is looked up in the module table on every iteration", fix=fix)


def _left_to_other_rules(qualified: str, call: ast.Call) -> bool:
    """Regex calls (PERF1xx compiles the pattern) and `math.floor(a / b)` (PERF402) have better fixes."""
    if qualified.startswith("regex."):
        return True
    if qualified == "math.floor" and len(call.args) == 1:
        arg = unparen(call.args[0].value)
        return isinstance(arg, ast.Binary) and arg.op == "/"
    return False
