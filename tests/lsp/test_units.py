"""The server's pure parts: diagnostic conversion, quick-fix labels, edits, editor settings."""

from __future__ import annotations

import json
from typing import Any

from lsprotocol import types

from tests.lsp.conftest import apply_text_edits
from toilint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from toilint.lsp.actions import quick_fixes, whole_text_edit
from toilint.lsp.analysis import Analysis, diagnostics_text, publish_message, to_lsp
from toilint.lsp.positions import PositionMap
from toilint.lsp.settings import RUN_ON_SAVE, ClientSettings
from toilint.settings import Settings

PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS


def analysis_of(text: str, diagnostics: list[Diagnostic]) -> Analysis:
    pmap = PositionMap(text)
    return Analysis(3, text, pmap, None, diagnostics, diagnostics_text(diagnostics, pmap, 3))


def test_unused_code_is_tagged_unnecessary_and_errors_are_errors() -> None:
    pmap = PositionMap("x = 1\n")
    unused = to_lsp(Diagnostic("W202", "unused", 0, 1, unnecessary=True), pmap, 1)
    assert unused.tags == [types.DiagnosticTag.Unnecessary]
    assert unused.severity == types.DiagnosticSeverity.Warning
    error = to_lsp(Diagnostic("E105", "bad", 0, 1, Severity.ERROR), pmap, 1)
    assert error.tags is None and error.severity == types.DiagnosticSeverity.Error


def test_unsafe_fixes_are_labelled_and_display_only_ones_are_not_offered() -> None:
    text = "a = b\n"
    unsafe = Fix((Edit(0, 1, "z"),), Applicability.UNSAFE, "Rename it")
    shown = Fix((Edit(4, 5, "c"),), Applicability.DISPLAY_ONLY, "Maybe this")
    analysis = analysis_of(text, [Diagnostic("W1", "m", 0, 1, fix=unsafe), Diagnostic("W2", "m", 4, 5, fix=shown)])
    actions = quick_fixes(analysis, "file:///a.toi", 0, len(text), versioned=False)
    assert [a.title for a in actions] == ["W1: Rename it (unsafe fix)"]
    assert actions[0].is_preferred is False
    assert actions[0].edit is not None and actions[0].edit.changes is not None
    assert "fix" not in analysis.pairs[1][1].data  # a display-only fix is not shipped as an edit


def test_quick_fix_edits_use_utf16_columns() -> None:
    text = 'print("😀") x = 1\n'
    start = text.index("x")
    fix = Fix((Edit(start, start + 1, "y"),), Applicability.SAFE, "Rename")
    analysis = analysis_of(text, [Diagnostic("W1", "m", start, start + 1, fix=fix)])
    [action] = quick_fixes(analysis, "file:///a.toi", start, start, versioned=False)
    [edit] = action.edit.changes["file:///a.toi"]  # type: ignore[union-attr,index]
    assert edit.range.start.character == start + 1  # the emoji is two UTF-16 units
    assert apply_text_edits(text, [edit]) == 'print("😀") y = 1\n'


def test_whole_text_edit_covers_only_the_change_and_keeps_crlf_pairs_whole() -> None:
    old = "a = 1\r\nb = 2\r\nc = 3\r\n"
    new = "a = 1\r\nb = 22\r\nc = 3\r\n"
    [edit] = whole_text_edit(PositionMap(old), old, new)
    assert edit.range.start.line == 1 and edit.range.end.line == 1
    assert apply_text_edits(old, [edit]) == new
    old2, new2 = "x\r\n", "x\r\ny\r\n"
    assert apply_text_edits(old2, whole_text_edit(PositionMap(old2), old2, new2)) == new2
    assert whole_text_edit(PositionMap(old), old, old) == []


def test_editor_settings_are_read_leniently_and_layered_on_the_config_file() -> None:
    cs = ClientSettings.from_json(
        {
            "toilint": {
                "select": ["perf"],
                "ignore": "PERF101, W2",
                "run": "onSave",
                "unsafeFixes": "yes",
                "maxLines": -1,
            }
        }
    )
    assert cs.select == ("PERF",) and cs.ignore == ("PERF101", "W2") and cs.run == RUN_ON_SAVE
    assert cs.unsafe_fixes is False and cs.max_lines == ClientSettings().max_lines  # ill-typed values ignored
    merged = cs.apply(Settings(select=("E", "W"), ignore=("W3",)))
    assert merged.select == ("PERF",) and merged.ignore == ("W3", "PERF101", "W2")
    assert ClientSettings().apply(Settings(select=("E",))).select == ("E",)
    assert ClientSettings.from_json(None) == ClientSettings()


