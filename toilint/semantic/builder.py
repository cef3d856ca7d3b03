"""Replays the compiler's name resolution over the AST, in the compiler's evaluation order."""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections.abc import Callable

from toilint import ast
from toilint._typing import TYPE_CHECKING, Any
from toilint.semantic.model import (
    _FUNCTIONS,
    NOT_REAL_TOKENS,
    Anchor,
    Binding,
    BindingKind,
    Scope,
    ScopeOwner,
    SemanticError,
    SemanticErrorKind,
    SemanticModel,
)
from toilint.semantic.stdlib import CORE_GLOBALS
from toilint.syntax.facts import parsed_as_range
from toilint.visitor import iter_nodes

if TYPE_CHECKING:
    from toilint.lines import LineIndex
    from toilint.syntax.result import ParseResult

DUPLICATE = "Already a variable with this name in this scope."
OWN_INITIALIZER = "Can't read local variable in its own initializer."
TOO_MANY_CONSTANTS = "Too many constants in one chunk."
TOO_MANY_LOCALS = "Too many local variables in function."
MAX_LOCALS = 256  # ``add_local``: slot 0 (the function itself) included
MAX_CONSTANTS = 256  # ``make_constant``: an index above 255 is an error


def _span(node: ast.Node) -> Anchor:
    return ("span", node.start, node.end)


def _prev(offset: int) -> Anchor:
    return ("prev", offset, offset)


def _block_end(block: ast.Block) -> Anchor:
    return ("block", block.start, block.end)


def _simple_interpolation(expr: ast.Expr) -> bool:
    """``emit_simple_fstring_expr``: ``{name}`` or ``{name % 12}``, compiled in place."""
    if isinstance(expr, ast.Name):
        return True
    return (
        isinstance(expr, ast.Binary)
        and expr.op == "%"
        and isinstance(expr.left, ast.Name)
        and isinstance(expr.right, ast.Number)
        and "." not in expr.right.raw
    )


class _Func:
    """The compiler's per-function state: locals stack, depth, explicit globals, loops."""

    __slots__ = (
        "by_name", "constants", "depth", "enclosing", "explicit_globals", "hidden", "is_script", "locals", "node",
        "overflow", "reported", "room", "scopes",
    )  # fmt: skip

    def __init__(self, node: ScopeOwner, enclosing: _Func | None, depth: int) -> None:
        self.node = node
        self.enclosing = enclosing
        self.is_script = enclosing is None
        #: the locals stack (each local's depth is its ``_depth``)
        self.locals: list[Binding] = []
        #: the innermost local of each name (each hides the one in its ``_shadows``): a script
        #: declares thousands of top-level names, a scan of ``locals`` per lookup was quadratic
        self.by_name: dict[str, Binding] = {}
        self.depth = depth
        self.explicit_globals: frozenset[str] | set[str] = _NONE  # a set of its own on the first `global`
        self.scopes: list[Scope] = []
        #: how many constants the compiler adds to this chunk, and where the first one past the
        #: limit is (only that one is reported: a count, not a list of every constant's anchor)
        self.constants = 0
        self.overflow: Anchor | None = None
        #: depths of the compiler's hidden locals ((iter), $with_ctx...): they take slots too
        self.hidden: list[int] = []
        self.reported = False  # "too many locals" already reported for this function
        #: how many named locals fit before the next one reaches the limit (slot 0 and the hidden
        #: locals taken): one comparison per declaration; unlimited once the limit is reported
        self.room = MAX_LOCALS - 1

    def taken(self) -> None:
        """``room`` after a change of ``hidden`` or ``reported``."""
        self.room = _UNLIMITED if self.reported else MAX_LOCALS - 1 - len(self.hidden)

    def close(self, depth: int) -> None:
        """The end of a scope: its locals and hidden locals (those deeper than ``depth``) go."""
        locals_ = self.locals
        by_name = self.by_name
        while locals_ and locals_[-1]._depth > depth:
            local = locals_.pop()
            hidden = local._shadows
            if hidden is None:
                del by_name[local.name]
            else:
                by_name[local.name] = hidden
        hidden_ = self.hidden
        if hidden_ and hidden_[-1] > depth:
            while hidden_ and hidden_[-1] > depth:
                hidden_.pop()
            self.taken()

    def declared_here(self, name: str) -> Binding | None:
        """The first local named ``name`` in the current scope (a duplicate declaration's target):
        the innermost ones at the current depth or still being initialized (-1)."""
        first = None
        local = self.by_name.get(name)
        while local is not None and (local._depth == -1 or local._depth >= self.depth):
            first = local
            local = local._shadows
        return first


