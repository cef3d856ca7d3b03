"""W203: an imported name that is never read (`import m`, `from m import x`, `m = import m`)."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.rules.base import Rule, register
from toilint.semantic import Binding
from toilint.semantic.predicates import binds_module, unparen
from toilint.semantic.values import is_native_module

#: what the first value of a local bound by `m = import m` is
_MAY_IMPORT = frozenset({ast.ImportExpr, ast.Paren})


@register
class UnusedImport(Rule):
    """`import m`, `from m import x` or `m = import m` binds a name that nothing reads.

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
    When every name of the statement is unused, the fix deletes the statement's line(s);
    otherwise it removes the unused names from the list (`import a, b, c` with `b` unused
    becomes `import a, c`). Later lines that only assign an import to the same unused name
    again (`m = import m` a second time, also from a nested function) go with it, so the
    next of them does not become the declaration the next pass reports again. It is safe for Toi's native modules (loading them has no effect);
    for a `.toi` module it is unsafe, because importing it runs its top-level code. A native
    module is one the standard-library table names, by its whole dotted path: `import
    math.extra` loads `math/extra.toi`.
    """

    code = "W203"
    name = "unused-import"
    fix = Applicability.SAFE
    unnecessary = True

    def finish(self, ctx: Context) -> None:
        by_stmt: dict[ast.Node, list[Binding]] = {}
        # id(block) -> statements of it that the fixes offered so far delete: fixes apply
        # together in one pass, and together they must leave every block a statement
        removed: dict[int, int] = {}
        for b in ctx.semantic.bindings:
            kind = b.kind  # (only a local can bind a module: every variable of the file is asked)
            if kind == "import" or kind == "from-import":
                by_stmt.setdefault(b.decl, []).append(b)
            elif kind == "local" and b.values and type(b.values[0]) in _MAY_IMPORT and binds_module(b):
                # (most locals' first value is no `import` expression: asked without a call)
                by_stmt.setdefault(b.decl, []).append(b)
        for stmt, bindings in by_stmt.items():
            unknown = ctx.semantic.unknown_names
            unused = [b for b in bindings if not b.references and not b.name.startswith("_") and b.name not in unknown]
            if not unused:
                continue
            if len(unused) == len(bindings):
                fix = self._removal(stmt, ctx, removed)
            else:
                fix = self._names_removal(stmt, {id(b.node) for b in unused}, ctx)
            fix = _with_reassignments(fix, unused, ctx, removed)
            for b in unused:
                ctx.report(self, b.node, f"unused import '{b.name}'", fix=fix)

    def _names_removal(self, stmt: ast.Node, unused: set[int], ctx: Context) -> Fix | None:
        """Drop the unused names from `import a, b, c` / `from m import a, b, c`, keep the rest."""
        if isinstance(stmt, ast.Import):
            items: list[ast.Node] = list(stmt.modules)
            gone: list[ast.Node] = [d for d in stmt.modules if id(d.parts[-1]) in unused]
            paths = [d.dotted for d in stmt.modules if id(d.parts[-1]) in unused]
        elif isinstance(stmt, ast.FromImport):
            items = list(stmt.names)
            gone = [n for n in stmt.names if id(n) in unused]
            paths = [stmt.module.dotted]
        else:
            return None
        first, last = items[0], items[-1]  # an import list is on one line: no comment inside
        kept = ", ".join(ctx.text[i.start : i.end] for i in items if i not in gone)
        return Fix(
            (Edit(first.start, last.end, kept),),
            _safety(paths),
            "Remove the unused import" + ("s" if len(gone) > 1 else ""),
        )

    def _removal(self, stmt: ast.Node, ctx: Context, removed: dict[int, int]) -> Fix | None:
        sm = ctx.semantic
        if isinstance(stmt, ast.Assign):  # `m = import m`: the statement is its expression statement
            parent_stmt = sm.parent(stmt)
            if parent_stmt is None:
                return None
            stmt = parent_stmt
        lines = _own_lines(stmt, ctx)
        if lines is None:
            return None
        parent = sm.parent(stmt)
        if not _can_delete_from(parent, removed):
            return None  # a block cannot be empty
        if isinstance(stmt, ast.Import):
            paths = [d.dotted for d in stmt.modules]
        elif isinstance(stmt, ast.FromImport):
            paths = [stmt.module.dotted]
        else:
            value = _module_assignment(stmt)
            if value is None:
                return None
            paths = [value.module.dotted]
        _count_deletion(parent, removed)
        return Fix((Edit(*lines, ""),), _safety(paths), "Remove the unused import")


def _can_delete_from(parent: ast.Node | None, removed: dict[int, int]) -> bool:
    """One more statement of ``parent`` can go and leave it one (a block cannot be empty)."""
    return not isinstance(parent, ast.Block) or removed.get(id(parent), 0) + 1 < len(parent.body)


def _count_deletion(parent: ast.Node | None, removed: dict[int, int]) -> None:
    if parent is not None:
        removed[id(parent)] = removed.get(id(parent), 0) + 1


def _own_lines(stmt: ast.Node, ctx: Context) -> tuple[int, int] | None:
    """The span of the line(s) of ``stmt`` with their newline, or None if other code shares them."""
    text = ctx.text
    line_start = text.rfind("\n", 0, stmt.start) + 1
    line_end = text.find("\n", stmt.end)
    line_end = len(text) if line_end < 0 else line_end + 1
    before = text[line_start : stmt.start]
    after = text[stmt.end : line_end].strip()
    if before.strip() or (after and not after.startswith("--")):
        return None
    return line_start, line_end


def _with_reassignments(fix: Fix | None, unused: list[Binding], ctx: Context, removed: dict[int, int]) -> Fix | None:
    """Also delete the later `m = import m` lines that only assign an unused import again.

    `m = import m` twice binds one variable; deleting only the first would turn the second
    into the variable's declaration, which the next pass reports (and STY005 rewrites) again,
    one statement per two passes. Deleting them with the import ends that in one step. A line
    is kept when other code shares it or when it would be the last statement of its block to go.
    """
    if fix is None:
        return None
    sm = ctx.semantic
    edits = list(fix.edits)
    paths: list[str] = []
    for b in unused:
        for target in b.assignments[1:]:
            assign = sm.parent(target)
            stmt = sm.parent(assign) if isinstance(assign, ast.Assign) else None
            if stmt is None:
                continue
            value = _module_assignment(stmt)
            lines = _own_lines(stmt, ctx)
            if value is None or lines is None or any(e.start < lines[1] and lines[0] < e.end for e in edits):
                continue
            block = sm.parent(stmt)
            if not _can_delete_from(block, removed):
                continue
            _count_deletion(block, removed)
            edits.append(Edit(*lines, ""))
            paths.append(value.module.dotted)
    if not paths:
        return fix
    applicability = fix.applicability
    if _safety(paths) is Applicability.UNSAFE:
        applicability = Applicability.UNSAFE
    return Fix(tuple(sorted(edits, key=lambda e: e.start)), applicability, fix.message)


def _safety(paths: list[str]) -> Applicability:
    """Loading a native module has no effect; loading a `.toi` module runs its top-level code.

    A native module is found by its whole dotted name: `import math.extra` loads a file."""
    return Applicability.SAFE if all(is_native_module(p) for p in paths) else Applicability.UNSAFE


def _module_assignment(stmt: ast.Node) -> ast.ImportExpr | None:
    """The `import m` of a statement that only binds one name to it (`m = import m`, `local m = import m`)."""
    if isinstance(stmt, ast.ExprStmt) and isinstance(stmt.expr, ast.Assign):
        assign = stmt.expr
        if assign.op == "=" and isinstance(assign.target, ast.Name):
            value = unparen(assign.value)
            return value if isinstance(value, ast.ImportExpr) else None
    if isinstance(stmt, ast.Local) and len(stmt.names) == 1 and len(stmt.values) == 1:
        value = unparen(stmt.values[0])
        return value if isinstance(value, ast.ImportExpr) else None
    return None
