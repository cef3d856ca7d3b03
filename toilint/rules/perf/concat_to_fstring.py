"""PERF205: a string built with `+` from literals and `str(x)` calls, where an f-string does it in one step."""

from __future__ import annotations

from toilint import ast
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.rules.base import Rule, only_with, register
from toilint.semantic import SemanticModel
from toilint.semantic.predicates import is_builtin, unparen
from toilint.visitor import iter_nodes

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "{": "\\{", "}": "\\}"}
#: an interpolated expression may not contain these (quotes end the f-string, `|` starts a
#: format spec, braces nest, and the f-string parser rejects nil/true/false literals)
_BAD_CHARS = frozenset("\"'|{}\n\r")


@register
class ConcatToFstring(Rule):
    """Builds a string with `+` from string literals and `str(x)` calls.

    ## Why is this bad?
    Each `+` allocates an intermediate string and each `str(x)` is a global lookup plus a
    native call; an f-string formats all parts into one buffer in one instruction sequence.
    `"session:" + str(id)` is 3.1x slower than `f"session:{id}"`.

    ## Example
    ```toi
    fn key(user, n)
        return "user:" + str(user) + "/" + str(n)
    ```

    ## Use instead
    ```toi
    fn key(user, n)
        return f"user:{user}/{n}"
    ```

    ## Fix safety
    Unsafe: numbers format differently. `str` uses 14 significant digits, an f-string prints
    integral values in full: `str(2 ** 53)` is "9.007199254741e+15" but `f"{2 ** 53}"` is
    "9007199254740992" (any integral number of 15 or more digits differs), and `str(-0.0)` is
    "-0" where the f-string prints "0". Strings, booleans, nil, tables and other numbers
    print the same. Only chains whose every part is a string literal or a `str(...)` call are
    reported, and only when the converted expressions can stand inside an f-string (no
    quotes, braces, `|`, or `nil`/`true`/`false` literals).

    ## Measured
    2.23x: 1.030 s -> 0.461 s on `benchmarks/cases/PERF205` (400,000 hits, two `"prefix" +
    str(n)` counter keys each); median of 5 runs each, `toilint bench PERF205` on the
    release build of Toi 5fe21b7. The before program's time varies between runs (hand
    measurements saw 1.8x-2.3x).
    """

    code = "PERF205"
    name = "concat-to-fstring"
    fix = Applicability.UNSAFE
    #: a chain reported has a `str(...)` part (a name spelled in the text)
    requires = only_with(batch_Binary=("str",))

    def __init__(self) -> None:
        #: `+` node -> its chain's parts (None: not a chain of literals and `str()` calls);
        #: each node's answer is built from its operands' once, so long chains stay linear
        self._parts: dict[ast.Node, list[str | ast.Expr] | None] = {}

    def batch_Binary(self, nodes: list[ast.Binary], ctx: Context) -> None:
        for node in nodes:
            if node.op == "+":
                self._binary(node, ctx)

    def _binary(self, node: ast.Binary, ctx: Context) -> None:
        sem = ctx.semantic
        parts = self._chain(node, sem, ctx.text)
        if parts is None or not any(isinstance(p, ast.Expr) for p in parts):
            return
        if not any(isinstance(p, str) for p in parts):
            return
        parent = sem.parent(node)
        while isinstance(parent, ast.Paren):
            parent = sem.parent(parent)
        if isinstance(parent, ast.Binary) and parent.op == "+" and self._chain(parent, sem, ctx.text) is not None:
            return  # the enclosing chain is reported instead
        body = "".join(
            "".join(_ESCAPES.get(c, c) for c in p) if isinstance(p, str) else "{" + ctx.source(unparen(p)) + "}"
            for p in parts
        )
        replacement = f'f"{body}"'
        # an f-string is one term: the parentheses that grouped the `+` chain go with it
        outer: ast.Node = node
        while isinstance(sem.parent(outer), ast.Paren):
            outer = sem.parent(outer)  # type: ignore[assignment]
        if outer is not node and _statement_start(sem, outer):
            outer = node  # `(a + b)` starting a statement: keep it as it was written
        fix = Fix((Edit(outer.start, outer.end, replacement),), Applicability.UNSAFE, "Replace with an f-string")
        ctx.report(self, node, f"String built with `+` and `str()`; use `{replacement}`", fix=fix)

    def _chain(self, expr: ast.Expr, sem: SemanticModel, text: str) -> list[str | ast.Expr] | None:
        """The parts of the `+` chain ``expr`` heads, bottom-up without recursion."""
        expr = unparen(expr)
        if expr in self._parts:
            return self._parts[expr]
        # the left spine of the chain, innermost last
        spine: list[ast.Binary] = []
        current: ast.Expr = expr
        while isinstance(current, ast.Binary) and current.op == "+" and current not in self._parts:
            spine.append(current)
            current = unparen(current.left)
        parts = self._parts[current] if current in self._parts else _parts(current, sem, text)
        for node in reversed(spine):
            if parts is not None:  # (a chain with a part that is not text or `str()` is not one)
                right = unparen(node.right)
                if isinstance(right, ast.Binary) and right.op == "+":
                    right_parts = self._chain(right, sem, text)
                else:
                    right_parts = _parts(right, sem, text)
                parts = parts + right_parts if right_parts is not None else None
            self._parts[node] = parts
        return parts


def _statement_start(sem: SemanticModel, node: ast.Node) -> bool:
    try:
        return sem.enclosing_statement(node).start == node.start
    except ValueError:
        return True


def _parts(expr: ast.Expr, sem: SemanticModel, text: str) -> list[str | ast.Expr] | None:
    """One operand's parts: literal text, or the argument of a `str()` call."""
    expr = unparen(expr)
    if isinstance(expr, ast.String):
        return [expr.value]
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "str":
        if len(expr.args) != 1 or expr.args[0].name is not None or expr.args[0].spread:
            return None
        if not is_builtin(sem, expr.func):
            return None
        arg = expr.args[0].value
        if _BAD_CHARS & set(text[arg.start : arg.end]):
            return None
        if any(isinstance(n, (ast.Nil, ast.Bool, ast.String, ast.FString, ast.Lambda)) for n in iter_nodes(arg)):
            return None
        return [arg]
    return None
