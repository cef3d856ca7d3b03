"""W207: a table literal that sets the same key twice."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.rules.base import Rule, register


def _key(entry: ast.Node, array_index: int) -> tuple[str, object] | None:
    if isinstance(entry, ast.FieldEntry):
        return ("s", entry.name.id)
    if isinstance(entry, ast.KeyEntry):
        k = entry.key
        while isinstance(k, ast.Paren):
            k = k.expr
        if isinstance(k, ast.String):
            return ("s", k.value)
        if isinstance(k, ast.Number):
            return ("n", k.value)
        if isinstance(k, ast.Bool):
            return ("b", k.value)
        return None
    if isinstance(entry, ast.ArrayItem):
        return ("n", float(array_index))
    return None


@register
class DuplicateTableKey(Rule):
    """The same key appears twice in one table literal.

    ## Why is this bad?
    The later entry silently overwrites the earlier one; one of them is a mistake. Array
    items count too: `{10, [1] = 5}` sets index 1 twice.

    ## Example
    ```toi
    config = {name = "a", debug = false, name = "b"}
    ```

    ## Use instead
    ```toi
    config = {name = "b", debug = false}
    ```

    ## Fix safety
    No automatic fix: which entry is right cannot be known.
    """

    code = "W207"
    name = "duplicate-table-key"

    def visit_Table(self, node: ast.Table, ctx: Context) -> None:
        # most tables are arrays (keys 1, 2, 3...) or records with distinct field names: no
        # key twice, told without a key per entry (every table literal of every file)
        kinds = set(map(type, node.entries))
        if not kinds - _ARRAY:
            return
        if not kinds - _RECORD:
            names = [entry.name.id for entry in node.entries]  # type: ignore[union-attr]
            if len(set(names)) == len(names):
                return
        seen: set[tuple[str, object]] = set()
        index = 0
        for entry in node.entries:
            if isinstance(entry, ast.ArrayItem):
                index += 1
            keys: list[tuple[tuple[str, object] | None, ast.Node]]
            if isinstance(entry, ast.ShorthandEntry):
                keys = [(("s", n.id), n) for n in entry.names]
            else:
                keys = [(_key(entry, index), entry.key if isinstance(entry, ast.KeyEntry) else entry)]
                if isinstance(entry, ast.FieldEntry):
                    keys = [(keys[0][0], entry.name)]
            for key, at in keys:
                if key is None:
                    continue
                if key in seen:
                    shown = key[1] if key[0] != "n" else _number(key[1])
                    ctx.report(self, at, f"duplicate key '{shown}' in table literal")
                seen.add(key)


_ARRAY: frozenset[type[ast.Node]] = frozenset({ast.ArrayItem})
_RECORD: frozenset[type[ast.Node]] = frozenset({ast.FieldEntry})


def _number(v: object) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
