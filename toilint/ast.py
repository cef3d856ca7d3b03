"""Toi's abstract syntax tree.

Every node is a small slotted class whose first two fields are the source span
(`start`, `end`: character offsets into the text the parser was given; `end` is exclusive).
Line and column are derived through :class:`toilint.lines.LineIndex` so that nodes stay
cheap to build. Nodes compare by identity (``eq=False``): the semantic model keys its
tables by node, and two equal-looking expressions at different places are different facts.

Rules and the semantic model never see lark objects, only these classes. Keep the field
names stable: they are the contract between the parser, the rules and the fixer.
"""

from __future__ import annotations

from collections.abc import Callable

from toilint._typing import Any, ClassVar, Literal, TypeAlias, TypeVar, dataclass_transform
from toilint.records import record

_N = TypeVar("_N", bound=type)


@dataclass_transform(frozen_default=True, eq_default=False)
def node(cls: _N) -> _N:
    """Make ``cls`` a slotted node class whose fields are its annotations; frozen to type checkers.

    Nodes are immutable by contract, and mypy enforces it (``frozen_default=True`` makes any
    assignment to a node's field a type error), but at run time they are plain slotted
    classes with identity equality and hashing: a frozen ``__init__`` going through
    ``object.__setattr__`` made building the tree ~3x slower per node.

    The classes are built here rather than by ``attrs.define``: attrs spent ~2 M instructions
    per class at import (a ``compile()`` per class among them), a third of the CLI's own
    start-up for 62 node classes. They stay attrs-compatible for introspection:
    ``attrs.fields(cls)`` returns one ``attrs.Attribute`` per field (built on first use: start-up
    does not import attrs), and
    ``__init__``, ``children()``, ``_rchildren()`` and ``_preorder()`` are compiled for all
    classes at once. Methods of node classes must not use zero-argument ``super()`` (the class is re-created).
    """
    own: list[str] = []
    defaults: dict[str, object] = {}
    types: dict[str, str] = dict(getattr(cls, "_types", {}))
    ns = dict(cls.__dict__)
    for name, annotation in ns.get("__annotations__", {}).items():
        if str(annotation).startswith("ClassVar"):
            continue
        own.append(name)
        types[name] = str(annotation)
        if name in ns:
            defaults[name] = ns.pop(name)
    base_fields: tuple[str, ...] = getattr(cls, "_fields", ())
    ns["__slots__"] = tuple(own)
    ns["_fields"] = (*base_fields, *own)
    ns["_defaults"] = {**getattr(cls, "_defaults", {}), **defaults}
    ns["_types"] = types
    ns["__match_args__"] = ns["_fields"]
    ns.pop("__dict__", None)
    ns.pop("__weakref__", None)
    return type(cls)(cls.__name__, cls.__bases__, ns)


@node
class Node:
    start: int
    end: int

    #: names of the fields that hold child nodes (or tuples of them), in source order;
    #: filled in by ``_finish`` below so that walking needs no introspection.
    _children: ClassVar[tuple[str, ...]] = ()
    #: every field in ``__init__`` order (base classes' first), and the defaults among them
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, object]] = {}
    _types: ClassVar[dict[str, str]] = {}  # field -> annotation text

    def __repr__(self) -> str:
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({parts})"

    def children(self) -> list[Node]:
        """Child nodes in source order (the visitor's and the fuzzer's view of the tree)."""
        out: list[Node] = []
        for name in self._children:
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, tuple):
                out.extend(v for v in value if isinstance(v, Node))
            elif isinstance(value, Node):
                out.append(value)
        return out

    def _rchildren(self) -> list[Node]:
        """``children()`` reversed: what a depth-first stack pushes."""
        return self.children()[::-1]

    def _shifted(self, delta: int) -> Node:
        """A copy of the subtree with every offset moved by ``delta`` (an incremental re-parse
        reuses the statements after an edit this way; the old tree stays as it was)."""
        raise NotImplementedError  # generated per class

    def _preorder(self, append: Callable[[Node], object], parent: dict[Node, Node]) -> None:
        """Append the subtree's nodes in pre-order (``children()`` order) and map each node below
        this one to its parent: the semantic model's one pass over a file (one call per node,
        no child list, no stack)."""
        append(self)
        for child in self.children():
            parent[child] = self
            child._preorder(append, parent)