def test_published_json_is_what_the_protocol_objects_serialize_to() -> None:
    from pathlib import Path

    from pygls.protocol import default_converter

    from toilint import lint_source
    from toilint.lsp.analysis import analyze

    converter = default_converter()
    programs = sorted((Path(__file__).parent.parent / "programs").glob("*.toi"))
    texts = [p.read_text(encoding="utf-8") for p in programs]
    texts.append('x = 1\nfor i in {1}\n    s = "é"\n    s = s .. "a"\nprint(y)  -- toilint: ignore[W999]\n')
    seen: set[str] = set()
    for text in texts:
        for settings in (Settings(), Settings(select=("ALL",))):
            result = lint_source(text, "t.toi", settings)
            for encoding in ("utf-8", "utf-16", "utf-32"):
                analysis = analyze(text, "t.toi", 4, settings, encoding, 10_000)
                assert analysis.found == result.diagnostics
                # what is published is the JSON encoding of these objects, character for character
                assert analysis.published == json.dumps(analysis.items)
                message = publish_message("file:///t\u00e9.toi", 4, analysis.published)
                params = {"uri": "file:///t\u00e9.toi", "version": 4, "diagnostics": analysis.items}
                assert message == json.dumps({"jsonrpc": "2.0", "method": PUBLISH, "params": params})
                for i in range(len(result.diagnostics)):
                    item = analysis.items[i]
                    assert item == converter.unstructure(analysis.lsp(i))
                    seen.update(k for k in ("tags", "fix") if k in item or k in item["data"])
                    seen.add(f"severity {item['severity']}")
    assert seen == {"tags", "fix", "severity 1", "severity 2"}


def test_idle_collector_collects_only_when_asked_or_when_garbage_piles_up() -> None:
    import gc
    import weakref

    from toilint._gc import IdleCollector

    class Node:
        pass

    was_enabled = gc.isenabled()
    collector = IdleCollector()
    try:
        collector.hold()
        assert not gc.isenabled()
        a, b = Node(), Node()
        a.other, b.other = b, a  # type: ignore[attr-defined]
        gone = weakref.ref(a)
        del a, b
        assert gone() is not None and not collector.due
        collector.FLOOR = 0  # type: ignore[misc]
        assert collector.due
        collector.collect()
        assert gone() is None and collector.live > 0
    finally:
        if was_enabled:
            gc.enable()


def _left_to_the_collector(count: int, hold: str = "", answering: bool = False) -> tuple[float, bool]:
    """A server replaced ``count`` analyses of a 200-line document, the first of them (or its
    ``result``) still referred to elsewhere if ``hold`` says so. Returns how much cyclic garbage
    (in nodes of one version's tree) is left for the collector once all of them are dropped, and
    whether the held one's model was still whole while it was held."""
    import asyncio
    import gc

    from toilint.lsp.analysis import analyze
    from toilint.lsp.server import ToilintServer

    text = "".join(f"fn f{i}(a)\n    local b = a + {i}\n    return b\n\n" for i in range(50))
    server = ToilintServer()
    analyses = [analyze(text + f"x = {v}\n", "/tmp/t.toi", v, Settings(), "utf-16", 10**6) for v in range(count)]
    result = analyses[0].result
    assert result is not None and result.semantic is not None
    nodes = len(result.semantic.preorder())
    held: Any = analyses[0] if hold == "analysis" else result if hold == "result" else None
    del result
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for a in analyses:
            server.retire(a)
        del analyses, a
        if answering:
            # a request of the client being answered (pygls keeps its future until it is done)
            server.protocol._request_futures["request-1"] = asyncio.Future(loop=asyncio.new_event_loop())
        server.release_retired()
        server._retired.clear()
        whole = held is None or bool((held.result if hold == "analysis" else held).semantic.scopes[0].bindings)
        del held
        return gc.collect() / nodes, whole
    finally:
        if was_enabled:
            gc.enable()


def test_replaced_analyses_are_freed_at_once_without_the_cyclic_collector() -> None:
    left, _ = _left_to_the_collector(3)
    assert left < 0.1


def test_a_replaced_analysis_still_referred_to_is_kept_whole() -> None:
    for hold in ("analysis", "result"):
        left, whole = _left_to_the_collector(3, hold=hold)
        assert whole, "the model of an analysis still held was released"
        assert left >= 1  # the held one, dropped afterwards, is the collector's
        assert left < 2 * _left_to_the_collector(1, answering=True)[0]  # ... and only that one


def test_no_analysis_is_freed_while_a_request_is_answered() -> None:
    left, _ = _left_to_the_collector(2, answering=True)
    assert left >= 2
