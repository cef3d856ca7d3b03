"""E202: reading a member that a native module does not have."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Severity
from toilint.rules.base import Rule, only_with, register
from toilint.semantic import stdlib
from toilint.semantic.calls import binds_string, field_written, module_field_reads, qualified_name
from toilint.semantic.predicates import unparen


@register
class UnknownNativeMember(Rule):
    """Reads `module.name` where the native module has no member `name` (a typo, usually).

    ## Why is this bad?
    The read gives nil, and calling it stops the program with "Can only call functions.":
    `regex.serach(p, s)` fails where `regex.search(p, s)` was meant. The members of every
    native module come from Toi's standard-library table (see `toilint.semantic.stdlib`); the
    message suggests the closest one. `from regex import serach` binds nil the same way.

    The statement `import toml` (and `import csv`), as the first import of either in the file
    with no program module imported before it, binds the *string* "toml" rather than the module,
    so `toml.parse(...)` after it reads a string method that does not exist: write
    `toml = import toml`. (When another module has loaded toml already, the statement binds the
    module; a file imported by such a module is the one case this rule cannot see.)

    Nothing is reported for a member the file assigns (`math.tau = 6.28`).

    ## Example
    ```toi
    regex = import regex
    print(regex.serach("a+", "caat"))
    ```

    ## Use instead
    ```toi
    regex = import regex
    print(regex.search("a+", "caat"))
    ```

    ## Fix safety
    No automatic fix: the closest name is a guess.
    """

    code = "E202"
    name = "unknown-native-member"
    severity = Severity.ERROR
    #: a native module (or the string `import toml` binds) is only reached through an import
    requires = only_with(batch_Attribute=("import",))

    def batch_Attribute(self, nodes: list[ast.Attribute], ctx: Context) -> None:
        sem = ctx.semantic
        # (a bare name that is no module is left out: a name bound by the statement `import toml`
        # has one)
        for node, module in module_field_reads(sem, nodes):
            obj = node.obj
            if module is not None:  # a bare name
                qualified: str | None = f"{module}.{node.name.id}"
                string_bound = binds_string(sem, obj)
            else:
                if type(obj) is ast.Paren:
                    obj = unparen(obj)
                string_bound = type(obj) is ast.Name and binds_string(sem, obj)
                qualified = None if string_bound else qualified_name(sem, node)
            if not string_bound and (qualified is None or qualified.count(".") != 1):
                continue  # (most field reads: nothing native, and no need to look at the parent)
            parent = sem.parent(node)
            if isinstance(parent, ast.Assign) and parent.target is node:
                continue
            if string_bound:
                assert isinstance(obj, ast.Name)
                if stdlib.string_method(node.name.id) is None:
                    ctx.report(
                        self,
                        node,
                        f"the statement `import {obj.id}` binds the string '{obj.id}' here, which has no "
                        f"'{node.name.id}': write `{obj.id} = import {obj.id}`",
                    )
                continue
            assert qualified is not None
            mod_name, member = qualified.split(".")
            self._check(ctx, node.name, mod_name, member)

    def visit_FromImport(self, node: ast.FromImport, ctx: Context) -> None:
        if node.star:
            return
        for name in node.names:
            self._check(ctx, name, node.module.dotted, name.id)

    def _check(self, ctx: Context, at: ast.Node, mod_name: str, member: str) -> None:
        mod = stdlib.module(mod_name)
        if mod is None or member in mod.members or field_written(ctx.semantic, member):
            return
        hint = stdlib.closest(member, mod.members)
        suggestion = f"; did you mean '{hint}'?" if hint else ""
        ctx.report(self, at, f"native module '{mod_name}' has no member '{member}'{suggestion}")
