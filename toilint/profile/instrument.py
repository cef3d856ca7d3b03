"""Counting how often loops run and functions are entered, by rewriting a copy of the source.

The rewrite only *inserts* text, and never a line break, so every statement stays on its line
and the interpreter's run-time errors name the same lines as for the original. What is
inserted:

* on line 1, in front of the original text, a prelude that creates the counter table and a
  dump function as globals whose names no identifier of the program uses (so the program
  cannot see them by name), and wraps ``exit`` and ``os.exit`` so that the counts are written
  before the process ends. It ends with ``gc``, a statement nothing can continue, so an
  original first line that starts with ``(`` or ``-`` still starts a statement of its own;
* at the start of the first statement of a counted block, ``P[k] := P[k] + 1`` followed by a
  space (Toi needs no separator between two statements on one line). ``:=``, because with
  ``=`` a comma anywhere later on the line turns the right-hand side into an array (§7.3:
  ``P[k] = P[k] + 1 print i, x`` assigns ``{P[k] + 1}``);
* in front of a one-line loop or function body ``S``, ``if P[k] := P[k] + 1`` (the counter is
  never 0 afterwards, so the ``if`` always runs ``S``, which stays the only statement);
* a last line calling the dump function, and the same call in front of a top-level
  ``return``.

A statement that starts with ``(``, ``[``, ``{``, ``-`` or ``not`` would continue the inserted
expression (toi-language.md §2.2), so such a body is left uncounted and reported. Every
rewrite is checked by parsing the result and comparing its tree, counters removed, with the
original's.
"""

from __future__ import annotations

import re
from typing import Literal

import attrs

from toilint import ast
from toilint.lines import LineIndex
from toilint.syntax import parse
from toilint.visitor import iter_nodes

CounterKind = Literal["loop", "function", "statement", "size"]
Countable = ast.For | ast.While | ast.FunctionDef | ast.Lambda

#: a statement starting with one of these continues the expression in front of it
_CONTINUES = re.compile(r"(?:[(\[{-]|not\b)")
_PREFIX_BASE = "__tl"


class InstrumentError(Exception):
    """The program cannot be instrumented (it does not parse, or the rewrite failed its check)."""


@attrs.define(frozen=True)
class Counter:
    """One slot of the counter table: how often a loop body ran or a function was entered."""

    index: int  # 1-based slot
    kind: CounterKind
    node_start: int  # span of the loop or function in the original text
    node_end: int
    line: int  # header line of the loop or function
    label: str  # "for loop", "while loop", "fn name", "fn (lambda)", "statement"


@attrs.define(frozen=True)
class Skipped:
    line: int
    label: str
    reason: str


@attrs.define
class Instrumented:
    text: str
    prefix: str
    counters: list[Counter]
    skipped: list[Skipped]
    #: finding offset -> the counter of the statement (or while test) that runs its code
    at_offset: dict[int, int] = attrs.field(factory=dict)
    #: finding offset -> the slot summing the size of its operand
    size_at: dict[int, int] = attrs.field(factory=dict)
    #: how many slots this file took (the next file of the program starts after them)
    slots: int = 0


def label(node: Countable) -> str:
    """How a loop or function is named in reports."""
    if isinstance(node, ast.For):
        return "for loop"
    if isinstance(node, ast.While):
        return "while loop"
    if isinstance(node, ast.FunctionDef):
        return f"fn {node.name.id}"
    return "fn (lambda)"


def choose_prefix(text: str) -> str:
    """A name prefix that no identifier (nor any other text) of the program starts with."""
    used = set(re.findall(r"__tl\w*", text))
    n = 0
    while True:
        prefix = _PREFIX_BASE if n == 0 else f"{_PREFIX_BASE}{n}_"
        if not any(u.startswith(prefix) for u in used):
            return prefix
        n += 1


