"""The parse driver: Toi's look-ahead and layout decisions on top of the LALR tables.

The lexer (lexer.py) produces the compiler's token stream. What a token *means* often depends
on the parser's position, so before feeding a token the driver decides its terminal, asking
the tables whether the parser could take a candidate (``accepts``: the reductions are simulated
on a virtual stack, because LALR's merged look-ahead sets over-accept):

* greed: a ``(``/``{`` that can continue an expression is a call / metatable constructor;
* table mode: inside a table entry, a ``( [ { - not`` on a later
  line starts a new entry; function bodies and ``if`` suites there are delimited by textual
  indentation (synthesized TBLOCK_START/TBLOCK_END);
* the compiler's token scans: generator arguments, slices, table comprehensions, array sugar,
  multi-assignment, named arguments, decorators, soft keywords;
* suites: a same-line body gets an INLINE marker, and a later-line one without INDENT is the
  "Expected indented block" error.

Values are built by the callbacks of builder.py as rules reduce, so no lark tree is ever made.
"""

from __future__ import annotations

from toilint import ast
from toilint._typing import Any
from toilint.syntax import errors as _errors
from toilint.syntax.builder import APPEND_LAST, callbacks_for, single_callbacks
from toilint.syntax.fstrings import ALL_BRACKETS, find_depth0, parse_fstring
from toilint.syntax.lexer import Tok, tokenize, width
from toilint.syntax.result import SyntaxProblem
from toilint.syntax.tables import Tables, load

TABLES: Tables = load()
_TABLE = TABLES.table
_RLEN = TABLES.rule_len
_RORIGIN = TABLES.rule_origin
_RCB = callbacks_for(TABLES.rule_name, TABLES.rule_len)
_EXPR_RULES = frozenset(i for i, o in enumerate(_RORIGIN) if o == "expr")
_RCB1 = single_callbacks(TABLES.rule_name, TABLES.rule_len)
_NSTATES = len(_TABLE)
#: per rule, what ``feed`` needs in one tuple: (callback, length, origin, reduces an expr);
#: a one-child rule's callback takes the child itself (None: the value passes through), a longer
#: rule's None means ``APPEND_LAST`` (done in place)
_RINFO: list[tuple[Any, int, str, bool]] = [
    (cb1 if n == 1 else None if cb is APPEND_LAST else cb, n, origin, r in _EXPR_RULES)
    for r, (cb, cb1, n, origin) in enumerate(zip(_RCB, _RCB1, _RLEN, _RORIGIN, strict=True))
]
#: Reduction plans. When the action on a terminal is a reduction, everything the driver does
#: until it shifts that terminal (or finds it rejected) depends only on the terminal and on the
#: few stack states its gotos read. That work is memoized as a plan, in a trie per top state
#: and terminal: a fork ``(depth, {state: node})`` reads ``states[~depth]``; a leaf is
#: ``(-1, pops, pushed, ops, shifts, through_expr, top, one)``: drop ``pops`` states, push
#: ``pushed`` (the gotos' states, then the shift's when ``shifts``) and run ``ops`` on the
#: value stack in order, each ``(n, callback)``: n == 1 one child, replaced in place; n > 1
#: that many children; n == 0 none; n < 0 a list rule of -n children (the list takes the last
#: child, without a call); ``one`` is the callback when that is all (NAME -> Name, ...).
#: ``top`` is the state after the reductions. A look-up per level
#: replaces the table walk per reduction; the trie fills as contexts are met.
_PLANS: list[dict[Any, Any]] = [{} for _ in range(_NSTATES)]
Plan = tuple[Any, ...]
#: Chains, most of the work of making a plan: after a goto from ``src`` on a nonterminal, the
#: one-child reductions that follow on the terminal (an atom climbing the expression grammar's
#: levels, ~8 per plan) each go back to ``src``, so what they do depends on (src, nonterminal,
#: terminal) only, whatever the stack holds below: ``(ops, through_expr, top, action)``, with
#: ``top`` the state they end in and ``action`` its action on the terminal. A process meets each
#: chain in ~3 plans.
_CHAINS: dict[tuple[int, str, str], tuple[tuple[tuple[int, Any], ...], bool, int, int | None]] = {}


def _plan(st: list[int], typ: str) -> Plan:
    """The plan for ``typ`` on the stack ``st`` (whose top state's action on it is a reduction)."""
    node = _PLANS[st[-1]].get(typ)
    while node is not None:
        depth = node[0]
        if depth < 0:
            return node  # type: ignore[no-any-return]
        node = node[1].get(st[~depth])
    return _new_plan(st, typ)


