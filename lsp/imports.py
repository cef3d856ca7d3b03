"""``source.organizeImports``: the imports at the top of a file, merged, ordered and deduplicated.

Only the run of ``import``/``from ... import`` statements that opens the file is touched, and
only when no comment sits inside it (a comment would be lost). Native modules run no program
code when imported, so their imports are merged into one ``import a, b`` line in name order,
``from`` imports of one native module into one statement, and those nothing reads are
dropped. Importing a `.toi` module runs its top level, so those imports keep their order and
are never dropped (only an exact repeat, which the compiler rejects anyway, is removed); they
follow the native ones.
"""

from __future__ import annotations

from toilint import ast
from toilint.semantic import SemanticModel
from toilint.semantic.stdlib import MODULES, NATIVE_MODULES


def _native(dotted: str) -> bool:
    """A native module whose import statement may be merged, moved or dropped.

    The statement ``import toml`` binds the *string* "toml", and whether a later ``import
    csv`` does too depends on what came before it (measured on Toi 5fe21b7): statements that
    import such a module are kept as written and in their order. A module the standard-library
    table does not describe is treated the same way.
    """
    mod = MODULES.get(dotted)
    return dotted in NATIVE_MODULES and mod is not None and not mod.statement_import_binds_string


def organize(sm: SemanticModel, comments: tuple[ast.Comment, ...]) -> tuple[int, int, str] | None:
    """(start, end, replacement) for the leading import block, or None when nothing changes."""
    block: list[ast.Import | ast.FromImport] = []
    for stmt in sm.module.body:
        if isinstance(stmt, ast.Import | ast.FromImport):
            block.append(stmt)
        else:
            break
    if not block:
        return None
    start, end = block[0].start, block[-1].end
    if any(start <= c.start < end for c in comments):
        return None
    text = sm.text

    def used(name: ast.Name) -> bool:
        binding = sm.binding_of(name)
        return binding is None or bool(binding.references) or len(binding.assignments) > 1

    natives: list[str] = []
    native_from: dict[str, list[str]] = {}
    rest: list[str] = []
    for stmt in block:
        if isinstance(stmt, ast.Import) and not all(
            _native(d.dotted) for d in stmt.modules if d.dotted in NATIVE_MODULES
        ):
            line = text[stmt.start : stmt.end]
            if line not in rest:
                rest.append(line)
        elif isinstance(stmt, ast.Import):
            for dotted in stmt.modules:
                name = dotted.dotted
                if _native(name):
                    if used(dotted.parts[-1]) and name not in natives:
                        natives.append(name)
                elif f"import {name}" not in rest:
                    rest.append(f"import {name}")
        else:
            module = stmt.module.dotted
            if stmt.star or not _native(module):
                line = text[stmt.start : stmt.end]
                if line not in rest:
                    rest.append(line)
                continue
            names = native_from.setdefault(module, [])
            for n in stmt.names:
                if used(n) and n.id not in names:
                    names.append(n.id)
    lines: list[str] = []
    if natives:
        lines.append("import " + ", ".join(sorted(natives)))
    for module in sorted(native_from):
        if native_from[module]:
            lines.append(f"from {module} import " + ", ".join(sorted(native_from[module])))
    lines.extend(rest)
    new = "\n".join(lines)
    old = text[start:end]
    if new == old:
        return None
    if not new:
        # everything was unused: remove the block and the line break after it
        if text.startswith("\n", end):
            end += 1
    return start, end, new
