"""Scopes, bindings, loop nesting and the call graph of one Toi file.

The builder replays the compiler's single pass (``src/compiler.c``: ``named_variable``,
``declare_variable``, ``resolve_local``/``resolve_upvalue``; ``src/compiler/stmt*.c``) in
source order, with the same per-function stack of locals and scope depths. Because the
compiler resolves a name against the locals that exist *at that point of the pass*, so do we:
a function cannot see a function declared below it, and a name first assigned inside an
``if`` body is gone after the body. That is what makes W201 and E105 agree with ``toi``.
"""

from __future__ import annotations

import enum
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter

from toilint import ast
from toilint._typing import TYPE_CHECKING, Any, Literal
from toilint.semantic.stdlib import CORE_GLOBALS
from toilint.visitor import iter_nodes, last_node

if TYPE_CHECKING:
    from toilint.lines import LineIndex
    from toilint.syntax.result import ParseResult

BindingKind = Literal[
    "local", "global", "param", "import", "from-import", "for", "function",
    "except", "with", "comprehension", "builtin",
]  # fmt: skip

ScopeOwner = ast.Module | ast.FunctionDef | ast.Lambda | ast.Comprehension


class Scope:
    """One compiler scope (a ``begin_scope``); ``function`` is the chunk it belongs to.

    The model's classes are plain classes (identity equality), written out so that building
    them costs nothing at import and the compiled build can turn them into native classes.
    """

    __slots__ = ("bindings", "function", "kind", "node", "parent")

    def __init__(self, kind: str, node: ast.Node, parent: Scope | None, function: ScopeOwner) -> None:
        self.kind = kind
        self.node = node
        self.parent = parent
        self.function = function
        self.bindings: list[Binding] = []

    def __repr__(self) -> str:
        return f"Scope(kind={self.kind!r}, node={type(self.node).__name__}@{self.node.start})"


class Binding:
    """One variable: a local slot of one scope, or one global name of the file."""

    #: the builder's bookkeeping of a local (set by ``add_local``, unset on globals): its scope
    #: depth (-1 while its initializer is compiled: ``local a = a``) and the local of the same
    #: name it hides in its function (a chain per name instead of a list per name)
    _depth: int
    _shadows: Binding | None

    __slots__ = (
        "_depth", "_shadows", "assignments", "captured", "decl", "is_global", "kind", "module", "name", "node",
        "references", "scope", "values",
    )  # fmt: skip

    def __init__(
        self,
        name: str,
        kind: BindingKind,
        node: ast.Node,
        decl: ast.Node,
        scope: Scope | None,
        module: str | None = None,
        is_global: bool = False,
        declared: bool = False,
        value: ast.Node | None = None,
    ) -> None:
        """``declared``: ``node`` is a first assignment (a local's declaration), with ``value``."""
        self.name = name
        self.kind = kind
        self.node = node  # the declaring Name (or the construct for synthetic declarations)
        self.decl = decl  # the declaring statement/expression (Local, FunctionDef, Assign, For, Param...)
        self.scope = scope  # None for globals and builtins
        self.module = module
        self.is_global = is_global
        self.assignments: list[ast.Node] = [node] if declared else []  # target Names that (re)bind it
        self.values: list[ast.Node | None] = [value] if declared else []  # parallel to assignments
        self.references: list[ast.Name] = []  # reads
        self.captured = False  # read or written from a nested function (an upvalue)

    def __repr__(self) -> str:
        return f"Binding(name={self.name!r}, kind={self.kind!r}, at={self.node.start})"

    @property
    def function(self) -> ScopeOwner | None:
        return self.scope.function if self.scope is not None else None


class SemanticErrorKind(enum.Enum):
    """The compile errors the semantic layer finds while replaying the compiler's pass.

    The semantic layer knows *what* went wrong; which rule reports it (and under which code)
    is the rules' business: a rule claims kinds with ``Rule.semantic_errors``.
    """

    DUPLICATE_DECLARATION = "duplicate-declaration"
    OWN_INITIALIZER = "own-initializer"
    TOO_MANY_CONSTANTS = "too-many-constants"
    TOO_MANY_LOCALS = "too-many-locals"


