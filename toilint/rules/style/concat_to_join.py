"""STY004: `table.concat(t, sep)` where `sep.join(t)` says the same."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fix.fixes import parenthesized
from toilint.rules.base import Rule, only_with, register
from toilint.rules.style._common import breaks_statement_start
from toilint.semantic.calls import qualified_name
from toilint.semantic.predicates import unparen


@register
class ConcatToJoin(Rule):
    """Joins strings with `table.concat(t, sep)` instead of `sep.join(t)`.

    ## Why is this bad?
    Toi's style guide (`AGENTS.md`, "Toi Style Preferences"): *use "".join(table) for easy
    joins* and *Prefer method-call style when available: ... `"".join({1,2,3})` over
    table.concat({1,2,3}, "")*. The separator leads, as in Python, the call needs no
    `import table`, and `join` also accepts numbers where `table.concat` raises.

    ## Example
    ```toi
    import table
    parts = {"a", "b", "c"}
    csv = table.concat(parts, ",")
    word = table.concat(parts)
    ```

    ## Use instead
    ```toi
    parts = {"a", "b", "c"}
    csv = ",".join(parts)
    word = "".join(parts)
    ```

    ## Fix safety
    Unsafe. Both join the sequence `t[1], t[2], ...` up to the first `nil`, and give the same
    string for lists built with literals, `<+` and in-order assignment, but they find the
    elements differently (checked on `toi` 5fe21b7): `table.concat` reads only the table's
    array part, while `join` also finds integer keys stored in the hash part, so a table
    filled out of order (`t[3] = "c"`, `t[2] = "b"`, `t[1] = "a"`) gives `"a"` from
    `table.concat(t, ",")` and `"a,b,c"` from `",".join(t)`. `table.concat` raises on number
    elements, `join` formats them. The rewrite also evaluates the separator before the table;
    a fix is offered only when the separator is a literal or a name, where that cannot matter.
    """

    code = "STY004"
    name = "concat-to-join"
    fix = Applicability.UNSAFE
    #: `table.concat` is reached by that name (`t.concat`, `from table import concat`)
    requires = only_with(visit_Call=("concat",))
    default_enabled = False

    def visit_Call(self, node: ast.Call, ctx: Context) -> None:
        qualified = qualified_name(ctx.semantic, unparen(node.func))
        if qualified != "table.concat" or len(node.args) not in (1, 2):
            return
        if any(a.name is not None or a.spread for a in node.args):
            return
        table = node.args[0].value
        sep = node.args[1].value if len(node.args) == 2 else None
        sep_text = '""' if sep is None else parenthesized(ctx.text, sep)
        replacement = f"{sep_text}.join({ctx.source(table)})"
        fix = None
        orderless = sep is None or isinstance(unparen(sep), (ast.String, ast.Name))
        if orderless and not breaks_statement_start(ctx, node, replacement):
            fix = Fix((Edit(node.start, node.end, replacement),), Applicability.UNSAFE, f"Replace with `{replacement}`")
        ctx.report(self, node, f"Use `{sep_text}.join(...)` instead of `table.concat`", fix=fix)