def _new_plan(st: list[int], typ: str) -> Plan:
    """Run the reductions on a virtual stack (``st[:h] + ext``), noting the states of ``st``
    the gotos read, and file the plan under them."""
    size = len(st)
    h = size
    ext: list[int] = []
    reads: list[tuple[int, int]] = []  # (depth, state), deepest last
    ops: list[tuple[int, Any]] = []
    through_expr = False
    top = st[-1]
    act = _TABLE[top].get(typ)
    chains = _CHAINS
    while act is not None and act < 0:
        cb, n, origin, is_expr = _RINFO[~act]
        if n == 1:
            if cb is not None:
                ops.append((1, cb))
        elif n == 0 or cb is not None:
            ops.append((n, cb))
        else:
            ops.append((-n, None))
        through_expr = through_expr or is_expr
        k = len(ext)
        if n <= k:
            del ext[k - n :]
        else:
            h -= n - k
            ext.clear()
        if ext:
            src = ext[-1]
        else:
            src = st[h - 1]
            depth = size - h
            if depth and (not reads or reads[-1][0] < depth):
                reads.append((depth, src))
        chain = chains.get((src, origin, typ)) or _chain(src, origin, typ)
        if chain[0]:
            ops += chain[0]
        through_expr = through_expr or chain[1]
        top = chain[2]
        act = chain[3]
        ext.append(top)
    shifts = act is not None
    if act is not None:
        ext.append(act)
    one = ops[0][1] if len(ops) == 1 and ops[0][0] == 1 else None
    leaf = (-1, size - h, tuple(ext), tuple(ops), shifts, through_expr, top, one)
    node: dict[Any, Any] = _PLANS[st[-1]]
    key: Any = typ
    for depth, state in reads:
        fork = node.get(key)
        if fork is None:
            fork = node.setdefault(key, (depth, {}))
        node, key = fork[1], state
    node[key] = leaf
    return leaf


def _chain(src: int, origin: str, typ: str) -> tuple[tuple[tuple[int, Any], ...], bool, int, int | None]:
    """The chain after the goto from ``src`` on ``origin`` (see ``_CHAINS``), walked and memoized."""
    ops: list[tuple[int, Any]] = []
    through_expr = False
    top = _TABLE[src][origin]
    act = _TABLE[top].get(typ)
    while act is not None and act < 0:
        cb, n, unit_origin, is_expr = _RINFO[~act]
        if n != 1:
            break
        if cb is not None:
            ops.append((1, cb))
        through_expr = through_expr or is_expr
        top = _TABLE[src][unit_origin]
        act = _TABLE[top].get(typ)
    chain = _CHAINS[src, origin, typ] = (tuple(ops), through_expr, top, act)
    return chain


def _apply(st: list[int], vals: list[Any], plan: Plan) -> None:
    """Carry out a plan's reductions on the state and value stacks."""
    # (``pop``/``append`` rather than ``vals[-1]``: a negative index is not a fast subscript)
    st[len(st) - plan[1] :] = plan[2]
    one = plan[7]
    if one is not None:
        vals.append(one(vals.pop()))
        return
    for n, cb in plan[3]:
        if n == 1:
            vals.append(cb(vals.pop()))
        elif n > 1:
            v = cb(vals[-n:])
            del vals[-n:]
            vals.append(v)
        elif n == 0:
            vals.append(cb([]))
        else:  # a list rule: the list (first child) takes the last child
            v = vals.pop()
            if n < -2:
                del vals[2 + n :]
            vals[-1].append(v)


#: states in which a NAME may be shifted as ARGNAME or ENTRY_NAME
_NAME_RETYPE_STATES = frozenset(
    s for s, row in enumerate(_TABLE) if row.get("ARGNAME", -1) >= 0 or row.get("ENTRY_NAME", -1) >= 0
)
#: states in which a NAME followed by ``=`` may be shifted as ARGNAME
_ARGNAME_STATES = frozenset(s for s in _NAME_RETYPE_STATES if _TABLE[s].get("ARGNAME", -1) >= 0)
#: states with an action on MA_NAME: elsewhere a NAME before a comma is a NAME (``resolve``)
_MA_NAME_STATES = frozenset(s for s, row in enumerate(_TABLE) if "MA_NAME" in row)
#: states with an action on SUGAR_EQ: elsewhere ``=`` is EQUAL, whatever its right-hand side
_SUGAR_EQ_STATES = frozenset(s for s, row in enumerate(_TABLE) if "SUGAR_EQ" in row)


def _fast_table() -> list[dict[str, int]]:
    """The fast path's table: no NAME where it may be an ENTRY_NAME (``resolve`` decides)."""
    fast = list(_TABLE)
    for s in _NAME_RETYPE_STATES:
        if _TABLE[s].get("ENTRY_NAME", -1) >= 0:
            fast[s] = {t: a for t, a in _TABLE[s].items() if t != "NAME"}
    return fast


_FAST_TABLE = _fast_table()
#: states just after a list of declarations (the file's, or an indented block's): where
#: recovery drops a broken statement and goes on with the next one
_DECLS_STATES = frozenset(row["decls"] for row in _TABLE if "decls" in row)
#: the state after the file's own list of declarations
_TOP_DECLS = _TABLE[TABLES.start["start"]]["decls"]