class SemanticError:
    """A compile error found while resolving names: its kind and the compiler's message."""

    __slots__ = ("end", "kind", "message", "start")

    def __init__(self, kind: SemanticErrorKind, message: str, start: int, end: int) -> None:
        self.kind = kind
        self.message = message
        self.start = start
        self.end = end

    def _key(self) -> tuple[SemanticErrorKind, str, int, int]:
        return (self.kind, self.message, self.start, self.end)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SemanticError) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"SemanticError(kind={self.kind}, message={self.message!r}, start={self.start}, end={self.end})"


#: where the compiler's ``parser.previous`` is when it adds a constant: ("span", start, end) a
#: token of the tree; ("prev", offset, _) the last token ending at or before offset; ("block",
#: start, end) the DEDENT that closes an indented block (or its last token when inline).
Anchor = tuple[str, int, int]


_FUNCTIONS = (ast.FunctionDef, ast.Lambda)
_LOOPS_AND_FUNCTIONS = frozenset({ast.While, ast.For, ast.Comprehension, *_FUNCTIONS})

#: how to read a token's type, start and end: a lexer token's attributes or a tuple's items
TokenFields = tuple[Callable[[Any], str], Callable[[Any], int], Callable[[Any], int]]
_TOK_FIELDS: TokenFields = (itemgetter(0), itemgetter(2), itemgetter(3))  # a lexer token's (see syntax.lexer.Tok)
_TUPLE_FIELDS: TokenFields = (itemgetter(0), itemgetter(1), itemgetter(2))
NOT_REAL_TOKENS = frozenset(("INDENT", "DEDENT", "$END"))


