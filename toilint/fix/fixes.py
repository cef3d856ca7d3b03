"""Building blocks for fixes that rewrite code: where a new statement can go, what to call it.

Fixes are text edits on the user's source (docs/architecture.md): these helpers find offsets and spell
text, they never pretty-print a tree. Each helper refuses (returns None) rather than guess
where Toi's layout rules make an edit doubtful: a statement that shares its line with a
header (``for x in t print x``, ``if c for ...``) or with an earlier statement has no line of
its own to put something before, so no fix is offered there.
"""

from __future__ import annotations

from collections.abc import Set

from toilint import ast
from toilint.diagnostics import Edit
from toilint.semantic import SemanticModel
from toilint.semantic.stdlib import CORE_GLOBALS
from toilint.syntax.lexer import KEYWORDS as LEXER_KEYWORDS

#: keywords can never be invented names (toi-language.md §1.3): the lexer's, and `match`, which
#: starts a statement
KEYWORDS = frozenset(LEXER_KEYWORDS) | {"match"}

#: expressions that bind tighter than any operator: never need parentheses around them
ATOMS = (
    ast.Name, ast.Number, ast.String, ast.FString, ast.Nil, ast.Bool, ast.Paren, ast.Call, ast.Index,
    ast.Slice, ast.Attribute, ast.Table, ast.Comprehension, ast.MetaConstruct,
)  # fmt: skip


def newline_of(text: str) -> str:
    """The file's line ending: CRLF files stay CRLF (a bare LF line would be a mixed file)."""
    i = text.find("\n")
    return "\r\n" if i > 0 and text[i - 1] == "\r" else "\n"


def line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def indentation_at(text: str, offset: int) -> str:
    """The leading whitespace of the line containing ``offset``."""
    start = line_start(text, offset)
    end = start
    while end < len(text) and text[end] in " \t":
        end += 1
    return text[start:end]


def first_on_line(text: str, offset: int) -> bool:
    """Only spaces and tabs stand between the line's start and ``offset``."""
    return text[line_start(text, offset) : offset].strip(" \t") == ""


def insert_before_statement(model: SemanticModel, text: str, stmt: ast.Stmt, code: str) -> Edit | None:
    """An edit that puts ``code`` (one statement, no line break) on its own line before ``stmt``.

    The new line gets ``stmt``'s indentation, so it joins the same block (an indented block,
    the module, or a function body in table mode, whose statements are measured by their
    textual indentation). None when ``stmt`` is the body of a one-line suite or does not start
    its line: there the only way in would be restructuring the user's code.
    """
    try:
        block = model.statement_block(stmt)
    except ValueError:
        return None
    if isinstance(block, ast.Block) and block.inline:
        return None
    if not first_on_line(text, stmt.start):
        return None
    indent = indentation_at(text, stmt.start)
    return Edit.insert(stmt.start, code + newline_of(text) + indent)


def insert_after_statement(text: str, stmt: ast.Stmt, code: str) -> Edit | None:
    """An edit that puts ``code`` on a new line right after the line where ``stmt`` ends.

    Inserting at the start of the next line (not at ``stmt.end``) keeps a trailing comment
    on the statement's line. ``stmt`` must be a top-level statement that starts its line;
    None when something else (another statement) follows it on its last line.
    """
    if not first_on_line(text, stmt.start):
        return None
    nl = newline_of(text)
    eol = text.find("\n", stmt.end)
    rest = text[stmt.end : eol if eol >= 0 else len(text)]
    if rest.strip(" \t\r") and not rest.lstrip(" \t").startswith("--"):
        return None
    indent = indentation_at(text, stmt.start)
    if eol < 0:
        return Edit.insert(len(text), nl + indent + code)
    return Edit.insert(eol + 1, indent + code + nl)


