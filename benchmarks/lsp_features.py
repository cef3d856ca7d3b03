"""Response time of every editing request of `toilint server` on a 2,000-line Toi file.

Starts the server over stdio as an editor does, in a temporary project of two files (a
2,000-line `main.toi` that imports `util/text.toi`), waits for the first diagnostics, then
sends each request ``--repeat`` times at places spread over the file and reports the median
and worst round trip per method. Completion and signature help are also measured in a
half-typed line (the file does not parse), right after the keystroke.

    python benchmarks/lsp_features.py [--lines 2000] [--repeat 21] [--file PATH]

``--file`` measures a real file instead of the generated one (copied into the project).
``--cpu`` also measures each feature's own CPU time in this process (no server, no transport):
on a loaded machine round trips grow with the load, CPU time much less.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls import uris
from pygls.lsp.client import LanguageClient

UTIL = """\
string = import string

-- Pads `s` on the left to `width` characters.
fn pad(s, width = 8, *rest)
    if #s >= width
        return s
    return string.rep(" ", width - #s) + s

return {pad = pad}
"""

BLOCK = """\
-- Counts the words of `lines` that match `pattern`.
fn count_{i}(lines, pattern = "[a-z]+")
    count = 0
    for line in lines
        for word in string.split(line, " ")
            if regex.search(pattern, word)
                count += 1
    return count

fn report_{i}(lines)
    total = count_{i}(lines)
    label = pad(str(total), 6)
    config = {{name = "r{i}", total = total}}
    return f"{{label}} {{config.name}}"

"""


def program(lines: int) -> str:
    parts = ["import regex, string\nfrom util.text import pad\n\n"]
    i = 0
    while sum(p.count("\n") for p in parts) < lines:
        parts.append(BLOCK.format(i=i))
        i += 1
    parts.append('print report_0({"one two", "three"})\n')
    return "".join(parts)


def position(text: str, offset: int) -> types.Position:
    line = text.count("\n", 0, offset)
    return types.Position(line=line, character=offset - (text.rfind("\n", 0, offset) + 1))


def spread(text: str, needle: str, count: int) -> list[types.Position]:
    """Positions of ``needle`` evenly spread over the file."""
    found = []
    at = text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    step = max(1, len(found) // count)
    return [position(text, o) for o in found[::step][:count]] or [position(text, 0)]


async def timed(samples: list[float], request: Awaitable[Any]) -> Any:
    began = time.perf_counter()
    result = await request
    samples.append(time.perf_counter() - began)
    return result


async def run(text: str, repeat: int) -> dict[str, list[float]]:
    root = Path(tempfile.mkdtemp(prefix="toilint-bench-"))
    (root / "util").mkdir()
    (root / "util" / "text.toi").write_text(UTIL)
    main = root / "main.toi"
    main.write_text(text)
    uri = uris.from_fs_path(str(main)) or ""
    client = LanguageClient("lsp-features", "1")
    published = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params: types.PublishDiagnosticsParams) -> None:
        published.set()

    await client.start_io(sys.executable, "-m", "toilint", "server")
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            initialization_options={"settings": {"inlayHints": True}},
            workspace_folders=[types.WorkspaceFolder(uri=uris.from_fs_path(str(root)) or "", name="bench")],
        )
    )
    client.initialized(types.InitializedParams())
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="toi", version=1, text=text)
        )
    )
    await asyncio.wait_for(published.wait(), 120)
    doc = types.TextDocumentIdentifier(uri=uri)
    names = spread(text, "count = 0", repeat)
    calls = spread(text, "pad(str", repeat)
    lines = text.count("\n")
    results: dict[str, list[float]] = {}

    async def measure(method: str, make: Callable[[int], Awaitable[Any]]) -> None:
        samples = results.setdefault(method, [])
        for i in range(repeat):
            await timed(samples, make(i))

    await measure(
        "textDocument/hover",
        lambda i: client.text_document_hover_async(
            types.HoverParams(text_document=doc, position=calls[i % len(calls)])
        ),
    )
    await measure(
        "textDocument/definition",
        lambda i: client.text_document_definition_async(
            types.DefinitionParams(text_document=doc, position=calls[i % len(calls)])
        ),
    )
    await measure(
        "textDocument/references",
        lambda i: client.text_document_references_async(
            types.ReferenceParams(
                text_document=doc,
                position=names[i % len(names)],
                context=types.ReferenceContext(include_declaration=True),
            )
        ),
    )
    await measure(
        "textDocument/documentHighlight",
        lambda i: client.text_document_document_highlight_async(
            types.DocumentHighlightParams(text_document=doc, position=names[i % len(names)])
        ),
    )
    await measure(
        "textDocument/prepareRename",
        lambda i: client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=doc, position=names[i % len(names)])
        ),
    )
    await measure(
        "textDocument/rename",
        lambda i: client.text_document_rename_async(
            types.RenameParams(text_document=doc, position=names[i % len(names)], new_name=f"n{i}")
        ),
    )
    await measure(
        "textDocument/rename (across files)",
        lambda i: client.text_document_rename_async(
            types.RenameParams(text_document=doc, position=calls[i % len(calls)], new_name=f"pad{i}")
        ),
    )
    await measure(
        "textDocument/completion",
        lambda i: client.text_document_completion_async(
            types.CompletionParams(text_document=doc, position=names[i % len(names)])
        ),
    )
    await measure(
        "textDocument/signatureHelp",
        lambda i: client.text_document_signature_help_async(
            types.SignatureHelpParams(
                text_document=doc,
                position=types.Position(line=calls[i % len(calls)].line, character=calls[i % len(calls)].character + 4),
            )
        ),
    )
    await measure(
        "textDocument/foldingRange",
        lambda i: client.text_document_folding_range_async(types.FoldingRangeParams(text_document=doc)),
    )
    await measure(
        "textDocument/semanticTokens/full",
        lambda i: client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc)),
    )
    await measure(
        "textDocument/inlayHint",
        lambda i: client.text_document_inlay_hint_async(
            types.InlayHintParams(
                text_document=doc,
                range=types.Range(
                    start=types.Position(line=0, character=0), end=types.Position(line=lines, character=0)
                ),
            )
        ),
    )
    await measure("workspace/symbol", lambda i: client.workspace_symbol_async(types.WorkspaceSymbolParams(query="rep")))
    await measure(
        "textDocument/documentSymbol",
        lambda i: client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc)),
    )
    if shutil.which("toi"):
        await measure(
            "textDocument/rangeFormatting",
            lambda i: client.text_document_range_formatting_async(
                types.DocumentRangeFormattingParams(
                    text_document=doc,
                    range=types.Range(start=names[i % len(names)], end=names[i % len(names)]),
                    options=types.FormattingOptions(tab_size=4, insert_spaces=True),
                )
            ),
        )
    # the first token request of a new version (what an editor sends after each edit) waits for
    # that version's analysis: measured with an edit before each request
    version = 1
    fresh = results.setdefault("textDocument/semanticTokens/full (after an edit)", [])
    for i in range(repeat):
        at = names[i % len(names)]
        for typed in (" ", ""):
            version += 1
            end = types.Position(line=at.line, character=at.character + (0 if typed else 1))
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(range=types.Range(start=at, end=end), text=typed)
                    ],
                )
            )
            await timed(
                fresh, client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc))
            )
    # half-typed: each keystroke makes a version that does not parse, then asks right away
    typing = results.setdefault("textDocument/completion (half-typed line)", [])
    signing = results.setdefault("textDocument/signatureHelp (half-typed call)", [])
    for i in range(repeat):
        at = names[i % len(names)]
        for samples, typed, ask in ((typing, "x = (co", 7), (signing, "x = pad(str(total), ", 20)):
            version += 1
            change = types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=typed)
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(uri=uri, version=version), [change]
                )
            )
            where = types.Position(line=at.line, character=at.character + ask)
            if samples is typing:
                await timed(
                    samples,
                    client.text_document_completion_async(types.CompletionParams(text_document=doc, position=where)),
                )
            else:
                await timed(
                    samples,
                    client.text_document_signature_help_async(
                        types.SignatureHelpParams(text_document=doc, position=where)
                    ),
                )
            version += 1
            undo = types.TextDocumentContentChangePartial(
                range=types.Range(start=at, end=types.Position(line=at.line, character=at.character + len(typed))),
                text="",
            )
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(uri=uri, version=version), [undo]
                )
            )
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    shutil.rmtree(root, ignore_errors=True)
    return results


def cpu_costs(text: str, repeat: int) -> dict[str, float]:
    """Median CPU seconds of each feature's work on an analyzed version (what a request adds)."""
    from toilint.lsp import completion, folding, hover, inlay_hints, rename, semantic_tokens, workspace_symbols
    from toilint.lsp.analysis import analyze
    from toilint.lsp.positions import PositionMap
    from toilint.lsp.scopes import LastGood
    from toilint.lsp.workspace import WorkspaceIndex
    from toilint.settings import Settings

    root = Path(tempfile.mkdtemp(prefix="toilint-bench-"))
    (root / "util").mkdir()
    (root / "util" / "text.toi").write_text(UTIL)
    (root / "main.toi").write_text(text)
    index = WorkspaceIndex()
    index.start([str(root)])
    index.ready.wait()
    file = index.get(str(root / "main.toi"))
    assert file is not None and file.model is not None
    analysis = analyze(text, str(root / "main.toi"), 1, Settings(), "utf-16", 10**6)
    memory = LastGood()
    memory.remember("main", analysis)
    snap = memory.get("main")
    assert snap is not None and analysis.result is not None
    sm, pmap, comments = file.model, analysis.pmap, analysis.result.parse.comments
    edited = " " + text
    call, local = text.index("pad(str"), text.index("count = 0")
    work: dict[str, Callable[[], object]] = {
        "lint (the analysis every request shares)": lambda: analyze(text, "m.toi", 1, Settings(), "utf-16", 10**6),
        "hover": lambda: hover.hover(index, file, call),
        "rename (local)": lambda: rename.rename(index, file, local, "n2"),
        "rename (across files)": lambda: rename.rename(index, file, call, "pad2"),
        "completion (half-typed line)": lambda: completion.complete(edited, local + 1, snap, index, file.path),
        "folding": lambda: folding.folding_ranges(sm.module, comments, pmap),
        "semantic tokens": lambda: semantic_tokens.semantic_tokens(text, sm, pmap, comments),
        "semantic tokens (after an edit)": lambda: semantic_tokens.semantic_tokens(
            edited, None, PositionMap(edited), None, snap
        ),
        "inlay hints": lambda: inlay_hints.inlay_hints(sm, pmap, 0, len(text), index, file.path),
        "workspace symbols": lambda: workspace_symbols.workspace_symbols(index, "rep", {}),
    }
    out: dict[str, float] = {}
    for name, fn in work.items():
        times = []
        for _ in range(repeat):
            began = time.process_time()
            fn()
            times.append(time.process_time() - began)
        out[name] = statistics.median(times)
    shutil.rmtree(root, ignore_errors=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--file", type=Path, help="a real Toi file to measure instead of the generated one")
    parser.add_argument("--cpu", action="store_true", help="also each feature's CPU time in process")
    args = parser.parse_args()
    text = args.file.read_text() if args.file else program(args.lines)
    if args.cpu:
        print("CPU time per request's own work (in process, median, ms)")
        for name, seconds in cpu_costs(text, min(args.repeat, 7)).items():
            print(f"  {name:<48} {seconds * 1000:7.1f}")
    results = asyncio.run(run(text, args.repeat))
    print(f"{text.count(chr(10))} lines, {args.repeat} requests each (round trip over stdio, ms)")
    worst_median = 0.0
    for method, samples in results.items():
        ms = sorted(s * 1000 for s in samples)
        median = statistics.median(ms)
        worst_median = max(worst_median, median)
        print(f"  {method:<48} median {median:7.1f}   max {ms[-1]:7.1f}")
    print(f"slowest median: {worst_median:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