def toi_string(value: str) -> str:
    """``value`` as a one-line Toi string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def prelude(prefix: str, slots: int, counts_path: str, file_name: str | None = None) -> str:
    """Line-1 text that sets up the counters and the dump (one line, ends with a space).

    ``file_name`` restores the ``__file`` global the interpreter sets to the path it was given,
    for a copy that runs from elsewhere.
    """
    p = prefix
    own_file = f"__file := {toi_string(file_name)} " if file_name is not None else ""
    wrap = f"fn(*a) return {{}}(*({p}d() and a or a))"
    return (
        f"{p}c := {{0 for {p}i in 1..{slots}}} {p}io := import io {p}js := import json "
        f'{p}d := fn() {p}io.open({toi_string(counts_path)}, "w").write({p}js.encode({p}c)) '
        f"{p}x := exit exit := {wrap.format(p + 'x')} "
        f"{p}os := import os {p}ox := {p}os.exit {p}os.exit = {wrap.format(p + 'ox')} "
        f'{p}t := type {p}n := fn(v) return ({p}t(v) == "string" or {p}t(v) == "table") and #v or 0 '
        f"{own_file}gc "
    )


def _enclosing(parents: dict[ast.Node, ast.Node], node: ast.Node) -> list[ast.Node]:
    out = []
    cur = parents.get(node)
    while cur is not None:
        out.append(cur)
        cur = parents.get(cur)
    return out


def parent_map(module: ast.Module) -> dict[ast.Node, ast.Node]:
    parents: dict[ast.Node, ast.Node] = {}
    for node in iter_nodes(module):
        for child in node.children():
            parents[child] = node
    return parents


def innermost(module: ast.Module, offset: int) -> ast.Node | None:
    """The smallest node whose span contains ``offset``."""
    best: ast.Node | None = None
    for node in iter_nodes(module):
        if node.start <= offset < node.end and (best is None or node.end - node.start <= best.end - best.start):
            best = node
    return best


def countable_around(module: ast.Module, parents: dict[ast.Node, ast.Node], offset: int) -> list[Countable]:
    """Loops and functions whose span contains ``offset``, innermost first."""
    best = innermost(module, offset)
    if best is None:
        return []
    chain = [best, *_enclosing(parents, best)]
    return [n for n in chain if isinstance(n, (ast.For, ast.While, ast.FunctionDef, ast.Lambda))]


def finding_statement(module: ast.Module, parents: dict[ast.Node, ast.Node], offset: int) -> ast.Stmt | None:
    """The statement of a block whose every run runs the code at ``offset`` once, if any.

    A `while` test runs once per iteration (the loop counter is right for it), and a
    statement that is a one-line body stands for its construct: both give None, as does code
    outside any statement of a block (parameter defaults).
    """
    node: ast.Node | None = innermost(module, offset)
    while node is not None:
        parent = parents.get(node)
        if isinstance(parent, ast.While) and node is parent.test:
            return None
        if isinstance(parent, ast.For) and node in parent.iters:
            node = parent  # evaluated once per run of the `for` statement
            continue
        if isinstance(node, ast.Stmt) and isinstance(parent, ast.Block) and not parent.inline:
            return node
        if isinstance(node, (ast.FunctionDef, ast.Lambda)) or isinstance(
            parent, (ast.FunctionDef, ast.Lambda, ast.For, ast.While)
        ):
            return None
        node = parent
    return None


def innermost_span(module: ast.Module, start: int, end: int | None) -> ast.Node | None:
    """The outermost node spanning exactly ``start``..``end`` (a finding's expression), if any."""
    if end is None:
        return None
    best: ast.Node | None = None
    for node in iter_nodes(module):
        if node.start == start and node.end == end and (best is None or isinstance(best, ast.Stmt)):
            best = node
    return best


def conditional_expression(parents: dict[ast.Node, ast.Node], node: ast.Node | None) -> ast.Expr | None:
    """``node`` when it is an expression its statement evaluates only sometimes, else None."""
    if not isinstance(node, ast.Expr) or isinstance(node, ast.Assign):
        return None
    conditional = False
    child: ast.Node = node
    parent = parents.get(child)
    while parent is not None and not isinstance(parent, ast.Stmt):
        if isinstance(parent, (ast.Interpolation, ast.FString, ast.Comprehension, ast.Lambda, ast.Param)):
            return None  # re-parsed from raw text, or not run in place
        if isinstance(parent, ast.Assign) and child is parent.target:
            return None
        if isinstance(parent, ast.Binary) and parent.op in ("and", "or") and child is parent.right:
            conditional = True
        if isinstance(parent, ast.Ternary) and child is not parent.test:
            conditional = True
        if isinstance(parent, ast.Elif):
            conditional = True
        child, parent = parent, parents.get(parent)
    return node if conditional else None


def _is_docstring(stmt: ast.Stmt, text: str) -> bool:
    return isinstance(stmt, ast.ExprStmt) and isinstance(stmt.expr, ast.String)


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _insertion(node: Countable, text: str, counter: str) -> tuple[int, str] | str:
    """Where and what to insert to count one run of ``node``'s body; a reason when impossible."""
    body = node.body
    if not body.body:
        return "empty body"
    if body.inline:
        if isinstance(node, ast.Lambda):
            return "one-line lambda (its statement is its value)"
        stmt = body.body[0]
        if _CONTINUES.match(text, stmt.start):
            return "one-line body starts with a token that would continue the counter"
        return stmt.start, f"if {counter} := {counter} + 1 "
    stmts = list(body.body)
    if isinstance(node, (ast.FunctionDef, ast.Lambda)) and _is_docstring(stmts[0], text) and len(stmts) > 1:
        stmts = stmts[1:]
    stmt = stmts[0]
    if text[_line_start(text, stmt.start) : stmt.start].strip():
        return "body does not start its line"
    if _CONTINUES.match(text, stmt.start):
        return "body starts with a token that would continue the counter"
    return stmt.start, f"{counter} := {counter} + 1 "


# --------------------------------------------------------------------------- the check


def _shape(node: object, prefix: str, import_dir: str | None = None) -> object:
    """The tree without offsets and without the inserted counters, for comparison."""
    if isinstance(node, tuple):
        items = [_shape(x, prefix, import_dir) for x in node]
        return tuple(x for x in items if x is not _DROP)
    if not isinstance(node, ast.Node):
        return node
    if _is_counter_stmt(node, prefix):
        return _DROP
    wrapped = _counted_expression(node, prefix)
    if wrapped is not None:
        return _shape(wrapped, prefix, import_dir)
    if isinstance(node, ast.If) and _is_counter_expr(node.test, prefix) and not node.elifs and node.orelse is None:
        return _shape(node.body.body[0], prefix, import_dir) if len(node.body.body) == 1 else _DROP
    if isinstance(node, ast.Dotted) and import_dir is not None and node.parts and node.parts[0].id == import_dir:
        return ("Dotted", _shape(node.parts[1:], prefix, import_dir))
    if isinstance(node, ast.Block):
        return ("Block", _shape(node.body, prefix, import_dir))
    names = [n for n in type(node)._fields if n not in _POSITIONS]
    return (type(node).__name__, *[_shape(getattr(node, n), prefix, import_dir) for n in names])


_DROP = object()
_POSITIONS = frozenset({"start", "end", "op_start", "lparen"})


def _counted_expression(node: ast.Node, prefix: str) -> ast.Expr | None:
    """E from ``((counter) and (E))`` or ``((counter) and ((size) or 1) and (E))``."""
    if not (isinstance(node, ast.Paren) and isinstance(node.expr, ast.Binary) and node.expr.op == "and"):
        return None
    operands: list[ast.Expr] = []

    def flatten(e: ast.Expr) -> None:  # either associativity: the inserted parts are parenthesized
        if isinstance(e, ast.Binary) and e.op == "and":
            flatten(e.left)
            flatten(e.right)
        else:
            operands.append(e)

    flatten(node.expr)
    if len(operands) not in (2, 3) or not all(isinstance(o, ast.Paren) for o in operands):
        return None
    first, *middle, last = operands
    assert isinstance(first, ast.Paren) and isinstance(last, ast.Paren)
    if not _is_counter_expr(first.expr, prefix):
        return None
    for size in middle:
        assert isinstance(size, ast.Paren)
        inner = size.expr
        if not (
            isinstance(inner, ast.Binary)
            and inner.op == "or"
            and isinstance(inner.left, ast.Paren)
            and _is_counter_expr(inner.left.expr, prefix)
        ):
            return None
    return last.expr


def _is_counter_expr(expr: ast.Expr, prefix: str) -> bool:
    return (
        isinstance(expr, ast.Assign)
        and isinstance(expr.target, ast.Index)
        and isinstance(expr.target.obj, ast.Name)
        and expr.target.obj.id == prefix + "c"
        and isinstance(expr.value, ast.Binary)
        and expr.value.op == "+"
    )


def _is_counter_stmt(node: ast.Node, prefix: str) -> bool:
    if isinstance(node, ast.ExprStmt):
        if _is_counter_expr(node.expr, prefix):
            return True
        call = node.expr
        return isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == prefix + "d"
    return False


def _module_shape(module: ast.Module, prefix: str, skip_prelude: bool, import_dir: str | None) -> object:
    body = module.body
    if skip_prelude:
        # the prelude's statements are the ones naming prefix globals, up to its closing `gc`
        for i, stmt in enumerate(body):
            if isinstance(stmt, ast.Gc):
                body = body[i + 1 :]
                break
    return _shape(body, prefix, import_dir)


def _same_tree(
    original: ast.Module, rewritten_text: str, prefix: str, header: bool = True, import_dir: str | None = None
) -> bool:
    result = parse(rewritten_text)
    if result.module is None:
        return False
    return _module_shape(original, prefix, False, None) == _module_shape(result.module, prefix, header, import_dir)


# --------------------------------------------------------------------------- the rewrite


def instrument(
    text: str,
    offsets: list[int],
    counts_path: str,
    file_name: str | None = None,
    sized: dict[int, str] | None = None,
    *,
    prefix: str | None = None,
    first_slot: int = 1,
    main: bool = True,
    total_slots: int | None = None,
    renames: tuple[tuple[int, int, str], ...] = (),
    import_dir: str | None = None,
    module_name: str | None = None,
    spans: dict[int, int] | None = None,
) -> Instrumented:
    """Count the loops and functions around each offset (the findings) of ``text``.

    ``sized`` maps a finding's offset to a name whose ``#`` (0 unless a string or a table) is
    summed each time the finding's code runs (see :mod:`toilint.profile.sizes`). ``spans``
    (finding start -> end) lets a finding that its statement runs only sometimes (the right of
    ``and``/``or``, a ternary branch, an ``elif`` test) be counted where it is evaluated:
    ``E`` becomes ``((P[k] := P[k] + 1) and (E))``, the same value.

    Several files of one program share one counter table: each gets the same ``prefix`` and its
    own range of slots from ``first_slot``; only the ``main`` file (the script the interpreter
    runs) creates the table (``total_slots`` of them) and writes it out. ``renames`` replace
    the module names of imports (``util.text`` -> ``IMPORT_DIR.util.text``) so that imports load
    the instrumented copies; the tree check ignores that leading ``import_dir``.
    """
    parsed = parse(text)
    if parsed.module is None:
        problem = parsed.errors[0].message if parsed.errors else "syntax error"
        raise InstrumentError(f"the program does not parse: {problem}")
    module = parsed.module
    parents = parent_map(module)
    prefix = prefix or choose_prefix(text)
    lines = LineIndex(text)
    wanted: dict[int, Countable] = {}
    statements: dict[int, ast.Stmt] = {}
    offset_target: dict[int, int] = {}  # finding offset -> start of its statement
    conditional: dict[int, ast.Expr] = {}  # finding offset -> the expression to count in place
    for offset in offsets:
        for node in countable_around(module, parents, offset):
            wanted.setdefault(node.start, node)
        cond = conditional_expression(parents, innermost_span(module, offset, (spans or {}).get(offset)))
        if cond is not None and not any(c.start < cond.end and cond.start < c.end for c in conditional.values()):
            conditional[offset] = cond
            continue
        stmt = finding_statement(module, parents, offset)
        if stmt is not None:
            statements.setdefault(stmt.start, stmt)
            offset_target[offset] = stmt.start
    counters: list[Counter] = []
    skipped: list[Skipped] = []
    inserts: list[tuple[int, str]] = []
    #: an expression counter's opening and closing halves stand or fall together
    pairs: dict[int, int] = {}  # index in inserts of an opening -> index of its closing
    body_start: dict[int, int] = {}  # loop start -> where its block-body counter went
    for start in sorted(wanted):
        node = wanted[start]
        slot = first_slot + len(counters)
        where = _insertion(node, text, f"{prefix}c[{slot}]")
        if isinstance(where, str):
            skipped.append(Skipped(lines.line_of(node.start), label(node), where))
            continue
        if not node.body.inline:
            body_start[node.start] = where[0]
        kind: CounterKind = "loop" if isinstance(node, (ast.For, ast.While)) else "function"
        counters.append(Counter(slot, kind, node.start, node.end, lines.line_of(node.start), label(node)))
        inserts.append(where)
    stmt_slot: dict[int, int] = {}
    for start in sorted(statements):
        stmt = statements[start]
        if text[_line_start(text, start) : start].strip() or _CONTINUES.match(text, start):
            continue  # the loop or function counter around it stands in
        slot = first_slot + len(counters)
        counter = f"{prefix}c[{slot}]"
        counters.append(Counter(slot, "statement", stmt.start, stmt.end, lines.line_of(stmt.start), "statement"))
        inserts.append((start, f"{counter} := {counter} + 1 "))
        stmt_slot[start] = slot
    at_offset = {off: stmt_slot[st] for off, st in offset_target.items() if st in stmt_slot}
    size_at: dict[int, int] = {}
    for off, expr in sorted(conditional.items()):
        slot = first_slot + len(counters)
        counter = f"{prefix}c[{slot}]"
        counters.append(Counter(slot, "statement", expr.start, expr.end, lines.line_of(expr.start), "expression"))
        opening = f"(({counter} := {counter} + 1) and "
        name = (sized or {}).get(off)
        if name is not None:
            size_slot = slot + 1
            size = f"{prefix}c[{size_slot}]"
            counters.append(Counter(size_slot, "size", off, off, lines.line_of(off), f"size of {name}"))
            opening += f"(({size} := {size} + {prefix}n({name})) or 1) and "
            size_at[off] = size_slot
        pairs[len(inserts)] = len(inserts) + 1
        inserts.append((expr.start, opening + "("))
        inserts.append((expr.end, "))"))
        at_offset[off] = slot
    for off, name in sorted((sized or {}).items()):
        if off in conditional:
            continue
        where_at = offset_target[off] if off in at_offset else None
        if where_at is None:
            loops = countable_around(module, parents, off)
            if loops and isinstance(loops[0], ast.While) and loops[0].test.start <= off < loops[0].test.end:
                where_at = body_start.get(loops[0].start)
        if where_at is None:
            continue
        slot = first_slot + len(counters)
        counter = f"{prefix}c[{slot}]"
        counters.append(Counter(slot, "size", off, off, lines.line_of(off), f"size of {name}"))
        inserts.append((where_at, f"{counter} := {counter} + {prefix}n({name}) "))
        size_at[off] = slot
    # a top-level `return` ends the script: write the counts first
    for ret in iter_nodes(module) if main else ():
        if isinstance(ret, ast.Return) and not any(
            isinstance(n, (ast.FunctionDef, ast.Lambda)) for n in _enclosing(parents, ret)
        ):
            if not text[_line_start(text, ret.start) : ret.start].strip():
                inserts.append((ret.start, f"{prefix}d() "))
            else:
                skipped.append(
                    Skipped(
                        lines.line_of(ret.start),
                        "top-level return",
                        "not first on its line: counts are lost if it runs",
                    )
                )
    slots = len(counters)
    closings = set(pairs.values())
    edits = [
        [(a, a, t)] + ([(inserts[pairs[i]][0], inserts[pairs[i]][0], inserts[pairs[i]][1])] if i in pairs else [])
        for i, (a, t) in enumerate(inserts)
        if i not in closings
    ]
    renamed = list(renames)

    def assemble(kept: list[list[tuple[int, int, str]]]) -> str:
        body = _apply(text, [e for group in kept for e in group] + renamed)
        if not main:
            # the interpreter sets __file and __name to what it imported: the copy's
            header = f"__file := {toi_string(file_name)} " if file_name is not None else ""
            header += f"__name := {toi_string(module_name)} " if module_name is not None else ""
            return (header + "gc " if header else "") + body
        ending = "" if body.endswith("\n") or not body else "\n"
        table = total_slots if total_slots is not None else first_slot + slots - 1
        return prelude(prefix, table, counts_path, file_name) + body + ending + f"{prefix}d()\n"

    has_header = main or file_name is not None or module_name is not None
    kept = list(edits)
    rewritten = assemble(kept)
    if not _same_tree(module, rewritten, prefix, has_header, import_dir):
        # find the insertions that change the program's meaning and leave them out
        kept = []
        for group in edits:
            if _same_tree(module, assemble([*kept, group]), prefix, has_header, import_dir):
                kept.append(group)
            else:
                skipped.append(
                    Skipped(lines.line_of(group[0][0]), "counter", "the inserted text would change how the line parses")
                )
        rewritten = assemble(kept)
        if not _same_tree(module, rewritten, prefix, has_header, import_dir):
            raise InstrumentError("the instrumented program does not parse like the original")
    # counters add constants: a function near the compiler's limits would stop compiling
    limits = _limit_errors(text)
    while (over := sorted(_limit_errors(rewritten) - limits)) and kept:
        line, message = over[0]
        owner = _chunk_at(module, lines.offset(line, 0))
        dropped = [g for g in kept if owner.start <= g[0][0] < owner.end] or kept
        kept = [g for g in kept if g not in dropped]
        skipped.extend(
            Skipped(lines.line_of(g[0][0]), "counter", f"would make line {line} fail: {message}") for g in dropped
        )
        rewritten = assemble(kept)
    if _limit_errors(rewritten) - limits:
        raise InstrumentError(f"the program is too close to the compiler's limits to add counters: {over[0][1]}")
    if len(kept) < len(edits):
        alive = {e[2].split("[", 1)[1].split("]", 1)[0] for group in kept for e in group if "[" in e[2]}
        counters = [c for c in counters if str(c.index) in alive]
        at_offset = {off: slot for off, slot in at_offset.items() if str(slot) in alive}
        size_at = {off: slot for off, slot in size_at.items() if str(slot) in alive}
    return Instrumented(rewritten, prefix, counters, skipped, at_offset, size_at, slots)


def _limit_errors(text: str) -> set[tuple[int, str]]:
    """The compiler-limit errors (E115: too many constants, locals...) toilint predicts, by line."""
    from toilint.api import lint_source
    from toilint.settings import Settings

    result = lint_source(text, "<instrumented>", Settings(select=("E115",)))
    return {(result.lines.line_of(d.start), d.message) for d in result.diagnostics if d.code == "E115"}


def _chunk_at(module: ast.Module, offset: int) -> ast.Node:
    """The innermost function (or the script) whose chunk the code at ``offset`` compiles into."""
    best: ast.Node = module
    for node in iter_nodes(module):
        if isinstance(node, (ast.FunctionDef, ast.Lambda, ast.Comprehension)) and node.start <= offset < node.end:
            if node.end - node.start < best.end - best.start:
                best = node
    return best


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace ``text[start:end]`` by each edit's text (inserts have start == end; stable order)."""
    out = []
    pos = 0
    for start, end, content in sorted(edits, key=lambda e: e[0]):
        out.append(text[pos:start])
        out.append(content)
        pos = max(pos, end)
    out.append(text[pos:])
    return "".join(out)
