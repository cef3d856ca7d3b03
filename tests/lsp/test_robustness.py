"""The server under abuse: requests for documents it never saw, and a storm of edits."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types

from tests.lsp.conftest import REGEX_IN_LOOP, RecordingClient, config, open_doc, start

pytestmark = pytest.mark.asyncio(loop_scope="module")

NOT_OPEN = types.TextDocumentIdentifier("file:///ws/never-opened.toi")
HERE = types.Position(line=0, character=0)


@pytest_lsp.fixture(config=config(), scope="module")
async def client(lsp_client: RecordingClient):
    await start(lsp_client, {"debounceMs": 20})
    yield
    await lsp_client.shutdown_session()


async def test_requests_for_unopened_documents_are_answered(client: RecordingClient) -> None:
    assert await client.text_document_hover_async(types.HoverParams(text_document=NOT_OPEN, position=HERE)) is None
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=NOT_OPEN,
            range=types.Range(start=HERE, end=HERE),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert not actions
    assert not await client.text_document_definition_async(
        types.DefinitionParams(text_document=NOT_OPEN, position=HERE)
    )
    assert not await client.text_document_references_async(
        types.ReferenceParams(
            text_document=NOT_OPEN, position=HERE, context=types.ReferenceContext(include_declaration=True)
        )
    )
    assert not await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=NOT_OPEN, options=types.FormattingOptions(tab_size=4, insert_spaces=True)
        )
    )
    # and the server still works for a real document
    uri = "file:///ws/after-unopened.toi"
    open_doc(client, uri, REGEX_IN_LOOP)
    assert any(d.code == "PERF101" for d in (await client.wait_diagnostics(uri, 1)).diagnostics)


async def test_a_storm_of_a_thousand_edits_ends_with_the_newest_diagnostics(client: RecordingClient) -> None:
    uri = "file:///ws/storm.toi"
    open_doc(client, uri, "")
    await client.wait_diagnostics(uri, 1)
    text = ""
    for version in range(2, 1002):  # one character typed at a time, at the end of the document
        lines = text.split("\n")
        end = types.Position(line=len(lines) - 1, character=len(lines[-1]))
        char = REGEX_IN_LOOP[(version - 2) % len(REGEX_IN_LOOP)]
        text += char
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(range=types.Range(start=end, end=end), text=char)
                ],
            )
        )
    final = await client.wait_diagnostics(uri, 1001, timeout=30)
    versions = [p.version for p in client.published if p.uri == uri]
    assert len(versions) < 100  # debounced: nowhere near one lint per keystroke
    # the server's copy of the document matches what was typed: its findings are the ones for `text`
    from toilint import lint_source

    expected = sorted(d.code for d in lint_source(text).diagnostics)
    assert sorted(str(d.code) for d in final.diagnostics) == expected