_NONE: frozenset[str] = frozenset()
#: defaults that hold no function, generator, yield or metatable (most defaults)
_LITERALS = frozenset({ast.Number, ast.String, ast.Nil, ast.Bool, ast.Name})
_UNLIMITED = sys.maxsize


#: node class -> the Builder method that handles it where a statement, an expression or any node
#: is expected; filled at import from the ``stmt_``/``expr_`` methods (the others walk their
#: children). One dict lookup per node: isinstance tests and a name lookup per node were a
#: large part of the model's build time.
_STMT: dict[type, Callable[[Builder, Any], None]] = {}
_EXPR: dict[type, Callable[[Builder, Any], None]] = {}
_ANY: dict[type, Callable[[Builder, Any], None]] = {}


class Builder:
    def __init__(self, model: SemanticModel) -> None:
        self.m = model
        self.func: _Func = _Func(model.module, None, 1)  # scripts are local-by-default: top level is scope 1
        #: where the constants of a ``{name}`` interpolation are reported (the f-string)
        self.anchor_override: Anchor | None = None
        # the model's binding list and name -> binding map, at hand (stored at every declaration)
        self.all_bindings = model.bindings.append
        self.all_scopes = model.scopes.append
        self.binding_of = model._binding
        self.functions = model.functions.append

    # ------------------------------------------------------------------ scopes

    def run(self) -> None:
        f = self.func
        scope = Scope("module", self.m.module, None, f.node)
        f.scopes.append(scope)
        self.all_scopes(scope)
        for stmt in self.m.module.body:
            _STMT[type(stmt)](self, stmt)
        self.finish_chunk(f)

    def begin(self, kind: str, node: ast.Node) -> None:
        """A nested scope of the current function (its first scope is the function's own)."""
        f = self.func
        f.depth += 1
        scope = Scope(kind, node, f.scopes[-1], f.node)
        f.scopes.append(scope)
        self.all_scopes(scope)

    def end(self) -> None:
        f = self.func
        depth = f.depth = f.depth - 1
        f.scopes.pop()
        f.close(depth)

    def slot(self, anchor: Anchor) -> None:
        """``add_local`` is about to take a stack slot: more than 256 is a compile error."""
        f = self.func
        if 1 + len(f.locals) + len(f.hidden) >= MAX_LOCALS and not f.reported:
            f.reported = True
            f.taken()
            start, end = self._locate(anchor)
            self.m.errors.append(SemanticError(SemanticErrorKind.TOO_MANY_LOCALS, TOO_MANY_LOCALS, start, end))

    def hidden(self, anchor: Anchor, count: int = 1) -> None:
        """The compiler's unnamed locals: loop iterator state, match subject, with context."""
        f = self.func
        for _ in range(count):
            if len(f.locals) >= f.room:
                self.slot(anchor)
            f.hidden.append(f.depth)
            f.room -= 1

    def loop_locals(self, node: ast.For | ast.Comprehension, kind: BindingKind) -> None:
        """Hidden and named locals of a for header, in the compiler's order."""
        anchor = _prev(node.iters[-1].end) if node.iters else _span(node)
        single = len(node.targets) == 1 and not node.indexed
        is_range = single and bool(node.iters) and parsed_as_range(node.iters[0])
        if is_range and isinstance(node, ast.For) and len(node.iters) == 1:
            self.add_local(node.targets[0], kind, node, anchor=anchor)
            self.hidden(anchor)  # (end)
            return
        if len(node.iters) == 1 and not is_range:
            self.hidden(anchor)  # (iterable)
        self.hidden(anchor, 3)  # (iter), (state), (control)
        if single:
            self.hidden(anchor)  # (key)
        for target in node.targets:
            self.add_local(target, kind, node, anchor=anchor)

    def enter_function(self, node: ScopeOwner, kind: str) -> _Func:
        outer = self.func
        f = self.func = _Func(node, outer, 1)
        scope = Scope(kind, node, outer.scopes[-1] if outer.scopes else None, node)
        f.scopes.append(scope)
        self.all_scopes(scope)
        return outer

    def leave_function(self, outer: _Func) -> None:
        self.finish_chunk(self.func)
        self.func = outer

    # ------------------------------------------------------------------ constants (compiler limits)

    def const(self, anchor: Anchor, count: int = 1) -> None:
        """The compiler adds ``count`` constants to the current chunk (``make_constant``)."""
        f = self.func
        total = f.constants + count
        if total > MAX_CONSTANTS and f.overflow is None:  # this call adds the first one too many
            f.overflow = self.anchor_override if self.anchor_override is not None else anchor
        f.constants = total

    def const_span(self, node: ast.Node) -> None:
        """``const`` at ``node``'s span, without building the anchor unless it is reported (the
        commonest case: one constant per name, field, number and string of the file)."""
        f = self.func
        f.constants += 1
        if f.constants > MAX_CONSTANTS and f.overflow is None:
            f.overflow = self.anchor_override if self.anchor_override is not None else ("span", node.start, node.end)

    def finish_chunk(self, f: _Func) -> None:
        """The first constant past the limit. Text the compiler re-parses with a nested parser
        (f-string interpolations, comprehension elements, decorators) throws that parser's error
        flag away, so an overflow there does not fail the compile; but the error is printed and
        the program runs with a wrong constant, or crashes: it is reported alike."""
        if f.overflow is not None:
            start, end = self._locate(f.overflow)
            self.m.errors.append(SemanticError(SemanticErrorKind.TOO_MANY_CONSTANTS, TOO_MANY_CONSTANTS, start, end))

    def _locate(self, anchor: Anchor) -> tuple[int, int]:
        """The span of the token the compiler names in its error (its line is the token's last)."""
        kind, start, end = anchor
        text = self.m.text
        if kind == "prev" or kind == "block":
            toks, (typ, start_of, end_of) = self.m.token_sequence()
            ordered = self.m.tokens_in_order()  # (bisect when it may: a scan of 40,000 tokens is felt)
            if ordered:
                i = self.m.real_token_before(end)
            else:  # the last real token that ends at or before the anchor
                i = len(toks) - 1
                while i >= 0 and (end_of(toks[i]) > end or typ(toks[i]) in NOT_REAL_TOKENS):
                    i -= 1
            if kind == "block":
                # the block's first token that is not an INDENT
                first = bisect_left(toks, start, key=start_of) if ordered else 0
                while first < len(toks) and (start_of(toks[first]) < start or typ(toks[first]) == "INDENT"):
                    first += 1
                if 0 < first < len(toks) and typ(toks[first - 1]) == "INDENT":
                    for j in range(i + 1, len(toks)):
                        if typ(toks[j]) == "DEDENT" or typ(toks[j]) == "$END":
                            return start_of(toks[j]), start_of(toks[j])
            if i < 0:
                return 0, 0
            start, end = start_of(toks[i]), end_of(toks[i])
        newline = text.rfind("\n", start, end)
        if newline >= 0:
            start = newline + 1
        return start, end

    # ------------------------------------------------------------------ bindings

    def add_local(
        self,
        name: ast.Name,
        kind: BindingKind,
        decl: ast.Node,
        check_dup: bool = False,
        initialized: bool = True,
        module: str | None = None,
        value: ast.Node | None = None,
        anchor: Anchor | None = None,
    ) -> Binding:
        """A named local (``add_local``); positional parameters: one call per declaration."""
        f = self.func
        locals_ = f.locals
        if len(locals_) >= f.room:  # (the limit's test: the anchor only when reported)
            self.slot(anchor if anchor is not None else _span(name))
        ident = name.id
        by_name = f.by_name
        hides = by_name.get(ident)
        if check_dup and hides is not None:
            earlier = f.declared_here(ident)
            if earlier is not None:
                line = self.m.line_of(earlier.node.start)
                message = f"{DUPLICATE} `{ident}` was first declared on line {line}."
                self.error(SemanticErrorKind.DUPLICATE_DECLARATION, message, name)
        scope = f.scopes[-1]
        depth = f.depth
        # (``record_write`` of the declaring name: without its capture test, the local is this function's)
        binding = Binding(ident, kind, name, decl, scope, module, depth == 1 and f.is_script, True, value)
        binding._depth = depth if initialized else -1
        binding._shadows = hides
        by_name[ident] = binding
        locals_.append(binding)
        scope.bindings.append(binding)
        self.all_bindings(binding)
        self.binding_of[name] = binding
        return binding

    def global_binding(self, name: str) -> Binding:
        m = self.m
        binding = m.globals.get(name)
        if binding is None:
            kind: BindingKind = "builtin" if name in CORE_GLOBALS else "global"
            binding = m.globals[name] = Binding(name, kind, m.module, m.module, None, None, True)
            m.bindings.append(binding)
        return binding

    def define_global(self, name: ast.Name, value: ast.Node | None) -> Binding:
        binding = self.global_binding(name.id)
        if binding.kind == "builtin":
            binding.kind = "global"
        self.m.global_definitions.add(name.id)
        self.record_write(name, binding, value)
        return binding

    def record_write(self, name: ast.Name, binding: Binding, value: ast.Node | None) -> None:
        self.binding_of[name] = binding
        binding.assignments.append(name)
        binding.values.append(value)
        scope = binding.scope
        if scope is not None and scope.function is not self.func.node:
            binding.captured = True

    def error(self, kind: SemanticErrorKind, message: str, node: ast.Node) -> None:
        self.m.errors.append(SemanticError(kind, message, node.start, node.end))

    def _resolve_local(self, f: _Func, name: ast.Name) -> Binding | None:
        local = f.by_name.get(name.id)
        if local is not None and local._depth == -1:
            self.error(SemanticErrorKind.OWN_INITIALIZER, OWN_INITIALIZER, name)
        return local

    def _resolve_upvalue(self, f: _Func, name: ast.Name) -> Binding | None:
        ident = name.id
        outer = f.enclosing
        while outer is not None:
            local = outer.by_name.get(ident)
            if local is not None:
                if local._depth == -1:
                    self.error(SemanticErrorKind.OWN_INITIALIZER, OWN_INITIALIZER, name)
                local.captured = True
                return local
            outer = outer.enclosing
        return None

    def lookup(self, name: ast.Name) -> tuple[Binding, str]:
        """(binding, "local" | "upvalue" | "global") as ``named_variable`` resolves it."""
        f = self.func
        local = self._resolve_local(f, name)
        if local is not None:
            return local, "local"
        return self._lookup_outside(f, name)

    def _lookup_outside(self, f: _Func, name: ast.Name) -> tuple[Binding, str]:
        """``lookup`` of a name that is not a local of the current function."""
        ident = name.id
        if f.enclosing is not None and ident not in f.explicit_globals:  # (the script has no upvalues)
            up = self._resolve_upvalue(f, name)
            if up is not None:
                return up, "upvalue"
        # ``identifier_constant`` for OP_GET_GLOBAL/OP_SET_GLOBAL: ``const_span`` inline (a call
        # less per global read)
        f.constants += 1
        if f.constants > MAX_CONSTANTS and f.overflow is None:
            f.overflow = self.anchor_override if self.anchor_override is not None else _span(name)
        binding = self.m.globals.get(ident)  # ``global_binding`` of a name met before, inline
        return (binding if binding is not None else self.global_binding(ident)), "global"

    def read(self, name: ast.Name) -> None:
        """A name read: ``lookup`` with the commonest case, a local of this function, inline
        (every name of the file goes through here)."""
        f = self.func
        binding = f.by_name.get(name.id)
        if binding is not None:
            if binding._depth == -1:
                self.error(SemanticErrorKind.OWN_INITIALIZER, OWN_INITIALIZER, name)
        else:
            binding = self._lookup_outside(f, name)[0]
        self.binding_of[name] = binding
        binding.references.append(name)

    # ------------------------------------------------------------------ statements

    def block(self, block: ast.Block | None, kind: str = "block") -> None:
        if block is None:
            return
        # ``begin`` and ``end`` inline: a block per body of every if, loop and function
        f = self.func
        depth = f.depth
        f.depth = depth + 1
        scopes = f.scopes
        scope = Scope(kind, block, scopes[-1], f.node)
        scopes.append(scope)
        self.all_scopes(scope)
        for stmt in block.body:
            _STMT[type(stmt)](self, stmt)
        f.depth = depth
        scopes.pop()
        locals_, hidden = f.locals, f.hidden
        if (locals_ and locals_[-1]._depth > depth) or (hidden and hidden[-1] > depth):  # (most declare nothing)
            f.close(depth)

    def body_statements(self, block: ast.Block) -> None:
        for stmt in block.body:
            _STMT[type(stmt)](self, stmt)

    def children(self, node: ast.Node) -> None:
        """A node without a method of its own: its children, in source order."""
        for child in node.children():
            _ANY[type(child)](self, child)

    # the commonest nodes without scoping rules of their own: their children without a list

    def stmt_ExprStmt(self, s: ast.ExprStmt) -> None:
        _ANY[type(s.expr)](self, s.expr)

    def stmt_Return(self, s: ast.Return) -> None:
        for value in s.values:
            _ANY[type(value)](self, value)

    def stmt_Print(self, s: ast.Print) -> None:
        for value in s.values:
            _ANY[type(value)](self, value)

    def leaf(self, node: ast.Node) -> None:
        """``nil``, ``true``, ``break``...: nothing to resolve, no constant."""

    def stmt_If(self, s: ast.If) -> None:
        _EXPR[type(s.test)](self, s.test)
        self.block(s.body)
        for elif_ in s.elifs:
            _EXPR[type(elif_.test)](self, elif_.test)
            self.block(elif_.body)
        self.block(s.orelse)

    def stmt_While(self, s: ast.While) -> None:
        _EXPR[type(s.test)](self, s.test)
        self.block(s.body)

    def stmt_For(self, s: ast.For) -> None:
        self.begin("for", s)
        for it in s.iters:
            _EXPR[type(it)](self, it)
        self.loop_locals(s, "for")
        self.block(s.body)
        self.end()

    def stmt_Match(self, s: ast.Match) -> None:
        self.begin("match", s)
        _EXPR[type(s.subject)](self, s.subject)
        self.hidden(_prev(s.subject.end))  # $match_value
        for case in s.cases:
            _EXPR[type(case.value)](self, case.value)
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
                _EXPR[type(h.filter)](self, h.filter)
            self.body_statements(h.body)
            self.end()
        self.block(s.finalbody)

    def stmt_With(self, s: ast.With) -> None:
        self.begin("with", s)
        _EXPR[type(s.context)](self, s.context)
        self.hidden(_prev(s.context.end))  # $with_ctx
        self.const(_prev(s.context.end))  # "__enter"
        if s.name is not None:
            f = self.func
            local = self._resolve_local(f, s.name)
            if local is not None:
                self.record_write(s.name, local, None)
            else:
                up = self._resolve_upvalue(f, s.name)
                if up is not None:
                    self.record_write(s.name, up, None)
                else:
                    self.add_local(s.name, "with", s)
        self.hidden(_span(s.name) if s.name is not None else _prev(s.context.end))  # $with_ex
        self.block(s.body)
        self.const(_block_end(s.body))  # "__exit"
        self.end()

    def stmt_Yield(self, s: ast.Yield) -> None:
        fn = self.func.node  # (a statement's chunk is a function's, a lambda's or the script's)
        if isinstance(fn, _FUNCTIONS):
            self.m.yielding.add(fn)
        self.const(("span", s.start, s.start + 5), 2)  # coroutine.yield
        for value in s.values:
            _EXPR[type(value)](self, value)

    def stmt_Assert(self, s: ast.Assert) -> None:
        _EXPR[type(s.test)](self, s.test)
        if s.message is not None:
            _EXPR[type(s.message)](self, s.message)
        else:
            self.const(_prev(s.test.end))  # "assert failed"

    def stmt_Del(self, s: ast.Del) -> None:
        for target in s.targets:
            if isinstance(target, ast.Name):
                binding, _ = self.lookup(target)
                self.record_write(target, binding, None)
            else:
                _EXPR[type(target)](self, target)

    def stmt_MultiAssign(self, s: ast.MultiAssign) -> None:
        f = self.func
        created: dict[str, Binding] = {}
        pending: list[Binding] = []
        for target in s.targets:
            if target.id in f.explicit_globals:
                continue
            # the compiler resolves each target before its duplicate check, so a name repeated
            # among new targets reads its own not-yet-initialized slot: `x, x = 1, 2` is an error
            if self._resolve_local(f, target) is not None:
                continue
            new = created[target.id] = self.add_local(
                target, "local", s, initialized=False, anchor=_span(s.targets[-1])
            )
            pending.append(new)
        for new in pending:
            new._depth = f.depth
        for value in s.values:
            _EXPR[type(value)](self, value)
        for i, target in enumerate(s.targets):
            # a single right-hand side is spread over the targets: no one target gets "it"
            val = s.values[i] if len(s.values) > 1 and i < len(s.values) else None
            if created.get(target.id) is not None and created[target.id].node is target:
                created[target.id].values[-1] = val
                continue
            local = self._resolve_local(f, target)
            if local is not None:
                self.record_write(target, local, val)
            elif target.id in f.explicit_globals:
                self.const(_prev(s.end))
                self.define_global(target, val)
            else:  # unreachable: every other target got a local above
                self.record_write(target, self.global_binding(target.id), val)

    def stmt_FunctionDef(self, s: ast.FunctionDef) -> None:
        if s.scope == "global":
            self.const_span(s.name)
            self.function(s)
            binding = self.define_global(s.name, s)
        else:
            binding = self.add_local(s.name, "function", s, True, True, None, s)
            self.function(s)
        if not s.decorators:
            return
        # ``apply_decorators`` runs after the function is built, innermost decorator first,
        # and reads the function's name to pass it: a decorated function is used.
        functions = len(self.m.functions)
        for dec in reversed(s.decorators):
            if dec.expr is not None:
                _EXPR[type(dec.expr)](self, dec.expr)
            if s.scope == "global":
                self.const(_block_end(s.body), 2)  # emit_get_named + emit_set_named
            binding.references.append(s.name)
        if len(self.m.functions) != functions:
            self.m.decorator_functions = True

    def stmt_ErrorStmt(self, s: ast.ErrorStmt) -> None:
        # the compiler declared these before it reached the error (a duplicate is its first error)
        for name in s.declares:
            self.add_local(name, "function" if s.decl_kind == "function" else "local", s, check_dup=True)
        self.m.unknown_names.update(s.identifiers)

    def stmt_Local(self, s: ast.Local) -> None:
        names, values = s.names, s.values
        if len(names) == 1:  # the common `local x = value`, without the lists below
            binding = self.add_local(names[0], "local", s, True, False)
            for value in values:
                _EXPR[type(value)](self, value)
            binding._depth = self.func.depth
            if len(values) == 1:
                binding.values[-1] = values[0]
            return
        created = []
        for n in names:
            created.append(self.add_local(n, "local", s, check_dup=True, initialized=False))
        for value in values:
            _EXPR[type(value)](self, value)
        depth = self.func.depth
        for binding in created:
            binding._depth = depth
        if len(s.values) == len(created):
            for binding, value in zip(created, s.values, strict=True):
                binding.values[-1] = value

    def stmt_Global(self, s: ast.Global) -> None:
        f = self.func
        for n in s.names:
            self.const_span(n)
        if not f.is_script:
            f.explicit_globals = {*f.explicit_globals, *(n.id for n in s.names)}
        for value in s.values:
            _EXPR[type(value)](self, value)
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
            self.const_span(last)

    def stmt_FromImport(self, s: ast.FromImport) -> None:
        # the path, after `import` was consumed
        self.const(_prev(s.names[0].start) if s.names else _prev(s.end))
        for name in s.names:
            self.const_span(name)
        if s.star:
            self.m.star_import = True
            return
        for name in s.names:
            self.add_local(name, "from-import", s, check_dup=True, module=f"{s.module.dotted}.{name.id}")

    # ------------------------------------------------------------------ expressions

    def expr_Call(self, e: ast.Call) -> None:
        _ANY[type(e.func)](self, e.func)
        for arg in e.args:
            if type(arg) is ast.Arg and arg.name is None:  # ``expr_Arg`` inline: most arguments
                value = arg.value
                _EXPR[type(value)](self, value)
            else:
                _ANY[type(arg)](self, arg)

    def expr_Binary(self, e: ast.Binary) -> None:
        _ANY[type(e.left)](self, e.left)
        _ANY[type(e.right)](self, e.right)

    def expr_Index(self, e: ast.Index) -> None:
        _ANY[type(e.obj)](self, e.obj)
        _ANY[type(e.index)](self, e.index)

    def expr_Unary(self, e: ast.Unary) -> None:
        _ANY[type(e.operand)](self, e.operand)

    def expr_Paren(self, e: ast.Paren) -> None:
        _ANY[type(e.expr)](self, e.expr)

    def expr_Attribute(self, e: ast.Attribute) -> None:
        _EXPR[type(e.obj)](self, e.obj)  # the field name is not a variable
        self.const_span(e.name)

    def expr_MetaConstruct(self, e: ast.MetaConstruct) -> None:
        self.m.makes_metatables = True
        self.children(e)

    def expr_Arg(self, e: ast.Arg) -> None:
        if e.name is not None:
            self.const(_prev(e.value.start))  # the key, after `=` was consumed
        _EXPR[type(e.value)](self, e.value)  # a named argument's key is not a variable

    def expr_FieldEntry(self, e: ast.FieldEntry) -> None:
        self.const(_prev(e.value.start))
        _EXPR[type(e.value)](self, e.value)

    def expr_ImportExpr(self, e: ast.ImportExpr) -> None:
        self.const_span(e.module.parts[-1])

    def expr_Assign(self, e: ast.Assign) -> None:
        target = e.target
        if not isinstance(target, ast.Name):
            _EXPR[type(target)](self, target)
            _EXPR[type(e.value)](self, e.value)
            return
        f = self.func
        declared_global = target.id in f.explicit_globals
        # ``lookup`` with its commonest case inline: a local of this function
        binding: Binding | None = f.by_name.get(target.id)
        if binding is not None:
            if binding._depth == -1:
                self.error(SemanticErrorKind.OWN_INITIALIZER, OWN_INITIALIZER, target)
            where = "local"
        else:
            binding, where = self._lookup_outside(f, target)
        if e.op not in ("=", ":="):  # compound: reads first
            self.binding_of[target] = binding
            if where == "global" and not declared_global and not f.is_script:
                pass  # in a function the unknown name reads nil, then becomes a local
            else:
                binding.references.append(target)
            if declared_global:
                self.const_span(e.target)  # OP_GET_GLOBAL
            _EXPR[type(e.value)](self, e.value)
            if declared_global:
                self.const(_prev(e.end))  # OP_SET_GLOBAL
                self.define_global(target, e)
            elif where in ("local", "upvalue"):
                self.record_write(target, binding, e)
            else:
                self.add_local(target, "local", e, value=e, anchor=_prev(e.end))
            return
        if where == "global" and not declared_global and not f.is_script and e.op == "=":
            self.add_local(target, "local", e, value=e.value, anchor=_prev(e.value.start))  # predeclared
            _EXPR[type(e.value)](self, e.value)
            return
        _EXPR[type(e.value)](self, e.value)
        if declared_global:
            self.const(_prev(e.end))  # OP_SET_GLOBAL
            self.define_global(target, e.value)
        elif where in ("local", "upvalue"):
            self.record_write(target, binding, e.value)
        elif not f.is_script or e.op == "=":
            self.add_local(target, "local", e, value=e.value, anchor=_prev(e.end))
        else:  # `:=` at script level assigns the global
            self.const(_prev(e.end))
            self.define_global(target, e.value)

    def expr_ShorthandEntry(self, e: ast.ShorthandEntry) -> None:
        for n in e.names:
            self.const_span(n)  # the key
            self.read(n)

    def expr_FString(self, e: ast.FString) -> None:
        parts = 0
        for part in e.parts:
            if isinstance(part, str):
                if part:
                    self.const_span(e)
                    parts += 1
                continue
            parts += 1
            if part.spec is not None:
                # ``(import string).format("%spec", (expr))``, compiled by a nested parser
                self.const(_span(e), 3)
                _EXPR[type(part.expr)](self, part.expr)
            elif _simple_interpolation(part.expr):
                saved, self.anchor_override = self.anchor_override, _span(e)
                _EXPR[type(part.expr)](self, part.expr)
                self.anchor_override = saved
            else:
                _EXPR[type(part.expr)](self, part.expr)
        if parts == 0:
            self.const_span(e)  # the empty string

    def expr_Slice(self, e: ast.Slice) -> None:
        for child in (e.obj, e.lower, e.upper, e.step):
            if child is not None:
                _EXPR[type(child)](self, child)
        if e.step is None:
            self.const(_prev(e.end - 1))  # the default step 1

    def expr_Table(self, e: ast.Table) -> None:
        for entry in e.entries:
            if isinstance(entry, ast.ArrayItem):
                # the array index; a bare name entry is matched before its index is emitted
                bare = isinstance(entry.value, ast.Name) and not e.sugar
                self.const(_span(entry.value) if bare else _prev(entry.start))
                _EXPR[type(entry.value)](self, entry.value)
            else:
                _EXPR[type(entry)](self, entry)

    def expr_KeyEntry(self, e: ast.KeyEntry) -> None:
        _EXPR[type(e.key)](self, e.key)
        _EXPR[type(e.value)](self, e.value)

    def expr_Lambda(self, e: ast.Lambda) -> None:
        self.function(e)

    def function(self, fn: ast.FunctionDef | ast.Lambda) -> None:
        # ``enter_function`` and ``leave_function`` inline (a call each per function)
        outer = self.func
        f = self.func = _Func(fn, outer, 1)
        scope = Scope("function", fn, outer.scopes[-1] if outer.scopes else None, fn)
        f.scopes.append(scope)
        self.all_scopes(scope)
        self.functions(fn)
        for param in fn.params:
            self.add_local(param.name, "param", param, True)
            if param.default is not None and type(param.default) not in _LITERALS:
                self.unresolved(param.default)
        body = fn.body.body
        if body and isinstance(body[0], ast.ExprStmt) and isinstance(body[0].expr, ast.String):
            # ``maybe_capture_function_docstring`` takes a leading string that ends its line:
            # it costs no constant
            rest = self.m.text[body[0].end : body[1].start] if len(body) > 1 else "\n"
            if "\n" in rest:
                body = body[1:]
        for stmt in body:
            _STMT[type(stmt)](self, stmt)
        if f.overflow is not None:
            self.finish_chunk(f)
        self.func = f = outer
        # OP_CLOSURE: ``const`` without building the anchor unless it is reported
        f.constants += 1
        if f.constants > MAX_CONSTANTS and f.overflow is None:
            f.overflow = self.anchor_override if self.anchor_override is not None else _block_end(fn.body)

    def unresolved(self, expr: ast.Expr) -> None:
        """A parameter's default: the pass resolves no name in it, but its functions, generators,
        yields and metatables are noted as the walk notes them elsewhere."""
        for n in iter_nodes(expr):
            cls = type(n)
            if cls is ast.FunctionDef or cls is ast.Lambda:
                self.functions(n)  # type: ignore[arg-type]
                if cls is ast.FunctionDef and n.decorators:  # type: ignore[attr-defined]
                    self.m.decorator_functions = True  # (its decorators may hold functions)
            elif cls is ast.Comprehension and n.kind == "generator":  # type: ignore[attr-defined]
                self.m.generators.append(n)  # type: ignore[arg-type]
            elif cls is ast.MetaConstruct:
                self.m.makes_metatables = True
            elif cls is ast.Yield:
                fn = self.m.enclosing_function(n)
                if fn is not None:
                    self.m.yielding.add(fn)

    def expr_Comprehension(self, e: ast.Comprehension) -> None:
        if e.kind == "generator":
            self.m.generators.append(e)
        outer = self.enter_function(e, "comprehension")
        header_end = _prev(e.targets[0].start)  # about where the loop header is
        if e.kind == "table":
            self.hidden(header_end)  # (list)
            self.const(header_end)  # (idx) = 1
            self.hidden(header_end)  # (idx)
        for it in e.iters:
            _EXPR[type(it)](self, it)
        self.loop_locals(e, "comprehension")
        if e.condition is not None:
            _EXPR[type(e.condition)](self, e.condition)
        last = e.condition if e.condition is not None else e.iters[-1] if e.iters else e
        if e.kind == "generator":
            self.const(_prev(last.end), 2)  # (import coroutine).yield
        # the element (and key) text is compiled by a nested parser, after the header
        if e.key is not None:
            _EXPR[type(e.key)](self, e.key)
        _EXPR[type(e.element)](self, e.element)
        if e.kind == "table" and e.key is None:
            self.const(_prev(last.end))  # (idx) + 1
        self.leave_function(outer)
        self.const(_prev(e.end) if e.kind == "table" else _prev(last.end))  # OP_CLOSURE


