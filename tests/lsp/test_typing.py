"""The server while the user types: half-typed code, invalid changes, documents of any size."""

from __future__ import annotations

import asyncio
import json

import pytest
import pytest_lsp
from lsprotocol import types

from tests.lsp.conftest import REGEX_IN_LOOP, RecordingClient, config, open_doc, replace_all, start

pytestmark = pytest.mark.asyncio(loop_scope="module")

PROGRAM = "fn area(w, h)\n    local unused = 1\n    return w * h\n\nfn main()\n    return area(2, 3)\n\nprint(main())\n"


@pytest_lsp.fixture(config=config(), scope="module")
async def client(lsp_client: RecordingClient):
    await start(lsp_client, {"debounceMs": 20, "maxLines": 5_000})
    yield
    await lsp_client.shutdown_session()


def keys(params: types.PublishDiagnosticsParams) -> list[tuple[str, int]]:
    return [(str(d.code), d.range.start.line) for d in params.diagnostics]


def insert(client: RecordingClient, uri: str, line: int, col: int, text: str, version: int) -> None:
    at = types.Position(line=line, character=col)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=text)],
        )
    )


async def test_half_typed_function_keeps_the_other_diagnostics_and_navigation(client: RecordingClient) -> None:
    uri = "file:///ws/typing-half.toi"
    open_doc(client, uri, PROGRAM)
    assert keys(await client.wait_diagnostics(uri, 1)) == [("W202", 1)]
    insert(client, uri, 4, 0, "fn count_words(text)\n", 2)  # a header without its body yet
    half = keys(await client.wait_diagnostics(uri, 2))
    assert ("W202", 1) in half and ("E001", 4) in half
    ident = types.TextDocumentIdentifier(uri)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(ident))
    assert {"area", "main"} <= {s.name for s in symbols or []}
    # `area` in `return area(2, 3)`, now on line 6
    found = await client.text_document_definition_async(
        types.DefinitionParams(ident, types.Position(line=6, character=12))
    )
    assert found and found[0].range.start.line == 0  # type: ignore[index,union-attr]
    hover = await client.text_document_hover_async(types.HoverParams(ident, types.Position(line=1, character=11)))
    assert hover is not None and "W202" in str(hover.contents)


async def test_an_invalid_change_is_reported_and_pauses_the_document(client: RecordingClient) -> None:
    uri = "file:///ws/typing-invalid.toi"
    open_doc(client, uri, REGEX_IN_LOOP)
    assert await client.wait_diagnostics(uri, 1)
    change = {"range": {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 1}}, "text": "y"}
    params = {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]}
    raw = json.dumps({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": params})
    server = client._server
    assert server is not None and server.stdin is not None
    body = raw.encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    for _ in range(100):
        if any(uri in m.message for m in client.messages):
            break
        await asyncio.sleep(0.05)
    (message,) = [m for m in client.messages if uri in m.message]
    assert message.type == types.MessageType.Error
    # the stale diagnostics are withdrawn, and requests no longer answer from a wrong text
    cleared = [p for p in client.published if p.uri == uri and p.version is None]
    assert cleared and not cleared[-1].diagnostics
    ident = types.TextDocumentIdentifier(uri)
    assert not await client.text_document_document_symbol_async(types.DocumentSymbolParams(ident))
    # resending the whole text brings the document back
    replace_all(client, uri, REGEX_IN_LOOP, 3)
    assert "PERF101" in [str(d.code) for d in (await client.wait_diagnostics(uri, 3)).diagnostics]


async def test_a_declined_document_tells_the_user(client: RecordingClient) -> None:
    uri = "file:///ws/typing-declined.toi"
    open_doc(client, uri, "x = 1\n" * 6_000)
    assert not (await client.wait_diagnostics(uri, 1)).diagnostics
    shown = [m for m in client.messages if "typing-declined.toi" in m.message]
    assert shown and "maxLines" in shown[0].message


async def test_a_small_document_is_not_queued_behind_a_long_one(client: RecordingClient) -> None:
    long_uri = "file:///ws/typing-long.toi"
    small_uri = "file:///ws/typing-small.toi"
    # long and dense enough (under maxLines) that its lint outlasts the pause below many times
    # over, even in the compiled build on a loaded machine
    unit = (
        "fn f(a)\n    local s = a + 1 + a * 2 - a // 3 + a % 5 + (a + 1) * (a - 1) + a * a * a - 7\n"
        "    return s * 2 + s * 3 - s // 2 + (s + 1) * (s - 1)\nprint(f(2) + f(3) + f(4) + f(5) + f(6))\n"
    )
    open_doc(client, long_uri, unit * 1_200)
    await asyncio.sleep(0.05)  # the long document's lint has started
    open_doc(client, small_uri, REGEX_IN_LOOP)
    await client.wait_diagnostics(small_uri, 1)
    await client.wait_diagnostics(long_uri, 1)
    order = [p.uri for p in client.published if p.uri in (long_uri, small_uri)]
    assert order == [small_uri, long_uri]
