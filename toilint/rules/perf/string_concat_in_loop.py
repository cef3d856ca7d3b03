"""PERF201: a string accumulated with `s = s + x` inside a loop (quadratic copying)."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fix.fixes import fresh_name, insert_after_statement, insert_before_statement
from toilint.perf_helpers import innermost_statement_loop, is_simple_term
from toilint.rules.base import Rule, register
from toilint.semantic import Binding, SemanticModel
from toilint.semantic.predicates import is_string, unparen
from toilint.visitor import iter_nodes


@register
class StringConcatInLoop(Rule):
    """Accumulates a string with `s = s + x` (or `s += x`) inside a loop.

    ## Why is this bad?
    Toi strings are immutable: every `s + x` allocates a new string and copies all of `s`
    into it. Growing a string piece by piece in a loop therefore copies O(n^2) characters.
    Collecting the pieces in a table and joining once copies each character once: 110x
    faster at 20k pieces.

    ## Example
    ```toi
    fn render(rows)
        out = ""
        for r in rows
            out = out + f"{r.name},{r.qty}\\n"
        return out
    ```

    ## Use instead
    ```toi
    fn render(rows)
        out = ""
        out_parts = {}
        for r in rows
            out_parts <+ f"{r.name},{r.qty}\\n"
        out = "".join(out_parts)
        return out
    ```
    A variable that is reset inside the loop (`line = ""` at the top of each iteration) is
    not an accumulation and is not reported.

    ## Fix safety
    The fix is offered only when the string starts from a string literal just before the
    loop, is a local variable no nested function uses, and the loop reads it nowhere but in
    the accumulation itself; otherwise the finding is reported without a fix. It is safe
    when every appended piece is surely a string (a literal, an f-string, a `str()` call, a
    string method's result). It is unsafe otherwise: `s + x` raises when `x` is a number or
    nil, while `"".join` formats numbers (as `str` does) and a `nil` piece ends the joined
    list early, so a program that failed before may now print something.

    ## Measured
    68.91x: 0.966 s -> 0.014 s on `benchmarks/cases/PERF201` (a CSV writer appending 7,000
    rows (152 kB) with `out = out + row`); median of 5 runs each, `toilint bench PERF201` on
    the release build of Toi 5fe21b7.
    """

    code = "PERF201"
    name = "string-concat-in-loop"
    fix = Applicability.SAFE

    def __init__(self) -> None:
        #: (loop, name) -> the fix shared by every accumulation of that name in that loop, or
        #: False when they are not reported: worked out once per loop, not once per statement
        self._verdicts: dict[tuple[ast.Node, str], Fix | bool | None] = {}
        #: every node inside a loop that may set a variable, with the name it sets, in walk
        #: order: assignments to a name, declarations, loop targets (see ``_loop_writes``)
        self._writers: list[tuple[str, ast.Node]] = []
        #: open loops -> where their writers start in ``_writers`` (the loop's own targets first)
        self._starts: dict[ast.Node, int] = {}
        #: loop -> the accumulations it runs directly (it is their innermost loop), in walk order
        self._pending: dict[ast.Node, list[ast.Assign]] = {}

    # The writers are collected during the walk and each loop's accumulations are judged when
    # the walk leaves it: its writers are then the slice recorded since it was entered, which
    # spared a second walk of every loop that accumulates something.

    def visit_For(self, node: ast.For, ctx: Context) -> None:
        self._starts[node] = len(self._writers)
        self._writers.extend((t.id, node) for t in node.targets)

    def visit_While(self, node: ast.While, ctx: Context) -> None:
        self._starts[node] = len(self._writers)

    def visit_Comprehension(self, node: ast.Comprehension, ctx: Context) -> None:
        if self._starts:
            self._writers.extend((t.id, node) for t in node.targets)

    def visit_Local(self, node: ast.Local, ctx: Context) -> None:
        if self._starts:
            self._writers.extend((t.id, node) for t in node.names)

    def visit_MultiAssign(self, node: ast.MultiAssign, ctx: Context) -> None:
        if self._starts:
            self._writers.extend((t.id, node) for t in node.targets)

    def visit_Assign(self, node: ast.Assign, ctx: Context) -> None:
        if not self._starts:
            return  # outside every loop
        target = node.target
        if type(target) is not ast.Name:
            return
        self._writers.append((target.id, node))
        piece = _accumulated_piece(node)
        if piece is None:
            return
        loop = innermost_statement_loop(ctx.semantic, node)
        if loop is not None:
            self._pending.setdefault(loop, []).append(node)

    def leave_For(self, node: ast.For, ctx: Context) -> None:
        self._leave(node, ctx)

    def leave_While(self, node: ast.While, ctx: Context) -> None:
        self._leave(node, ctx)

    def _leave(self, loop: ast.For | ast.While, ctx: Context) -> None:
        start = self._starts.pop(loop)
        pending = self._pending.pop(loop, None)
        if pending is not None:
            writes = _loop_writes(self._writers[start:])
            for node in pending:
                self._report(node, loop, writes, ctx)
        if not self._starts:
            self._writers.clear()  # outside every loop again: nothing recorded is asked for

    def _report(
        self, node: ast.Assign, loop: ast.For | ast.While, writes: dict[str, list[ast.Node]], ctx: Context
    ) -> None:
        assert isinstance(node.target, ast.Name)
        sem = ctx.semantic
        name = node.target.id
        key = (loop, name)
        if key not in self._verdicts:
            self._verdicts[key] = self._verdict(ctx, sem, loop, sem.binding_of(node.target), name, writes)
        verdict = self._verdicts[key]
        if verdict is False:
            return
        fix = verdict if isinstance(verdict, Fix) else None
        ctx.report(
            self,
            node,
            f"`{name}` is grown by concatenation in a loop, copying it every time (quadratic); "
            "collect the pieces in a table and join them once",
            fix=fix,
        )

    def _verdict(
        self,
        ctx: Context,
        sem: SemanticModel,
        loop: ast.For | ast.While,
        binding: Binding | None,
        name: str,
        writes_by_name: dict[str, list[ast.Node]],
    ) -> Fix | bool | None:
        writes = writes_by_name.get(name, [])
        accumulations = _accumulations(writes)
        if len(accumulations) < len(writes):
            # the loop sets the name other than by accumulating (each write gives at most one
            # accumulation): a fresh string every iteration, not an accumulation
            return False
        for _, piece in accumulations:  # (loops, not generators: a verdict per loop and name)
            if is_string(sem, piece):
                break
        else:
            if not _starts_as_string(sem, binding, accumulations):
                return False  # could be a number being summed
        return _fix(ctx, sem, loop, binding, name, accumulations)


def _accumulated_piece(node: ast.Assign) -> ast.Expr | None:
    """`x` of `s = s + x` / `s += x` (for `s = s + a + b`, the chain `a + b` as a whole: its first operand)."""
    if not isinstance(node.target, ast.Name):
        return None
    if node.op == "+=":
        return node.value
    if node.op != "=":
        return None
    value = unparen(node.value)
    chain: list[ast.Binary] = []
    while isinstance(value, ast.Binary) and value.op == "+":
        chain.append(value)
        value = value.left
    if not chain or not isinstance(value, ast.Name) or value.id != node.target.id:
        return None
    return chain[-1].right


def _piece_source(ctx: Context, node: ast.Assign) -> tuple[str, bool]:
    """The appended text and whether it is one simple term."""
    if node.op == "+=":
        return ctx.source(node.value), is_simple_term(node.value)
    value = unparen(node.value)
    chain: list[ast.Binary] = []
    while isinstance(value, ast.Binary) and value.op == "+":
        chain.append(value)
        value = value.left
    first = chain[-1].right
    outer = unparen(node.value)
    text = ctx.text[first.start : outer.end]
    return text, len(chain) == 1 and is_simple_term(first)


def _loop_writes(writers: list[tuple[str, ast.Node]]) -> dict[str, list[ast.Node]]:
    """A loop's writers (itself included) by the name they set, in walk order."""
    out: dict[str, list[ast.Node]] = {}
    for name, n in writers:
        out.setdefault(name, []).append(n)
    return out


def _accumulations(writes: list[ast.Node]) -> list[tuple[ast.Assign, ast.Expr]]:
    out: list[tuple[ast.Assign, ast.Expr]] = []
    for n in writes:
        if isinstance(n, ast.Assign):
            piece = _accumulated_piece(n)
            if piece is not None:
                out.append((n, piece))
    return out


def _targets(n: ast.Local | ast.MultiAssign) -> tuple[ast.Name, ...]:
    return n.names if isinstance(n, ast.Local) else n.targets


def _starts_as_string(
    sem: SemanticModel, binding: Binding | None, accumulations: list[tuple[ast.Assign, ast.Expr]]
) -> bool:
    """The variable's other assignments (at least one) all give it a string."""
    if binding is None:
        return False
    accumulating = {id(a.target) for a, _ in accumulations}
    found = False
    for a, v in zip(binding.assignments, binding.values, strict=False):
        if id(a) in accumulating:
            continue
        if not (isinstance(v, ast.Expr) and is_string(sem, v)):
            return False
        found = True
    return found


def _fix(
    ctx: Context,
    sem: SemanticModel,
    loop: ast.For | ast.While,
    binding: Binding | None,
    name: str,
    accumulations: list[tuple[ast.Assign, ast.Expr]],
) -> Fix | None:
    if binding is None or binding.kind != "local" or binding.captured:
        return None
    accumulating = {id(a.target) for a, _ in accumulations}
    # the loop reads `name` only as the left operand of its own accumulations
    reads_ok = set()
    for assign, _ in accumulations:
        if not isinstance(sem.parent(assign), ast.ExprStmt):
            return None
        if assign.op == "=":
            left = unparen(assign.value)
            while isinstance(left, ast.Binary):
                left = left.left
            reads_ok.add(id(left))
        else:
            reads_ok.add(id(assign.target))
    for ref in binding.references:
        if loop.start <= ref.start < loop.end and id(ref) not in reads_ok:
            return None
    for target in binding.assignments:
        if loop.start <= target.start < loop.end and id(target) not in accumulating:
            return None
    initial = _initial_literal(sem, loop, name)
    if initial is None:
        return None
    parts = fresh_name(sem, f"{name}_parts", loop)
    before = insert_before_statement(sem, ctx.text, loop, f"{parts} = {{}}")
    joined = '"".join(' + parts + ")"
    after = insert_after_statement(
        ctx.text, loop, f"{name} = {joined}" if initial == "" else f"{name} = {name} + {joined}"
    )
    if before is None or after is None:
        return None
    edits = [before, after]
    safe = True
    for assign, piece in accumulations:
        text, simple = _piece_source(ctx, assign)
        edits.append(Edit(assign.start, assign.end, f"{parts} <+ {text if simple else f'({text})'}"))
        if assign.op == "=":
            chain_ok = all(is_string(sem, p) for p in _chain_operands(assign))
        else:
            chain_ok = is_string(sem, piece)
        safe = safe and chain_ok
    return Fix(
        tuple(edits),
        Applicability.SAFE if safe else Applicability.UNSAFE,
        f"Collect the pieces in `{parts}` and join them after the loop",
        (parts,),
    )


def _chain_operands(assign: ast.Assign) -> list[ast.Expr]:
    value = unparen(assign.value)
    out: list[ast.Expr] = []
    while isinstance(value, ast.Binary) and value.op == "+":
        out.append(value.right)
        value = unparen(value.left)
    return out


def _initial_literal(sem: SemanticModel, loop: ast.Stmt, name: str) -> str | None:
    """The string literal `name` is set to by a statement before the loop in the same block."""
    try:
        block = sem.statement_block(loop)
    except ValueError:
        return None
    body = block.body
    index = next((i for i, s in enumerate(body) if s is loop), None)
    if index is None:
        return None
    for stmt in reversed(body[:index]):
        if isinstance(stmt, ast.ExprStmt) and isinstance(stmt.expr, ast.Assign):
            assign = stmt.expr
            if isinstance(assign.target, ast.Name) and assign.target.id == name:
                value = unparen(assign.value)
                if assign.op == "=" and isinstance(value, ast.String):
                    return value.value
                return None
        if any(isinstance(n, ast.Name) and n.id == name for n in iter_nodes(stmt)):
            return None
    return None
