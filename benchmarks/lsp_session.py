"""A `toilint server` started over stdio as an editor starts it, recording every publish."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from typing import Any

import pygls.io_
from lsprotocol import types
from pygls.lsp.client import LanguageClient


class _TimedJson:
    """pygls's reader decodes each message with ``json.loads``; this stamps the moment a
    message's bytes have all been read, before the client turns its JSON into objects."""

    def __init__(self) -> None:
        #: per published version, when its publish was read
        self.read_at: dict[int, float] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(json, name)

    def loads(self, body: Any, **kwargs: Any) -> Any:
        read_at = time.perf_counter()
        message = json.loads(body, **kwargs)
        params = getattr(message, "params", None)
        if isinstance(params, types.PublishDiagnosticsParams) and params.version is not None:
            self.read_at[params.version] = read_at
        return message


_JSON = _TimedJson()
pygls.io_.json = _JSON  # type: ignore[assignment]


class Session:
    """One server process; ``arrived``/``published`` hold each version's publish time and list.

    A publish *arrives* when its message has been read off the pipe: what the server made the
    user wait for. ``decoded`` is when this client had also turned its JSON into objects (pygls
    structures every diagnostic: ~12 ms for 956 diagnostics, ~150 ms for 2,863 on this machine,
    a cost of the benchmark's client that an editor's native JSON parser does not pay)."""

    def __init__(self, name: str) -> None:
        self.client = LanguageClient(name, "1")
        self.arrived: dict[int, float] = {}
        self.decoded: dict[int, float] = {}
        self.published: dict[int, list[types.Diagnostic]] = {}
        self._event = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(params: types.PublishDiagnosticsParams) -> None:
            if params.version is not None:
                self.arrived[params.version] = _JSON.read_at.pop(params.version, time.perf_counter())
                self.decoded[params.version] = time.perf_counter()
                self.published[params.version] = list(params.diagnostics)
                self._event.set()

    async def start(self, debounce_ms: int, python: str = sys.executable) -> None:
        """``python``: the interpreter whose toilint serves (another virtualenv: another version)."""
        await self.client.start_io(python, "-m", "toilint", "server", cwd="/")
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                initialization_options={"settings": {"debounceMs": debounce_ms}},
            )
        )
        self.client.initialized(types.InitializedParams())

    def server_cpu(self) -> float:
        """CPU seconds the server process has used so far (Linux /proc; 0.0 elsewhere): on a
        loaded machine the server's CPU per edit says more than wall-clock latency."""
        process = self.client._server
        try:
            with open(f"/proc/{process.pid}/stat") as f:  # type: ignore[union-attr]
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, AttributeError):
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="toi", version=version, text=text)
            )
        )

    def change(self, uri: str, version: int, change: types.TextDocumentContentChangeEvent) -> float:
        """Send one change; returns when it was sent."""
        sent = time.perf_counter()
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[change],
            )
        )
        return sent

    async def wait(self, version: int, timeout: float = 120) -> None:
        while version not in self.arrived:
            self._event.clear()
            await asyncio.wait_for(self._event.wait(), timeout)

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()
