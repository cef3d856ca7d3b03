"""The server as an editor sees it: one `toilint server` process driven over stdio."""

from __future__ import annotations

import asyncio
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.lsp.conftest import (
    REGEX_IN_LOOP,
    RecordingClient,
    apply_text_edits,
    config,
    edits_of,
    open_doc,
    replace_all,
    start,
)
from toilint import lint_source

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=config(), scope="module")
async def client(lsp_client: RecordingClient):
    await start(lsp_client, {"debounceMs": 30})
    yield
    await lsp_client.shutdown_session()


def codes(params: types.PublishDiagnosticsParams) -> list[str]:
    return [str(d.code) for d in params.diagnostics]


async def test_open_publishes_diagnostics_with_everything_an_editor_shows(client: RecordingClient) -> None:
    uri = "file:///ws/open.toi"
    open_doc(client, uri, REGEX_IN_LOOP)
    published = await client.wait_diagnostics(uri, 1)
    [diag] = [d for d in published.diagnostics if d.code == "PERF101"]
    assert diag.source == "toilint"
    assert diag.severity == types.DiagnosticSeverity.Warning
    assert diag.code_description is not None and "PERF101" in diag.code_description.href
    assert diag.range.start == types.Position(line=3, character=7)  # `regex.search(...)`
    assert diag.data["fix"]["applicability"] == "safe"
    assert diag.data["fix"]["edits"]


async def test_half_typed_code_gives_e001_and_the_server_keeps_going(client: RecordingClient) -> None:
    uri = "file:///ws/typing.toi"
    open_doc(client, uri, "x = 1\nprint(x)\n")
    assert codes(await client.wait_diagnostics(uri, 1)) == []
    replace_all(client, uri, "x = (1 +\n", 2)
    broken = await client.wait_diagnostics(uri, 2)
    assert codes(broken) == ["E001"]
    assert broken.diagnostics[0].severity == types.DiagnosticSeverity.Error
    replace_all(client, uri, "x = (1 + 2)\nprint(x)\n", 3)
    assert codes(await client.wait_diagnostics(uri, 3)) == []


async def test_rapid_changes_publish_only_the_newest_version(client: RecordingClient) -> None:
    uri = "file:///ws/rapid.toi"
    open_doc(client, uri, "x = 1\n")
    await client.wait_diagnostics(uri, 1)
    for version in range(2, 12):  # faster than the debounce: only the first and the last may be linted
        replace_all(client, uri, REGEX_IN_LOOP if version == 11 else f"x = {version}\n", version)
    final = await client.wait_diagnostics(uri, 11)
    assert "PERF101" in codes(final)
    await asyncio.sleep(0.2)
    versions = [p.version for p in client.published if p.uri == uri]
    assert versions in ([1, 11], [1, 2, 11])


async def test_close_clears_the_documents_diagnostics(client: RecordingClient) -> None:
    uri = "file:///ws/close.toi"
    open_doc(client, uri, REGEX_IN_LOOP)
    assert codes(await client.wait_diagnostics(uri, 1))
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri)))
    for _ in range(100):
        last = [p for p in client.published if p.uri == uri][-1]
        if not last.diagnostics:
            break
        await asyncio.sleep(0.05)
    assert not [p for p in client.published if p.uri == uri][-1].diagnostics


async def test_quick_fix_removes_the_diagnostic(client: RecordingClient) -> None:
    uri = "file:///ws/quickfix.toi"
    open_doc(client, uri, REGEX_IN_LOOP)
    published = await client.wait_diagnostics(uri, 1)
    diag = next(d for d in published.diagnostics if d.code == "PERF101")
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=diag.range,
            context=types.CodeActionContext(diagnostics=[diag]),
        )
    )
    assert result is not None
    titles = [a.title for a in result if isinstance(a, types.CodeAction)]
    fix = next(a for a in result if isinstance(a, types.CodeAction) and a.title.startswith("PERF101"))
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert "unsafe" not in fix.title
    assert "Ignore PERF101 on this line" in titles
    fixed = apply_text_edits(REGEX_IN_LOOP, edits_of(fix.edit, uri))
    assert "PERF101" not in [d.code for d in lint_source(fixed).diagnostics]
    # the edit is versioned: an editor that has moved on refuses it
    assert fix.edit is not None and fix.edit.document_changes[0].text_document.version == 1


