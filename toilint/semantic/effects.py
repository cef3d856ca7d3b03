"""Aliases, effects and hoisting: what code may change under a loop, and what may move out of it.

Built on the value analysis (:mod:`toilint.semantic.values`):

* **Aliases.** Two expressions may refer to the same table when their origins meet, or when one
  comes from "elsewhere" and the other's table escaped (was stored, passed on, captured by
  code the file cannot see). A write through any alias is a write to the table.
* **Effects.** For every program function (and generator comprehension): the variables it may
  write and the tables it may mutate, with what it may run in turn. For a loop: everything
  that may happen between two of its iterations: the variables it writes, the tables it
  mutates, and the program code it may run (direct calls, callbacks handed to natives,
  generic-``for`` iterator functions, iterated generators, coroutines, metamethods). Code the
  file cannot see may run every function that escaped, may write any true global and may
  mutate every table that escaped.
* **Hoisting.** Moving an expression out of a loop is safe when it is invariant in the loop and
  either it cannot raise given its operands' kinds, or it is the first thing the loop does
  that could raise or be seen (then the error comes where it came before).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from toilint import ast
from toilint._typing import TYPE_CHECKING, Any
from toilint.semantic import values as V
from toilint.semantic.values import ELSEWHERE, Value, unparen, values_of

if TYPE_CHECKING:
    from toilint.semantic.model import Binding, SemanticModel

Loop = ast.For | ast.While | ast.Comprehension


class SetUnion:
    """Two sets seen as one (their union), without building it: every loop that may run code
    the file cannot see adds the same, file-wide effects of the escaped functions, and copying
    them into each such loop made a file of many functions with loops quadratic."""

    __slots__ = ("first", "second")

    def __init__(self, first: set[Any], second: set[Any]) -> None:
        self.first = first
        self.second = second

    def __contains__(self, item: object) -> bool:
        return item in self.first or item in self.second

    def __iter__(self) -> Iterator[Any]:
        yield from self.first
        for item in self.second:
            if item not in self.first:
                yield item

    def __bool__(self) -> bool:
        return bool(self.first) or bool(self.second)


_NOTHING: set[Any] = set()


class LoopEffects:
    """What may happen between two iterations of one loop."""

    __slots__ = ("direct_mutated", "mutated", "runs", "unknown", "writes")

    def __init__(self, writes: SetUnion, mutated: SetUnion, runs: SetUnion, unknown: bool, direct: set[object]) -> None:
        self.direct_mutated = direct  # origins the loop's own code mutates (not code it calls)
        self.writes = writes  # variables assigned (directly or by code the loop runs)
        self.mutated = mutated  # origins of tables that may be mutated (ELSEWHERE: some escaped table)
        self.runs = runs  # program units (functions, generator comprehensions) it may run
        self.unknown = unknown  # may run code the file cannot see (and so any escaped unit)

    @property
    def runs_program_code(self) -> bool:
        return bool(self.runs) or self.unknown


def effects_of(model: SemanticModel) -> Effects:
    """Aliases, effects and hoisting answers for ``model``'s file, computed on first use."""
    found = model.memo.get("effects")
    if found is None:
        found = model.memo["effects"] = {"": Effects(model)}
    return found[""]  # type: ignore[no-any-return]


