"""E205: importing a module that neither the standard library nor the project has."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register
from toilint.semantic.calls import resolution


@register
class UnresolvedImport(Rule):
    """Imports a module that is not native and has no file where the interpreter looks.

    ## Why is this bad?
    The interpreter stops with "Could not open module 'a.b'" (no `try` catches it). For
    `import a.b` it opens the first of `a/b.toi`, `a/b/__.toi`, `lib/a/b.toi` and
    `lib/a/b/__.toi` that exists, relative to *its working directory*, not to the importing
    file. toilint takes that directory to be the project root: the `project-root` setting,
    else the directory of the configuration file, else the current directory. Set
    `project-root` to where the program is run from.

    ## Example
    ```toi
    helpers = import lib.helpres
    ```

    ## Use instead
    ```toi
    helpers = import lib.helpers
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "E205"
    name = "unresolved-import"
    severity = Severity.ERROR

    def visit_Import(self, node: ast.Import, ctx: Context) -> None:
        for dotted in node.modules:
            self._check(ctx, dotted)

    def visit_FromImport(self, node: ast.FromImport, ctx: Context) -> None:
        self._check(ctx, node.module)

    def visit_ImportExpr(self, node: ast.ImportExpr, ctx: Context) -> None:
        self._check(ctx, node.module)

    def _check(self, ctx: Context, dotted: ast.Dotted) -> None:
        root = ctx.project_root
        res = resolution(ctx.semantic, dotted.dotted, root)
        if not res.found:
            ctx.report(self, dotted, _message(dotted.dotted, res.tried, root))


@lru_cache(maxsize=256)
def _message(name: str, tried: tuple[Path, ...], root: Path) -> str:
    # a function of the paths alone, kept: every file of a project that cannot see a module
    # reports it alike, and making paths relative is slow
    listed = ", ".join(f"'{p.relative_to(root).as_posix()}'" for p in tried)
    return f"Could not open module '{name}' (tried {listed} under {root})"
