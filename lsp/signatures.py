"""What a callable looks like to a user: its label, parameters and documentation.

One description for program functions (``fn pad(s, n = 2, *rest)``, the comment lines just
above the ``fn`` as its documentation) and natives (from the standard-library table, whose
documentation comes from Toi's STD.md). Hover, completion details and signature help all
print callables through here.
"""

from __future__ import annotations

import attrs

from toilint import ast
from toilint.lsp.workspace import Indexed, WorkspaceIndex, is_native
from toilint.semantic import Binding, SemanticModel, stdlib


@attrs.frozen
class Callable:
    name: str
    params: tuple[str, ...]  # each as written: `s`, `n = 2`, `*rest`
    doc: str = ""
    native: bool = False
    #: the first parameter is `self`: called as `obj.f(...)` it is passed implicitly
    method: bool = False

    @property
    def label(self) -> str:
        return f"{self.name}({', '.join(self.params)})"


def param_text(param: ast.Param, text: str) -> str:
    out = ("*" if param.star else "") + param.name.id
    if param.annotation is not None:
        out += f": {param.annotation.id}"
    if param.default is not None:
        out += f" = {text[param.default.start : param.default.end]}"
    return out


def doc_comment(text: str, node: ast.Node) -> str:
    """The run of `--` comment lines directly above ``node``'s line (its documentation)."""
    line_start = text.rfind("\n", 0, node.start) + 1
    lines: list[str] = []
    end = line_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        stripped = text[start:end].strip()
        if not stripped.startswith("--"):
            break
        lines.append(stripped[2:].removeprefix(" ").rstrip())
        end = start - 1
    return "\n".join(reversed(lines))


def docstring(fn: ast.FunctionDef | ast.Lambda) -> str:
    """A leading string statement of the body (the compiler keeps it as the docstring)."""
    body = fn.body.body
    if body and isinstance(body[0], ast.ExprStmt) and isinstance(body[0].expr, ast.String):
        return body[0].expr.value
    return ""


def of_function(fn: ast.FunctionDef | ast.Lambda, text: str, name: str | None = None) -> Callable:
    label = name or (fn.name.id if isinstance(fn, ast.FunctionDef) else "fn")
    params = tuple(param_text(p, text) for p in fn.params)
    doc = "\n\n".join(d for d in (doc_comment(text, fn), docstring(fn)) if d)
    method = bool(fn.params) and fn.params[0].name.id == "self"
    return Callable(label, params, doc, method=method)


def of_native(member: stdlib.NativeFunction) -> Callable:
    params = tuple(p.name + (" = nil" if p.optional else "") for p in member.params)
    if member.variadic:
        params += ("*args",)
    name = f"{member.module}.{member.name}" if member.module else member.name
    return Callable(name, params, member.doc, native=True)


def native(qualified: str) -> stdlib.Member | None:
    module, _, name = qualified.rpartition(".")
    if not module:
        return stdlib.CORE.get(name)
    return stdlib.member(module, name)


def _function_of(sm: SemanticModel, binding: Binding) -> ast.FunctionDef | ast.Lambda | None:
    functions = sm.functions_of(binding)
    if len(functions) == 1 and len(binding.assignments) <= 1:
        return functions[0]
    return None


def of_binding(sm: SemanticModel, binding: Binding) -> Callable | None:
    if binding.kind == "builtin":
        member = stdlib.CORE.get(binding.name)
        return of_native(member) if isinstance(member, stdlib.NativeFunction) else None
    fn = _function_of(sm, binding)
    if fn is None:
        return None
    return of_function(fn, sm.text, binding.name)


def of_export(file: Indexed, key: str) -> Callable | None:
    binding = file.export_binding(key)
    sm = file.model
    if binding is not None and sm is not None:
        found = of_binding(sm, binding)
        if found is not None:
            return Callable(key, found.params, found.doc, method=found.method)
    entry = file.exports().get(key)
    if isinstance(entry, ast.FieldEntry) and isinstance(entry.value, ast.Lambda):
        return of_function(entry.value, file.text, key)
    return None


def of_callee(
    sm: SemanticModel, func: ast.Expr, index: WorkspaceIndex | None = None, path: str = ""
) -> Callable | None:
    """The callable a call's function expression surely is, if the model can tell."""
    while isinstance(func, ast.Paren):
        func = func.expr
    if isinstance(func, ast.Lambda):
        return of_function(func, sm.text)
    if isinstance(func, ast.Name):
        binding = sm.binding_of(func)
        if binding is None:
            return None
        if binding.kind == "from-import" and binding.module and index is not None:
            module, _, key = binding.module.rpartition(".")
            if is_native(module):
                member = native(binding.module)
                return of_native(member) if isinstance(member, stdlib.NativeFunction) else None
            target = index.resolve(module, path)
            return of_export(target, key) if target is not None else None
        return of_binding(sm, binding)
    if isinstance(func, ast.Attribute):
        qualified = sm.resolve_qualified(func)
        if qualified is None:
            return None
        module, _, key = qualified.rpartition(".")
        if is_native(module):
            member = native(qualified)
            return of_native(member) if isinstance(member, stdlib.NativeFunction) else None
        if index is not None:
            target = index.resolve(module, path)
            if target is not None:
                return of_export(target, key)
    return None


def markdown(call: Callable, kind: str = "function") -> str:
    head = f"```toi\n{'' if call.native else 'fn '}{call.label}\n```"
    parts = [head]
    if call.native:
        parts.append(f"native {kind}")
    if call.doc:
        parts.append(call.doc)
    return "\n\n".join(parts)
