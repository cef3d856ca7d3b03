"""PERF402: `math.floor(a / b)` where `a // b` computes the same."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.perf_helpers import is_numeric_literal, numeric_value
from toilint.rules.base import Rule, register
from toilint.semantic.calls import qualified_name
from toilint.semantic.predicates import unparen

#: parents where `a // b` can replace the call without parentheses
_LOOSE_BINARY = frozenset({"+", "-", "<+", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "has", "and", "or"})


# Preview: the measured speedup is below the 1.3x a PERF rule must show (MIN_SPEEDUP in
# toilint/bench/runner.py: a speedup not worth a user's time does not ship as PERF). It runs only when its
# code is selected, so that it can ship if a future interpreter changes the picture.
@register
class FloorOfDivision(Rule):
    """Floors a quotient with `math.floor(a / b)` instead of the `//` operator.

    ## Why is this bad?
    `math.floor(a / b)` looks `floor` up in the `math` table, makes a native call and divides;
    `a // b` is one VM instruction that computes `floor(a / b)` itself. In Toi `//` floors (it
    does not truncate), so the two agree for negative and fractional operands too.

    ## Example
    ```toi
    math = import math
    fn bucket(ms, width)
        return math.floor(ms / 250) + math.floor(width / 2)
    ```

    ## Use instead
    ```toi
    fn bucket(ms, width)
        return ms // 250 + width // 2
    ```

    ## Fix safety
    Safe when the divisor is a non-zero number literal and the dividend is not a number
    literal. Unsafe otherwise, because the compiler folds `//` between two number literals
    with a truncating conversion to a 64-bit integer: `1 // 0` prints a garbage integer
    (-9223372036854775808) where `math.floor(1 / 0)` is `inf`, and `100000000000000000000 // 1`
    overflows the same way. With variables the operator floors exactly like `math.floor`
    (`x // 0` is `inf` too), but the fixer cannot tell a zero divisor from the source. Operands
    that are tables with a `__div` metamethod would call `__int_div` instead: not supported.

    ## Measured
    1.06x: 0.477 s -> 0.449 s on `benchmarks/cases/PERF402` (700,000 iterations with two
    `math.floor(a / b)` each); median of 5 runs each, `toilint bench PERF402` on the release
    build of Toi 5fe21b7. Below 1.3x, so the rule does not ship. A repeat hand measurement
    gave 1.12x-1.22x.
    """

    code = "PERF402"
    status = "preview"
    name = "floor-of-division"
    fix = Applicability.SAFE

    def visit_Call(self, node: ast.Call, ctx: Context) -> None:
        if len(node.args) != 1:
            return
        arg = node.args[0]
        if arg.name is not None or arg.spread:
            return
        inner = unparen(arg.value)
        if not isinstance(inner, ast.Binary) or inner.op != "/":
            return
        sem = ctx.semantic
        if qualified_name(sem, node.func) != "math.floor":
            return
        divisor = numeric_value(inner.right)
        safe = divisor is not None and divisor != 0 and not is_numeric_literal(inner.left)
        replacement = f"{ctx.source(inner.left)} // {ctx.source(inner.right)}"
        parent = sem.parent(node)
        if not _loose_context(parent, node):
            replacement = f"({replacement})"
        fix = Fix(
            (Edit(node.start, node.end, replacement),),
            Applicability.SAFE if safe else Applicability.UNSAFE,
            "Replace with `//`",
        )
        ctx.report(self, node, "`math.floor(a / b)` is slower than `a // b`", fix=fix)


def _loose_context(parent: ast.Node | None, child: ast.Node) -> bool:
    """`a // b` keeps its meaning here without parentheses."""
    if isinstance(parent, ast.Binary):
        return parent.op in _LOOSE_BINARY
    if isinstance(parent, ast.Unary):
        return False  # `-a // b` would negate `a` only
    if isinstance(parent, (ast.Call, ast.Attribute, ast.Index, ast.Slice, ast.MetaConstruct)):
        return child is not getattr(parent, "func", getattr(parent, "obj", None))
    return True