_SUITE_KEYWORDS = {
    "IF": "if",
    "ELIF": "if",
    "ELSE": "else",
    "WHILE": "while",
    "FOR": "for",
    "TRY": "try",
    "EXCEPT": "except",
    "FINALLY": "finally",
    "WITH": "with",
    "CASE": "case",
}

STMT_START = frozenset(
    """NAME ENTRY_NAME ARGNAME MA_NAME MATCH NUMBER STRING FSTRING NIL TRUE FALSE LPAR LBRACE
    COMP_LBRACE UMINUS UNOT HASH FN FN_DECL IMPORT IMPORT_STMT PRINT IF WHILE FOR TRY WITH THROW
    YIELD YIELD_BARE RETURN RETURN_BARE BREAK CONTINUE GC ASSERT DEL LOCAL GLOBAL FROM AT
    KEY_LSQB""".split()
)
ENTRY_START = frozenset(
    """KEY_LSQB LPAR LBRACE COMP_LBRACE NAME ENTRY_NAME STRING FSTRING NUMBER NIL TRUE FALSE
    UNOT NOT UMINUS MINUS HASH FN IMPORT""".split()
)


_SOFT_KEYWORDS = frozenset(("match", "case"))
_RESOLVE = frozenset("NAME LPAR LBRACE LSQB MINUS NOT EQUAL FN IMPORT RETURN YIELD HASH".split())
_POST = frozenset("FSTRING AT LBRACE META_LBRACE RBRACE RPAR".split())
#: token types ``run`` cannot take on its fast path (a NAME and ``=`` are checked on their own)
_SLOW = (_RESOLVE - {"NAME", "EQUAL"}) | (_POST - {"RPAR"}) | {"ERROR", "STOP", "$END"}
#: ``_rejected``: a virtual token was pushed, feed the same token again
_AGAIN = object()


#: bracket tables for ``_scan_depth0``: an opener maps to its kind (0 paren, 1 bracket, 2 brace),
#: a closer to ``~kind``
_PLAIN_BRACKETS = {"LPAR": 0, "LSQB": 1, "LBRACE": 2, "RPAR": ~0, "RSQB": ~1, "RBRACE": ~2}
_ALL_BRACKETS = {
    **_PLAIN_BRACKETS,
    **dict.fromkeys(("CALL_LPAR", "PRINT_LPAR"), 0),
    **dict.fromkeys(("SLICE_LSQB", "KEY_LSQB"), 1),
    **dict.fromkeys(("META_LBRACE", "COMP_LBRACE"), 2),
}
_PARENS = {"LPAR": 0, "CALL_LPAR": 0, "PRINT_LPAR": 0, "RPAR": ~0}
_END = frozenset(("$END", "ERROR", "STOP"))
#: a scan also ends (unsuccessfully) at this closer at depth 0
_CLOSE_STOP = {c: _END | {c} for c in ("RPAR", "RSQB", "RBRACE")}
_STMT_STOP = _END | {"SEMI", "DEDENT"}
_FOR = frozenset(("FOR", "COMP_FOR"))
_PLAIN_FOR = frozenset(("FOR",))
_DOTDOT = frozenset(("DOTDOT",))
_COMMA = frozenset(("COMMA",))
_RPAR = frozenset(("RPAR",))
_NO_LINE = 1 << 62


def _scan_depth0(
    toks: list[Tok],
    k: int,
    brackets: dict[str, int],
    targets: frozenset[str],
    stops: frozenset[str],
    line: int = _NO_LINE,
) -> int:
    """The compiler's look-ahead scans: walk from ``toks[k]`` keeping one depth per bracket kind
    (a closer never takes a depth below 0), and return the index of the first token of a type in
    ``targets`` seen at depth 0, or -1 at a ``stops`` type at depth 0, a token on a line after
    ``line`` at depth 0, or ``$END``/``ERROR`` at any depth (``stops`` must hold those two).
    Depth 0 means before the token's own bracket is counted."""
    depth = [0, 0, 0]
    total = 0
    while True:
        tok = toks[k]
        t = tok[0]
        if total == 0:
            if t in stops or tok[4] > line:
                if t == "STOP" and tok[4] <= line:
                    raise NotAtBoundary  # the answer lies past the stretch being re-parsed
                return -1
            if t in targets:
                return k
        elif t in _END:
            if t == "STOP":
                raise NotAtBoundary
            return -1
        c = brackets.get(t)
        if c is not None:
            if c >= 0:
                depth[c] += 1
                total += 1
            elif depth[~c]:
                depth[~c] -= 1
                total -= 1
        k += 1


class NotAtBoundary(Exception):
    """A stretch re-parse did not end where a top-level statement starts: parse the whole file."""