async def test_ignore_action_inserts_then_extends_the_suppression_comment(client: RecordingClient) -> None:
    uri = "file:///ws/ignore.toi"
    open_doc(client, uri, REGEX_IN_LOOP)
    diag = next(d for d in (await client.wait_diagnostics(uri, 1)).diagnostics if d.code == "PERF101")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=diag.range,
            context=types.CodeActionContext(diagnostics=[diag], only=[types.CodeActionKind.QuickFix]),
        )
    )
    ignore = next(a for a in actions or [] if isinstance(a, types.CodeAction) and a.title.startswith("Ignore"))
    silenced = apply_text_edits(REGEX_IN_LOOP, edits_of(ignore.edit, uri))
    assert '    if regex.search("[0-9]+", line)  -- toilint: ignore[PERF101]\n' in silenced
    assert "PERF101" not in [d.code for d in lint_source(silenced).diagnostics]

    # an existing suppression on the line is extended, not duplicated
    text = REGEX_IN_LOOP.replace("line)\n", "line)  -- toilint: ignore[W201]\n", 1)
    replace_all(client, uri, text, 2)
    diag = next(d for d in (await client.wait_diagnostics(uri, 2)).diagnostics if d.code == "PERF101")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=diag.range,
            context=types.CodeActionContext(diagnostics=[diag]),
        )
    )
    ignore = next(a for a in actions or [] if isinstance(a, types.CodeAction) and a.title.startswith("Ignore"))
    extended = apply_text_edits(text, edits_of(ignore.edit, uri))
    assert "-- toilint: ignore[W201, PERF101]\n" in extended


async def test_fix_all_source_action_applies_safe_fixes(client: RecordingClient) -> None:
    uri = "file:///ws/fixall.toi"
    open_doc(client, uri, REGEX_IN_LOOP)
    await client.wait_diagnostics(uri, 1)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
        )
    )
    [action] = [a for a in actions or [] if isinstance(a, types.CodeAction)]
    assert action.kind == "source.fixAll.toilint"
    resolved = await client.code_action_resolve_async(action)
    fixed = apply_text_edits(REGEX_IN_LOOP, edits_of(resolved.edit, uri))
    assert not [d for d in lint_source(fixed).diagnostics if d.fix is not None]
    assert "PERF101" not in [d.code for d in lint_source(fixed).diagnostics]


async def test_hover_on_a_diagnostic_shows_the_rule_docs(client: RecordingClient) -> None:
    uri = "file:///ws/hover.toi"
    open_doc(client, uri, REGEX_IN_LOOP)
    diag = next(d for d in (await client.wait_diagnostics(uri, 1)).diagnostics if d.code == "PERF101")
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri), position=diag.range.start)
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    text = hover.contents.value
    assert "PERF101" in text and "## Why is this bad?" in text
    from toilint.bench.results import measured_line

    measured = measured_line("PERF101")
    assert measured is not None  # the bundled results record every case
    assert measured in text
    nothing = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri), position=types.Position(line=0, character=6))
    )
    assert nothing is None  # `=`: no diagnostic and no name


async def test_document_symbols_list_functions_and_top_level_names(client: RecordingClient) -> None:
    uri = "file:///ws/symbols.toi"
    text = (
        "LIMIT = 10\nfn outer(a, b)\n    fn inner(x)\n        return x\n    return inner(a) + b\nprint(outer(1, 2))\n"
    )
    open_doc(client, uri, text)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri))
    )
    assert symbols is not None
    by_name = {s.name: s for s in symbols if isinstance(s, types.DocumentSymbol)}
    assert set(by_name) == {"LIMIT", "outer"}
    assert by_name["outer"].kind == types.SymbolKind.Function
    assert [c.name for c in by_name["outer"].children or []] == ["inner"]
    assert by_name["outer"].selection_range.start == types.Position(line=1, character=3)