# --------------------------------------------------------------------------- expressions


@node
class Expr(Node):
    pass


@node
class Name(Expr):
    id: str


@node
class Number(Expr):
    raw: str  # as written, underscores included

    @property
    def value(self) -> float:
        return float(self.raw.replace("_", ""))


@node
class String(Expr):
    value: str  # decoded contents
    kind: Literal['"', "'", "[["]


@node
class Interpolation(Node):
    """One `{expr|spec}` part of an f-string; `expr` is parsed, its offsets are file offsets."""

    expr: Expr
    spec: str | None


@node
class FString(Expr):
    parts: tuple[str | Interpolation, ...]
    kind: Literal['"', "'", "[["]


@node
class Nil(Expr):
    pass


@node
class Invalid(Expr):
    """A fragment the compiler re-parses separately and that does not parse.

    Comprehension elements, f-string interpolations and decorators are compiled from their
    text by a nested parser whose errors are printed but do not fail compilation; when that
    text is not an expression the tree keeps this placeholder (the problem is reported as a
    non-fatal :class:`~toilint.syntax.result.SyntaxProblem`).
    """

    text: str


@node
class Bool(Expr):
    value: bool


@node
class Paren(Expr):
    """Parentheses are kept: fixes need to know what is already grouped."""

    expr: Expr


@node
class Unary(Expr):
    op: Literal["not", "-", "#"]
    operand: Expr


BinOp: TypeAlias = Literal[
    "+", "-", "<+", "*", "/", "//", "%", "**",
    "==", "!=", "<", "<=", ">", ">=", "in", "not in", "has",
    "and", "or",
]  # fmt: skip


@node
class Binary(Expr):
    op: BinOp
    left: Expr
    right: Expr
    op_start: int  # offset of the operator token (diagnostics point at it)


@node
class Range(Expr):
    """`a..b` outside a slice: a range value (or a numeric `for` loop's bounds)."""

    lower: Expr
    upper: Expr


@node
class Ternary(Expr):
    test: Expr
    body: Expr
    orelse: Expr


AssignOp: TypeAlias = Literal["=", ":=", "+=", "-=", "*=", "/=", "%="]


@node
class Assign(Expr):
    """Assignment is an expression in Toi (`if (k := f()) > 0`).

    Array sugar (`x = 1, 2, 3`) arrives here with `value` a :class:`Table` whose
    ``sugar`` flag is set.
    """

    target: Expr  # Name | Attribute | Index (| Slice / meta Attribute: compile errors)
    op: AssignOp
    value: Expr
    op_start: int


@node
class Arg(Node):
    value: Expr
    name: Name | None = None  # named argument `name = value`
    spread: bool = False  # `*value`


@node
class Call(Expr):
    func: Expr
    args: tuple[Arg, ...]
    lparen: int  # offset of `(`


@node
class Index(Expr):
    obj: Expr
    index: Expr


@node
class Slice(Expr):
    obj: Expr
    lower: Expr | None
    upper: Expr | None
    step: Expr | None
    has_step: bool  # a `:` was written, even with no step expression


@node
class Attribute(Expr):
    """`obj.name`, or `obj::name` when ``meta`` is set."""

    obj: Expr
    name: Name
    meta: bool = False


@node
class MetaConstruct(Expr):
    """`obj{...}`: a new table with `obj` as its metatable."""

    obj: Expr
    table: Table


@node
class ArrayItem(Node):
    value: Expr


@node
class FieldEntry(Node):
    """`name = value` inside a table literal."""

    name: Name
    value: Expr


@node
class KeyEntry(Node):
    """`[key] = value` inside a table literal."""

    key: Expr
    value: Expr


