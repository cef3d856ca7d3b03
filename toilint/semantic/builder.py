"""Replays the compiler's name resolution over the AST, in the compiler's evaluation order."""

from __future__ import annotations

from toilint import ast
from toilint.semantic.builtins import CORE_GLOBALS
from toilint.semantic.model import (
    Binding,
    BindingKind,
    Scope,
    ScopeOwner,
    SemanticError,
    SemanticModel,
    _Entry,
    _Func,
)

DUPLICATE = "Already a variable with this name in this scope."
OWN_INITIALIZER = "Can't read local variable in its own initializer."


class Builder:
    def __init__(self, model: SemanticModel) -> None:
        self.m = model
        self.func: _Func = _Func(model.module, None)

    # ------------------------------------------------------------------ scopes

    def run(self) -> None:
        self.func.depth = 1  # scripts are local-by-default: top level is scope 1
        self._push_scope("module", self.m.module)
        for stmt in self.m.module.body:
            self.stmt(stmt)

    def _push_scope(self, kind: str, node: ast.Node) -> None:
        parent = self.func.scopes[-1] if self.func.scopes else self._outer_scope()
        scope = Scope(kind, node, parent, self.func.node)
        self.func.scopes.append(scope)
        self.m.scopes.append(scope)

    def _outer_scope(self) -> Scope | None:
        f = self.func.enclosing
        return f.scopes[-1] if f is not None and f.scopes else None

    def begin(self, kind: str, node: ast.Node) -> None:
        self.func.depth += 1
        self._push_scope(kind, node)

    def end(self) -> None:
        f = self.func
        f.depth -= 1
        f.scopes.pop()
        while f.locals and f.locals[-1].depth > f.depth:
            f.locals.pop()

    def enter_function(self, node: ScopeOwner, kind: str) -> _Func:
        outer = self.func
        self.func = _Func(node, outer)
        self.func.depth = 1
        self._push_scope(kind, node)
        return outer

    def leave_function(self, outer: _Func) -> None:
        self.func = outer

    # ------------------------------------------------------------------ bindings

    def add_local(
        self,
        name: ast.Name,
        kind: BindingKind,
        decl: ast.Node,
        *,
        check_dup: bool = False,
        initialized: bool = True,
        module: str | None = None,
        value: ast.Node | None = None,
    ) -> Binding:
        f = self.func
        if check_dup:
            for entry in reversed(f.locals):
                if entry.depth != -1 and entry.depth < f.depth:
                    break
                if entry.binding.name == name.id:
                    self.error("E105", DUPLICATE, name)
                    break
        scope = f.scopes[-1]
        binding = Binding(
            name=name.id,
            kind=kind,
            node=name,
            decl=decl,
            scope=scope,
            module=module,
            is_global=f.is_script and f.depth == 1,
        )
        scope.bindings.append(binding)
        self.m.bindings.append(binding)
        f.locals.append(_Entry(binding, f.depth if initialized else -1))
        self.record_write(name, binding, value)
        return binding

    def global_binding(self, name: str) -> Binding:
        binding = self.m.globals.get(name)
        if binding is None:
            kind: BindingKind = "builtin" if name in CORE_GLOBALS else "global"
            binding = Binding(name=name, kind=kind, node=self.m.module, decl=self.m.module, scope=None, is_global=True)
            self.m.globals[name] = binding
            self.m.bindings.append(binding)
        return binding

    def define_global(self, name: ast.Name, value: ast.Node | None) -> Binding:
        binding = self.global_binding(name.id)
        if binding.kind == "builtin":
            binding.kind = "global"
        self.m.global_definitions.add(name.id)
        self.record_write(name, binding, value)
        return binding

    def record_write(self, name: ast.Name, binding: Binding, value: ast.Node | None) -> None:
        self.m._binding[name] = binding
        binding.assignments.append(name)
        binding.values.append(value)
        if isinstance(value, ast.Paren):
            while isinstance(value, ast.Paren):
                value = value.expr
        if isinstance(value, (ast.Lambda, ast.FunctionDef)):
            self.m._functions_of.setdefault(binding, []).append(value)
        if binding.scope is None or binding.function is not self.func.node:
            self.m._outer_writes.setdefault(self.func.node, set()).add(binding)
            if binding.scope is not None:
                binding.captured = True

    def error(self, code: str, message: str, node: ast.Node) -> None:
        self.m.errors.append(SemanticError(code, message, node.start, node.end))

    def _resolve_local(self, f: _Func, name: ast.Name) -> _Entry | None:
        entry = f.resolve_local(name.id)
        if entry is not None and entry.depth == -1:
            self.error("E113", OWN_INITIALIZER, name)
        return entry

    def _resolve_upvalue(self, f: _Func, name: ast.Name) -> Binding | None:
        outer = f.enclosing
        if outer is None:
            return None
        entry = self._resolve_local(outer, name)
        if entry is not None:
            entry.binding.captured = True
            return entry.binding
        return self._resolve_upvalue(outer, name)

    def lookup(self, name: ast.Name) -> tuple[Binding, str]:
        """(binding, "local" | "upvalue" | "global") as ``named_variable`` resolves it."""
        f = self.func
        entry = self._resolve_local(f, name)
        if entry is not None:
            return entry.binding, "local"
        if name.id not in f.explicit_globals:
            up = self._resolve_upvalue(f, name)
            if up is not None:
                return up, "upvalue"
        return self.global_binding(name.id), "global"

    def read(self, name: ast.Name) -> Binding:
        binding, _ = self.lookup(name)
        self.m._binding[name] = binding
        binding.references.append(name)
        return binding

    # ------------------------------------------------------------------ statements

    def block(self, block: ast.Block | None, kind: str = "block") -> None:
        if block is None:
            return
        self.begin(kind, block)
        for stmt in block.body:
            self.stmt(stmt)
        self.end()

    def body_statements(self, block: ast.Block) -> None:
        for stmt in block.body:
            self.stmt(stmt)

    def stmt(self, s: ast.Stmt) -> None:
        method = getattr(self, "stmt_" + type(s).__name__, None)
        if method is not None:
            method(s)
        else:
            for child in s.children():
                self.any(child)

    def stmt_If(self, s: ast.If) -> None:
        self.expr(s.test)
        self.block(s.body)
        for elif_ in s.elifs:
            self.expr(elif_.test)
            self.block(elif_.body)
        self.block(s.orelse)

    def stmt_While(self, s: ast.While) -> None:
        self.expr(s.test)
        self.block(s.body)

    def stmt_For(self, s: ast.For) -> None:
        self.begin("for", s)
        for it in s.iters:
            self.expr(it)
        for target in s.targets:
            self.add_local(target, "for", s)
        self.block(s.body)
        self.end()

    def stmt_Match(self, s: ast.Match) -> None:
        self.begin("match", s)
        self.expr(s.subject)
        for case in s.cases:
            self.expr(case.value)
            self.block(case.body)
        self.block(s.orelse)
        self.end()

    def stmt_Try(self, s: ast.Try) -> None:
        self.block(s.body)
        if s.handler is not None:
            h = s.handler
            self.begin("except", h)
            if h.name is not None:
                self.add_local(h.name, "except", h)
            if h.filter is not None:
                self.expr(h.filter)
            self.body_statements(h.body)
            self.end()
        self.block(s.finalbody)

    def stmt_With(self, s: ast.With) -> None:
        self.begin("with", s)
        self.expr(s.context)
        if s.name is not None:
            f = self.func
            entry = self._resolve_local(f, s.name)
            if entry is not None:
                self.record_write(s.name, entry.binding, None)
            else:
                up = self._resolve_upvalue(f, s.name)
                if up is not None:
                    self.record_write(s.name, up, None)
                else:
                    self.add_local(s.name, "with", s)
        self.block(s.body)
        self.end()

    def stmt_Del(self, s: ast.Del) -> None:
        for target in s.targets:
            if isinstance(target, ast.Name):
                binding, _ = self.lookup(target)
                self.record_write(target, binding, None)
            else:
                self.expr(target)

    def stmt_MultiAssign(self, s: ast.MultiAssign) -> None:
        f = self.func
        created: dict[str, Binding] = {}
        pending: list[_Entry] = []
        for target in s.targets:
            if target.id in f.explicit_globals:
                continue
            # the compiler resolves each target before its duplicate check, so a name repeated
            # among new targets reads its own not-yet-initialized slot: `x, x = 1, 2` is an error
            if self._resolve_local(f, target) is not None:
                continue
            created[target.id] = self.add_local(target, "local", s, initialized=False)
            pending.append(f.locals[-1])
        for new in pending:
            new.depth = f.depth
        for value in s.values:
            self.expr(value)
        for i, target in enumerate(s.targets):
            # a single right-hand side is spread over the targets: no one target gets "it"
            val = s.values[i] if len(s.values) > 1 and i < len(s.values) else None
            if created.get(target.id) is not None and created[target.id].node is target:
                created[target.id].values[-1] = val
                continue
            entry = self._resolve_local(f, target)
            if entry is not None:
                self.record_write(target, entry.binding, val)
            elif target.id in f.explicit_globals:
                self.define_global(target, val)
            else:  # unreachable: every other target got a local above
                self.record_write(target, self.global_binding(target.id), val)

    def stmt_FunctionDef(self, s: ast.FunctionDef) -> None:
        if s.scope == "global":
            self.function(s)
            binding = self.define_global(s.name, s)
        else:
            binding = self.add_local(s.name, "function", s, check_dup=True, value=s)
            self.function(s)
        # ``apply_decorators`` runs after the function is built, innermost decorator first,
        # and reads the function's name to pass it: a decorated function is used.
        for dec in reversed(s.decorators):
            if dec.expr is not None:
                self.expr(dec.expr)
            binding.references.append(s.name)

    def stmt_Local(self, s: ast.Local) -> None:
        created = [self.add_local(n, "local", s, check_dup=True, initialized=False) for n in s.names]
        entries = self.func.locals[len(self.func.locals) - len(created) :]
        for value in s.values:
            self.expr(value)
        for entry in entries:
            entry.depth = self.func.depth
        if len(s.values) == len(created):
            for binding, value in zip(created, s.values, strict=True):
                binding.values[-1] = value

    def stmt_Global(self, s: ast.Global) -> None:
        f = self.func
        if not f.is_script:
            f.explicit_globals.update(n.id for n in s.names)
        for value in s.values:
            self.expr(value)
        if not f.is_script and not s.values:
            for n in s.names:
                self.m._binding[n] = self.global_binding(n.id)
            return
        for i, n in enumerate(s.names):
            self.define_global(n, s.values[i] if len(s.values) == len(s.names) else None)

    def stmt_Import(self, s: ast.Import) -> None:
        for dotted in s.modules:
            last = dotted.parts[-1]
            self.add_local(last, "import", s, check_dup=True, module=dotted.dotted)

    def stmt_FromImport(self, s: ast.FromImport) -> None:
        if s.star:
            self.m.star_import = True
            return
        for name in s.names:
            self.add_local(name, "from-import", s, check_dup=True, module=f"{s.module.dotted}.{name.id}")

    # ------------------------------------------------------------------ expressions

    def any(self, node: ast.Node) -> None:
        if isinstance(node, ast.Stmt):
            self.stmt(node)
        elif isinstance(node, ast.Block):
            self.block(node)
        else:
            self.expr(node)

    def expr(self, e: ast.Node) -> None:
        method = getattr(self, "expr_" + type(e).__name__, None)
        if method is not None:
            method(e)
        else:
            for child in e.children():
                self.any(child)

    def expr_Name(self, e: ast.Name) -> None:
        self.read(e)

    def expr_Attribute(self, e: ast.Attribute) -> None:
        self.expr(e.obj)  # the field name is not a variable

    def expr_Arg(self, e: ast.Arg) -> None:
        self.expr(e.value)  # a named argument's key is not a variable

    def expr_FieldEntry(self, e: ast.FieldEntry) -> None:
        self.expr(e.value)

    def expr_ImportExpr(self, e: ast.ImportExpr) -> None:
        pass

    def expr_Assign(self, e: ast.Assign) -> None:
        target = e.target
        if not isinstance(target, ast.Name):
            self.expr(target)
            self.expr(e.value)
            return
        f = self.func
        declared_global = target.id in f.explicit_globals
        binding, where = self.lookup(target)
        if e.op not in ("=", ":="):  # compound: reads first
            self.m._binding[target] = binding
            if where == "global" and not declared_global and not f.is_script:
                pass  # in a function the unknown name reads nil, then becomes a local
            else:
                binding.references.append(target)
            self.expr(e.value)
            if declared_global:
                self.define_global(target, e)
            elif where in ("local", "upvalue"):
                self.record_write(target, binding, e)
            else:
                self.add_local(target, "local", e, value=e)
            return
        if where == "global" and not declared_global and not f.is_script and e.op == "=":
            self.add_local(target, "local", e, value=e.value)  # predeclared before the value
            self.expr(e.value)
            return
        self.expr(e.value)
        if declared_global:
            self.define_global(target, e.value)
        elif where in ("local", "upvalue"):
            self.record_write(target, binding, e.value)
        elif not f.is_script or e.op == "=":
            self.add_local(target, "local", e, value=e.value)
        else:  # `:=` at script level assigns the global
            self.define_global(target, e.value)

    def expr_ShorthandEntry(self, e: ast.ShorthandEntry) -> None:
        for n in e.names:
            self.read(n)

    def expr_Lambda(self, e: ast.Lambda) -> None:
        self.function(e)

    def function(self, fn: ast.FunctionDef | ast.Lambda) -> None:
        outer = self.enter_function(fn, "function")
        for param in fn.params:
            self.add_local(param.name, "param", param, check_dup=True)
        self.body_statements(fn.body)
        self.leave_function(outer)

    def expr_Comprehension(self, e: ast.Comprehension) -> None:
        outer = self.enter_function(e, "comprehension")
        for it in e.iters:
            self.expr(it)
        for target in e.targets:
            self.add_local(target, "comprehension", e)
        if e.condition is not None:
            self.expr(e.condition)
        if e.key is not None:
            self.expr(e.key)
        self.expr(e.element)
        self.leave_function(outer)
