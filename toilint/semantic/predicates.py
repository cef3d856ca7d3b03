"""The questions rules ask about values, answered from the value analysis in one place.

Rules never guess what an expression is: they ask here. Two kinds of answer:

* **Facts** (``is_string``, ``is_table``, ``array_without_holes``...) come from the analysis
  and may decide that a fix is safe.
* **Evidence** (``treated_as_string``) is how the code uses a value the analysis cannot see
  (a parameter of an exported function): enough to stay quiet about `#s` on what is plainly a
  string, never enough to call a fix safe.
"""

from __future__ import annotations

from toilint import ast
from toilint.semantic import values as V
from toilint.semantic.model import Binding, SemanticModel
from toilint.semantic.values import Value, values_of
from toilint.semantic.values import unparen as unparen  # rules import it from here with the predicates


def binds_module(b: Binding) -> bool:
    """A variable whose every value is an `import` expression (`m = import m`): an import."""
    if b.kind != "local" or not b.values:
        return False
    for v in b.values:  # a loop, not all() over a generator: asked of every variable of a file
        if not isinstance(v, ast.Expr) or not isinstance(unparen(v), ast.ImportExpr):
            return False
    return True


def value(sem: SemanticModel, expr: ast.Node) -> Value:
    return values_of(sem).of(expr)


def is_string(sem: SemanticModel, expr: ast.Node) -> bool:
    """Surely a string (or the expression raises before producing a value)."""
    return values_of(sem).of(expr).only(V.STRING)


def is_table(sem: SemanticModel, expr: ast.Node) -> bool:
    return values_of(sem).of(expr).only(V.TABLE)


def may_be_string(sem: SemanticModel, expr: ast.Node) -> bool:
    return values_of(sem).of(expr).may(V.STRING)


def array_without_holes(sem: SemanticModel, expr: ast.Node) -> bool:
    """Surely a table with items 1..n only (built from literals without nil, no keys, no metatable)."""
    return values_of(sem).of(expr).array_without_holes


def has_hash_keys(sem: SemanticModel, expr: ast.Node) -> bool:
    """A table that surely came from literals, at least one of which had keys."""
    v = values_of(sem).of(expr)
    return v.only(V.TABLE) and bool(v.bits & V.HASH) and V.ELSEWHERE not in v.origins


def is_builtin(sem: SemanticModel, name: ast.Name) -> bool:
    """A core global (`str`, `bool`, `type`...) that the file does not rebind."""
    binding = sem.binding_of(name)
    return binding is None or binding.kind == "builtin"


def native_function(sem: SemanticModel, expr: ast.Node) -> str | None:
    """ "string.lower", "str"...: the native function ``expr`` surely is."""
    v = values_of(sem).of(expr)
    return v.native if v.only(V.NATIVE) else None


def string_method(sem: SemanticModel, call: ast.Call) -> tuple[str, ast.Expr, list[ast.Expr]] | None:
    """(name, the string, the other arguments) of `s.lower(...)` or `string.lower(s, ...)`."""
    func = unparen(call.func)
    if not isinstance(func, ast.Attribute) or func.meta:
        return None
    if any(a.name is not None or a.spread for a in call.args):
        return None
    args = [a.value for a in call.args]
    obj = values_of(sem).of(func.obj)
    if obj.only(V.MODULE):
        if obj.module != "string" or not args:
            return None
        return func.name.id, args[0], args[1:]
    if isinstance(unparen(func.obj), ast.Name) and unparen(func.obj).id == "str":  # type: ignore[attr-defined]
        if is_builtin(sem, unparen(func.obj)) and args:  # type: ignore[arg-type]
            return func.name.id, args[0], args[1:]  # `str` is the string module itself
        return None
    return func.name.id, func.obj, args


def treated_as_string(sem: SemanticModel, expr: ast.Expr) -> bool:
    """The value is a string as far as anyone can tell: the analysis says so, or says nothing
    and the code uses the variable as one (`s.trim()`, `s[i] == "#"`, `string.sub(s, ...)`,
    `s + "x"`, `s = s[k..]`), or it is the result of a string method on something (`x.ltrim()`)."""
    v = values_of(sem).of(expr)
    if v.only(V.STRING):
        return True
    if not v.unknown:
        return False
    bare = unparen(expr)
    if isinstance(bare, ast.Name):
        binding = sem.binding_of(bare)
        return binding is not None and _binding_used_as_string(sem, binding)
    if isinstance(bare, ast.Call):
        return _string_method_result(sem, bare)
    return False


