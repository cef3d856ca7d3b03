"""PERF204: `S.lower()`, `S[a..b]`... recomputed on every iteration although `S` never changes."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fix.fixes import fresh_name, insert_before_statement
from toilint.rules.base import Rule, only_with, register
from toilint.semantic import SemanticModel
from toilint.semantic.calls import qualified_name
from toilint.semantic.effects import effects_of
from toilint.semantic.predicates import is_string, unparen

#: string transforms whose result depends only on their operands (`split` is left out: it
#: returns a table, and hoisting would share one mutable table between iterations)
HOISTABLE = frozenset({"lower", "upper", "trim", "ltrim", "rtrim", "reverse", "escape_html", "sub", "rep"})


@register
class LoopInvariantStringCall(Rule):
    """Recomputes a string transform of loop-invariant operands on every iteration.

    ## Why is this bad?
    `S.lower()`, `S.upper()`, `S.trim()`, `string.lower(S)`, `S[a..b]` and friends build a new
    string each time they run, in time proportional to `S`. When nothing in the loop changes
    their operands, every iteration repeats the same work: lowercasing an 80 KB article inside
    a 5,000-keyword loop is 11x slower than lowercasing it once.

    ## Example
    ```toi
    fn count_found(article, keywords)
        found = 0
        for kw in keywords
            if article.lower().find(kw) found = found + 1
        return found
    ```

    ## Use instead
    ```toi
    fn count_found(article, keywords)
        found = 0
        article_lower = article.lower()
        for kw in keywords
            if article_lower.find(kw) found = found + 1
        return found
    ```

    ## Fix safety
    The value is computed once, before the loop, into a new local. Safe when the receiver is
    surely a string, nothing the loop runs can change an operand, and the hoisted call cannot
    raise given its operands' kinds (`s.lower()`, `s.rep(n)` with a number `n`, `s[a..b]` with
    number bounds). Unsafe otherwise: `for x in {}` never ran `s.rep(nil)`, which raises once
    hoisted, and in a loop that does run it the error would now come before whatever the first
    iteration did first.

    ## Measured
    28.47x: 0.787 s -> 0.028 s on `benchmarks/cases/PERF204` (5,000 keywords looked up in a
    70 kB article with `article.lower().find(kw)`); median of 5 runs each, `toilint bench
    PERF204` on the release build of Toi 5fe21b7.
    """

    code = "PERF204"
    name = "loop-invariant-string-call"
    fix = Applicability.SAFE
    #: a call reported calls a method named in HOISTABLE
    requires = only_with(batch_Call=tuple(sorted(HOISTABLE)))

    def batch_Call(self, nodes: list[ast.Call], ctx: Context) -> None:
        for node in nodes:
            func = node.func
            if type(func) is ast.Paren:  # (every call: most callees are not parenthesised)
                func = unparen(func)
            if type(func) is ast.Attribute and not func.meta and func.name.id in HOISTABLE:
                self._call(node, func, ctx)

    def _call(self, node: ast.Call, func: ast.Attribute, ctx: Context) -> None:
        if any(a.name is not None or a.spread for a in node.args):
            return
        sem = ctx.semantic
        qualified = qualified_name(sem, func)
        args = [a.value for a in node.args]
        if qualified is not None:
            if qualified != f"string.{func.name.id}" or not args:
                return
            receiver, others = args[0], args[1:]
        else:
            receiver, others = func.obj, args
        self._check(ctx, sem, node, receiver, others, func.name.id)

    def visit_Slice(self, node: ast.Slice, ctx: Context) -> None:
        bounds = [e for e in (node.lower, node.upper, node.step) if e is not None]
        if not bounds:
            return
        self._check(ctx, ctx.semantic, node, node.obj, bounds, "slice")

    def _check(
        self, ctx: Context, sem: SemanticModel, node: ast.Expr, receiver: ast.Expr, others: list[ast.Expr], what: str
    ) -> None:
        loops = sem.enclosing_loops(node)
        if not loops or not isinstance(loops[0], (ast.For, ast.While)):
            return  # not in a loop, or in a comprehension's element (a hidden function)
        loop = loops[0]
        bare = unparen(receiver)
        if not isinstance(bare, (ast.Name, ast.String)):
            return  # a computed receiver: hoisting would need its own analysis
        if what == "slice" and not is_string(sem, bare):
            return  # table slices are PERF territory of their own; strings only here
        operands = [bare, *others]
        effects = effects_of(sem)
        if not all(effects.is_invariant(o, loop) for o in operands):
            return
        if isinstance(bare, ast.String) and not others:
            base = f"{what}_value"
        elif isinstance(bare, ast.Name):
            base = f"{bare.id}_{what}"
        else:
            base = f"{what}_value"
        local = fresh_name(sem, base, loop)
        inserted = insert_before_statement(sem, ctx.text, loop, f"{local} = {ctx.source(node)}")
        fix = None
        if inserted is not None:
            safe = is_string(sem, bare) and (effects.runs_first(node, loop) or not effects.may_raise(node))
            fix = Fix(
                (inserted, Edit(node.start, node.end, local)),
                Applicability.SAFE if safe else Applicability.UNSAFE,
                f"Compute `{ctx.source(node)}` once before the loop",
                (local,),
            )
        ctx.report(
            self,
            node,
            f"`{ctx.source(node)}` computes the same string on every iteration; compute it once before the loop",
            fix=fix,
        )
