"""LALR tables for ``toi.lark``, built by lark's analyzer and cached on disk.

toilint drives the tables itself (driver.py) instead of going through ``Lark.parse``: Toi's
layout and look-ahead rules need to ask "could the parser take this terminal here?" many
times per line, which is cheap on plain dicts and slow through lark's interactive parser.
We also keep each state's kernel items, which lark's integer tables drop: they are what turns
a parse failure into the compiler's wording (errors.py).

The tables are rebuilt when the grammar text or the lark version changes; otherwise they are
read back with ``marshal`` (about a millisecond), so the CLI's start-up does not pay for lark's analysis.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path

from toilint._typing import Any

GRAMMAR_PATH = Path(__file__).with_name("toi.lark")
_FORMAT = 5


class Tables:
    """Plain-data LALR tables.

    ``table[state]`` maps a terminal to an action (``>= 0``: shift to that state, ``< 0``:
    reduce rule ``~action``) and a nonterminal to its goto state.
    """

    __slots__ = (
        "end",
        "kernels",
        "rule_expansion",
        "rule_len",
        "rule_name",
        "rule_origin",
        "start",
        "table",
        "terminals",
    )

    def __init__(self, data: dict[str, Any]) -> None:
        self.table: list[dict[str, int]] = data["table"]
        self.rule_origin: list[str] = data["rule_origin"]
        self.rule_len: list[int] = data["rule_len"]
        self.rule_name: list[str] = data["rule_name"]
        self.rule_expansion: list[tuple[str, ...]] = data["rule_expansion"]
        self.kernels: list[tuple[tuple[int, int], ...]] = data["kernels"]
        self.start: dict[str, int] = data["start"]
        self.end: dict[str, int] = data["end"]
        self.terminals: frozenset[str] = data["terminals"]


def _build(grammar: str) -> dict[str, Any]:
    import logging

    from lark.common import ParserConf
    from lark.grammar import Terminal
    from lark.load_grammar import load_grammar
    from lark.parsers.lalr_analysis import LALR_Analyzer, Shift

    starts = ["start", "start_expr"]
    g, _ = load_grammar(grammar, str(GRAMMAR_PATH), None, False)  # type: ignore[no-untyped-call]
    _terms, rules, _ignore = g.compile(starts, "*")
    conf = ParserConf(rules, {}, starts)
    logging.getLogger("lark").setLevel(logging.ERROR)
    analyzer = LALR_Analyzer(conf, debug=True, strict=False)
    analyzer.compute_lalr()  # type: ignore[no-untyped-call]
    pt = analyzer.parse_table

    rule_index = {r: i for i, r in enumerate(rules)}
    states = list(pt.states)
    sid = {s: i for i, s in enumerate(states)}
    table: list[dict[str, int]] = []
    kernels: list[tuple[tuple[int, int], ...]] = []
    terminals: set[str] = set()
    for s in states:
        row: dict[str, int] = {}
        for sym, (kind, arg) in pt.states[s].items():
            # plain str: lark's Token compares slowly
            if kind is Shift:
                row[str(sym)] = sid[arg]
            else:
                row[str(sym)] = ~rule_index[arg]
        table.append(row)
        kern = sorted((rule_index[rp.rule], rp.index) for rp in s if rp.index > 0 and rp.rule in rule_index)
        kernels.append(tuple(kern))
    for r in rules:
        for sym in r.expansion:
            if isinstance(sym, Terminal):
                terminals.add(str(sym.name))
    return {
        "format": _FORMAT,
        "table": table,
        "rule_origin": [str(r.origin.name) for r in rules],
        "rule_len": [len(r.expansion) for r in rules],
        "rule_name": [str(r.alias or "") for r in rules],
        "rule_expansion": [tuple(str(sym.name) for sym in r.expansion) for r in rules],
        "kernels": kernels,
        "start": {str(k): sid[v] for k, v in pt.start_states.items()},
        "end": {str(k): sid[v] for k, v in pt.end_states.items()},
        "terminals": frozenset(terminals),
    }


def _lark_version() -> str:
    """lark's version without importing lark (that import alone costs ~0.2 s).

    Found on ``sys.path`` by hand: ``importlib.util.find_spec`` imports more modules than the
    whole look-up is worth at start-up. The first quoted text after ``__version__`` (string
    methods, not a regular expression: compiling one was ~0.2 ms of every start-up).
    """
    for entry in sys.path:
        init = os.path.join(entry or ".", "lark", "__init__.py")
        try:
            with open(init, encoding="utf-8") as f:
                source = f.read()
        except OSError:
            continue
        at = source.find("__version__")
        quotes = [q for q in (source.find("'", at), source.find('"', at)) if q >= 0]
        if at < 0 or not quotes:
            return "?"
        start = min(quotes)
        end = source.find(source[start], start + 1)
        return source[start + 1 : end] if end > start + 1 else "?"
    return "?"


def _cache_path(key: str) -> Path:
    base = os.environ.get("TOILINT_CACHE_DIR")
    if base:
        root = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = Path(xdg) / "toilint" if xdg else Path.home() / ".cache" / "toilint"
    return root / f"toi-lalr-{key}.marshal"


def load() -> Tables:
    """Tables for the current grammar, from the disk cache when possible."""
    grammar = GRAMMAR_PATH.read_text()
    from toilint.hashing import digest

    # marshal's format belongs to one Python version: part of the key
    key = digest(f"{_FORMAT}\0{sys.version}\0{_lark_version()}\0{grammar}".encode(), 8)
    path = _cache_path(key)
    try:
        # loads(read()), not load(f): marshal.load reads a file object in tiny pieces (~40x slower)
        data = marshal.loads(path.read_bytes())
        if data.get("format") == _FORMAT:
            return Tables(data)
    except Exception:
        pass
    data = _build(grammar)
    try:
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps(data))
        os.replace(tmp, path)
    except OSError:
        pass
    return Tables(data)