class Effects:
    """Per-file effects, aliasing and hoisting queries (``effects_of(model)``)."""

    def __init__(self, model: SemanticModel) -> None:
        self.model = model
        self.values = values_of(model)
        sites = [s for unit in self.values.sites.values() for s in unit.values()]
        sites.sort(key=lambda s: s.node.start)
        self._sites = sites
        self._site_starts = [s.node.start for s in sites]
        writes: list[tuple[int, int, Binding]] = []
        for b in model.bindings:
            for a in b.assignments:
                writes.append((a.start, id(a), b))
        writes.sort(key=lambda w: (w[0], w[1]))
        self._writes = [w[2] for w in writes]
        self._write_starts = [w[0] for w in writes]
        self._loops: dict[ast.Node, LoopEffects] = {}
        self._units: dict[ast.Node, tuple[set[Binding], set[object], set[ast.Node], bool]] = {}
        self._hot: set[ast.Node] | None = None
        self._escaped: tuple[set[Binding], set[object], set[ast.Node]] | None = None

    # ------------------------------------------------------------------ spans

    def _span_sites(self, start: int, end: int) -> list[V.Site]:
        lo = bisect.bisect_left(self._site_starts, start)
        hi = bisect.bisect_left(self._site_starts, end)
        return self._sites[lo:hi]

    def _span_writes(self, start: int, end: int) -> list[Binding]:
        lo = bisect.bisect_left(self._write_starts, start)
        hi = bisect.bisect_left(self._write_starts, end)
        return self._writes[lo:hi]

    @staticmethod
    def _loop_spans(loop: ast.Node) -> list[tuple[int, int]]:
        """The parts of a loop that run on every iteration (a `for`'s iterables run once)."""
        if isinstance(loop, (ast.For, ast.Comprehension)) and loop.iters:
            spans = [(loop.start, loop.iters[0].start)]
            for a, b in zip(loop.iters, loop.iters[1:], strict=False):
                spans.append((a.end, b.start))
            spans.append((loop.iters[-1].end, loop.end))
            return spans
        return [(loop.start, loop.end)]

    # ------------------------------------------------------------------ effects

    def _direct(
        self, spans: list[tuple[int, int]], node: ast.Node | None
    ) -> tuple[set[Binding], set[object], set[ast.Node], bool]:
        writes: set[Binding] = set()
        mutated: set[object] = set()
        runs: set[ast.Node] = set()
        unknown = False
        for start, end in spans:
            writes.update(self._span_writes(start, end))
            for site in self._span_sites(start, end):
                mutated.update(site.origins)
                runs.update(site.funcs)
                unknown = unknown or site.unknown
        if node is not None:  # the site of a generic `for`'s iterator call is the loop itself
            for site in self._span_sites(node.start, node.start + 1):
                if site.node is node:
                    mutated.update(site.origins)
                    runs.update(site.funcs)
                    unknown = unknown or site.unknown
        return writes, mutated, runs, unknown

    def unit_effects(self, unit: ast.Node) -> tuple[set[Binding], set[object], set[ast.Node], bool]:
        """(writes, mutated origins, units it runs, runs unknown code) of one unit, not transitive."""
        found = self._units.get(unit)
        if found is None:
            # a function's name is bound where it is defined, not when it runs: its body only
            start = unit.body.start if isinstance(unit, (ast.FunctionDef, ast.Lambda)) else unit.start
            writes, mutated, runs, unknown = self._direct([(start, unit.end)], None)
            # a call's own locals are new variables: only what outlives the call counts
            outer = {b for b in writes if b.scope is None or not _inside(b.scope.node, unit)}
            found = (outer, mutated, runs, unknown)
            self._units[unit] = found
        return found

    def loop_effects(self, loop: ast.Node) -> LoopEffects:
        found = self._loops.get(loop)
        if found is not None:
            return found
        writes, mutated, runs, unknown = self._direct(self._loop_spans(loop), loop)
        direct = set(mutated)
        writes, mutated = set(writes), set(mutated)
        seen: set[ast.Node] = set()
        unknown = self._run_units(runs, seen, writes, mutated) or unknown
        if unknown:  # code the file cannot see may run every escaped unit
            e_writes, e_mutated, e_seen = self._escaped_effects()
            found = LoopEffects(
                SetUnion(writes, e_writes), SetUnion(mutated, e_mutated), SetUnion(seen, e_seen), unknown, direct
            )
        else:
            found = LoopEffects(
                SetUnion(writes, _NOTHING), SetUnion(mutated, _NOTHING), SetUnion(seen, _NOTHING), unknown, direct
            )
        self._loops[loop] = found
        return found

    def _run_units(self, units: set[ast.Node], seen: set[ast.Node], writes: set[Binding], mutated: set[object]) -> bool:
        """Add the effects of ``units`` and of every unit they run (not yet in ``seen``) to
        ``writes`` and ``mutated``; True when some of them may run code the file cannot see."""
        unknown = False
        todo = list(units)
        while todo:
            unit = todo.pop()
            if unit in seen:
                continue
            seen.add(unit)
            w, m, r, u = self.unit_effects(unit)
            writes |= w
            mutated |= m
            unknown = unknown or u
            todo.extend(r - seen)
        return unknown

    def _escaped_effects(self) -> tuple[set[Binding], set[object], set[ast.Node]]:
        """(writes, mutated origins, units) of every escaped unit and what it runs: the same
        for each loop that may run unknown code, so worked out once per file (per loop, it
        made a file of many functions with loops quadratic)."""
        if self._escaped is None:
            writes: set[Binding] = set()
            mutated: set[object] = {ELSEWHERE}
            seen: set[ast.Node] = set()
            self._run_units(set(self.values.escaped_units), seen, writes, mutated)
            self._escaped = (writes, mutated, seen)
        return self._escaped

    def hot_units(self) -> set[ast.Node]:
        """Program functions some loop runs, visibly: called in it (directly or through other
        functions), handed to a native that calls back, or used as a `for` iterator."""
        if self._hot is None:
            hot: set[ast.Node] = set()
            for node in self.model.preorder():
                if isinstance(node, (ast.For, ast.While, ast.Comprehension)):
                    todo = list(self._direct(self._loop_spans(node), node)[2])
                    while todo:
                        unit = todo.pop()
                        if unit not in hot:
                            hot.add(unit)
                            todo.extend(self.unit_effects(unit)[2] - hot)
            self._hot = hot
        return self._hot

    # ------------------------------------------------------------------ aliases

    def _reachable(self, origins: frozenset[object] | set[object] | SetUnion) -> bool:
        """Some of these tables may be reached by code the file cannot see."""
        escaped = self.values.escaped_origins
        return any(o in escaped for o in origins)

    def may_alias(self, a: Value, b: Value) -> bool:
        """The two values may be the same table."""
        if not (a.bits & (V.TABLE | V.OTHER)) or not (b.bits & (V.TABLE | V.OTHER)):
            return False
        if a.origins & b.origins:
            return True
        if ELSEWHERE in a.origins and self._reachable(b.origins):
            return True
        return ELSEWHERE in b.origins and self._reachable(a.origins)

    def may_mutate(self, loop: ast.Node, value: Value, directly: bool = False) -> bool:
        """Something running between iterations of ``loop`` may change the table ``value``
        (``directly``: the loop's own statements, not the code they run)."""
        if not value.bits & (V.TABLE | V.OTHER):
            return False
        eff = self.loop_effects(loop)
        mutated = eff.direct_mutated if directly else eff.mutated
        if not mutated:
            return False
        if any(o in mutated for o in value.origins):
            return True
        if ELSEWHERE in mutated and self._reachable(value.origins):
            return True
        return ELSEWHERE in value.origins and self._reachable(mutated)

    def escaped(self, value: Value) -> bool:
        """The table may be reached (and so changed) by code other than this file's visible code."""
        return self._reachable(value.origins)

    # ------------------------------------------------------------------ invariance

    def writes(self, loop: ast.Node, binding: Binding) -> bool:
        eff = self.loop_effects(loop)
        if binding in eff.writes:
            return True
        if binding.kind == "builtin":
            return binding.name in self.model.global_definitions and eff.unknown
        return binding.scope is None and eff.unknown  # code the file cannot see may set globals

    def is_invariant(self, expr: ast.Node, loop: ast.Node) -> bool:
        """``expr`` surely has the same value in every iteration of ``loop``.

        Literals; variables nothing that runs in the loop writes; operators, ranges, ternaries
        and f-strings of those (with no metatable involved); and fields of invariant values
        that no code in the loop may change. Calls and indexing are never invariant.
        """
        if isinstance(expr, (ast.Number, ast.String, ast.Nil, ast.Bool)):
            return True
        if isinstance(expr, ast.Name):
            binding = self.model.binding_of(expr)
            return binding is not None and not self.writes(loop, binding)
        if isinstance(expr, ast.Paren):
            return self.is_invariant(expr.expr, loop)
        if isinstance(expr, (ast.Unary, ast.Binary, ast.Ternary, ast.Range, ast.FString)):
            parts: list[ast.Node] = [c for c in expr.children() if not isinstance(c, ast.Interpolation)]
            if isinstance(expr, ast.FString):
                parts = [p.expr for p in expr.parts if isinstance(p, ast.Interpolation)]
            if self.values.has_metatables and any(self.values.of(p).bits & V.META for p in parts):
                return False
            return all(self.is_invariant(p, loop) for p in parts)
        if isinstance(expr, ast.Attribute):
            if expr.meta or not self.is_invariant(expr.obj, loop):
                return False
            obj = self.values.of(expr.obj)
            if obj.only(V.MODULE):
                return True  # native module tables are not changed by programs that call them
            if self.values.has_metatables and obj.bits & V.META:
                return False
            return not self.may_mutate(loop, obj)
        return False

    # ------------------------------------------------------------------ hoisting

    def runs_first(self, node: ast.Node, loop: ast.Node) -> bool:
        """``node`` is the first thing any run of ``loop`` does that can raise or be seen.

        Then computing it once before the loop raises exactly where the loop would have: a
        `while` test is evaluated at least once, so an unconditional part of it qualifies when
        only names and literals are read before it (`while i <= #t`). Anything in the body
        does not: the loop may run zero times, and what runs before it in the first iteration
        (a print, a call, another error) would come after the hoisted error instead of before.
        """
        if not (isinstance(loop, ast.While) and loop.test.start <= node.start and node.end <= loop.test.end):
            return False
        child = node
        for anc, child in self.model.ancestors(node):
            if anc is loop:
                return True
            if isinstance(anc, ast.Paren) or (isinstance(anc, ast.Unary) and child is anc.operand):
                continue
            if isinstance(anc, ast.Binary):
                if anc.op in ("and", "or") and child is anc.right:
                    return False  # short-circuit: may be skipped
                if child is anc.right and not _trivial(anc.left):
                    return False  # the left operand runs first and may raise or be seen
                continue
            return False
        return False

    def may_raise(self, expr: ast.Node) -> bool:
        """Evaluating ``expr`` may raise, given what its operands may be."""
        values = self.values
        expr = unparen(expr)
        if isinstance(expr, (ast.Number, ast.String, ast.Nil, ast.Bool, ast.Name, ast.Lambda)):
            return False
        meta = values.has_metatables
        if isinstance(expr, ast.Unary):
            operand = values.of(expr.operand)
            if expr.op == "not":
                return self.may_raise(expr.operand)
            if expr.op == "#":
                ok = operand.only(V.STRING | V.TABLE) and not (meta and operand.bits & V.META)
            else:
                ok = operand.only(V.NUMBER)
            return not ok or self.may_raise(expr.operand)
        if isinstance(expr, ast.Slice):
            obj = values.of(expr.obj)
            bounds = [b for b in (expr.lower, expr.upper, expr.step) if b is not None]
            if not obj.only(V.STRING) or not all(values.of(b).only(V.NUMBER | V.NIL) for b in bounds):
                return True
            return any(self.may_raise(p) for p in (expr.obj, *bounds))
        if isinstance(expr, ast.Call):
            return self._call_may_raise(expr)
        return True

    def _call_may_raise(self, call: ast.Call) -> bool:
        values = self.values
        func = unparen(call.func)
        if any(a.name is not None or a.spread for a in call.args):
            return True
        args = [a.value for a in call.args]
        callee = values.of(func)
        if callee.native is None or not callee.only(V.NATIVE):
            return True
        if isinstance(func, ast.Attribute) and values.of(func.obj).only(V.STRING):
            args = [func.obj, *args]
        elif isinstance(func, ast.Attribute) and not values.of(func.obj).only(V.MODULE):
            return True
        from toilint.semantic import stdlib

        module, _, name = callee.native.rpartition(".")
        member = V.native_member(module, name) if module else V.core_member(name)
        if not isinstance(member, stdlib.NativeFunction) or member.calls_back:
            return True
        if len(args) < member.min_args or (member.max_args is not None and len(args) > member.max_args):
            return True
        for arg, param in zip(args, member.params, strict=False):
            if not param.kinds:
                continue  # it accepts anything
            allowed = 0
            for kind in param.kinds:
                allowed |= V.from_kinds((kind,)).bits & V.ALL_KINDS
            if not values.of(arg).only(allowed):
                return True
        return any(self.may_raise(a) for a in args)

    def hoist_safe(self, expr: ast.Node, loop: ast.Node) -> bool:
        """Computing ``expr`` once before ``loop`` behaves like computing it in the loop."""
        return self.is_invariant_call(expr, loop) and (self.runs_first(expr, loop) or not self.may_raise(expr))

    def is_invariant_call(self, expr: ast.Node, loop: ast.Node) -> bool:
        """Like :meth:`is_invariant`, for a call of a native that depends only on its operands."""
        expr = unparen(expr)
        if isinstance(expr, ast.Call):
            func = unparen(expr.func)
            callee = self.values.of(func)
            if not callee.only(V.NATIVE):
                return False
            operands: list[ast.Node] = [a.value for a in expr.args]
            if isinstance(func, ast.Attribute):
                operands.append(func.obj)
            return all(self.is_invariant(o, loop) for o in operands)
        if isinstance(expr, ast.Slice):
            parts = [p for p in (expr.obj, expr.lower, expr.upper, expr.step) if p is not None]
            return self.values.of(expr.obj).only(V.STRING) and all(self.is_invariant(p, loop) for p in parts)
        return self.is_invariant(expr, loop)


