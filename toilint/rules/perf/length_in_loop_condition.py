"""PERF302: `while i <= #t` recounting a table the loop never resizes."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fix.fixes import fresh_name, insert_before_statement
from toilint.rules.base import Rule, register
from toilint.semantic import SemanticModel
from toilint.semantic import values as V
from toilint.semantic.effects import effects_of
from toilint.semantic.predicates import treated_as_string, unparen
from toilint.semantic.values import values_of
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
    Safe when nothing that runs in the loop can resize the table: no statement of the loop
    writes into a table that may be the same one (another name for it, a table it was stored
    in), and no code the loop runs (functions it calls, callbacks it hands to natives such as
    `table.sort`, coroutines it resumes, iterator functions, generators, metamethods) may
    reassign the variable or change the table; and `#t` cannot raise where the original
    would not have run it (it is the first thing the condition computes, or `t` is surely a
    table or string). Unsafe otherwise: the count before the loop would go stale.

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
            if isinstance(n, ast.Unary) and n.op == "#" and isinstance(unparen(n.operand), ast.Name)
        ]
        done: set[str] = set()
        for length in lengths:
            operand = unparen(length.operand)
            assert isinstance(operand, ast.Name)
            if operand.id in done:
                continue
            done.add(operand.id)
            value = values_of(sem).of(operand)
            if not value.may(V.TABLE) or (value.may(V.STRING) and not value.unknown):
                continue  # a string (`#s` is O(1)), or not a table at all
            if treated_as_string(sem, operand):
                continue
            binding = sem.binding_of(operand)
            effects = effects_of(sem)
            if _changed_in(sem, node, operand.id) or effects.may_mutate(node, value, directly=True):
                continue  # the loop resizes it, through this name or another
            if binding is not None and binding in effects.loop_effects(node).writes:
                continue
            safe = (
                binding is not None
                and not effects.writes(node, binding)
                and not effects.may_mutate(node, value)
                and not (values_of(sem).has_metatables and value.bits & V.META)
                and (effects.runs_first(length, node) or not effects.may_raise(length))
            )
            local, reused = self._name_for(ctx, sem, node, operand)
            inserted = insert_before_statement(sem, ctx.text, node, f"{local} = #{ctx.source(operand)}")
            fix = None
            if inserted is not None:
                edits = [inserted]
                edits.extend(Edit(n.start, n.end, local) for n in lengths if _is_name(n.operand, operand.id))
                fix = Fix(
                    tuple(edits),
                    Applicability.SAFE if safe else Applicability.UNSAFE,
                    f"Count `{operand.id}` once before the loop",
                    () if reused else (local,),
                )
            ctx.report(
                self,
                length,
                f"`#{operand.id}` counts the whole table on every iteration, and the loop does not resize it",
                fix=fix,
            )

    def __init__(self) -> None:
        #: (function, table) -> the name this run chose for its count
        self._names: dict[tuple[ast.Node | None, str], str] = {}
        #: those names (one set for the whole run: ``fresh_name`` resumes its probe per set)
        self._chosen: set[str] = set()

    def _name_for(self, ctx: Context, sem: SemanticModel, loop: ast.While, operand: ast.Name) -> tuple[str, bool]:
        """(`t_len` or a fresh name, whether it already holds a count of `t`): one name per table
        per function, so that several loops over one table read `t_len`, not `t_len_2`..."""
        fn = sem.enclosing_function(loop)
        key = (fn, operand.id)
        found = self._names.get(key)
        if found is not None:
            return found, True
        base = f"{operand.id}_len"
        source = f"#{operand.id}"
        for binding in sem.bindings:
            # a variable of this function that only ever holds `#t`: an earlier fix's count
            if binding.function is not (fn if fn is not None else sem.module) or binding.captured:
                continue
            if not (binding.name == base or binding.name.startswith(base + "_")):
                continue
            values = binding.values
            if values and all(isinstance(v, ast.Expr) and "".join(ctx.source(v).split()) == source for v in values):
                self._names[key] = binding.name
                self._chosen.add(binding.name)
                return binding.name, True
        name = fresh_name(sem, base, loop, self._chosen)
        self._names[key] = name
        self._chosen.add(name)
        return name, False


def _changed_in(sem: SemanticModel, loop: ast.While, name: str) -> bool:
    """The loop visibly changes what `#name` returns: rebinding, appending, writing, deleting, passing it on."""
    if name in sem.assigned_names(loop):
        return True
    for n in sem.subtree(loop):
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
            func = unparen(n.func)
            if isinstance(func, ast.Attribute) and _is_name(func.obj, name):
                return True  # `t.pop()`, `t.insert(...)`
    return False


def _is_name(expr: ast.Expr, name: str) -> bool:
    expr = unparen(expr)
    return isinstance(expr, ast.Name) and expr.id == name
