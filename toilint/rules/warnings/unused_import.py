"""W203: an imported name that is never read."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.rules.base import Rule, register
from toilint.semantic import Binding
from toilint.semantic.values import is_native_module


@register
class UnusedImport(Rule):
    """`import m` or `from m import x` binds a name that nothing reads.

    ## Why is this bad?
    It costs a module load at start-up and tells readers of a dependency that is not there.

    ## Example
    ```toi
    import regex
    import math
    print math.sqrt(2)
    ```

    ## Use instead
    ```toi
    import math
    print math.sqrt(2)
    ```

    ## Fix safety
    When every name of the statement is unused, the fix deletes the statement's line(s).
    It is safe for Toi's native modules (loading them has no effect); for a `.toi` module it
    is unsafe, because importing it runs its top-level code. A native module is one the
    standard-library table names, by its whole dotted path: `import math.extra` loads
    `math/extra.toi`.
    """

    code = "W203"
    name = "unused-import"
    fix = Applicability.SAFE
    unnecessary = True

    def finish(self, ctx: Context) -> None:
        by_stmt: dict[ast.Node, list[Binding]] = {}
        for b in ctx.semantic.bindings:
            if b.kind in ("import", "from-import"):
                by_stmt.setdefault(b.decl, []).append(b)
        for stmt, bindings in by_stmt.items():
            unused = [b for b in bindings if not b.references and not b.name.startswith("_")]
            fix = self._removal(stmt, ctx) if len(unused) == len(bindings) else None
            for b in unused:
                ctx.report(self, b.node, f"unused import '{b.name}'", fix=fix)

    def _removal(self, stmt: ast.Node, ctx: Context) -> Fix | None:
        text = ctx.text
        line_start = text.rfind("\n", 0, stmt.start) + 1
        line_end = text.find("\n", stmt.end)
        line_end = len(text) if line_end < 0 else line_end + 1
        before = text[line_start : stmt.start]
        after = text[stmt.end : line_end].strip()
        if before.strip() or (after and not after.startswith("--")):
            return None  # shares its line with other code
        sm = ctx.semantic
        parent = sm.parent(stmt)
        if isinstance(parent, ast.Block) and len(parent.body) == 1:
            return None  # a block cannot be empty
        if isinstance(stmt, ast.Import):
            paths = [d.dotted for d in stmt.modules]
        elif isinstance(stmt, ast.FromImport):
            paths = [stmt.module.dotted]
        else:
            return None
        # a native module is found by its whole dotted name: `import math.extra` loads a file
        safe = all(is_native_module(p) for p in paths)
        return Fix(
            (Edit(line_start, line_end, ""),),
            Applicability.SAFE if safe else Applicability.UNSAFE,
            "Remove the unused import",
        )