async def test_definition_and_references_follow_the_compilers_scopes(client: RecordingClient) -> None:
    uri = "file:///ws/nav.toi"
    text = "total = 0\nfn add(n)\n    total = total + n\n    local total = 5\n    return total\nadd(1)\nprint(total)\n"
    open_doc(client, uri, text)
    doc = types.TextDocumentIdentifier(uri)
    # `total` on the last line is the global of line 0
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc, position=types.Position(line=6, character=7))
    )
    assert isinstance(found, list) and [loc.range.start for loc in found] == [types.Position(line=0, character=0)]
    # `return total` reads the local declared on line 3, not the global
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc, position=types.Position(line=4, character=12))
    )
    assert isinstance(found, list) and [loc.range.start.line for loc in found] == [3]
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc,
            position=types.Position(line=0, character=1),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert refs is not None
    lines = sorted(r.range.start.line for r in refs)
    assert 3 not in lines and 4 not in lines  # the local is another variable
    assert 0 in lines and 6 in lines


async def raw_request(client: RecordingClient, msg_id: int, body: bytes) -> asyncio.Future[object]:
    """Write bytes to the server as they are, and wait for the response to ``msg_id``."""
    future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
    client.protocol._request_futures[msg_id] = future
    server = client._server
    assert server is not None and server.stdin is not None
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    await server.stdin.drain()
    return future


async def test_a_malformed_request_gets_an_error_and_the_server_stays_up(client: RecordingClient) -> None:
    wrong_params = b'{"jsonrpc": "2.0", "id": 90001, "method": "textDocument/hover", "params": {"textDocument": 5}}'
    with pytest.raises(JsonRpcException):
        await asyncio.wait_for(await raw_request(client, 90001, wrong_params), 5)
    unknown = b'{"jsonrpc": "2.0", "id": 90002, "method": "toilint/noSuchMethod", "params": {}}'
    with pytest.raises(JsonRpcException):
        await asyncio.wait_for(await raw_request(client, 90002, unknown), 5)
    client.protocol._request_futures.pop(90003, None)
    server = client._server
    assert server is not None and server.stdin is not None
    garbage = b"{not json at all"
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(garbage) + garbage)
    # after all that, a position far outside a document is answered, not crashed on
    uri = "file:///ws/malformed.toi"
    open_doc(client, uri, "x = 1\nprint(x)\n")
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri), position=types.Position(line=999, character=5)
        )
    )
    assert hover is None
    assert codes(await client.wait_diagnostics(uri, 1)) == []


async def test_a_200000_line_document_is_declined_and_the_server_stays_responsive(client: RecordingClient) -> None:
    uri = "file:///ws/huge.toi"
    text = "x = 1\n" * 200_000
    open_doc(client, uri, text)
    began = time.monotonic()
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri), position=types.Position(line=5, character=0))
    )
    assert hover is None
    assert not (await client.wait_diagnostics(uri, 1)).diagnostics
    # an edit at the end of the huge document is applied, and other documents are still linted
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=199_999, character=4), end=types.Position(line=199_999, character=5)
                    ),
                    text="2",
                )
            ],
        )
    )
    small = "file:///ws/after-huge.toi"
    open_doc(client, small, REGEX_IN_LOOP)
    assert "PERF101" in codes(await client.wait_diagnostics(small, 1))
    assert time.monotonic() - began < 10


async def test_requests_are_answered_while_a_long_file_is_linted(client: RecordingClient) -> None:
    uri = "file:///ws/long.toi"
    # 10,000 lines (each function redeclared: E105 on every copy): a long lint, even compiled
    open_doc(client, uri, "fn f(a)\n    local s = a + 1\n    return s * 2\nprint(f(2))\n" * 2_500)
    await asyncio.sleep(0.1)
    began = time.monotonic()
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier("file:///ws/not-open.toi"))
    )
    answered = time.monotonic()
    # messages arrive in order: had the answer waited for the lint, its diagnostics came first
    linted_before_answer = any(p.uri == uri for p in client.published)
    assert symbols == []
    published = await client.wait_diagnostics(uri, 1)
    # every copy after the first redeclares f (E105); 2,500 functions also overflow the script's
    # constants and locals (E115), as the compiler would say once the duplicates are gone
    assert sum(d.code == "E105" for d in published.diagnostics) == 2_499
    assert answered - began < 0.5
    assert not linted_before_answer  # the answer came while the lint was still running