def fresh_name(model: SemanticModel, base: str, at: ast.Node | None = None, exclude: set[str] | None = None) -> str:
    """``base`` or ``base_2``, ... : a name no identifier of the file uses and no keyword is.

    Checking against every identifier of the file (not only the visible ones) also keeps the
    new name clear of globals that another function reads, and of the names later fixes in
    the same file will look up. ``exclude`` holds names other fixes of the same run chose, so
    that fixes in different places can apply in one pass. ``at`` is accepted for callers that
    know the place; the file-wide set already covers every name visible there.
    """
    taken = _TakenNames(model)
    stem = base + "_" if base in KEYWORDS else base
    if exclude is None:
        return _first_free(stem, 1, taken, frozenset())[0]
    # A run's fixes add each chosen name to ``exclude``, so probing from ``stem_2`` on every call
    # was quadratic in the number of fixes: resume at the name the last probe for this stem and
    # set stopped at (neither set ever loses a name, so every earlier candidate is still taken).
    # The set itself is kept with its start, so its id is not reused by another set meanwhile.
    memo = model.memo.setdefault("fresh_name_start", {})
    key = (stem, id(exclude))
    held = memo.get(key)
    name, i = _first_free(stem, 1 if held is None else held[1], taken, exclude)
    memo[key] = (exclude, i)
    return name


class _TakenNames:
    """``name in _taken_names(model)``, without building that set while the names asked about
    do not occur in the text at all (the usual case: a fresh name's first candidate is free).

    Every identifier of the file, and every variable the model binds, is spelled in the text
    (names come from the source's tokens); the runtime's globals and the keywords are not, and
    are looked up on their own. Building the whole set walks every node of the file; a look
    through the text costs a fraction of that, so a file asked about many names (hundreds of
    fixes) builds the set after a few looks (``_TEXT_LOOKS``) rather than scan its text each time.
    """

    __slots__ = ("model", "text")

    def __init__(self, model: SemanticModel) -> None:
        self.model = model
        self.text = model.text

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        if name in KEYWORDS or name in CORE_GLOBALS:
            return True
        memo = self.model.memo.setdefault("taken_names", {})
        taken: frozenset[str] | None = memo.get("")
        if taken is None:
            looks = memo.get("looks", 0)
            if looks < _TEXT_LOOKS:
                memo["looks"] = looks + 1
                if name not in self.text:
                    return False
            taken = _taken_names(self.model)
        return name in taken


#: how many names a file's text is searched for before its set of taken names is built
_TEXT_LOOKS = 8


def _first_free(stem: str, i: int, taken: Set[str] | _TakenNames, extra: Set[str]) -> tuple[str, int]:
    """The first of ``stem`` (i = 1), ``stem_2``, ``stem_3``, ... from the i-th on that neither set holds."""
    name = stem if i == 1 else f"{stem}_{i}"
    while name in taken or name in extra:
        i += 1
        name = f"{stem}_{i}"
    return name, i


def _taken_names(model: SemanticModel) -> frozenset[str]:
    """Every identifier of the file, the runtime's globals and keywords: computed once per file.

    Rules ask for a fresh name once per fixable finding; rebuilding this set each time made
    files with hundreds of findings quadratic.
    """
    # kept in the model's memo, not a weak mapping: the compiled build's models have no weak refs
    memo = model.memo.setdefault("taken_names", {})
    taken: frozenset[str] | None = memo.get("")
    if taken is None:
        taken = memo[""] = frozenset(model.all_names() | set(model.names_visible_at(model.module)) | KEYWORDS)
    return taken


def needs_parens(expr: ast.Expr) -> bool:
    """Whether ``expr`` must be wrapped to stay one operand where a fix puts it."""
    return not isinstance(expr, ATOMS)


def parenthesized(text: str, expr: ast.Expr) -> str:
    """``expr``'s source, in parentheses when it is not already a single term."""
    src = text[expr.start : expr.end]
    return f"({src})" if needs_parens(expr) else src


def comments_within(comments: tuple[ast.Comment, ...], start: int, end: int) -> bool:
    """Whether an edit replacing ``[start, end)`` would delete a comment."""
    return any(start <= c.start < end for c in comments)