@node
class ShorthandEntry(Node):
    """`<a, b>`: the fields `a = a, b = b`."""

    names: tuple[Name, ...]


TableEntry: TypeAlias = ArrayItem | FieldEntry | KeyEntry | ShorthandEntry


@node
class Table(Expr):
    entries: tuple[TableEntry, ...]
    sugar: bool = False  # built by `x = 1, 2` array sugar: no braces in the source


@node
class Comprehension(Expr):
    """`{elem for ...}`, `{k = v for ...}` and generator arguments `f(x for x in t)`."""

    kind: Literal["table", "generator"]
    key: Expr | None  # `{key = element for ...}`
    element: Expr
    targets: tuple[Name, ...]
    indexed: bool  # `i#`
    iters: tuple[Expr, ...]
    condition: Expr | None


@node
class Param(Node):
    name: Name
    annotation: Name | None = None
    default: Expr | None = None
    star: bool = False


@node
class Lambda(Expr):
    params: tuple[Param, ...]
    body: Block


@node
class Dotted(Node):
    parts: tuple[Name, ...]

    @property
    def dotted(self) -> str:
        return ".".join(p.id for p in self.parts)


@node
class ImportExpr(Expr):
    module: Dotted


# --------------------------------------------------------------------------- statements


@node
class Stmt(Node):
    pass


@node
class Block(Node):
    """A suite: an indented block, or a single statement on the header line (``inline``)."""

    body: tuple[Stmt, ...]
    inline: bool = False


@node
class ExprStmt(Stmt):
    expr: Expr


@node
class Print(Stmt):
    values: tuple[Expr, ...]
    parens: bool = False


@node
class Elif(Node):
    test: Expr
    body: Block


@node
class If(Stmt):
    test: Expr
    body: Block
    elifs: tuple[Elif, ...]
    orelse: Block | None


@node
class While(Stmt):
    test: Expr
    body: Block


@node
class For(Stmt):
    """`for v in e`, `for k, v in e`, `for i#, v in e`, `for i in a..b`, `for k, v in f, s, c`.

    A numeric loop has exactly one target and one :class:`Range` iterator.
    """

    targets: tuple[Name, ...]
    indexed: bool
    iters: tuple[Expr, ...]
    body: Block


@node
class Case(Node):
    value: Expr
    body: Block


@node
class Match(Stmt):
    subject: Expr
    cases: tuple[Case, ...]
    orelse: Block | None


@node
class Except(Node):
    name: Name | None
    filter: Expr | None
    body: Block


@node
class Try(Stmt):
    body: Block
    handler: Except | None
    finalbody: Block | None


@node
class With(Stmt):
    context: Expr
    name: Name | None
    body: Block


@node
class Throw(Stmt):
    value: Expr


@node
class Yield(Stmt):
    values: tuple[Expr, ...]


@node
class Return(Stmt):
    values: tuple[Expr, ...]
    semicolon: bool = False  # `return;`


@node
class Break(Stmt):
    pass


@node
class Continue(Stmt):
    pass


@node
class Gc(Stmt):
    pass


@node
class Assert(Stmt):
    test: Expr
    message: Expr | None


@node
class Del(Stmt):
    targets: tuple[Expr, ...]  # Name | Attribute | Index


@node
class MultiAssign(Stmt):
    """`a, b = 1, 2` (targets are plain names only)."""

    targets: tuple[Name, ...]
    values: tuple[Expr, ...]


@node
class ErrorStmt(Stmt):
    """Source the parser skipped after a syntax error, up to where it resumed.

    The parser recovers at the next line that can start a statement at the broken
    statement's indentation or less, so one half-typed statement costs only itself. ``identifiers``
    are the names in the skipped text (names it may bind or read: neither undefined
    nor unused); ``declares`` are the names the compiler declares before it reaches the error
    (``fn NAME``, ``local fn NAME``, ``local NAME``), with ``decl_kind`` their binding kind.
    """

    identifiers: tuple[str, ...]
    declares: tuple[Name, ...] = ()
    decl_kind: Literal["", "function", "local"] = ""


