from __future__ import annotations

from collections.abc import Callable

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fix.fixes import comments_within, fresh_name, insert_before_statement
from toilint.rules.base import Rule, only_with, register
from toilint.rules.perf._regex import (
    COMPILABLE,
    RegexCall,
    compiles,
    display,
    flags_valid,
    is_pattern_shape,
    name_base,
    regex_call,
)
from toilint.semantic import SemanticModel
from toilint.semantic import values as V
from toilint.semantic.effects import effects_of
from toilint.semantic.predicates import unparen
from toilint.semantic.values import values_of

Loop = ast.For | ast.While | ast.Comprehension


@register
class RegexCallInLoop(Rule):
    """Calls `regex.search`, `regex.match` or `regex.finditer` with a loop-invariant pattern inside a loop.

    ## Why is this bad?
    Toi's module-level regex functions compile the pattern (`regcomp`) on every call and
    throw the compiled form away afterwards. In a loop, the same pattern is compiled once per
    iteration, which costs far more than the match itself: 5-16x on Toi 5fe21b7.
    `regex.compile` builds the pattern once; its object's `search`, `match` and `finditer`
    methods take only the text.

    The rule follows the module however it is imported (`regex = import regex`,
    `re = import regex`, `from regex import search`). A pattern (or flags argument) that the
    loop rebinds is not invariant and is not reported.

    ## Example
    ```toi
    regex = import regex
    fn count_orders(lines)
        n = 0
        for line in lines
            if regex.search("order-([0-9]+)", line)
                n += 1
        return n
    ```

    ## Use instead
    ```toi
    regex = import regex
    fn count_orders(lines)
        n = 0
        pattern_re = regex.compile("order-([0-9]+)")
        for line in lines
            if pattern_re.search(line)
                n += 1
        return n
    ```

    ## Fix safety
    The fix puts `NAME = regex.compile(P[, flags])` on its own line before the outermost loop in
    which the pattern is invariant, and rewrites the call to `NAME.search(text)` (`match`,
    `finditer`); the compiled methods behave exactly like the module functions. `NAME` is a new
    name no identifier of the file uses, and every call with the same pattern in that loop
    shares it (one compiled regex per pattern per loop).

    The pattern is invariant when nothing that runs in the loop may rebind it: the loop's own
    statements, and any program code the loop runs, visibly or not: functions it calls,
    callbacks it hands to natives (a `table.sort` comparator), generic-`for` iterator
    functions, generators it iterates, coroutines it resumes, metamethods. A pattern that may
    change is not reported.

    The fix is safe when the compile cannot raise: the pattern (and flags) is a string literal
    that surely compiles (a conservative check of POSIX extended syntax: balanced groups and
    brackets, quantifiers after something, well-formed `{m,n}`; flags among `i`, `n`, `m`,
    `x`), or a variable that only ever holds such literals (assigned them, or a `for` over a
    literal list of them). Otherwise it is unsafe: a loop that runs zero times, or a call
    behind an `if` or after a `continue`, never compiled a `nil` or bad pattern
    (`regex.search("(", s)`) that the hoisted line now compiles and raises on; and even in a
    loop that surely runs it, the error would now come before what the first iteration did
    (its prints, its calls, the call's own "Argument 2 must be a string.").

    No fix is offered where there is no line to put the new statement on (the loop is the
    body of a one-line `if c for ...`, or shares its line with an earlier statement), or where
    the rewrite would delete a comment.

    ## Measured
    Toi 5fe21b7 (`-O2`), `toilint bench`, medians of 7 runs of each side on a 2-core machine
    that was busy (load average about 5), so wall times are inflated; the CPU-time ratio is
    recorded beside it. `toilint explain PERF101` adds the latest recorded run.

    | program | before | after | speedup (wall / CPU) |
    | --- | --- | --- | --- |
    | `benchmarks/cases/PERF101`: 30,000 access-log lines, after = this rule's fix | 2.189 s | 0.538 s | 4.07x / 3.80x |
    | Toi's `benchmarks/json_regex_bench.toi`, "regex search" phase (120,000 calls) | 1.97 s | 0.27 s | 7.3x |

    A hand measurement of the same case on a quieter machine gave 4.95x. In a bare loop of
    200,000 `regex.match(pattern, "item-42")` calls against one compiled pattern's `.match`,
    CPU time went from 1.35 s to 0.03-0.04 s (about 40x; three runs each, Toi 5fe21b7).
    """

    code = "PERF101"
    name = "regex-call-in-loop"
    fix = Applicability.SAFE
    #: a regex call names the module in the text (see ``_regex.regex_call``)
    requires = only_with(visit_Call=("regex",))

    def __init__(self) -> None:
        self.names: set[str] = set()  # names this run's fixes introduce
        #: (statement the compile goes before, pattern, flags) -> the fix shared by its calls
        self.groups: dict[tuple[ast.Node, str, str], Fix | None] = {}
        #: the calls to report, in walk order, with the loops each is invariant in
        self.found: list[tuple[RegexCall, list[Loop]]] = []
        #: loop -> the reported calls invariant in it, in walk order (a group's candidates)
        self.in_loop: dict[ast.Node, list[RegexCall]] = {}

    def visit_Call(self, node: ast.Call, ctx: Context) -> None:
        model = ctx.semantic
        rc = regex_call(model, ctx.text, node)
        if rc is None or rc.function not in COMPILABLE or len(rc.args) > 3:
            return
        invariant_in = _invariant_loops(model, rc)
        if not invariant_in:
            return
        self.found.append((rc, invariant_in))
        for loop in invariant_in:
            self.in_loop.setdefault(loop, []).append(rc)

    def finish(self, ctx: Context) -> None:
        # Reported after the walk, in walk order: a fix shares one compiled name among every
        # call of its loop with the same pattern, later calls included, and the calls recorded
        # per loop are exactly those (the loop is around each), so no fix walks the loop again.
        model = ctx.semantic
        for rc, invariant_in in self.found:
            func = display(rc, ctx.text)
            message = (
                f"`{func}` compiles its pattern on every iteration of this loop; "
                f"compile it once with `regex.compile` before the loop"
            )
            ctx.report(self, rc.call, message, fix=self._fix(ctx, model, rc, invariant_in))

    def _fix(self, ctx: Context, model: SemanticModel, rc: RegexCall, loops: list[Loop]) -> Fix | None:
        text = ctx.text
        if not _rewritable(ctx, rc):
            return None
        # outermost loop first; fall back to inner loops when there is no line to insert on
        for loop in reversed(loops):
            module = self._module_expr(model, rc, loop)
            if module is None:
                continue
            try:
                stmt = model.enclosing_statement(loop)
            except ValueError:
                continue
            key = (stmt, _source(text, rc.pattern), _source(text, rc.flags))
            if key in self.groups:
                return self.groups[key]  # (a group is made only where there is a line to insert on)
            if insert_before_statement(model, text, stmt, "x") is None:
                continue
            self.groups[key] = self._group_fix(ctx, model, rc, loop, stmt, module)
            return self.groups[key]
        return None

    def _group_fix(
        self, ctx: Context, model: SemanticModel, rc: RegexCall, loop: Loop, stmt: ast.Stmt, module: str
    ) -> Fix | None:
        """One compiled name for every call of this pattern that can share it in ``stmt``."""
        text = ctx.text
        pattern, flags = _source(text, rc.pattern), _source(text, rc.flags)
        members = []
        for other in self.in_loop[loop]:  # the calls in ``loop`` invariant in it, in walk order
            if _source(text, other.pattern) != pattern or _source(text, other.flags) != flags:
                continue
            if other is not rc and (not _rewritable(ctx, other) or self._module_expr(model, other, loop) != module):
                continue  # (``rc`` is rewritable, and its module expression in ``loop`` is ``module``)
            members.append(other)
        if rc not in members:
            members.append(rc)
        name = fresh_name(model, name_base(rc.pattern), stmt, self.names)
        args = pattern + (", " + flags if rc.flags is not None else "")
        insert = insert_before_statement(model, text, stmt, f"{name} = {module}.compile({args})")
        if insert is None:
            return None
        self.names.add(name)
        edits = [insert]
        for member in members:
            call, subject = member.call, member.args[1]
            edits.append(Edit(call.start, subject.start, f"{name}.{member.function}("))
            if subject.end != call.end - 1:
                edits.append(Edit(subject.end, call.end, ")"))
        safe = _safe(model, rc)
        return Fix(
            tuple(edits),
            Applicability.SAFE if safe else Applicability.UNSAFE,
            f"Compile the pattern once before the loop as `{name}`",
            binds=(name,),
        )

    @staticmethod
    def _module_expr(model: SemanticModel, rc: RegexCall, loop: Loop) -> str | None:
        if rc.module_name is not None:
            return rc.module_src if effects_of(model).is_invariant(rc.module_name, loop) else None
        if rc.module_src is not None:
            return rc.module_src  # `(import regex).search(...)`
        return "(import regex)"  # `from regex import search`: no module variable to use


