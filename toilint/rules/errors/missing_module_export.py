"""E206: importing or reading a name that a `.toi` module of the project does not export."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, only_with, register
from toilint.semantic import stdlib
from toilint.semantic.calls import field_written, load_module, module_field_reads, qualified_name
from toilint.semantic.predicates import unparen


@register
class MissingModuleExport(Rule):
    """`from m import x` (or `m.x`) where the project's module `m` does not export `x`.

    ## Why is this bad?
    A `.toi` module exports what its top level returns: after `return {join = join}` only
    `join` exists. `from m import helpr` binds nil without any error, and the program fails
    later, at the first call ("Can only call functions."). toilint reads the module the
    interpreter would load (see E205 for where it looks) and reports names missing from the
    table literal it returns; when the module returns anything else, nothing is reported.

    ## Example
    ```toi
    -- strings.toi ends with: return {join = join, split = split}
    from strings import joni
    ```

    ## Use instead
    ```toi
    from strings import join
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "E206"
    name = "missing-module-export"
    severity = Severity.ERROR
    #: a native module (or the string `import toml` binds) is only reached through an import
    requires = only_with(batch_Attribute=("import",))

    def visit_FromImport(self, node: ast.FromImport, ctx: Context) -> None:
        if node.star:
            return
        for name in node.names:
            self._check(ctx, name, node.module.dotted, name.id)

    def batch_Attribute(self, nodes: list[ast.Attribute], ctx: Context) -> None:
        sem = ctx.semantic
        # (most field reads are of a bare name that is no module: left out)
        for node, module in module_field_reads(sem, nodes):
            if module is None:  # the object is not a bare name: a parenthesised one?
                obj = node.obj
                if type(obj) is not ast.Paren:
                    continue
                obj = unparen(obj)
                if type(obj) is not ast.Name:
                    continue
                module = qualified_name(sem, obj)
                if module is None:
                    continue
            parent = sem.parent(node)
            if isinstance(parent, ast.Assign) and parent.target is node:
                continue
            self._check(ctx, node.name, module, node.name.id, field=True)

    def _check(self, ctx: Context, at: ast.Node, module: str, name: str, field: bool = False) -> None:
        if stdlib.module(module) is not None:
            return
        _, exports = load_module(ctx.semantic, module, ctx.project_root)
        if exports is None or name in exports.names:
            return
        if field and field_written(ctx.semantic, name):
            return  # `m.x = ...` somewhere: m may have it (asked last: it scans the whole file)
        hint = stdlib.closest(name, exports.names)
        suggestion = f"; did you mean '{hint}'?" if hint else ""
        ctx.report(self, at, f"module '{module}' does not export '{name}' (it binds nil){suggestion}")