def _inside(node: ast.Node, outer: ast.Node) -> bool:
    return outer.start <= node.start and node.end <= outer.end


def _trivial(expr: ast.Node) -> bool:
    """Reading it cannot raise or be seen: a name or a literal."""
    return isinstance(unparen(expr), (ast.Name, ast.Number, ast.String, ast.Nil, ast.Bool))


def is_conditional_within(model: SemanticModel, node: ast.Node, outer: ast.Node) -> bool:
    """Whether ``node`` may be skipped in a run of ``outer`` (a branch, a short-circuit...).

    Loops between the two are not counted: a loop body running zero times is the caller's
    concern (hoisting out of loops always has it).
    """
    for anc, child in model.ancestors(node):
        if anc is outer:
            return False
        if isinstance(anc, ast.If) and child is not anc.test:
            return True
        if isinstance(anc, ast.Elif) and child is not anc.test:
            return True
        if isinstance(anc, ast.Ternary) and child is not anc.test:
            return True
        if isinstance(anc, ast.Binary) and anc.op in ("and", "or") and child is anc.right:
            return True
        if isinstance(anc, (ast.Case, ast.Except)):
            return True
        if isinstance(anc, ast.Match) and child is not anc.subject:
            return True
        if isinstance(anc, ast.Comprehension) and anc.condition is not None and child is not anc.condition:
            if child not in anc.iters:
                return True
    return False