class Fatal(Exception):
    def __init__(self, problem: SyntaxProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem
        self.index = -1  # the token the parse stopped at (set by ``Driver.run``)


class _TBlock:
    __slots__ = ("indent", "kind", "line")

    def __init__(self, line: int, indent: int, kind: str) -> None:
        self.line = line
        self.indent = indent
        self.kind = kind


def _virtual(typ: str, at: Tok) -> Tok:
    return (typ, "", at[2], at[2], at[4])


class Driver:
    """One parse of one token list (the file, or a re-parsed fragment)."""

    def __init__(
        self, text: str, toks: list[Tok], start: str, table_mode: bool, problems: list[SyntaxProblem], line_of: Any
    ) -> None:
        self.text = text
        # look-ahead scans may peek two tokens past the end
        self.toks = [*toks, toks[-1], toks[-1]]
        self.states = [TABLES.start[start]]
        self.values: list[Any] = []
        self.prev: Tok = ("", "", 0, 0, 0)
        self.tstack: list[bool] = []
        self.tcount = 1 if table_mode else 0
        self.tblocks: list[_TBlock] = []
        self.params_close: set[int] = set()
        self.problems = problems
        self.line_of = line_of
        self.failed_through_expr = False
        self.end_state = TABLES.end[start]
        #: tokens of the file already read before the current token list (error recovery)
        self.lexed: list[Tok] = []
        #: re-parsing a stretch of a file (incremental.py): a STOP token marks where the next
        #: unchanged top-level statement starts, and the text is lexed only up to ``lex_end``
        self.stop_at: int | None = None
        self.lex_end: int | None = None
        # ``_next_for``/``_next_dots``: the text's next ``for``/``..`` after an offset, remembered
        # (the scans ask in text order: the text is searched once, not to its end at each bracket)
        self.for_from = self.dots_from = _NO_LINE
        self.for_at = self.dots_at = -1

    # ------------------------------------------------------------------ table queries

    def shift_ok(self, typ: str) -> bool:
        act = _TABLE[self.states[-1]].get(typ)
        return act is not None and act >= 0

    def accepts(self, typ: str) -> bool:
        st = self.states
        top = st[-1]
        act = _TABLE[top].get(typ)
        if act is None:
            return typ == "$END" and top == self.end_state
        if act >= 0:
            return True
        plan = _plan(st, typ)
        return plan[4] or (typ == "$END" and plan[6] == self.end_state)

    def shifting_state(self, typ: str) -> int | None:
        """The state in which ``typ`` would be shifted (after the reductions it causes)."""
        st = list(self.states)
        while True:
            act = _TABLE[st[-1]].get(typ)
            if act is None:
                return None
            if act >= 0:
                return st[-1]
            r = ~act
            n = _RLEN[r]
            if n:
                del st[-n:]
            st.append(_TABLE[st[-1]][_RORIGIN[r]])

    def feed(self, tok: Tok, typ: str) -> bool:
        """Reduce as the tables say, then shift ``tok`` as ``typ``; False if rejected."""
        st = self.states
        top = st[-1]
        act = _TABLE[top].get(typ)
        if act is not None and act >= 0:
            st.append(act)
            self.values.append(tok)
            return True
        if act is None:
            if typ == "$END" and top == self.end_state:
                return True
            self.failed_through_expr = False
            return False
        plan = _plan(st, typ)
        vals = self.values
        _apply(st, vals, plan)
        if plan[4]:
            vals.append(tok)
            return True
        if typ == "$END" and plan[6] == self.end_state:
            return True
        self.failed_through_expr = plan[5]
        return False

    # ------------------------------------------------------------------ errors

    def fail(self, message: str, tok: Tok, line: int | None = None) -> Fatal:
        return Fatal(SyntaxProblem(message, tok[2], tok[3], tok[4] if line is None else line, True))

    def reject(self, tok: Tok, typ: str) -> Fatal:
        message, at_prev = _errors.diagnose(TABLES, self.states, typ, self.failed_through_expr)
        at = self.prev if at_prev else tok
        return self.fail(message, at)

    def indent_of(self, tok: Tok) -> int:
        """``token_indent``: leading-whitespace width of the line holding the token's start."""
        text = self.text
        ls = text.rfind("\n", 0, tok[2]) + 1
        p = ls
        n = tok[2]
        while p < n and text[p] in " \t":
            p += 1
        return width(text[ls:p])

    # ------------------------------------------------------------------ scans (compiler look-aheads)

    # Each scan first asks the text (in C) whether its target can occur at all; the tokens of a
    # fragment (f-string interpolation, decorator) carry file offsets, so this holds there too.

    def _eol(self, tok: Tok) -> int:
        """End of the line where ``tok`` ends."""
        e = self.text.find("\n", tok[3])
        return len(self.text) if e < 0 else e

    def _next_for(self, start: int) -> int:
        """``text.find("for", start)``."""
        if not (self.for_from <= start and (start <= self.for_at or self.for_at < 0)):
            self.for_from = start
            self.for_at = self.text.find("for", start)
        return self.for_at

    def _next_dots(self, start: int) -> int:
        """``text.find("..", start)``."""
        if not (self.dots_from <= start and (start <= self.dots_at or self.dots_at < 0)):
            self.dots_from = start
            self.dots_at = self.text.find("..", start)
        return self.dots_at

    def _find_for_until(self, k: int, end: str) -> int:
        """``find_comprehension_for_until``: index of a depth-0 ``for`` or -1."""
        if self._next_for(self.toks[k][2]) < 0:
            return -1
        return _scan_depth0(self.toks, k, _ALL_BRACKETS, _FOR, _CLOSE_STOP[end])

    def _comp_start(self, i: int, close: str) -> bool:
        """``is_table_comprehension_start`` / ``is_generator_comprehension_start`` for the
        bracket ``toks[i]``: a depth-0 ``for`` on its line, the scan starting two tokens after it."""
        opener = self.toks[i]
        if self.text.find("for", self.toks[i + 2][2], self._eol(opener)) < 0:
            return False
        return _scan_depth0(self.toks, i + 2, _PLAIN_BRACKETS, _PLAIN_FOR, _CLOSE_STOP[close], opener[4]) >= 0

    def _is_slice(self, i: int) -> bool:
        # the compiler's scan starts two tokens after ``[``
        if self.toks[i + 1][0] == "DOTDOT":
            return True
        if self._next_dots(self.toks[i + 2][2]) < 0:
            return False
        return _scan_depth0(self.toks, i + 2, _PLAIN_BRACKETS, _DOTDOT, _CLOSE_STOP["RSQB"]) >= 0

    def _rhs_has_comma(self, k: int) -> bool:
        # a comma found at depth 0 lies on the line where ``toks[k]`` ends
        first = self.toks[k]
        if self.text.find(",", first[2], self._eol(first)) < 0:
            return False
        return _scan_depth0(self.toks, k, _PLAIN_BRACKETS, _COMMA, _STMT_STOP, first[4]) >= 0

    def _is_multi_assign(self, i: int) -> bool:
        toks = self.toks
        line = toks[i][4]
        count = 1
        k = i + 1
        while True:
            tok = toks[k]
            if tok[4] > line:
                return False
            if tok[0] == "COMMA":
                nxt = toks[k + 1]
                if nxt[4] > line or nxt[0] != "NAME":
                    return False
                count += 1
                k += 2
                continue
            return tok[0] == "EQUAL" and count > 1

    def _matching_rpar(self, i: int) -> int:
        # ``toks[i]`` is the opening LPAR: its match is the first RPAR at paren depth 0 after it
        return _scan_depth0(self.toks, i + 1, _PARENS, _RPAR, _END)

    # ------------------------------------------------------------------ token resolution

    def resolve(self, i: int, tok: Tok) -> tuple[str, tuple[str, int | None] | None]:
        """The terminal for ``tok`` here, and a plan for side effects after the shift."""
        typ = tok[0]
        prev = self.prev
        if typ == "NAME":
            v = tok[1]
            if v == "match" and self.accepts("MATCH"):
                return "MATCH", None
            if v == "case" and self.accepts("CASE"):
                return "CASE", None
            nt = self.toks[i + 1][0]
            top = self.states[-1]
            if nt != "COMMA" and top not in _NAME_RETYPE_STATES:
                return "NAME", None  # the common case: no other reading of a name is possible here
            row = _TABLE[top]
            if nt == "EQUAL" and row.get("ARGNAME", -1) >= 0:
                return "ARGNAME", None
            if row.get("ENTRY_NAME", -1) >= 0:
                return "ENTRY_NAME", None
            if nt == "COMMA" and self._is_multi_assign(i) and self.accepts("MA_NAME"):
                return "MA_NAME", None
            return "NAME", None
        if typ == "LPAR":
            if prev[0] == "PRINT" and self.toks[i - 1] is prev:
                return "PRINT_LPAR", None
            later = self.tcount and tok[4] > prev[4]
            if not later and self.accepts("CALL_LPAR"):
                nxt = self.toks[i + 1]
                if nxt[0] not in ("RPAR", "STAR", "LPAR") and not (nxt[0] == "NAME" and self.toks[i + 2][0] == "EQUAL"):
                    j = self._find_for_until(i + 2, "RPAR")
                    if j >= 0:
                        return "CALL_LPAR", ("gen", j)
                return "CALL_LPAR", None
            if prev[0] == "FN" or (prev[0] == "NAME" and i >= 2 and self.toks[i - 2][0] == "FN_DECL"):
                return "LPAR", ("params", None)
            if prev[0] != "DEL" and self.toks[i + 1][0] != "LPAR" and self._comp_start(i, "RPAR"):
                j = self._find_for_until(i + 2, "RPAR")
                if j >= 0:
                    return "LPAR", ("gen", j)
            return "LPAR", None
        if typ == "EQUAL":
            if self.states[-1] in _SUGAR_EQ_STATES and self._rhs_has_comma(i + 1) and self.accepts("SUGAR_EQ"):
                return "SUGAR_EQ", None
            return "EQUAL", None
        if typ == "LBRACE":
            later = self.tcount and tok[4] > prev[4]
            if not later and self.accepts("META_LBRACE"):
                return "META_LBRACE", None
            if self._comp_start(i, "RBRACE"):
                j = self._find_for_until(i + 2, "RBRACE")
                if j >= 0:
                    return "COMP_LBRACE", ("comp", j)
            return "LBRACE", None
        if typ == "LSQB":
            if self.shift_ok("KEY_LSQB"):
                return "KEY_LSQB", None
            if self.tcount and tok[4] > prev[4]:
                return "KEY_LSQB", None
            if self._is_slice(i) and self.accepts("SLICE_LSQB"):
                return "SLICE_LSQB", None
            return "LSQB", None
        if typ == "MINUS":
            if self.tcount and tok[4] > prev[4]:
                return "UMINUS", None
            return "MINUS", None
        if typ == "NOT":
            if self.tcount and tok[4] > prev[4]:
                return "UNOT", None
            return "NOT", None
        if typ == "FN":
            if self.accepts("FN_DECL"):
                return "FN_DECL", None
            return "FN", None
        if typ == "IMPORT":
            if self.accepts("IMPORT_STMT"):
                return "IMPORT_STMT", None
            return "IMPORT", None
        if typ == "RETURN":
            if self.toks[i + 1][0] in ("ELSE", "ELIF", "$END"):
                return "RETURN_BARE", None
            return "RETURN", None
        if typ == "YIELD":
            if prev[0] in ("DOT", "COLONCOLON"):
                return "YIELD", None
            if self.toks[i + 1][0] in ("ELSE", "ELIF", "DEDENT", "$END"):
                return "YIELD_BARE", None
            return "YIELD", None
        if typ == "HASH":
            if (
                prev[0] == "NAME"
                and i >= 2
                and self.toks[i - 1] is prev
                and self.toks[i - 2][0] in ("FOR", "COMP_FOR")
                and tok[2] != prev[3]
            ):
                return "HASH_SP", None
            return "HASH", None
        return typ, None

    # ------------------------------------------------------------------ main loop

    def push_virtual(self, typ: str, at: Tok) -> None:
        if not self.feed(_virtual(typ, at), typ):
            raise self.reject(at, typ)

    def run(self, prefix: bool = False) -> Any:
        toks = self.toks
        i = 0
        resolve_types = _RESOLVE
        slow_types = _SLOW
        post_types = _POST
        feed = self.feed
        st = self.states
        vals = self.values
        table = _TABLE
        fast_table = _FAST_TABLE
        plans = _PLANS
        soft = _SOFT_KEYWORDS
        argname_states = _ARGNAME_STATES
        ma_name_states = _MA_NAME_STATES
        sugar_eq_states = _SUGAR_EQ_STATES
        # outside table entries, table-mode blocks and function parameters (no check per token)
        plain = not (self.tblocks or self.tcount or self.params_close)
        try:
            while True:
                tok = toks[i]
                typ = tok[0]
                # fast path: a token that needs no decision and no side effect; ``prev`` is then
                # the token before, stored only when the slow path below needs it (a NAME or ``=``
                # goes to ``resolve`` only in the states where its answer can differ)
                if (
                    plain
                    and typ not in slow_types
                    and not (
                        typ == "NAME"
                        and (
                            tok[1] in soft
                            or ((nt := toks[i + 1][0]) == "COMMA" and st[-1] in ma_name_states)
                            or (nt == "EQUAL" and st[-1] in argname_states)
                        )
                    )
                    and not (typ == "EQUAL" and st[-1] in sugar_eq_states and self._rhs_has_comma(i + 1))
                ):
                    top = st[-1]
                    act = fast_table[top].get(typ)
                    if act is not None:
                        if act >= 0:  # a plain shift
                            st.append(act)
                            vals.append(tok)
                            i += 1
                            continue
                        plan = plans[top].get(typ)  # ``_plan``, inline
                        while plan is not None:
                            depth = plan[0]
                            if depth < 0:
                                break
                            plan = plan[1].get(st[~depth])
                        else:
                            plan = _new_plan(st, typ)
                        if plan[4]:  # the reductions end in a shift
                            one = plan[7]
                            if one is not None:  # ``_apply``, inline for the most frequent plans
                                st[len(st) - plan[1] :] = plan[2]
                                vals.append(one(vals.pop()))
                            else:
                                _apply(st, vals, plan)
                            vals.append(tok)
                            i += 1
                            continue
                # slow path: decisions, side effects, virtual tokens, rejections
                if i:
                    self.prev = toks[i - 1]
                plan = None
                if typ in resolve_types:
                    typ, plan = self.resolve(i, tok)
                elif typ == "ERROR":
                    raise self.fail(tok[1], tok)
                elif typ == "STOP":
                    return self._stop(i)
                if self.tblocks and self._close_tblocks(tok, typ):
                    typ, plan = self.resolve(i, tok)
                if self.tcount and typ in ENTRY_START and tok[4] > self.prev[4] and self.accepts("SEP"):
                    self.push_virtual("SEP", tok)
                    typ, plan = self.resolve(i, tok)
                if typ != tok[0]:  # the token as the terminal it is shifted as
                    tok = (typ, *tok[1:])
                act = table[st[-1]].get(typ)
                if act is not None and act >= 0:
                    st.append(act)
                    vals.append(tok)
                elif not feed(tok, typ):
                    done = self._rejected(tok, typ, prefix)
                    if done is not _AGAIN:
                        return done
                    plain = not (self.tblocks or self.tcount or self.params_close)
                    continue
                if typ == "$END":
                    return self.values[-1]
                toks[i] = tok
                if plan is None and typ not in post_types:
                    if not plain:  # (nothing above changes it when it holds)
                        plain = not (self.tblocks or self.tcount or self.params_close)
                    i += 1
                    continue
                if plan is not None:
                    self.prev = tok
                    i = self._after_shift(i, tok, plan)
                elif typ == "FSTRING":
                    self.prev = tok
                    # the shifted token (the value stack's top) with its parsed f-string
                    vals[-1] = toks[i] = (*tok, self.fstring(tok))
                elif typ == "AT":
                    self.prev = tok
                    i = self._decorator(i, tok)
                elif typ in ("LBRACE", "META_LBRACE"):
                    self.tstack.append(True)
                    self.tcount += 1
                elif typ == "RBRACE":
                    if self.tstack and self.tstack.pop():
                        self.tcount -= 1
                elif typ == "RPAR" and i in self.params_close:
                    self.params_close.remove(i)
                    self.prev = tok
                    self._fn_body(i, tok)
                plain = not (self.tblocks or self.tcount or self.params_close)
                i += 1
        except Fatal as f:
            f.index = i  # where recovery looks for the broken statement
            raise

    def _rejected(self, tok: Tok, typ: str, prefix: bool) -> Any:
        """After ``feed`` rejected ``tok``: the value of a prefix parse that ends before it, or
        ``_AGAIN`` after pushing the virtual token the compiler's layout implies; else the error."""
        if prefix and self.accepts("$END"):
            end = ("$END", "", tok[2], tok[2], tok[4])
            self.feed(end, "$END")
            return self.values[-1]
        if typ in ("ELSE", "ELIF") and self.accepts("BLOCK_NODEDENT"):
            self.push_virtual("BLOCK_NODEDENT", tok)
            return _AGAIN
        if self.accepts("INLINE"):
            self._start_suite(tok)
            return _AGAIN
        raise self.reject(tok, typ)

    def _stop(self, i: int) -> Any:
        """At a STOP token: the declarations parsed so far, if the next token (after STOP) starts
        a new top-level statement exactly as it would in a parse of the whole file."""
        nxt = self.toks[i + 1]
        typ = nxt[0]
        if typ in _RESOLVE:
            typ = self.resolve(i + 1, nxt)[0]
        if self.tblocks or self.tstack or self.tcount or not self.feed(nxt, typ):
            raise NotAtBoundary
        self.states.pop()
        self.values.pop()
        if len(self.states) != 2 or self.states[1] != _TOP_DECLS:
            raise NotAtBoundary
        return self.values[0]

    def _after_shift(self, i: int, tok: Tok, plan: tuple[str, int | None]) -> int:
        kind, j = plan
        if kind == "params":  # ("params", None)
            k = self._matching_rpar(i)
            if k >= 0:
                self.params_close.add(k)
            return i
        assert j is not None
        toks = self.toks
        if kind == "comp":
            self.tstack.append(False)
        first = toks[i + 1]
        last = toks[j - 1]
        extra = self.element(first[2], toks[j][2], last[3], kind == "comp")
        elem = ("ELEM", self.text[first[2] : last[3]], first[2], last[3], last[4], extra)
        if not self.feed(elem, "ELEM"):
            raise self.reject(elem, "ELEM")
        self.prev = last
        toks[j] = ("COMP_FOR", *toks[j][1:])
        return j - 1

    def _close_tblocks(self, tok: Tok, typ: str) -> bool:
        closed = False
        while self.tblocks:
            rec = self.tblocks[-1]
            if not (
                typ in ("$END", "RBRACE")
                or (rec.kind == "if" and typ == "DEDENT")
                or tok[4] <= rec.line
                or self.indent_of(tok) <= rec.indent
            ):
                break
            if typ not in STMT_START and self.accepts(typ):
                break
            if not self.accepts("TBLOCK_END"):
                break
            self.push_virtual("TBLOCK_END", tok)
            self.tblocks.pop()
            closed = True
        return closed

    def _start_suite(self, tok: Tok) -> None:
        prev = self.prev
        if tok[4] <= prev[4] or (tok[0] == "$END" and tok[4] <= prev[4]):
            self.push_virtual("INLINE", tok)
            return
        kw = self._suite_keyword()
        if kw in ("if", "else") and self.tcount and self._is_tsuite():
            hi = self.indent_of(prev)
            if tok[0] not in ("$END", "RBRACE", "DEDENT") and self.indent_of(tok) > hi:
                self.push_virtual("TBLOCK_START", tok)
                self.tblocks.append(_TBlock(prev[4], hi, "if"))
                return
        raise self.fail(f"Expected indented block after '{kw}'.", prev)

    def _suite_keyword(self) -> str:
        s = self.shifting_state("INLINE")
        if s is None:
            return "if"
        for rule, dot in TABLES.kernels[s]:
            exp = TABLES.rule_expansion[rule]
            if dot < len(exp) and exp[dot] in ("suite", "tsuite"):
                for sym in reversed(exp[:dot]):
                    kw = _SUITE_KEYWORDS.get(sym)
                    if kw is not None:
                        return kw
        return "if"

    def _is_tsuite(self) -> bool:
        return self.accepts("TBLOCK_START")

    def _fn_body(self, i: int, rpar: Tok) -> None:
        nxt = self.toks[i + 1]
        t = nxt[0]
        if t in ("INDENT", "ERROR"):
            return
        if nxt[4] > rpar[4]:
            if self.tcount:
                hi = self.indent_of(rpar)
                if self.indent_of(nxt) > hi:
                    self.push_virtual("TBLOCK_START", nxt)
                    self.tblocks.append(_TBlock(rpar[4], hi, "fn"))
                    return
            raise self.fail("Expected indented block for function body.", rpar)
        if t in ("$END", "DEDENT", "RBRACE"):
            self.push_virtual("EMPTY_BODY", ("", "", rpar[3], rpar[3], rpar[4]))
        else:
            self.push_virtual("INLINE", nxt)

    def _decorator(self, i: int, at: Tok) -> int:
        toks = self.toks
        first = toks[i + 1]
        if first[4] != at[4] or first[0] in ("$END", "ERROR"):
            raise self.fail("Expect decorator expression after '@'.", at)
        k = i + 1
        while toks[k][0] not in ("$END", "ERROR") and toks[k][4] == at[4]:
            k += 1
        last = toks[k - 1]
        extra = self.fragment(first[2], last[3], prefix=True)
        deco = ("DECO", self.text[first[2] : last[3]], first[2], last[3], last[4], extra)
        if not self.feed(deco, "DECO"):
            raise self.reject(deco, "DECO")
        self.prev = last
        return k - 1

    # ------------------------------------------------------------------ fragments

    def fragment(
        self, start: int, end: int, prefix: bool, posmap: list[int] | None = None, text: str | None = None
    ) -> ast.Expr | None:
        """Parse an expression the compiler compiles from a string (errors do not fail)."""
        src = self.text[start:end] if text is None else text
        return parse_fragment(self.text, src, start, posmap, bool(self.tcount), prefix, self.problems, self.line_of)

    def element(self, start: int, for_start: int, end: int, table: bool) -> tuple[ast.Expr | None, ast.Expr]:
        raw = self.text[start:for_start]
        key: ast.Expr | None = None
        if table:
            split = _find_assign(raw)
            if split >= 0:
                key = self.fragment(start, start + split, True) or _invalid(self.text, start, start + split)
                value = self.fragment(start + split + 1, end, True) or _invalid(self.text, start + split + 1, end)
                return key, value
        value = self.fragment(start, end, True) or _invalid(self.text, start, end)
        return key, value

    def fstring(self, tok: Tok) -> ast.FString:
        return parse_fstring(self, tok)


def _invalid(text: str, start: int, end: int) -> ast.Expr:
    return ast.Invalid(start, end, text[start:end])


def _find_assign(s: str) -> int:
    """``find_comprehension_assign``: first ``=`` at bracket depth 0 outside quotes."""
    return find_depth0(s, 0, len(s), ALL_BRACKETS, "=", lexical=False)


def parse_fragment(
    full: str,
    src: str,
    base: int,
    posmap: list[int] | None,
    table_mode: bool,
    prefix: bool,
    problems: list[SyntaxProblem],
    line_of: Any,
) -> ast.Expr | None:
    """Parse ``src`` (a piece of ``full`` starting at ``base``, or unescaped text mapped by
    ``posmap``) as one expression, the way ``compile_expression_from_string`` does."""
    lead = len(src) - len(src.lstrip(" \t\r\n"))
    body = src.strip(" \t\r\n")
    lex = tokenize(body.split("\0", 1)[0])
    toks = lex.tokens
    for k, t in enumerate(toks):
        s = t[2] + lead
        e = t[3] + lead
        if posmap is None:
            toks[k] = (t[0], t[1], s + base, e + base, t[4])
        else:
            ts = posmap[s] if s < len(posmap) else (posmap[-1] + 1 if posmap else base)
            toks[k] = (t[0], t[1], ts, (posmap[e - 1] + 1) if 0 < e <= len(posmap) else ts, t[4])
    d = Driver(full, toks, "start_expr", table_mode, problems, line_of)
    try:
        result: ast.Expr = d.run(prefix=prefix)
        return result
    except Fatal as f:
        p = f.problem
        problems.append(SyntaxProblem(p.message, p.start, p.end, line_of(p.start), False))
        return None