class SemanticModel:
    """Answers the questions rules ask; built once per file by :func:`build`."""

    def __init__(self, module: ast.Module, text: str, previous: SemanticModel | None = None) -> None:
        """``previous``: the model of an earlier version of the file, whose tree shares the
        unchanged top-level statements with this one (an incremental re-parse)."""
        self.module = module
        self.text = text
        self.errors: list[SemanticError] = []
        self.scopes: list[Scope] = []
        self.bindings: list[Binding] = []
        self.globals: dict[str, Binding] = {}
        #: names the file defines as globals (``global x = ...``, ``global fn``, top-level ``:=``)
        self.global_definitions: set[str] = set()
        self.star_import = False
        #: identifiers in statements the parser skipped after a syntax error: such a name may be
        #: bound or read there, so it is neither undefined nor unused
        self.unknown_names: set[str] = set()
        self._binding: dict[ast.Node, Binding] = {}
        self._parent: dict[ast.Node, ast.Node] = {}
        self._index: dict[ast.Node, int] | None = None  # node -> its place in the pre-order list
        self._all_names: set[str] | None = None
        self._qualified: dict[ast.Node, str | None] = {}
        self._tokens: list[tuple[str, int, int]] | None = None
        self._lexed: Sequence[Any] | None = None
        self._parsed: ParseResult | None = None
        self._lines: LineIndex | None = None
        #: per-file answers that rules share (several rules ask the same question of one node)
        self.memo: dict[str, dict[Any, Any]] = {}
        #: what the value analysis starts from, noted by the builder's walk (no scan of every node):
        #: the file's functions and lambdas (in the builder's order, which is not the tree's), its
        #: generator comprehensions, the functions with a ``yield``, whether it makes metatables
        #: with ``obj :: {...}`` (``obj::name`` needs ``::`` in the text: looked for there), and
        #: whether a decorator holds a function (the tree's order then puts it after the decorated
        #: function's body, not where its source is)
        self.functions: list[ast.FunctionDef | ast.Lambda] = []
        self.generators: list[ast.Comprehension] = []
        self.yielding: set[ast.FunctionDef | ast.Lambda] = set()
        self.makes_metatables = False
        self.decorator_functions = False
        # one pass for the pre-order node list and the parent map (every rule's queries use both):
        # a generated method per node class, one call per node (a stack of child lists cost ~70 %
        # more); the module's own step here, to note where each top-level statement starts
        nodes: list[ast.Node] = [module]
        #: where each top-level statement's subtree starts in the pre-order list
        self._starts: list[int] = []
        self._nodes = nodes
        if previous is None or not self._reuse(previous):
            parent = self._parent
            append = nodes.append
            starts = self._starts.append
            for stmt in module.body:
                starts(len(nodes))
                parent[stmt] = module
                stmt._preorder(append, parent)

    def _reuse(self, previous: SemanticModel) -> bool:
        """The node pass, with the pre-order stretches and parent entries of the top-level
        statements that ``previous``'s tree shares with this one (the same objects: nodes are
        immutable, so their subtrees walk the same) copied rather than walked again: an edit
        re-parses a few statements of a long file. False (nothing done) when too little is shared
        for the copy to pay."""
        old_body, body = previous.module.body, self.module.body
        shared = min(len(old_body), len(body))
        i = 0  # statements shared before the edit
        while i < shared and body[i] is old_body[i]:
            i += 1
        j = 0  # and after it
        while j < shared - i and body[-1 - j] is old_body[-1 - j]:
            j += 1
        old_nodes, old_starts = previous._nodes, previous._starts
        cut = old_starts[i] if i < len(old_body) else len(old_nodes)
        resume = old_starts[len(old_body) - j] if j else len(old_nodes)
        # the parent map is the old one copied (a copy costs a few instructions an entry, a walk
        # a call per node), less the old nodes between ``cut`` and ``resume``: a deletion each
        if resume - cut > 2 * (cut + len(old_nodes) - resume):
            return False
        module, nodes, starts = self.module, self._nodes, self._starts
        parent = self._parent = previous._parent.copy()
        for node in old_nodes[cut:resume]:
            del parent[node]
        nodes += old_nodes[1:cut]
        starts += old_starts[:i]
        append = nodes.append
        for stmt in body[i : len(body) - j]:
            starts.append(len(nodes))
            parent[stmt] = module
            stmt._preorder(append, parent)
        shift = len(nodes) - resume
        starts += [k + shift for k in old_starts[len(old_body) - j :]]
        nodes += old_nodes[resume:]
        for stmt in body[:i]:
            parent[stmt] = module
        for stmt in body[len(body) - j :]:
            parent[stmt] = module
        return True

    def release(self) -> None:
        """Break the model's reference cycles (each scope's binding list and its bindings; the
        analyses in ``memo``, which refer back to the model), after which reference counting alone
        frees the file's model and tree. For a batch that drops each file's result once it has its
        diagnostics (the CLI): otherwise every file waits for the cyclic collector. The model must
        not be used afterwards."""
        for scope in self.scopes:
            scope.bindings = []
        self.memo.clear()

    # ------------------------------------------------------------------ tree queries

    def preorder(self) -> list[ast.Node]:
        """Every node of the file in pre-order, source order (the checker's walk; do not change it)."""
        return self._nodes

    def subtree(self, node: ast.Node) -> list[ast.Node]:
        """``iter_nodes(node)``, walked once per file: several rules (and each fix) walk the same
        loop, and files with many findings paid for it per finding. Shared: do not change it."""
        memo = self.memo.setdefault("subtree", {})
        nodes: list[ast.Node] | None = memo.get(node)
        if nodes is None:
            nodes = memo[node] = self._slice(node)
        return nodes

    def _slice(self, node: ast.Node) -> list[ast.Node]:
        """A subtree is a stretch of the pre-order list: from the node to the last node of its
        last child's last child... (a slice, not a walk of the subtree)."""
        index = self._index
        if index is None:
            index = self._index = dict(zip(self._nodes, range(len(self._nodes)), strict=True))
        first = index.get(node)
        if first is None:  # not a node of this file's tree
            return iter_nodes(node)
        return self._nodes[first : index[last_node(node)] + 1]

    def parent(self, node: ast.Node) -> ast.Node | None:
        return self._parent.get(node)

    def ancestors(self, node: ast.Node) -> Iterable[tuple[ast.Node, ast.Node]]:
        """(ancestor, the child of it we came through), innermost first."""
        child = node
        parent = self._parent.get(child)
        while parent is not None:
            yield parent, child
            child = parent
            parent = self._parent.get(child)

    @staticmethod
    def _is_function_boundary(anc: ast.Node, child: ast.Node) -> bool:
        if isinstance(anc, ast.FunctionDef):
            return child is anc.body or child in anc.params
        if isinstance(anc, ast.Lambda):
            return True
        return False

    def enclosing_function(self, node: ast.Node) -> ast.FunctionDef | ast.Lambda | None:
        parent_of = self._parent.get  # (the parent chain without the ``ancestors`` generator)
        child = node
        anc = parent_of(child)
        while anc is not None:
            if isinstance(anc, _FUNCTIONS) and self._is_function_boundary(anc, child):
                return anc
            child = anc
            anc = parent_of(child)
        return None

    def enclosing_loops(self, node: ast.Node) -> list[ast.For | ast.While | ast.Comprehension]:
        """Loops that run ``node`` once per iteration, innermost first, within its function.

        A ``for``'s iterables and a comprehension's iterables are evaluated once, so they are
        not in that loop; a ``while`` test runs every iteration, so it is.
        """
        return list(self.loops_around(node))

    def loops_around(self, node: ast.Node) -> Iterator[ast.For | ast.While | ast.Comprehension]:
        """:meth:`enclosing_loops` one at a time, innermost first (for a caller that wants only
        the first of some kind)."""
        parent_of = self._parent.get
        child = node
        anc = parent_of(child)
        while anc is not None:
            cls = type(anc)
            if cls in _LOOPS_AND_FUNCTIONS:  # (one test for the many ancestors that are neither)
                if cls is ast.While:
                    yield anc  # type: ignore[misc]
                elif cls is ast.For or cls is ast.Comprehension:
                    if child not in anc.iters:  # type: ignore[attr-defined]
                        yield anc  # type: ignore[misc]
                elif self._is_function_boundary(anc, child):
                    return
            child = anc
            anc = parent_of(child)

    def enclosing_statement(self, node: ast.Node) -> ast.Stmt:
        """The statement that sits directly in a Block or the Module and contains ``node``."""
        current: ast.Node = node
        while True:
            parent = self._parent.get(current)
            if parent is None:
                raise ValueError("node is not inside a statement of this module")
            if isinstance(current, ast.Stmt) and isinstance(parent, (ast.Block, ast.Module)):
                return current
            current = parent

    def statement_block(self, stmt: ast.Stmt) -> ast.Block | ast.Module:
        parent = self._parent.get(stmt)
        if not isinstance(parent, (ast.Block, ast.Module)):
            raise ValueError("not a statement of a block")
        return parent

    # ------------------------------------------------------------------ tokens

    def line_of(self, offset: int) -> int:
        """1-based line of ``offset`` in the model's text."""
        if self._lines is None:
            from toilint.lines import LineIndex

            self._lines = LineIndex(self.text)
        return self._lines.line_of(offset)

    def tokens(self) -> list[tuple[str, int, int]]:
        """(type, start, end) of every token as the compiler's lexer sees it.

        Diagnostics that point where the compiler points (its *previous* token, a DEDENT)
        need tokens the tree does not keep, such as commas, `=` and keywords. They come from
        the parse (``build(..., parsed=...)``); a model built from a tree alone lexes the text.
        """
        if self._tokens is None:
            if self._parsed is not None and self._parsed.has_tokens:
                self._tokens = self._parsed.tokens()
            else:
                self._tokens = [(t[0], t[2], t[3]) for t in self._lex()]
        return self._tokens

    def _lex(self) -> Sequence[Any]:
        """The lexer's tokens of the text (a model built without its parse), lexed once."""
        if self._lexed is None:
            from toilint.syntax.lexer import tokenize

            self._lexed = tokenize(self.text.split("\0", 1)[0]).tokens
        return self._lexed

    def token_sequence(self) -> tuple[Sequence[Any], TokenFields]:
        """The tokens and how to read a token's (type, start, end): lexer tokens as they are
        when the parse's own (or a lexing of the text) are the file's, no list of tuples built
        for one look-up; else ``tokens()``."""
        if self._tokens is None:
            parsed = self._parsed
            if parsed is None or not parsed.has_tokens:
                return self._lex(), _TOK_FIELDS
            if parsed.later_tokens is None:
                return parsed.lexed, _TOK_FIELDS
            return parsed.token_view(), _TUPLE_FIELDS  # a re-parse's: read through, no list made
        return self.tokens(), _TUPLE_FIELDS

    def tokens_in_order(self) -> bool:
        """Do the tokens' starts and ends rise through ``token_sequence()``? They do unless the
        parser recovered from an error (it lexes the rest of a broken statement again)."""
        return self._parsed is None or not self._parsed.errors

    def real_token_before(self, offset: int) -> int:
        """Index in ``token_sequence()`` of the last real token (not INDENT/DEDENT/end) that ends
        at or before ``offset`` (-1 if none)."""
        toks, (typ, _, end) = self.token_sequence()
        i = bisect_right(toks, offset, key=end) - 1
        while i >= 0 and typ(toks[i]) in NOT_REAL_TOKENS:
            i -= 1
        return i

    def token_before(self, offset: int) -> tuple[int, int]:
        """Span of the last real token (not INDENT/DEDENT/end) that ends at or before ``offset``."""
        i = self.real_token_before(offset)
        if i < 0:
            return (offset, offset)
        toks, (_, start, end) = self.token_sequence()
        return start(toks[i]), end(toks[i])

    # ------------------------------------------------------------------ names

    def binding_of(self, name: ast.Name) -> Binding | None:
        """The variable a Name reads or writes (None for field names, named-arg keys...)."""
        return self._binding.get(name)

    def resolve_qualified(self, expr: ast.Expr) -> str | None:
        """``regex.search`` -> "regex.search" when ``regex`` surely holds the native module."""
        known = self._qualified
        if expr in known:  # several rules ask it of every call's function
            return known[expr]
        found = known[expr] = self._resolve_qualified(expr)
        return found

    def _resolve_qualified(self, expr: ast.Expr) -> str | None:
        parts: list[str] = []
        node: ast.Node = expr
        while isinstance(node, ast.Attribute) and not node.meta:
            parts.append(node.name.id)
            node = node.obj
        if isinstance(node, ast.Paren) and isinstance(node.expr, ast.ImportExpr):
            base: str | None = node.expr.module.dotted
        elif isinstance(node, ast.ImportExpr) and not parts:
            base = node.module.dotted
        elif isinstance(node, ast.Name):
            binding = self._binding.get(node)
            base = self._module_of(binding) if binding is not None else None
        else:
            base = None
        if base is None:
            return None
        return ".".join([base, *reversed(parts)])

    def _module_of(self, binding: Binding) -> str | None:
        if binding.kind in ("import", "from-import"):
            return binding.module if len(binding.assignments) <= 1 else None
        if binding.kind in ("global", "builtin"):
            return None
        if len(binding.values) != 1:
            return None
        value = binding.values[0]
        while isinstance(value, ast.Paren):
            value = value.expr
        if isinstance(value, ast.ImportExpr):
            return value.module.dotted
        return None

    def assigned_names(self, node: ast.Node) -> set[str]:
        """Every name (re)bound anywhere in the subtree (by name: conservative)."""
        out: set[str] = set()
        for n in self.subtree(node):
            if isinstance(n, ast.Assign) and isinstance(n.target, ast.Name):
                out.add(n.target.id)
            elif isinstance(n, (ast.MultiAssign, ast.For, ast.Comprehension)):
                out.update(t.id for t in n.targets)
            elif isinstance(n, (ast.Local, ast.Global)):
                out.update(t.id for t in n.names)
            elif isinstance(n, ast.FunctionDef):
                out.add(n.name.id)
            elif isinstance(n, ast.Param):
                out.add(n.name.id)
            elif isinstance(n, ast.Import):
                out.update(m.parts[-1].id for m in n.modules)
            elif isinstance(n, ast.FromImport):
                out.update(t.id for t in n.names)
            elif isinstance(n, ast.Del):
                out.update(t.id for t in n.targets if isinstance(t, ast.Name))
            elif isinstance(n, (ast.Except, ast.With)) and n.name is not None:
                out.add(n.name.id)
        return out

    def names_visible_at(self, node: ast.Node) -> set[str]:
        """Names that may be visible at ``node`` (over-approximated: for inventing fresh names)."""
        out = set(CORE_GLOBALS) | set(self.globals) | self.global_definitions
        for scope in self.scopes:
            if scope.node.start <= node.start < max(scope.node.end, scope.node.start + 1):
                out.update(b.name for b in scope.bindings)
        return out

    def functions_of(self, binding: Binding) -> list[ast.FunctionDef | ast.Lambda]:
        """The functions of this file a variable is ever assigned (``fn f``, ``f = fn(...)``)."""
        out: list[ast.FunctionDef | ast.Lambda] = []
        for value in binding.values:
            while isinstance(value, ast.Paren):
                value = value.expr
            if isinstance(value, (ast.FunctionDef, ast.Lambda)):
                out.append(value)
        return out

    def all_names(self) -> set[str]:
        if self._all_names is None:
            self._all_names = {n.id for n in self._nodes if type(n) is ast.Name}  # (no subclasses)
        return self._all_names
