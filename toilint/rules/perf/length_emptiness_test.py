"""PERF303: `#t > 0` / `#t == 0` where the table's truthiness answers the same question."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.perf_helpers import numeric_value
from toilint.rules.base import Rule, only_with, register
from toilint.semantic import SemanticModel
from toilint.semantic import values as V
from toilint.semantic.predicates import in_condition, treated_as_string, unparen
from toilint.semantic.values import values_of

#: (operator, constant) -> True for a non-emptiness test, False for an emptiness test,
#: with `#t` on the left; the mirrored forms are normalised first.
_TESTS: dict[tuple[str, float], bool] = {
    (">", 0): True,
    ("!=", 0): True,
    (">=", 1): True,
    ("==", 0): False,
    ("<", 1): False,
    ("<=", 0): False,
}
_MIRROR = {">": "<", "<": ">", ">=": "<=", "<=": ">=", "==": "==", "!=": "!="}
#: the comparisons a test above can be, either way round
_OPS = frozenset(_MIRROR) | frozenset(op for op, _ in _TESTS)


@register
class LengthEmptinessTest(Rule):
    """Tests a table for emptiness by counting it (`#t > 0`, `#t == 0`).

    ## Why is this bad?
    In Toi `#t` on a table counts every non-nil slot, hash part included, by scanning the
    table: it is O(n). A table's truthiness answers "is it empty?" in O(1) (an empty table is
    false, any table with an element or a key is true), so `#t > 0` on a 20k-element table is
    85x slower than `t`.

    ## Example
    ```toi
    fn drain(queue)
        while #queue > 0
            handle(queue.pop())
        noisy = #queue != 0
    ```

    ## Use instead
    ```toi
    fn drain(queue)
        while queue
            handle(queue.pop())
        noisy = bool(queue)
    ```
    In a condition (`if`, `elif`, `while`, a ternary's test, `not`, and `and`/`or` inside
    them) the table itself is written; where the comparison's value is used, `bool(t)`.
    `#t == 0`, `#t < 1` and `#t <= 0` become `not t`. Strings, and variables the code uses
    as strings (`s.find(...)`), are not reported: `#s` is O(1).

    ## Fix safety
    Safe when the operand is a variable that is surely a table here (the value analysis
    follows it through assignments, branches and the calls of its function), with no
    metatable to answer `#` itself. Unsafe otherwise: `#` raises on nil, numbers and booleans
    where truthiness does not (`#x > 0` with `x = nil` is an error, `x` is just false). A
    guarded test collapses into one: `t and #t > 0` becomes `t`, `t == nil or #t == 0`
    becomes `not t` (nil is false too), in conditions only.

    ## Measured
    9.95x: 1.617 s -> 0.163 s on `benchmarks/cases/PERF303` (50,000 records, `#accepted > 0`
    / `#errors > 0` on growing tables); median of 5 runs each, `toilint bench PERF303` on
    the release build of Toi 5fe21b7.
    """

    code = "PERF303"
    name = "length-emptiness-test"
    fix = Applicability.SAFE
    #: a test reported has a length `#x` on one side
    requires = only_with(batch_Binary=("#",))

    def batch_Binary(self, nodes: list[ast.Binary], ctx: Context) -> None:
        for node in nodes:
            if node.op in _OPS:  # (`and`, `+`, `..` stop here)
                self._binary(node, ctx)

    def _binary(self, node: ast.Binary, ctx: Context) -> None:
        op: str = node.op
        length, other = node.left, node.right
        if not _is_length(length):
            if not _is_length(node.right) or op not in _MIRROR:
                return
            length, other = node.right, node.left
            op = _MIRROR[op]
        value = numeric_value(other)
        if value is None or (op, value) not in _TESTS:
            return
        non_empty = _TESTS[(op, value)]
        assert isinstance(length, ast.Unary)
        operand = length.operand
        sem = ctx.semantic
        bare = unparen(operand)
        kinds = values_of(sem).of(operand)
        if not kinds.may(V.TABLE) or (kinds.may(V.STRING) and not kinds.unknown):
            return  # a string (`#s` is O(1)), or not a table at all
        if treated_as_string(sem, operand):
            return
        # a table (never nil, no metatable to answer `#` differently): truthiness agrees with `#`
        safe = (
            isinstance(bare, ast.Name)
            and kinds.only(V.TABLE)
            and not (values_of(sem).has_metatables and kinds.bits & V.META)
        )
        source = ctx.source(operand)
        parent = sem.parent(node)
        whole = _guarded(ctx, node, bare, non_empty)
        if whole is not None:
            # `t and #t > 0` -> `t`, `t == nil or #t == 0` -> `not t`: the guard says it already
            replacement = source if non_empty else f"not {source}"
            fix = Fix(
                (Edit(whole.start, whole.end, replacement),),
                Applicability.SAFE if safe else Applicability.UNSAFE,
                f"Replace `{ctx.source(whole)}` with `{replacement}`",
            )
            what = "non-empty" if non_empty else "empty"
            ctx.report(
                self,
                node,
                f"`{ctx.source(node)}` counts the whole table to test whether it is {what}; use `{replacement}`",
                fix=fix,
            )
            return
        if non_empty:
            if in_condition(sem, node):
                replacement = source
            else:
                bool_name = _bool_available(sem)
                if bool_name is None:
                    return
                replacement = f"bool({source})"
        else:
            replacement = f"not {source}"
            if isinstance(parent, (ast.Binary, ast.Unary, ast.Call, ast.Index, ast.Attribute, ast.Slice)) and not (
                isinstance(parent, ast.Binary) and parent.op in ("and", "or")
            ):
                replacement = f"({replacement})"
        what = "non-empty" if non_empty else "empty"
        fix = Fix(
            (Edit(node.start, node.end, replacement),),
            Applicability.SAFE if safe else Applicability.UNSAFE,
            f"Replace with `{replacement}`",
        )
        ctx.report(
            self,
            node,
            f"`{ctx.source(node)}` counts the whole table to test whether it is {what}; use `{replacement}`",
            fix=fix,
        )


def _is_length(expr: ast.Expr) -> bool:
    return isinstance(expr, ast.Unary) and expr.op == "#"


def _bool_available(sem: SemanticModel) -> str | None:
    """`bool` unless the file binds that name itself."""
    if "bool" in sem.global_definitions or any(b.name == "bool" and b.kind != "builtin" for b in sem.bindings):
        return None
    return "bool"


def _guarded(ctx: Context, node: ast.Binary, operand: ast.Expr, non_empty: bool) -> ast.Binary | None:
    """The `t and #t > 0` / `t == nil or #t == 0` around ``node``, in a condition: the whole
    test then reads `t` / `not t` (nil is false too)."""
    sem = ctx.semantic
    parent = sem.parent(node)
    child: ast.Node = node
    while isinstance(parent, ast.Paren):
        child, parent = parent, sem.parent(parent)
    if not isinstance(parent, ast.Binary) or parent.right is not child:
        return None
    if parent.op != ("and" if non_empty else "or") or not in_condition(sem, parent):
        return None
    left = unparen(parent.left)
    text = "".join(ctx.source(operand).split())
    if non_empty:
        guard = [left]
        if isinstance(left, ast.Binary) and left.op == "!=" and isinstance(unparen(left.right), ast.Nil):
            guard = [left.left]
    else:
        guard = []
        if isinstance(left, ast.Unary) and left.op == "not":
            guard = [left.operand]
        elif isinstance(left, ast.Binary) and left.op == "==" and isinstance(unparen(left.right), ast.Nil):
            guard = [left.left]
    if any("".join(ctx.source(unparen(g)).split()) == text for g in guard):
        return parent
    return None
