"""Typing into real Toi files over LSP: do unrelated diagnostics survive half-typed code?

Starts `toilint server` over stdio as an editor does, opens a real Toi file, and types a
10-line function into it one character per `didChange` (between two top-level statements in
the middle of the file), waiting for each version's `publishDiagnostics`. It reports:

* the share of keystrokes on which the text does not parse;
* the share of keystrokes on which an *unrelated* diagnostic disappears: one the file had
  before typing started, away from the typed lines (matched by code, message and position,
  shifted by the lines typed so far);
* change -> diagnostics latency (median, p90, max; the debounce counts);
* on keystrokes whose text does not parse: whether document symbols, definition (on a name
  used in the file's last function) and hover (on the file's last diagnostic), away from the
  typing, still answer.

    python benchmarks/lsp_typing.py [--lib DIR] [--files N] [--server-python PATH]

``--lib`` defaults to the `lib/` beside the interpreter ($TOI). ``--server-python`` runs the
server of another virtualenv (another toilint version), to compare before/after in one run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from lsp_session import Session
from lsprotocol import types

from toilint import ast
from toilint.syntax import parse

FUNCTION = """\
fn count_words(text)
    local counts = {}
    for word in text.split(" ")
        if word != ""
            counts[word] = (counts[word] or 0) + 1
    local total = 0
    for k, v in counts
        total = total + v
    print(f"{total} words")
    return counts
"""


def default_lib() -> Path | None:
    toi = os.environ.get("TOI") or shutil.which("toi")
    if not toi:
        return None
    lib = Path(toi).resolve().parent / "lib"
    return lib if lib.is_dir() else None


def insertion_line(text: str) -> int:
    """A line (0-based) starting a top-level statement near the middle of the file."""
    result = parse(text)
    assert result.module is not None
    starts = [text.count("\n", 0, s.start) for s in result.module.body]
    middle = text.count("\n") // 2
    return min(starts, key=lambda line: abs(line - middle)) if starts else 0


def probe(text: str) -> tuple[int, int] | None:
    """(line, character) of a name read in the file's last function that refers to a variable
    or function of the file: navigation asks there."""
    from toilint.semantic import build

    result = parse(text)
    if result.module is None:
        return None
    funcs = [s for s in result.module.body if isinstance(s, ast.FunctionDef)]
    if not funcs:
        return None
    model = build(result.module, text)
    stack: list[ast.Node] = [funcs[-1].body]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            binding = model.binding_of(node)
            if binding is not None and binding.scope is not None and binding.node is not node:
                line = text.count("\n", 0, node.start)
                return line, node.start - (text.rfind("\n", 0, node.start) + 1)
        stack.extend(reversed(node.children()))
    return None


def key(d: types.Diagnostic) -> tuple[str, str, int, int]:
    return str(d.code), d.message, d.range.start.line, d.range.start.character


class Run:
    def __init__(self) -> None:
        self.samples: list[float] = []
        self.keystrokes = 0
        self.unparsable = 0
        self.lost = 0
        self.nav_asked = 0
        self.nav = {"symbols": 0, "definition": 0, "hover": 0}


async def type_into(path: Path, python: str, debounce_ms: int, run: Run, every: int) -> None:
    session = Session("lsp-typing")
    client = session.client
    published = session.published
    await session.start(debounce_ms, python)
    uri = path.resolve().as_uri()
    text = path.read_text(encoding="utf-8")
    session.open(uri, text)
    wait = session.wait

    await wait(1)
    at = insertion_line(text)
    where = probe(text)
    before = published[1]
    lines = text.split("\n")
    head, tail = "\n".join(lines[:at]) + ("\n" if at else ""), "\n" + "\n".join(lines[at:])
    # the user first opens an empty line above a top-level statement, then types there
    version = 2
    opened = types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(at, 0), end=types.Position(at, 0)), text="\n"
    )
    session.change(uri, version, opened)
    await wait(version)
    line, col = at, 0
    typed = ""
    for ch in FUNCTION:
        version += 1
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line, col), end=types.Position(line, col)), text=ch
        )
        typed += ch
        if ch == "\n":
            line, col = line + 1, 0
        else:
            col += 1
        sent = session.change(uri, version, change)
        await wait(version)
        run.samples.append(session.arrived[version] - sent)
        run.keystrokes += 1
        ok = parse(head + typed + tail).ok
        run.unparsable += not ok
        shift = typed.count("\n") + 1
        expected = set()
        for d in before:
            k = key(d)
            if k[2] >= at:  # below the insertion point: moved down by the lines typed so far
                k = (k[0], k[1], k[2] + shift, k[3])
            expected.add(k)
        got = {key(d) for d in published[version]}
        if expected - got:
            run.lost += 1
        if not ok and where is not None and run.keystrokes % every == 0:
            run.nav_asked += 1
            pline = where[0] + shift if where[0] >= at else where[0]
            pos = types.Position(pline, where[1])
            ident = types.TextDocumentIdentifier(uri=uri)
            symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(ident))
            definition = await client.text_document_definition_async(types.DefinitionParams(ident, pos))
            run.nav["symbols"] += bool(symbols)
            run.nav["definition"] += bool(definition)
            if before:  # hover explains the diagnostics under the cursor: ask on the file's last one
                last = before[-1].range.start
                hline = last.line + shift if last.line >= at else last.line
                hpos = types.Position(hline, last.character)
                hover = await client.text_document_hover_async(types.HoverParams(ident, hpos))
                run.nav["hover"] += hover is not None
    await session.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lib", type=Path, default=None, help="directory of real .toi files (default: $TOI's lib/)")
    parser.add_argument("--files", type=int, default=0, help="type into the N largest files only (0: all)")
    parser.add_argument("--debounce-ms", type=int, default=25)
    parser.add_argument("--nav-every", type=int, default=5, help="ask navigation on every Nth unparsable keystroke")
    parser.add_argument("--server-python", default=sys.executable, help="the Python whose toilint serves")
    args = parser.parse_args()
    lib = args.lib or default_lib()
    if lib is None:
        print("no Toi files: pass --lib or set $TOI", file=sys.stderr)
        return 2
    files = sorted(lib.glob("*.toi"), key=lambda p: -p.stat().st_size)
    files = [p for p in files if parse(p.read_text(encoding="utf-8")).ok]
    if args.files:
        files = files[: args.files]
    run = Run()
    for path in files:
        began = time.perf_counter()
        asyncio.run(type_into(path, args.server_python, args.debounce_ms, run, args.nav_every))
        print(f"{path.name}: {time.perf_counter() - began:.1f} s", file=sys.stderr)
    ms = sorted(s * 1000 for s in run.samples)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    n = run.keystrokes
    print(f"{len(files)} files, {n} keystrokes ({len(FUNCTION)} per file), debounce {args.debounce_ms} ms")
    print(f"text does not parse: {run.unparsable / n:.0%} of keystrokes")
    print(f"an unrelated diagnostic disappears: {run.lost / n:.1%} of keystrokes ({run.lost})")
    print(f"change -> diagnostics: median {statistics.median(ms):.1f} ms, p90 {p90:.1f} ms, max {ms[-1]:.1f} ms")
    if run.nav_asked:
        answers = ", ".join(f"{k} {v}/{run.nav_asked}" for k, v in run.nav.items())
        print(f"navigation on half-typed text: {answers}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
