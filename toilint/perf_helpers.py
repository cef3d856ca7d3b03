"""Small shared pieces of the string, table and call-overhead PERF rules (PERF2xx-PERF4xx).

These rules keep asking the same questions: is this expression surely a string (then `#` is
O(1) and nothing needs rewriting), is this table surely a fresh array, can a statement be put
before or after this one on its own line, does an operand need parentheses in its new place.
Scope and loop questions go to the semantic model and text layout to :mod:`toilint.fixes`;
only these expression-shape questions live here.
"""

from __future__ import annotations

from collections.abc import Iterator

from toilint import ast
from toilint.semantic import Binding, SemanticModel
from toilint.semantic.stdlib import STRING_RESULT_FUNCTIONS
from toilint.visitor import iter_nodes

#: string methods (src/lib/string.c) that return a new string and read nothing but their arguments
STRING_RESULT_METHODS = STRING_RESULT_FUNCTIONS


def strip_parens(expr: ast.Expr) -> ast.Expr:
    while isinstance(expr, ast.Paren):
        expr = expr.expr
    return expr


def walk(node: ast.Node) -> Iterator[ast.Node]:
    yield from iter_nodes(node)


def is_stringy(expr: ast.Expr, sem: SemanticModel | None = None, _depth: int = 0) -> bool:
    """True when ``expr`` surely evaluates to a string (literals, `str()`, string results, `+` of those).

    With the semantic model, a name counts when every value ever assigned to its variable is
    stringy; parameters, globals and loop variables do not (their values are not in sight).
    """
    expr = strip_parens(expr)
    if isinstance(expr, (ast.String, ast.FString)):
        return True
    if isinstance(expr, ast.Binary) and expr.op == "+":
        return is_stringy(expr.left, sem, _depth) or is_stringy(expr.right, sem, _depth)
    if isinstance(expr, ast.Slice):
        return is_stringy(expr.obj, sem, _depth)
    if isinstance(expr, ast.Call):
        func = strip_parens(expr.func)
        if isinstance(func, ast.Name) and func.id == "str":
            return sem is None or _is_builtin(func, sem)
        if isinstance(func, ast.Attribute) and not func.meta and func.name.id in STRING_RESULT_METHODS:
            if sem is not None:
                qualified = sem.resolve_qualified(func)
                if qualified is not None:
                    return qualified.startswith("string.")
            return is_stringy(func.obj, sem, _depth)
        return False
    if isinstance(expr, ast.Name) and sem is not None and _depth < 4:
        binding = sem.binding_of(expr)
        if binding is None or binding.kind not in ("local",) or binding.captured:
            return False
        values = binding.values
        return bool(values) and all(isinstance(v, ast.Expr) and is_stringy(v, sem, _depth + 1) for v in values)
    return False


def _is_builtin(name: ast.Name, sem: SemanticModel) -> bool:
    binding = sem.binding_of(name)
    return binding is None or binding.kind == "builtin"


def is_builtin_name(name: ast.Name, sem: SemanticModel) -> bool:
    """`str`, `bool`... that the file does not rebind."""
    return _is_builtin(name, sem)


def fresh_table_binding(binding: Binding | None) -> bool:
    """A local variable every value of which is a table literal or a table comprehension."""
    if binding is None or binding.kind != "local" or binding.captured or not binding.values:
        return False
    for value in binding.values:
        if not isinstance(value, ast.Expr):
            return False
        value = strip_parens(value)
        if isinstance(value, ast.Comprehension) and value.kind == "table":
            continue
        if isinstance(value, ast.Table):
            continue
        return False
    return True


def has_hash_entries(table: ast.Expr) -> bool:
    table = strip_parens(table)
    if isinstance(table, ast.Comprehension):
        return table.key is not None
    if isinstance(table, ast.Table):
        return any(not isinstance(e, ast.ArrayItem) for e in table.entries)
    return False


def is_pure(expr: ast.Expr) -> bool:
    """Evaluating ``expr`` twice or once makes no observable difference (names, numbers, arithmetic)."""
    expr = strip_parens(expr)
    if isinstance(expr, (ast.Name, ast.Number, ast.String, ast.Nil, ast.Bool)):
        return True
    if isinstance(expr, ast.Unary) and expr.op == "-":
        return is_pure(expr.operand)
    if isinstance(expr, ast.Binary) and expr.op in ("+", "-", "*", "/", "//", "%"):
        return is_pure(expr.left) and is_pure(expr.right)
    return False


def same_text(a: ast.Node, b: ast.Node, text: str) -> bool:
    """Same expression up to blanks (`i+1` and `i + 1`)."""
    return "".join(text[a.start : a.end].split()) == "".join(text[b.start : b.end].split())


def is_numeric_literal(expr: ast.Expr) -> bool:
    expr = strip_parens(expr)
    if isinstance(expr, ast.Unary) and expr.op == "-":
        expr = strip_parens(expr.operand)
    return isinstance(expr, ast.Number)