def _source(text: str, expr: ast.Expr | None) -> str:
    return "" if expr is None else text[expr.start : expr.end]


def _rewritable(ctx: Context, rc: RegexCall) -> bool:
    """The call text outside the kept `text` argument is replaced: it must hold no comment."""
    call, subject = rc.call, rc.args[1]
    return not (
        comments_within(ctx.comments, call.start, subject.start) or comments_within(ctx.comments, subject.end, call.end)
    )


def _invariant_loops(model: SemanticModel, rc: RegexCall) -> list[Loop]:
    """The loops around the call, innermost first, up to the first that may change the pattern."""
    memo = model.memo.setdefault("regex-invariant-loops", {})
    found = memo.get(rc.call)
    if found is None:
        found = []
        if is_pattern_shape(rc.pattern):
            effects = effects_of(model)
            for loop in model.enclosing_loops(rc.call):
                if not all(effects.is_invariant(e, loop) for e in (rc.pattern, rc.flags) if e is not None):
                    break
                found.append(loop)
        memo[rc.call] = found
    return found


def _safe(model: SemanticModel, rc: RegexCall) -> bool:
    """Compiling before the loop cannot raise: the pattern (and flags) surely compile."""
    return _surely_compiles(model, rc.pattern, compiles) and _surely_compiles(model, rc.flags, flags_valid)


def _surely_compiles(model: SemanticModel, expr: ast.Expr | None, check: Callable[[ast.Expr], bool]) -> bool:
    """A literal that passes ``check``, or a variable that is surely a string here and is only
    ever assigned such literals."""
    if expr is None:
        return True
    expr = unparen(expr)
    if isinstance(expr, (ast.String, ast.Nil)):
        return check(expr)
    if not isinstance(expr, ast.Name) or not values_of(model).of(expr).only(V.STRING):
        return False
    binding = model.binding_of(expr)
    if binding is not None and isinstance(binding.decl, ast.For) and len(binding.decl.iters) == 1:
        # `for w in {"a", "b"}`: each item of the literal is one value it takes
        items = unparen(binding.decl.iters[0])
        if isinstance(items, ast.Table) and not binding.decl.indexed and len(binding.decl.targets) == 1:
            return bool(items.entries) and all(
                isinstance(e, ast.ArrayItem) and isinstance(unparen(e.value), ast.String) and check(unparen(e.value))
                for e in items.entries
            )
    return (
        binding is not None
        and bool(binding.values)
        and len(binding.values) == len(binding.assignments)
        and all(isinstance(v, ast.String) and check(v) for v in binding.values)
    )
