from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fix.fixes import comments_within, fresh_name, insert_after_statement
from toilint.rules.base import Rule, only_with, register
from toilint.rules.perf._regex import COMPILABLE, RegexCall, compiles, display, flags_valid, regex_call
from toilint.semantic import SemanticModel
from toilint.semantic.effects import effects_of
from toilint.semantic.predicates import unparen


@register
class RegexInHotFunction(Rule):
    """Calls `regex.search`, `regex.match` or `regex.finditer` with a literal pattern in a function that runs in a loop.

    ## Why is this bad?
    Toi's module-level regex functions compile the pattern on every call. A helper such as
    `is_valid_email(s)` that calls `regex.match("...", s)` compiles the same literal pattern
    each time it is called, and when the program calls it from a loop (directly or through
    other functions of the same file) that compile dominates its cost. Compiling the pattern
    once, at module level, removes it: about 4x on the sign-up validator benchmark.

    Calls inside a loop of the function itself are PERF101's, not reported here.

    ## Example
    ```toi
    regex = import regex
    fn is_valid_email(s)
        return regex.match("^[a-z0-9._-]+@[a-z0-9.-]+$", s)
    fn count_valid(emails)
        n = 0
        for e in emails
            if is_valid_email(e) n += 1
        return n
    ```

    ## Use instead
    ```toi
    regex = import regex
    is_valid_email_re = regex.compile("^[a-z0-9._-]+@[a-z0-9.-]+$")
    fn is_valid_email(s)
        return is_valid_email_re.match(s)
    fn count_valid(emails)
        n = 0
        for e in emails
            if is_valid_email(e) n += 1
        return n
    ```

    ## Fix safety
    The fix adds `NAME = regex.compile(P)` on the line after the module-level regex import
    (`regex = import regex`, `import regex`, or `from regex import search`, which gets
    `(import regex).compile(P)`) and calls through it; `NAME` is a name no identifier of the
    file uses, and the compiled methods behave exactly like the module functions.

    The fix is unsafe when the pattern may not compile (a conservative check of POSIX extended
    syntax; flags among `i`, `n`, `m`, `x`): the module would then fail when it starts, outside
    any `try` that caught the error at the call.

    The fix is unsafe when the function is defined inside another function: a nested
    function is a new closure each time its parent runs, and which of those closures reach
    the loop is the least certain part of toilint's call graph, so the change is left to
    `--unsafe-fixes`. No fix is offered when the regex module is not imported at the top level
    of the file before the function, or when the rewrite would delete a comment.

    ## Measured
    Toi 5fe21b7 (`-O2`), `toilint bench`, medians of 7 runs of each side on a busy 2-core
    machine (load average about 5; the CPU-time ratio is recorded beside the wall-time one).
    `toilint explain PERF103` adds the latest recorded run.

    | program | before | after | speedup (wall / CPU) |
    | --- | --- | --- | --- |
    | `benchmarks/cases/PERF103`: 25,000 sign-up records, two helpers, after = this rule's fix | 1.808 s | 0.462 s | 3.91x / 4.15x |

    A hand measurement of the same case on a quieter machine gave 4.57x.
    """

    code = "PERF103"
    name = "regex-in-hot-function"
    fix = Applicability.SAFE
    #: a regex call names the module in the text (see ``_regex.regex_call``)
    requires = only_with(visit_Call=("regex",))

    def __init__(self) -> None:
        self.names: set[str] = set()  # names this run's fixes introduce

    def visit_Call(self, node: ast.Call, ctx: Context) -> None:
        model = ctx.semantic
        rc = regex_call(model, ctx.text, node)
        if rc is None or rc.function not in COMPILABLE or len(rc.args) > 3:
            return
        if not _literal(rc.pattern) or (rc.flags is not None and not _literal(rc.flags)):
            return
        fn = model.enclosing_function(node)
        if fn is None or model.enclosing_loops(node) or fn not in effects_of(model).hot_units():
            return
        func = display(rc, ctx.text)
        where = f"`{fn.name.id}`" if isinstance(fn, ast.FunctionDef) else "this function"
        message = (
            f"`{func}` compiles its pattern on every call of {where}, which runs in a loop; "
            f"compile it once at module level"
        )
        ctx.report(self, node, message, fix=self._fix(ctx, model, rc, fn))

    def _fix(self, ctx: Context, model: SemanticModel, rc: RegexCall, fn: ast.FunctionDef | ast.Lambda) -> Fix | None:
        text = ctx.text
        call = rc.call
        subject = rc.args[1]
        if comments_within(ctx.comments, call.start, subject.start) or comments_within(
            ctx.comments, subject.end, call.end
        ):
            return None
        found = _module_import(model, rc)
        if found is None:
            return None
        import_stmt, module = found
        if import_stmt.end > fn.start:
            return None  # the function is compiled before the import: it could not see the new name
        base = f"{fn.name.id}_re" if isinstance(fn, ast.FunctionDef) else "pattern_re"
        name = fresh_name(model, base, fn, self.names)
        args = text[rc.pattern.start : rc.pattern.end]
        if rc.flags is not None:
            args += ", " + text[rc.flags.start : rc.flags.end]
        insert = insert_after_statement(text, import_stmt, f"{name} = {module}.compile({args})")
        if insert is None:
            return None
        self.names.add(name)
        edits = [insert, Edit(call.start, subject.start, f"{name}.{rc.function}(")]
        if subject.end != call.end - 1:
            edits.append(Edit(subject.end, call.end, ")"))
        nested = model.enclosing_function(fn) is not None
        valid = compiles(rc.pattern) and flags_valid(rc.flags)
        return Fix(
            tuple(edits),
            Applicability.UNSAFE if nested or not valid else Applicability.SAFE,
            f"Compile the pattern once at module level as `{name}`",
            binds=(name,),
        )


def _literal(expr: ast.Expr) -> bool:
    expr = unparen(expr)
    return isinstance(expr, ast.String)


def _module_import(model: SemanticModel, rc: RegexCall) -> tuple[ast.Stmt, str] | None:
    """The top-level statement that binds what the call goes through, and how new code names
    the regex module right after it."""
    func = rc.call.func
    name: ast.Name | None = None
    module: str | None = None
    if rc.module_name is not None:
        name, module = rc.module_name, rc.module_src
    elif isinstance(func, ast.Name):
        name, module = func, "(import regex)"
    if name is None or module is None:
        return None
    binding = model.binding_of(name)
    if binding is None or binding.scope is None or binding.kind not in ("import", "from-import", "local"):
        return None
    try:
        stmt = model.enclosing_statement(binding.decl)
    except ValueError:
        return None
    if not isinstance(model.statement_block(stmt), ast.Module):
        return None
    return stmt, module
