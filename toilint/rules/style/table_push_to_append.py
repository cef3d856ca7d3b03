"""STY006: `table.push(t, v)` / `table.insert(t, v)` as a statement instead of `t <+ v`."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fix.fixes import parenthesized
from toilint.rules.base import Rule, register
from toilint.rules.style._common import breaks_statement_start
from toilint.semantic.calls import qualified_name
from toilint.semantic.predicates import unparen


@register
class TablePushToAppend(Rule):
    """Appends with `table.push(t, v)` or `table.insert(t, v)` instead of `t <+ v`.

    ## Why is this bad?
    Toi's style guide (`AGENTS.md`, "Toi Style Preferences"): *Use table append for push:
    `items <+ value`* and *Prefer direct operators for common patterns: `items <+ value`*.
    The operator needs no `import table` and is what Toi code is expected to say.
    Only calls used as statements are reported (`n = table.push(t, v)` uses the result).

    ## Example
    ```toi
    import table
    items = {}
    table.push(items, "a")
    table.insert(items, "b")
    ```

    ## Use instead
    ```toi
    items = {}
    items <+ "a"
    items <+ "b"
    ```

    ## Fix safety
    Unsafe. `<+` and `table.push` both store at the slot after the table's highest array
    index (checked on `toi` 5fe21b7, `src/vm/ops_table.c` and `src/lib/table.c`), but `<+`
    first calls an `__append` metamethod when the table's metatable has one, and
    `table.insert(t, v)` appends after the first `nil` of the array part instead, which
    differs for a table with holes. A value that is not a single term is parenthesized
    (`items <+ (n * 10)`), and no fix is offered where the statement would start with `(`.
    """

    code = "STY006"
    name = "table-push-to-append"
    fix = Applicability.UNSAFE
    default_enabled = False

    def visit_ExprStmt(self, node: ast.ExprStmt, ctx: Context) -> None:
        call = node.expr
        if not isinstance(call, ast.Call) or len(call.args) != 2:
            return
        if any(a.name is not None or a.spread for a in call.args):
            return
        qualified = qualified_name(ctx.semantic, unparen(call.func))
        if qualified not in ("table.push", "table.insert"):
            return
        table, value = call.args[0].value, call.args[1].value
        replacement = f"{parenthesized(ctx.text, table)} <+ {parenthesized(ctx.text, value)}"
        fix = None
        if not breaks_statement_start(ctx, call, replacement):
            fix = Fix((Edit(call.start, call.end, replacement),), Applicability.UNSAFE, f"Replace with `{replacement}`")
        ctx.report(self, call, f"Use `{replacement}` instead of `{qualified}`", fix=fix)
