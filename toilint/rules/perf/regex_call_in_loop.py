from __future__ import annotations

from collections.abc import Callable

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fixes import comments_within, fresh_name, insert_before_statement, may_skip
from toilint.rules.base import Rule, register
from toilint.rules.perf._regex import (
    COMPILABLE,
    RegexCall,
    display,
    is_literal,
    is_pattern_shape,
    name_base,
    regex_call,
)
from toilint.semantic import SemanticModel

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
    name no identifier of the file uses.

    The fix is safe when the pattern is a literal, or a variable local to the function that the
    loop does not rebind. It is unsafe when the pattern (or flags) is a global or a variable of
    an enclosing function and the loop calls functions of the program, which could reassign it
    between iterations, and when a variable pattern is used only on some iterations (behind an
    `if`, `and`/`or`, or after a `continue`/`break`): `nil` or a bad pattern that the original
    never compiled would then be compiled before the loop.

    In every case, an invalid pattern now fails before the loop instead of at the first call,
    and it fails even when the loop runs zero times. No fix is offered where there is no line
    to put the new statement on (the loop is the body of a one-line `if c for ...`, or shares its
    line with an earlier statement), or where the rewrite would delete a comment.

    ## Measured
    Toi 5fe21b7 (`-O2`), `toilint bench`, medians of 7 runs of each side on a 2-core machine
    that was busy (load average about 5), so wall times are inflated; the CPU-time ratio is
    recorded beside it. `toilint explain PERF101` adds the latest recorded run.

    | program | before | after | speedup (wall / CPU) |
    | --- | --- | --- | --- |
    | `benchmarks/cases/PERF101`: 30,000 access-log lines, after = this rule's fix | 2.189 s | 0.538 s | 4.07x / 3.80x |
    | Toi's `benchmarks/json_regex_bench.toi`, "regex search" phase (120,000 calls) | 1.97 s | 0.27 s | 7.3x |

    A hand measurement of the same case on a quieter machine gave 4.95x; the design notes
    measured 16x for `regex.match` in a bare loop.
    """

    code = "PERF101"
    name = "regex-call-in-loop"
    fix = Applicability.SAFE

    def __init__(self) -> None:
        self.names: set[str] = set()  # names this run's fixes introduce

    def visit_Call(self, node: ast.Call, ctx: Context) -> None:
        model = ctx.semantic
        rc = regex_call(model, ctx.text, node)
        if rc is None or rc.function not in COMPILABLE or len(rc.args) > 3:
            return
        loops = model.enclosing_loops(node)
        if not loops or not is_pattern_shape(rc.pattern):
            return
        invariant_in = _prefix(loops, lambda lp: _operands_invariant(model, rc, lp))
        if not invariant_in:
            return
        func = display(rc, ctx.text)
        message = (
            f"`{func}` compiles its pattern on every iteration of this loop; "
            f"compile it once with `regex.compile` before the loop"
        )
        ctx.report(self, node, message, fix=self._fix(ctx, model, rc, invariant_in))

    def _fix(self, ctx: Context, model: SemanticModel, rc: RegexCall, loops: list[Loop]) -> Fix | None:
        text = ctx.text
        call = rc.call
        subject = rc.args[1]
        # the call text outside the kept `text` argument is replaced: keep every comment
        if comments_within(ctx.comments, call.start, subject.start) or comments_within(
            ctx.comments, subject.end, call.end
        ):
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
            name = fresh_name(model, name_base(rc.pattern), stmt, self.names)
            args = text[rc.pattern.start : rc.pattern.end]
            if rc.flags is not None:
                args += ", " + text[rc.flags.start : rc.flags.end]
            insert = insert_before_statement(model, text, stmt, f"{name} = {module}.compile({args})")
            if insert is None:
                continue
            self.names.add(name)
            edits = [insert, Edit(call.start, subject.start, f"{name}.{rc.function}(")]
            if subject.end != call.end - 1:
                edits.append(Edit(subject.end, call.end, ")"))
            safe = self._safe(model, rc, loop)
            return Fix(
                tuple(edits),
                Applicability.SAFE if safe else Applicability.UNSAFE,
                f"Compile the pattern once before the loop as `{name}`",
                binds=(name,),
            )
        return None

    @staticmethod
    def _module_expr(model: SemanticModel, rc: RegexCall, loop: Loop) -> str | None:
        if rc.module_name is not None:
            return rc.module_src if model.is_invariant(rc.module_name, loop) else None
        if rc.module_src is not None:
            return rc.module_src  # `(import regex).search(...)`
        return "(import regex)"  # `from regex import search`: no module variable to use

    @staticmethod
    def _safe(model: SemanticModel, rc: RegexCall, loop: Loop) -> bool:
        operands = [e for e in (rc.pattern, rc.flags) if e is not None and not is_literal(e)]
        if not operands:
            return True
        if may_skip(model, rc.call, loop):
            return False
        loop_fn = model.enclosing_function(loop)
        for expr in operands:
            if not _is_own_local(model, expr, loop_fn) and model.calls_user_functions(loop):
                return False
        return True


def _prefix(loops: list[Loop], ok: Callable[[Loop], bool]) -> list[Loop]:
    """The innermost loops, outwards, up to the first one that fails ``ok``."""
    out: list[Loop] = []
    for loop in loops:
        if not ok(loop):
            break
        out.append(loop)
    return out


def _operands_invariant(model: SemanticModel, rc: RegexCall, loop: Loop) -> bool:
    return all(model.is_invariant(e, loop) for e in (rc.pattern, rc.flags) if e is not None)


def _is_own_local(model: SemanticModel, expr: ast.Expr, fn: ast.FunctionDef | ast.Lambda | None) -> bool:
    while isinstance(expr, ast.Paren):
        expr = expr.expr
    if not isinstance(expr, ast.Name):
        return False  # an f-string pattern: its parts are judged by is_invariant; treat as shared
    binding = model.binding_of(expr)
    if binding is None or binding.scope is None or binding.captured:
        return False
    owner = binding.function
    return owner is (fn if fn is not None else model.module)