def numeric_value(expr: ast.Expr) -> float | None:
    expr = strip_parens(expr)
    sign = 1.0
    if isinstance(expr, ast.Unary) and expr.op == "-":
        sign = -1.0
        expr = strip_parens(expr.operand)
    if isinstance(expr, ast.Number):
        return sign * expr.value
    return None


#: expressions that can stand as the operand of a binary operator of the `+` level or tighter
_PRIMARY = (
    ast.Name, ast.Number, ast.String, ast.FString, ast.Nil, ast.Bool, ast.Paren, ast.Call, ast.Index,
    ast.Slice, ast.Attribute, ast.Table, ast.Comprehension, ast.MetaConstruct,
)  # fmt: skip


def is_simple_term(expr: ast.Expr) -> bool:
    """Needs no parentheses as the right operand of `<+` (a postfix-level or unary expression)."""
    if isinstance(expr, _PRIMARY):
        return True
    if isinstance(expr, ast.Unary) and expr.op in ("-", "#"):
        return is_simple_term(expr.operand)
    return False


def is_postfix(expr: ast.Expr) -> bool:
    """Can be indexed or called without parentheses (`x[i]`, `f()[i]`, `"abc"[i]`)."""
    return isinstance(
        expr, (ast.Name, ast.String, ast.Paren, ast.Call, ast.Index, ast.Slice, ast.Attribute, ast.FString)
    )


def function_of(sem: SemanticModel, node: ast.Node) -> ast.Node:
    fn = sem.enclosing_function(node)
    return fn if fn is not None else sem.module


def innermost_loop(sem: SemanticModel, node: ast.Node) -> ast.For | ast.While | ast.Comprehension | None:
    loops = sem.enclosing_loops(node)
    return loops[0] if loops else None


def outermost_statement_loop(sem: SemanticModel, node: ast.Node) -> ast.For | ast.While | None:
    """The outermost `for`/`while` statement of the function that runs ``node`` repeatedly."""
    loops = [lp for lp in sem.enclosing_loops(node) if isinstance(lp, (ast.For, ast.While))]
    return loops[-1] if loops else None


def references_in(binding: Binding, node: ast.Node) -> list[ast.Name]:
    return [r for r in binding.references if node.start <= r.start and r.end <= node.end]


def fresh_variable_name(sem: SemanticModel, base: str, at: ast.Node | None = None) -> str:
    """``base`` unless a variable (not a field: `math.sqrt` does not take `sqrt`) uses it.

    :func:`toilint.fixes.fresh_name` counts every identifier, field names included, which
    would turn `sqrt = math.sqrt` into `sqrt_2 = math.sqrt`.
    """
    from toilint.fixes import KEYWORDS, fresh_name

    fields = {id(n.name) for n in walk(sem.module) if isinstance(n, ast.Attribute)}
    variables = {n.id for n in walk(sem.module) if isinstance(n, ast.Name) and id(n) not in fields}
    visible = sem.names_visible_at(at) if at is not None else set()
    if base not in variables and base not in visible and base not in KEYWORDS:
        return base
    return fresh_name(sem, base, at)


#: methods only strings have (a table with such a field is possible, but not how Toi code reads)
_STRING_ONLY_METHODS = frozenset(
    {"sub", "lower", "upper", "trim", "ltrim", "rtrim", "starts_with", "ends_with", "byte", "split", "find",
     "is_digit", "is_alpha", "is_alnum", "is_space", "escape_html", "rep", "reverse"}
)  # fmt: skip


def used_as_string(sem: SemanticModel, name: ast.Name) -> bool:
    """The variable is surely a string, or the code treats it as one (`s.find(...)`, `string.sub(s, ...)`).

    `#` on a string is O(1), so the length rules leave such operands alone rather than
    rewriting code whose author had a string in mind.
    """
    if is_stringy(name, sem):
        return True
    binding = sem.binding_of(name)
    if binding is None:
        return False
    for ref in binding.references:
        parent = sem.parent(ref)
        if _consumed_by_reslicing(sem, ref, parent):
            return True
        if isinstance(parent, ast.Attribute) and parent.obj is ref and parent.name.id in _STRING_ONLY_METHODS:
            if isinstance(sem.parent(parent), ast.Call):
                return True
        if isinstance(parent, ast.Arg):
            call = sem.parent(parent)
            if isinstance(call, ast.Call) and call.args and call.args[0] is parent:
                qualified = sem.resolve_qualified(call.func)
                if qualified is not None and qualified.startswith("string."):
                    return True
    return False


def _consumed_by_reslicing(sem: SemanticModel, ref: ast.Name, parent: ast.Node | None) -> bool:
    """`s = s[k..]`: the idiom of consuming a string (PERF202 reports it as one)."""
    if not (isinstance(parent, ast.Slice) and parent.obj is ref and parent.upper is None):
        return False
    assign = sem.parent(parent)
    return (
        isinstance(assign, ast.Assign)
        and assign.op == "="
        and isinstance(assign.target, ast.Name)
        and assign.target.id == ref.id
    )
