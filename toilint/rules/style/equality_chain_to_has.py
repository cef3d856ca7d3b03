"""STY007: `x == "a" or x == "b" or x == "c"` instead of `{"a", "b", "c"} has x`."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fix.fixes import parenthesized
from toilint.rules.base import Rule, register
from toilint.rules.style._common import breaks_statement_start
from toilint.semantic.predicates import unparen

#: shortest chain reported: two comparisons read fine, the guide objects to *long* chains
MIN_COMPARISONS = 3


def _flatten(node: ast.Expr, op: str) -> list[ast.Expr]:
    out: list[ast.Expr] = []
    stack: list[ast.Expr] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Binary) and current.op == op:
            stack.append(current.right)
            stack.append(current.left)
        else:
            out.append(current)
    return out


def _compare(expr: ast.Expr, op: str) -> tuple[ast.Expr, ast.Expr] | None:
    """(subject, literal) of `subject OP literal` or `literal OP subject` (string/number literal)."""
    if not isinstance(expr, ast.Binary) or expr.op != op:
        return None
    literal = (ast.String, ast.Number)
    if isinstance(unparen(expr.right), literal) and not isinstance(unparen(expr.left), literal):
        return expr.left, expr.right
    if isinstance(unparen(expr.left), literal) and not isinstance(unparen(expr.right), literal):
        return expr.right, expr.left
    return None


@register
class EqualityChainToHas(Rule):
    """Tests one value against a list of literals with a chain of `==` and `or`.

    ## Why is this bad?
    Toi's style guide (`AGENTS.md`): *Prefer data-driven token/category membership
    (tables/sets) over long boolean chains like `a == x or a == y or ...`*; *In Toi, `has`
    checks value containment ... store tokens as value lists and use `list has token`*; and
    in "Toi Usage Guardrails", *Prefer data-driven designs (tables/specs) over long `if/or`
    chains for token/category classification.* The list states the category once, and
    grows by adding a value instead of another clause. Chains of three or more comparisons
    of the same value with string or number literals are reported; `!=` joined by `and` is
    the negated form.

    ## Example
    ```toi
    fn is_code(ext)
        return ext == "toi" or ext == "js" or ext == "css"
    ```

    ## Use instead
    ```toi
    CODE_EXTENSIONS = {"toi", "js", "css"}
    fn is_code(ext)
        return CODE_EXTENSIONS has ext
    ```

    ## Fix safety
    Unsafe. For strings, numbers, booleans and `nil` the result is the same `true`/`false`
    (checked on `toi` 5fe21b7, including a number among the options and the negated `and`
    form), but the subject is evaluated once instead of up to once per comparison, and an
    object whose metatable defines `__eq` or `__has` may answer differently. The fix writes
    the list inline; naming it once at module level, as above, is left to the reader.
    """

    code = "STY007"
    name = "equality-chain-to-has"
    fix = Applicability.UNSAFE
    default_enabled = False

    def visit_Binary(self, node: ast.Binary, ctx: Context) -> None:
        if node.op not in ("or", "and"):
            return
        parent = ctx.semantic.parent(node)
        if isinstance(parent, ast.Binary) and parent.op == node.op:
            return  # only the root of a chain
        compare_op = "==" if node.op == "or" else "!="
        operands = _flatten(node, node.op)
        run: list[tuple[ast.Expr, ast.Expr, ast.Expr]] = []
        for operand in [*operands, None]:
            found = _compare(operand, compare_op) if operand is not None else None
            if found is not None and operand is not None and run:
                if ctx.source(unparen(found[0])) != ctx.source(unparen(run[0][1])):
                    self._flush(run, node.op, ctx)
                    run = []
            if found is None or operand is None:
                self._flush(run, node.op, ctx)
                run = []
                continue
            run.append((operand, found[0], found[1]))

    def _flush(self, run: list[tuple[ast.Expr, ast.Expr, ast.Expr]], op: str, ctx: Context) -> None:
        if len(run) < MIN_COMPARISONS:
            return
        subject = run[0][1]
        values = ", ".join(ctx.source(literal) for _operand, _subject, literal in run)
        test = f"{{{values}}} has {parenthesized(ctx.text, unparen(subject))}"
        replacement = test if op == "or" else f"not ({test})"
        start, end = run[0][0].start, run[-1][0].end
        first = run[0][0]
        fix = None
        if not breaks_statement_start(ctx, first, replacement):
            fix = Fix((Edit(start, end, replacement),), Applicability.UNSAFE, f"Replace with `{replacement}`")
        message = f"Use `{replacement}` instead of {len(run)} comparisons"
        ctx.report(self, (start, end), message, fix=fix)
