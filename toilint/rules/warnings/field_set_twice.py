"""W211: a table field is set and set again by the next statement before any read."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.rules.base import register
from toilint.rules.warnings._consecutive import ConsecutiveStatements
from toilint.semantic.calls import field_written
from toilint.visitor import iter_nodes


@register
class FieldSetTwice(ConsecutiveStatements[tuple[ast.Name, str, ast.Expr]]):
    """Sets `t.name` and sets the same field again in the next statement.

    ## Why is this bad?
    The first value is lost; usually one of the two lines names the wrong field or the wrong
    table (luacheck reports the same). Only consecutive statements are compared, and only
    when the second value reads no field and calls nothing (which could read the first) and
    no table of the file has a metatable (whose `__newindex` could observe the first write).

    ## Example
    ```toi
    point = {}
    point.x = 1
    point.x = 2
    ```

    ## Use instead
    ```toi
    point = {}
    point.x = 1
    point.y = 2
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "W211"
    name = "field-set-twice"

    @staticmethod
    def key(stmt: ast.Stmt) -> tuple[ast.Name, str, ast.Expr] | None:  # (static: no wrapper call per statement)
        # exact types (node classes have no subclasses): asked of every statement of every block
        if type(stmt) is not ast.ExprStmt:
            return None
        expr = stmt.expr
        if type(expr) is not ast.Assign or expr.op != "=":
            return None
        target = expr.target
        if type(target) is ast.Attribute and not target.meta and type(target.obj) is ast.Name:
            return target.obj, target.name.id, expr.value
        return None

    def pair(
        self,
        first: ast.Stmt,
        second: ast.Stmt,
        a: tuple[ast.Name, str, ast.Expr],
        b: tuple[ast.Name, str, ast.Expr],
        ctx: Context,
    ) -> None:
        sem = ctx.semantic
        (obj_a, field_a, _), (obj_b, field_b, value) = a, b
        if field_a != field_b or sem.binding_of(obj_a) is None or sem.binding_of(obj_a) is not sem.binding_of(obj_b):
            return
        if field_written(sem, "*") or any(
            isinstance(n, (ast.Attribute, ast.Index, ast.Call, ast.Lambda, ast.MetaConstruct))
            for n in iter_nodes(value)
        ):
            return
        if any(isinstance(n, ast.MetaConstruct) for n in sem.preorder()):  # (the model's list: no walk)
            return
        line = ctx.lines.line_of(second.start)
        ctx.report(self, first, f"'{obj_a.id}.{field_a}' is set again on line {line} before it is read")