def _fill_dispatch() -> None:
    leaves = (ast.Nil, ast.Bool, ast.Break, ast.Continue)
    for name, cls in ast.NODE_TYPES.items():
        stmt = getattr(Builder, "stmt_" + name, None) or Builder.children
        expr = getattr(Builder, "expr_" + name, None) or Builder.children
        if cls is ast.Name:
            expr = Builder.read
        elif cls is ast.Number or cls is ast.String:
            expr = Builder.const_span  # a literal is one constant
        if cls in leaves:
            stmt = expr = Builder.leaf
        _STMT[cls] = stmt
        _EXPR[cls] = expr
        _ANY[cls] = stmt if issubclass(cls, ast.Stmt) else Builder.block if issubclass(cls, ast.Block) else expr


_fill_dispatch()


def build(
    module: ast.Module,
    text: str,
    parsed: ParseResult | None = None,
    lines: LineIndex | None = None,
    previous: SemanticModel | None = None,
) -> SemanticModel:
    """Resolve every name of ``module`` (of ``parsed``, when given: its tokens are reused; with
    the file's ``lines`` when known) the way Toi's compiler does. ``previous``: the model of the
    file's version before an edit (its node pass serves the statements the edit left alone)."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))
    try:
        model = SemanticModel(module, text, previous)  # (its node pass recurses too)
        model._parsed = parsed
        model._lines = lines
        Builder(model).run()
    finally:
        sys.setrecursionlimit(limit)
    return model
