"""The open documents, kept by the server itself.

pygls's workspace splits lines with ``str.splitlines`` (which also breaks at form feeds and
U+2028, unlike any LSP client) and rebuilds the line list on every lookup; a Toi file with
such a character in a string would drift out of sync. Documents here apply changes through
:class:`toilint.lsp.positions.PositionMap`, which follows the protocol's line breaks exactly.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls import uris

from toilint.lsp.positions import UTF16, PositionMap

if TYPE_CHECKING:
    from toilint.lsp.analysis import Analysis


class Document:
    def __init__(self, uri: str, text: str, version: int, language_id: str = "toi", encoding: str = UTF16) -> None:
        self.uri = uri
        self.language_id = language_id
        self.encoding = encoding
        self.path: str = uris.to_fs_path(uri) or uri
        self._text = text
        self._map: PositionMap | None = None
        self.version = version
        #: the text as of the last open or save (what lint-on-save checks)
        self.saved: tuple[int, str] = (version, text)
        self.closed = False
        #: the newest finished analysis, and the one in flight for a version
        self.analysis: Analysis | None = None
        self.pending: dict[tuple[int, int], asyncio.Future[Analysis]] = {}
        self.push_task: asyncio.Task[Any] | None = None
        #: last diagnostics pushed (so a re-push of identical results can be skipped)
        self.published_version: int | None = None
        #: set when a change could not be applied: the text here is no longer the client's
        self.out_of_sync = False
        self._worker: ThreadPoolExecutor | None = None
        #: when the text last changed, and how long it had stayed unchanged before that change
        self.changed_at = time.monotonic()
        self.pause = float("inf")

    @property
    def worker(self) -> ThreadPoolExecutor:
        """This document's own lint thread: a huge document never queues a small one's work
        behind its own (versions of one document still run in order)."""
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="toilint-doc")
        return self._worker

    def release(self) -> None:
        self.closed = True
        if self._worker is not None:
            self._worker.shutdown(wait=False, cancel_futures=True)

    @property
    def text(self) -> str:
        return self._text

    @property
    def map(self) -> PositionMap:
        if self._map is None:
            self._map = PositionMap(self._text, self.encoding)
        return self._map

    def apply(self, changes: list[types.TextDocumentContentChangeEvent], version: int) -> None:
        text = self._text
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                pmap = self.map if text is self._text else PositionMap(text, self.encoding)
                start = pmap.offset(change.range.start)
                end = max(start, pmap.offset(change.range.end))
                text = text[:start] + change.text + text[end:]
            else:
                text = change.text
                self.out_of_sync = False
        self._text = text
        self._map = None
        self.version = version
        now = time.monotonic()
        self.pause, self.changed_at = now - self.changed_at, now

    def mark_saved(self, text: str | None = None) -> None:
        if text is not None and text != self._text:
            self._text = text
            self._map = None
        self.saved = (self.version, self._text)


class Documents:
    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}
        self.encoding: str = UTF16

    def open(self, item: types.TextDocumentItem) -> Document:
        doc = Document(item.uri, item.text, item.version, item.language_id, self.encoding)
        old = self._docs.get(item.uri)
        if old is not None:
            old.release()
        self._docs[item.uri] = doc
        return doc

    def get(self, uri: str) -> Document | None:
        return self._docs.get(uri)

    def close(self, uri: str) -> Document | None:
        doc = self._docs.pop(uri, None)
        if doc is not None:
            doc.release()
        return doc

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(list(self._docs.values()))