@node
class Decorator(Node):
    expr: Expr | None  # None when the decorator text does not parse (the compiler only prints)


@node
class FunctionDef(Stmt):
    name: Name
    params: tuple[Param, ...]
    body: Block
    scope: Literal["", "local", "global"] = ""  # `fn f`, `local fn f`, `global fn f`
    decorators: tuple[Decorator, ...] = ()


@node
class Local(Stmt):
    names: tuple[Name, ...]
    values: tuple[Expr, ...]


@node
class Global(Stmt):
    names: tuple[Name, ...]
    values: tuple[Expr, ...]


@node
class Import(Stmt):
    """`import a.b, c`: binds the last component of each module."""

    modules: tuple[Dotted, ...]


@node
class FromImport(Stmt):
    module: Dotted
    names: tuple[Name, ...]
    star: bool = False


@node
class Module(Node):
    body: tuple[Stmt, ...]


# --------------------------------------------------------------------------- trivia


@record(frozen=True)
class Comment:
    """A `--` comment; kept beside the tree (suppressions, fixes that must keep comments)."""

    start: int
    end: int
    text: str  # including the leading `--`


Loop: TypeAlias = For | While | Comprehension
FunctionLike: TypeAlias = FunctionDef | Lambda


_SCALAR_FIELDS = frozenset(
    {
        "id", "raw", "kind", "spec", "op", "op_start", "lparen", "meta", "sugar", "has_step",
        "indexed", "star", "spread", "scope", "inline", "parens", "semicolon", "text",
        "identifiers", "decl_kind",
    }
)  # fmt: skip


def _node_classes() -> dict[str, type[Node]]:
    found: dict[str, type[Node]] = {}
    for name, obj in list(globals().items()):
        if isinstance(obj, type) and issubclass(obj, Node):
            found[name] = obj
    return found


def _leaf_types() -> set[str]:
    """Annotations naming a node class without children or subclasses (``Name``): a field of
    that type is walked inline in ``_preorder``, without a call (a quarter of the model's calls)."""
    classes = _node_classes()
    return {
        name
        for name, cls in classes.items()
        if not cls._children and not any(o is not cls and issubclass(o, cls) for o in classes.values())
    }


def _preorder_code(cls: type[Node], types: dict[str, str]) -> list[str]:
    """Statements of ``cls._preorder``: each child's parent, then the child's own walk."""
    lines: list[str] = ["append(self)"]
    leaves = _leaf_types()
    for name in cls._children:
        annotation = types[name]
        if annotation in leaves:
            lines += [f"v = self.{name}", "parent[v] = self", "append(v)"]
        elif annotation.endswith(" | None") and annotation[: -len(" | None")] in leaves:
            lines += [f"v = self.{name}", "if v is not None:", "    parent[v] = self", "    append(v)"]
        elif annotation.startswith("tuple[") and annotation[6:-6] in leaves and annotation.endswith(", ...]"):
            lines += [f"for v in self.{name}:", "    parent[v] = self", "    append(v)"]
        elif annotation.startswith("tuple["):
            lines.append(f"for v in self.{name}:")
            if "str" in annotation:  # f-string parts: strings and nodes
                lines += [
                    "    if isinstance(v, Node):",
                    "        parent[v] = self",
                    "        v._preorder(append, parent)",
                ]
            else:
                lines += ["    parent[v] = self", "    v._preorder(append, parent)"]
        elif annotation.endswith("| None"):
            lines += [
                f"v = self.{name}",
                "if v is not None:",
                "    parent[v] = self",
                "    v._preorder(append, parent)",
            ]
        else:
            lines += [f"v = self.{name}", "parent[v] = self", "v._preorder(append, parent)"]
    return lines