def _string_method_result(sem: SemanticModel, call: ast.Call) -> bool:
    func = unparen(call.func)
    if not isinstance(func, ast.Attribute) or func.meta:
        return False
    member = V.native_member("string", func.name.id)
    from toilint.semantic.stdlib import NativeFunction

    return isinstance(member, NativeFunction) and member.returns == frozenset({"string"})


def _binding_used_as_string(sem: SemanticModel, binding: Binding) -> bool:
    cache = sem.memo.setdefault("used_as_string", {})
    found = cache.get(binding)
    if found is not None:
        return bool(found)
    cache[binding] = False  # cycles through assigned values answer "no"
    result = _used_as_string(sem, binding)
    cache[binding] = result
    return result


def _used_as_string(sem: SemanticModel, binding: Binding) -> bool:
    for val in binding.values:
        if isinstance(val, ast.Expr):
            bare = unparen(val)
            if values_of(sem).of(bare).only(V.STRING):
                return True
            if isinstance(bare, ast.Call) and _string_method_result(sem, bare):
                return True
    for ref in binding.references:
        parent = sem.parent(ref)
        if isinstance(parent, ast.Attribute) and parent.obj is ref and not parent.meta:
            member = V.native_member("string", parent.name.id)
            if member is not None and isinstance(sem.parent(parent), ast.Call) and parent.name.id != "join":
                if not V.native_member("table", parent.name.id):
                    return True
        elif isinstance(parent, ast.Arg):
            call = sem.parent(parent)
            if isinstance(call, ast.Call) and call.args and call.args[0] is parent:
                callee = native_function(sem, call.func)
                if callee is not None and callee.startswith("string.") and callee != "string.join":
                    return True
        elif isinstance(parent, ast.Binary) and parent.op == "+":
            other = parent.right if parent.left is ref else parent.left
            if isinstance(unparen(other), (ast.String, ast.FString)):
                return True
        elif isinstance(parent, ast.Index) and parent.obj is ref:
            grand = sem.parent(parent)
            if _compared_with_a_character(sem, parent):
                return True
            if isinstance(grand, ast.Assign) and grand.value is parent and isinstance(grand.target, ast.Name):
                # `ch = s[i]`, then `if ch == " "`
                element = sem.binding_of(grand.target)
                if element is not None and any(_compared_with_a_character(sem, r) for r in element.references):
                    return True
            elif isinstance(grand, ast.Attribute) and grand.obj is parent:
                if V.native_member("string", grand.name.id) is not None and grand.name.id.startswith("is_"):
                    return True
        elif isinstance(parent, ast.Slice) and parent.obj is ref and parent.upper is None:
            assign = sem.parent(parent)
            if isinstance(assign, ast.Assign) and isinstance(assign.target, ast.Name):
                if sem.binding_of(assign.target) is binding:
                    return True
    return False


def _compared_with_a_character(sem: SemanticModel, expr: ast.Node) -> bool:
    """`expr == "/"`: compared with a one-character string literal."""
    parent = sem.parent(expr)
    if not isinstance(parent, ast.Binary) or parent.op not in ("==", "!="):
        return False
    other = unparen(parent.right if parent.left is expr else parent.left)
    return isinstance(other, ast.String) and len(other.value) == 1


def in_condition(sem: SemanticModel, node: ast.Expr) -> bool:
    """Only the truthiness of ``node``'s value matters.

    That is the test of `if`/`elif`/`while`/a ternary/`assert`/a comprehension filter, the
    operand of `not`, and operands of `and`/`or` that are themselves in such a place.
    """
    child: ast.Node = node
    parent = sem.parent(child)
    while parent is not None:
        if isinstance(parent, ast.Paren):
            pass
        elif isinstance(parent, ast.Binary) and parent.op in ("and", "or"):
            pass
        elif isinstance(parent, ast.Unary) and parent.op == "not":
            return True
        elif isinstance(parent, (ast.If, ast.Elif, ast.While, ast.Ternary, ast.Assert)):
            return child is parent.test
        elif isinstance(parent, ast.Comprehension):
            return child is parent.condition
        else:
            return False
        child, parent = parent, sem.parent(parent)
    return False
