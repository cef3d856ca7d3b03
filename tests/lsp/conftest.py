"""Shared pieces of the language-server tests: a client that records every publish."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER = [sys.executable, "-m", "toilint", "server"]
TIMEOUT = 15.0

REGEX_IN_LOOP = (
    'regex = import regex\nlines = {"a1", "b", "c22"}\nfor line in lines\n    if regex.search("[0-9]+", line)\n'
    "        print(line)\n"
)


class RecordingClient(LanguageClient):
    """Keeps every publishDiagnostics (with its version), not only the last per document."""

    published: list[types.PublishDiagnosticsParams]
    arrived: asyncio.Event

    async def wait_diagnostics(
        self, uri: str, version: int | None = None, timeout: float = TIMEOUT
    ) -> types.PublishDiagnosticsParams:
        """The first publish for ``uri`` (at ``version`` if given) seen since the test began."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for p in self.published:
                if p.uri == uri and (version is None or p.version == version):
                    return p
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                seen = [(p.uri, p.version) for p in self.published]
                raise TimeoutError(f"no diagnostics for {uri} version {version}; seen {seen}")
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), remaining)
            except TimeoutError:
                pass


def _record(client: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)
    client.arrived.set()


def make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter)
    client.published = []
    client.arrived = asyncio.Event()
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record
    register_lsp_features(client, features)
    return client


def config(env: dict[str, str] | None = None) -> ClientServerConfig:
    return ClientServerConfig(
        server_command=SERVER, client_factory=make_client, server_env={**os.environ, **(env or {})}
    )


def capabilities(pull: bool = False, resolve: bool = True, encoding: str = "utf-16") -> types.ClientCapabilities:
    """A client like VS Code's: versioned edits, markdown hover, optional pull diagnostics."""
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind(encoding)]),
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
            configuration=True,
            did_change_configuration=types.DidChangeConfigurationClientCapabilities(dynamic_registration=False),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True) if pull else None,
        ),
        text_document=types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                version_support=True,
                tag_support=types.ClientDiagnosticsTagOptions(value_set=[types.DiagnosticTag.Unnecessary]),
                code_description_support=True,
                data_support=True,
            ),
            diagnostic=types.DiagnosticClientCapabilities(dynamic_registration=False) if pull else None,
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(value_set=["quickfix", "source"])
                ),
                resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"]) if resolve else None,
                data_support=True,
            ),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            document_symbol=types.DocumentSymbolClientCapabilities(hierarchical_document_symbol_support=True),
        ),
    )


async def start(
    client: LanguageClient,
    settings: dict[str, Any] | None = None,
    pull: bool = False,
    resolve: bool = True,
    encoding: str = "utf-16",
) -> types.InitializeResult:
    if settings is not None:
        client.set_configuration({"toilint": settings})
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(pull, resolve, encoding),
            initialization_options={"settings": settings or {}},
            root_uri=None,
        )
    )


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="toi", version=version, text=text)
        )
    )


def replace_all(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def apply_text_edits(text: str, edits: list[types.TextEdit]) -> str:
    """What an editor does with a list of TextEdits (UTF-16 positions), for asserting on results."""
    from toilint.lsp.positions import PositionMap

    pmap = PositionMap(text)
    spans = sorted(((pmap.offset(e.range.start), pmap.offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_of(edit: types.WorkspaceEdit | None, uri: str) -> list[types.TextEdit]:
    assert edit is not None
    out: list[types.TextEdit] = []
    for change in edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit)
        assert change.text_document.uri == uri
        out.extend(e for e in change.edits if isinstance(e, types.TextEdit))
    for e in (edit.changes or {}).get(uri, []):
        out.append(e)
    return out