def _child_code(cls: type[Node], types: dict[str, str], reverse: bool) -> list[str]:
    """Statements that collect ``cls``'s children into ``out`` (source order, or reversed)."""
    lines: list[str] = []
    for name in reversed(cls._children) if reverse else cls._children:
        annotation = types[name]
        if annotation.startswith("tuple["):
            # a tuple of nodes, or of strings and nodes (f-string parts)
            if "str" in annotation:
                seq = f"[v for v in self.{name} if isinstance(v, Node)]"
                lines.append(f"out += {seq}[::-1]" if reverse else f"out += {seq}")
            else:
                lines.append(f"out += self.{name}[::-1]" if reverse else f"out += self.{name}")
        elif annotation.endswith("| None"):
            lines += [f"v = self.{name}", "if v is not None:", "    out.append(v)"]
        else:
            lines.append(f"out.append(self.{name})")
    return lines


#: the fields that hold source offsets (-1 when absent): what ``_shifted`` moves
_OFFSET_FIELDS = frozenset(("start", "end", "op_start", "lparen"))


def _shifted_code(cls: type[Node], types: dict[str, str]) -> list[str]:
    """Statements of ``cls._shifted``: a node made without ``__init__``, every field set."""
    lines = [f"n = _new({cls.__name__})"]
    for name in cls._fields:
        annotation = types[name]
        if name in _OFFSET_FIELDS:
            lines += [f"v = self.{name}", f"n.{name} = v + delta if v >= 0 else v"]
        elif name not in cls._children:
            lines.append(f"n.{name} = self.{name}")
        elif annotation.startswith("tuple["):
            if "str" in annotation:  # f-string parts: strings and nodes
                lines.append(
                    f"n.{name} = tuple([v._shifted(delta) if isinstance(v, Node) else v for v in self.{name}])"
                )
            else:
                lines.append(f"n.{name} = tuple([v._shifted(delta) for v in self.{name}])")
        elif annotation.endswith("| None"):
            lines += [f"v = self.{name}", f"n.{name} = None if v is None else v._shifted(delta)"]
        else:
            lines.append(f"n.{name} = self.{name}._shifted(delta)")
    return [*lines, "return n"]


def _literal(value: object) -> str:
    """Source text of a field default (a literal), quoted the way the formatter wants."""
    if isinstance(value, str):
        assert '"' not in value and "\\" not in value, value
        return f'"{value}"'
    text = repr(value)
    assert eval(text) == value, value  # None, booleans, numbers, ()
    return text


def _layout(classes: list[type[Node]]) -> str:
    """A checksum of what the generated methods depend on: which methods are generated, every
    class's fields and defaults."""
    import zlib

    text = "__init__,children,_rchildren,_preorder(leaves inline),_shifted;" + ";".join(
        f"{cls.__name__}:"
        + ",".join(
            f"{n}:{cls._types[n]}={_literal(cls._defaults[n])}" if n in cls._defaults else f"{n}:{cls._types[n]}"
            for n in cls._fields
        )
        for cls in classes
    )
    return f"{zlib.crc32(text.encode()):08x}"


