"""STY005: `os = import os` instead of `import os`; consecutive imports instead of `import a, b`."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.fix.fixes import comments_within, first_on_line
from toilint.rules.base import Rule, register
from toilint.semantic.predicates import unparen
from toilint.semantic.values import statement_import_binds_string

_TABLE_MODE = (ast.Table, ast.Comprehension, ast.MetaConstruct)


def _import_assign(stmt: ast.Stmt) -> tuple[ast.Name, ast.Dotted] | None:
    """(name, module) of a statement `name = import a.b.name`."""
    if not isinstance(stmt, ast.ExprStmt) or not isinstance(stmt.expr, ast.Assign):
        return None
    assign = stmt.expr
    value = unparen(assign.value)
    if assign.op != "=" or not isinstance(assign.target, ast.Name) or not isinstance(value, ast.ImportExpr):
        return None
    if value.module.parts[-1].id != assign.target.id:
        return None
    return assign.target, value.module


@register
class ImportAssign(Rule):
    """Imports a module with `name = import name`, or one module per line.

    ## Why is this bad?
    Toi's style guide (`AGENTS.md`, "Toi Style Preferences"): *Use concise imports
    `import os, io` instead of `os = import os; io = import io;`*. The import statement
    already binds the module's last name as a local; repeating the name says nothing and
    lets the two drift apart.

    Only `name = import a.b.name` is rewritten, where the assignment creates a new local.
    Where `name` is already a local, an upvalue or a declared global, the assignment updates
    that variable while `import name` would declare a new local (or fail to compile with
    "Already a variable with this name in this scope."), so those are left alone, as are
    one-line bodies (`if c import m` binds nothing), function bodies inside table literals
    (no declarations there) and `:=` (a global at top level). Runs of consecutive import
    lines in one block, with no blank line or comment between them, become one statement.

    ## Example
    ```toi
    os = import os
    io = import io
    import json
    ```

    ## Use instead
    ```toi
    import os, io, json
    ```

    `toml = import toml` and `csv = import csv` are left alone: on Toi 5fe21b7 the statement
    forms `import toml` and `import csv` bind the *string* "toml"/"csv", not the module (the
    standard-library table records which modules do this).

    ## Fix safety
    Safe: `import a.b.x` declares the local `x` that `x = import a.b.x` creates when no `x`
    is visible, the modules are loaded in the same order, and a blank line or comment ends a
    run, so grouping the user made stays. Checked on `toi` 5fe21b7: a script using the modules
    at top level and from a function (as upvalues) prints the same before and after.
    """

    code = "STY005"
    name = "import-assign"
    fix = Applicability.SAFE
    default_enabled = False

    def visit_Module(self, node: ast.Module, ctx: Context) -> None:
        self._check_body(node.body, ctx)

    def visit_Block(self, node: ast.Block, ctx: Context) -> None:
        if node.inline:
            return
        self._check_body(node.body, ctx, node)

    @staticmethod
    def _in_table_mode(node: ast.Node, ctx: Context) -> bool:
        for anc, _child in ctx.semantic.ancestors(node):
            if isinstance(anc, _TABLE_MODE):
                return True
            if isinstance(anc, ast.FunctionDef):
                return False
        return False

    def _convertible(self, stmt: ast.Stmt, ctx: Context) -> ast.Dotted | None:
        found = _import_assign(stmt)
        if found is None:
            return None
        name, module = found
        if statement_import_binds_string(module.dotted):
            return None  # `import toml` binds the string "toml": only `toml = import toml` binds the module
        binding = ctx.semantic.binding_of(name)
        if binding is None or binding.scope is None:  # a global (`global x`, top-level `:=`)
            return None
        if not binding.assignments or binding.assignments[0] is not name:
            return None  # the name existed before: the assignment updates it
        return module

    def _check_body(self, body: tuple[ast.Stmt, ...], ctx: Context, block: ast.Block | None = None) -> None:
        runs: list[list[tuple[ast.Stmt, list[str], bool]]] = []
        run: list[tuple[ast.Stmt, list[str], bool]] = []
        for stmt in body:
            entry = self._entry(stmt, ctx)
            if entry is not None and run and not self._adjacent(run[-1][0], stmt, ctx):
                runs.append(run)
                run = []
            if entry is None:
                runs.append(run)
                run = []
                continue
            run.append((stmt, *entry))
        runs.append(run)
        reported = [r for r in runs if r and (len(r) > 1 or r[0][2])]
        # the ancestors' walk only for a block that has something to report (most have not)
        if reported and (block is None or not self._in_table_mode(block, ctx)):
            for r in reported:
                self._flush(r, ctx)

    def _entry(self, stmt: ast.Stmt, ctx: Context) -> tuple[list[str], bool] | None:
        """(module paths, whether it is an assignment form) for an import line of a run."""
        # what the statement is first: the line checks read the text, and most statements of a
        # block are not imports
        if isinstance(stmt, ast.Import):
            entry = [m.dotted for m in stmt.modules], False
        else:
            module = self._convertible(stmt, ctx)
            if module is None:
                return None
            entry = [module.dotted], True
        if not first_on_line(ctx.text, stmt.start):
            return None
        line_end = ctx.text.find("\n", stmt.end)
        rest = ctx.text[stmt.end : line_end if line_end >= 0 else len(ctx.text)]
        if rest.strip(" \t\r") and not rest.lstrip(" \t").startswith("--"):
            return None  # another statement follows on the same line
        return entry

    @staticmethod
    def _adjacent(prev: ast.Stmt, stmt: ast.Stmt, ctx: Context) -> bool:
        between = ctx.text[prev.end : stmt.start]
        return between.count("\n") == 1 and not comments_within(ctx.comments, prev.end, stmt.start)

    def _flush(self, run: list[tuple[ast.Stmt, list[str], bool]], ctx: Context) -> None:
        modules = [m for _stmt, paths, _assign in run for m in paths]
        replacement = "import " + ", ".join(modules)
        first, last = run[0][0], run[-1][0]
        if len(run) == 1:
            message = f"Use `{replacement}` instead of assigning the import"
        else:
            message = f"Combine {len(run)} consecutive imports into `{replacement}`"
        fix = Fix((Edit(first.start, last.end, replacement),), Applicability.SAFE, f"Replace with `{replacement}`")
        ctx.report(self, (first.start, last.end), message, fix=fix)
