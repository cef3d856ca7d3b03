"""E115: the compiler's fixed limits (constants per function, locals, upvalues, counts)."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register
from toilint.semantic.model import SemanticErrorKind

#: (limit, message) of the counts the compiler checks while parsing one construct
PARAMS = (255, "Can't have more than 255 parameters.")
ARGS = (255, "Can't have more than 255 arguments.")
PRINT = (255, "Can't print more than 255 values.")
DECL = (255, "Too many variables in declaration.")
ASSIGN = (255, "Too many variables in assignment.")
DECORATORS = (64, "Too many decorators on function.")
CLAUSES = (256, "Too many clauses in match statement.")
FSTRING_PARTS = (255, "f-string has too many parts.")
GLOBALS = (256, "Too many global declarations in function.")


@register
class CompilerLimits(Rule):
    """A function is too big for the compiler's one-byte operands.

    ## Why is this bad?
    Toi's bytecode addresses constants, locals and upvalues with one byte, so the compiler
    rejects the file when one function (the script body, a comprehension and a generator
    argument each count as one) needs more than 256 constants: "Too many constants in one
    chunk.". Constants are not shared: every number and string literal, every `.field`,
    named argument and `key =`, every array item of a table literal, every read or write of
    a global name, every nested function and every import takes its own slot. Long test
    scripts and data tables written at top level hit this first. The same family of errors
    covers more than 256 locals ("Too many local variables in function.") or upvalues ("Too
    many closure variables in function."), and the per-construct counts: 255 parameters,
    arguments, printed values, declared or assigned names, f-string parts; 64 decorators;
    256 match clauses; 256 names declared `global` in one function.

    ## Example
    ```toi
    -- ... 300 lines of
    assert_eq(parse("a"), "a")
    ```

    ## Use instead
    ```toi
    fn test_parse()
        assert_eq(parse("a"), "a")
        -- ... split the checks over several functions: each has its own 256 constants
    test_parse()
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "E115"
    name = "compiler-limit"
    severity = Severity.ERROR
    semantic_errors = (SemanticErrorKind.TOO_MANY_CONSTANTS, SemanticErrorKind.TOO_MANY_LOCALS)

    def _over(self, ctx: Context, items: tuple[ast.Node, ...], limit: tuple[int, str]) -> None:
        if len(items) > limit[0]:
            ctx.report(self, items[limit[0]], limit[1])

    def _params(self, node: ast.FunctionDef | ast.Lambda, ctx: Context) -> None:
        if len(node.params) <= PARAMS[0]:  # the count below is at most len(params): every function
            return
        plain = tuple(p for p in node.params if not p.star)
        self._over(ctx, plain, PARAMS)

    def __init__(self) -> None:
        #: the `global` statements of the file, in walk order
        self._globals: list[ast.Global] = []

    def visit_FunctionDef(self, node: ast.FunctionDef, ctx: Context) -> None:
        self._params(node, ctx)
        self._over(ctx, node.decorators, DECORATORS)

    def finish(self, ctx: Context) -> None:
        # only the functions around a `global` statement need a count (walking every body again,
        # or a leave event for every function, made this rule a few percent of a whole run)
        sem = ctx.semantic
        around: dict[ast.FunctionDef, None] = {}
        for g in self._globals:
            for anc, _ in sem.ancestors(g):
                if isinstance(anc, ast.FunctionDef):
                    around[anc] = None
        for function in around:
            names = {n.id: n for g in _globals_of(function.body) for n in g.names}
            if len(names) > GLOBALS[0]:
                ctx.report(self, list(names.values())[GLOBALS[0]], GLOBALS[1])

    def visit_Lambda(self, node: ast.Lambda, ctx: Context) -> None:
        self._params(node, ctx)

    def batch_Call(self, nodes: list[ast.Call], ctx: Context) -> None:
        limit = ARGS[0]
        for node in nodes:
            if len(node.args) > limit:  # the count below is at most len(args): nearly every call
                self._call(node, ctx)

    def _call(self, node: ast.Call, ctx: Context) -> None:
        positional = tuple(a for a in node.args if a.name is None)
        named = any(a.name is not None for a in node.args)
        if len(positional) + (1 if named else 0) > ARGS[0]:
            ctx.report(self, node.args[-1], ARGS[1])

    def visit_Print(self, node: ast.Print, ctx: Context) -> None:
        self._over(ctx, node.values, PRINT)

    def visit_Global(self, node: ast.Global, ctx: Context) -> None:
        self._globals.append(node)
        self._over(ctx, node.names, DECL)

    def visit_MultiAssign(self, node: ast.MultiAssign, ctx: Context) -> None:
        self._over(ctx, node.targets, ASSIGN)

    def visit_Match(self, node: ast.Match, ctx: Context) -> None:
        self._over(ctx, node.cases, CLAUSES)

    def visit_FString(self, node: ast.FString, ctx: Context) -> None:
        if sum(1 for p in node.parts if p != "") > FSTRING_PARTS[0]:
            ctx.report(self, node, FSTRING_PARTS[1])


def _globals_of(block: ast.Block) -> list[ast.Global]:
    """`global` statements of one function body, not of the functions nested in it."""
    out: list[ast.Global] = []
    todo: list[ast.Node] = [block]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Global):
            out.append(node)
        for child in node.children():
            if not isinstance(child, (ast.FunctionDef, ast.Lambda, ast.Comprehension)):
                todo.append(child)
    out.sort(key=lambda g: g.start)
    return out