def generated_source() -> str:
    """``toilint/_ast_methods.py``: ``__init__``, ``children()``, ``_rchildren()``, ``_preorder()``
    and ``_shifted()`` of every class.

    Straight-line code per class: ``children()`` runs once per node per walk (the checker's,
    the semantic model's, the rules' subtree queries), and a loop over field names with
    ``getattr``/``isinstance`` was the walks' main cost. The code is kept as a module in the
    package so that it is compiled once and loaded from the bytecode cache, not compiled at
    every start-up; regenerate it with ``python -m toilint.ast`` after changing a node class
    (a test fails until then, and a stale file is ignored, never used).
    """
    classes = list(_node_classes().values())
    out = [
        '"""Generated by ``python -m toilint.ast`` from the node classes of ``toilint/ast.py``: do not edit."""',
        "",
        "# ruff: noqa",
        "# mypy: ignore-errors",
        "",
        "Node = None  # set by toilint.ast, with every node class",
        "_new = object.__new__",
        f'LAYOUT = "{_layout(classes)}"',
    ]
    for cls in classes:
        params = []
        for name in cls._fields:
            if name in cls._defaults:
                params.append(f"{name}={_literal(cls._defaults[name])}")
            else:
                params.append(name)
        out += ["", "", f"def {cls.__name__}___init__(self, {', '.join(params)}):"]
        out += [f"    self.{name} = {name}" for name in cls._fields]
        for method, reverse in (("children", False), ("_rchildren", True)):
            body = _child_code(cls, cls._types, reverse)
            out += ["", "", f"def {cls.__name__}_{method}(self):", "    out = []"]
            out += [f"    {line}" for line in body]
            out.append("    return out")
        out += ["", "", f"def {cls.__name__}__preorder(self, append, parent):"]
        out += [f"    {line}" for line in _preorder_code(cls, cls._types)]
        out += ["", "", f"def {cls.__name__}__shifted(self, delta):"]
        out += [f"    {line}" for line in _shifted_code(cls, cls._types)]
    return "\n".join(out) + "\n"


def _finish() -> None:
    """Record which fields hold child nodes; attach the generated methods."""
    classes = list(_node_classes().values())
    for cls in classes:
        names = [n for n in cls._fields if n not in ("start", "end")]
        scalar = _SCALAR_FIELDS | ({"value"} if cls in (String, Bool) else set())
        cls._children = tuple(n for n in names if n not in scalar)
    namespace: dict[str, Any]
    try:
        from toilint import _ast_methods

        namespace = vars(_ast_methods)
        fresh = namespace.get("LAYOUT") == _layout(classes)
    except ImportError:
        fresh = False
    if not fresh:
        if __name__ == "__main__":
            return  # `python -m toilint.ast` regenerates the module from the field layout alone
        raise ImportError(
            "toilint/_ast_methods.py does not match the node classes of toilint/ast.py: "
            "regenerate it with `python -m toilint.ast`"
        )
    namespace["Node"] = Node
    for cls in classes:
        namespace[cls.__name__] = cls
        cls.__init__ = namespace[f"{cls.__name__}___init__"]  # type: ignore[method-assign]
        cls.children = namespace[f"{cls.__name__}_children"]  # type: ignore[method-assign]
        cls._rchildren = namespace[f"{cls.__name__}__rchildren"]  # type: ignore[method-assign]
        cls._preorder = namespace[f"{cls.__name__}__preorder"]  # type: ignore[method-assign]
        cls._shifted = namespace[f"{cls.__name__}__shifted"]  # type: ignore[method-assign]


class _AttrsFields:
    """``cls.__attrs_attrs__`` for ``attrs.fields(cls)``: one ``attrs.Attribute`` per field.

    Built when first asked for (by tools and tests that introspect nodes the attrs way), so that
    importing the tree does not import attrs.
    """

    def __init__(self) -> None:
        self._built: dict[type, tuple[Any, ...]] = {}

    def __get__(self, obj: object, cls: type[Node]) -> tuple[Any, ...]:
        found = self._built.get(cls)
        if found is None:
            import attrs

            own = set(cls.__dict__.get("__slots__", ()))
            found = self._built[cls] = tuple(
                attrs.Attribute(  # type: ignore[call-arg]
                    name=name,
                    default=cls._defaults.get(name, attrs.NOTHING),
                    validator=None,
                    repr=True,
                    cmp=None,
                    hash=None,
                    init=True,
                    inherited=name not in own,
                    type=cls._types[name],
                    alias=name,
                )
                for name in cls._fields
            )
        return found


_finish()
Node.__attrs_attrs__ = _AttrsFields()  # type: ignore[attr-defined]

NODE_TYPES: dict[str, type[Node]] = _node_classes()

if __name__ == "__main__":  # python -m toilint.ast: regenerate toilint/_ast_methods.py
    import pathlib

    pathlib.Path(__file__).with_name("_ast_methods.py").write_text(generated_source(), encoding="utf-8")
