"""W210: a value assigned to a variable is replaced by the next statement before any read."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.rules.base import register
from toilint.rules.warnings._consecutive import ConsecutiveStatements
from toilint.semantic import Binding, SemanticModel
from toilint.visitor import iter_nodes


@register
class OverwrittenValue(ConsecutiveStatements[ast.Name]):
    """Assigns a variable and assigns it again in the very next statement, without reading it.

    ## Why is this bad?
    The first value is never used: either it is dead code, or the second assignment was meant
    for another variable (luacheck's "value assigned to variable is overwritten before use").
    Only consecutive statements of one block are compared, so every report is certain: the
    second value does not read the variable, and when a nested function can see the variable,
    the second value calls nothing that could read it.

    ## Example
    ```toi
    fn label(n)
        text = "item"
        text = f"item {n}"
        return text
    ```

    ## Use instead
    ```toi
    fn label(n)
        text = f"item {n}"
        return text
    ```

    ## Fix safety
    No automatic fix: the first value may have side effects worth keeping.
    """

    code = "W210"
    name = "overwritten-value"

    @staticmethod
    def key(stmt: ast.Stmt) -> ast.Name | None:  # (static: no wrapper call per statement)
        # exact types (node classes have no subclasses): asked of every statement of every block
        if type(stmt) is ast.ExprStmt:
            expr = stmt.expr
            if type(expr) is ast.Assign and expr.op in ("=", ":="):
                target = expr.target
                return target if type(target) is ast.Name else None
            return None
        if type(stmt) is ast.Local and len(stmt.names) == 1 and len(stmt.values) == 1:
            return stmt.names[0]
        return None

    def pair(self, first: ast.Stmt, second: ast.Stmt, target: ast.Name, again: ast.Name, ctx: Context) -> None:
        sem = ctx.semantic
        binding = sem.binding_of(target)
        if binding is None or binding is not sem.binding_of(again) or target.id.startswith("_"):
            return
        value = _value(second)
        if value is None or _may_read(value, binding, sem):
            return
        line = ctx.lines.line_of(again.start)
        ctx.report(self, target, f"the value assigned to '{target.id}' is overwritten on line {line} before it is read")


def _value(stmt: ast.Stmt) -> ast.Expr | None:
    if isinstance(stmt, ast.ExprStmt) and isinstance(stmt.expr, ast.Assign):
        return stmt.expr.value
    return None


def _may_read(value: ast.Expr, binding: Binding, sem: SemanticModel) -> bool:
    for n in iter_nodes(value):
        if isinstance(n, ast.Name) and sem.binding_of(n) is binding:
            return True
        if isinstance(n, (ast.Call, ast.Lambda)) and (binding.captured or binding.scope is None):
            return True
    return False
