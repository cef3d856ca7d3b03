"""The toilint language server (pygls 2): diagnostics, fixes, hover, navigation, formatting.

A thin layer over the library API (``toilint.lint_source``/``fix_source``): the server owns
documents, settings and scheduling, and nothing about Toi. Linting runs in a worker thread;
the event loop only moves messages, so requests are answered while a long file is linted.
Push diagnostics are debounced per document, and a result for a version that changed while
it was computed is dropped, never published.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInternalError
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method

from toilint import __version__
from toilint._gc import IdleCollector
from toilint.api import Cancelled
from toilint.lsp import actions, editing, features
from toilint.lsp.analysis import Analysis, analyze, publish_message
from toilint.lsp.documents import Document, Documents
from toilint.lsp.scopes import LastGood
from toilint.lsp.settings import RUN_ON_SAVE, ClientSettings, ConfigFiles
from toilint.lsp.workspace import WorkspaceIndex
from toilint.settings import Settings

log = logging.getLogger("toilint.lsp")

CONFIG_NAMES = (".toilint.toml", "toilint.toml", "pyproject.toml")
#: quiet time after the last analysis before garbage is collected, and the least worth collecting
IDLE_COLLECT_S = 1.0
IDLE_COLLECT_MIN = 50_000
#: how long a thread holds the interpreter while another waits for it (see ``start``)
SWITCH_INTERVAL_S = 0.001
#: analyses after which a replaced one still in use is left to the garbage collector
RETIRED_TRIES = 8
CONFIG_GLOBS = tuple(f"**/{name}" for name in CONFIG_NAMES)


_ANSWERED = SimpleNamespace(jsonrpc="answered")
#: messages still being written by an asynchronous transport (kept referenced until sent)
_SENDING: set[asyncio.Future[Any]] = set()


class ToilintProtocol(LanguageServerProtocol):
    """Keeps documents in the server's own store (see :mod:`toilint.lsp.documents`).

    Also answers requests whose parameters do not fit the method's schema: pygls only logs
    them, which leaves the client waiting for a response that never comes.
    """

    _server: ToilintServer

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "id" in data and "method" in data:
                message = f"invalid parameters for {data['method']}"
                self._send_response(data["id"], error=types.ResponseError(code=exc.code, message=message))
                return _ANSWERED
            if isinstance(data, dict) and data.get("method") == types.TEXT_DOCUMENT_DID_CHANGE:
                self._server.change_refused(data.get("params"))
                return _ANSWERED
            raise

    def handle_message(self, message: Any) -> None:
        if message is _ANSWERED:
            return
        super().handle_message(message)

    def publish(self, uri: str, version: int, diagnostics: str) -> None:
        """``textDocument/publishDiagnostics`` of diagnostics already in JSON text (see
        ``analysis.diagnostics_text``): building, converting and encoding thousands of protocol
        objects per keystroke cost more than the lint of a long file's edited statements. The
        message is what ``_send_data`` makes of the same dictionary, character for character."""
        self._send_body(publish_message(uri, version, diagnostics))

    def _send_body(self, body: str) -> None:
        """``_send_data`` of a message already in JSON text."""
        if self.writer is None:
            log.error("Unable to send data, no available transport!")
            return
        try:
            if self._include_headers:
                header = (
                    f"Content-Length: {len(body)}\r\nContent-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
                )
                body = header + body
            res = self.writer.write(body.encode(self.CHARSET))
            if inspect.isawaitable(res):  # (a websocket's writer)
                sending = asyncio.ensure_future(res)
                _SENDING.add(sending)
                sending.add_done_callback(_SENDING.discard)
        except BrokenPipeError:
            log.exception("Error sending data. BrokenPipeError", exc_info=True)
            raise
        except Exception as error:
            log.exception("Error sending data", exc_info=True)
            self._server._report_server_error(error, JsonRpcInternalError)

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        doc = self._server.docs.open(params.text_document)
        self._server.schedule(doc, immediate=True)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        doc = self._server.docs.get(params.text_document.uri)
        if doc is None:
            log.warning("change for a document that is not open: %s", params.text_document.uri)
            return
        doc.apply(list(params.content_changes), params.text_document.version)
        settings = self._server.client_settings
        if settings.run != RUN_ON_SAVE:
            # the debounce waits for a burst of keystrokes to end; a change after a pause
            # (the first of a burst, or a single edit) is linted at once, and a keystroke that
            # follows it abandons that lint at its next phase (see ToilintServer.analysis)
            self._server.schedule(doc, immediate=doc.pause * 1000 >= settings.debounce_ms)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        doc = self._server.docs.close(params.text_document.uri)
        self._server.last_good.forget(params.text_document.uri)
        if doc is not None:
            self._server.retire(doc.analysis)
            doc.analysis = None
            self._server.index.closed(doc.path)
        if doc is not None and doc.push_task is not None:
            doc.push_task.cancel()
        if not self._server.pull:
            self._server.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
            )


class ToilintServer(LanguageServer):
    protocol: ToilintProtocol

    def __init__(self) -> None:
        super().__init__(
            "toilint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=ToilintProtocol,
        )
        self.docs = Documents()
        self.client_settings = ClientSettings()
        #: navigation and fix-all; each document lints on its own thread (``Document.worker``)
        self.linter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="toilint-lint")
        self.pull = False
        #: bumped whenever settings change (part of pull diagnostics' result ids)
        self.settings_generation = 0
        self.config_files = ConfigFiles()
        self._problem_told: str | None = None
        self._declined_told: set[str] = set()
        #: every `.toi` file of the workspace (cross-file navigation, rename, workspace symbols)
        self.index = WorkspaceIndex()
        #: per document, the newest version that parsed (completion in half-typed code)
        self.last_good = LastGood()
        #: the cyclic garbage collector runs when no document is being linted (see toilint._gc)
        self.collector = IdleCollector()
        self._idle: asyncio.TimerHandle | None = None
        #: analyses replaced by a newer version, freed once nothing can use them any more
        self._retired: list[tuple[Analysis, int]] = []

    # ------------------------------------------------------------------ capabilities of the client

    def _capability(self, *path: str) -> Any:
        value: Any = self.client_capabilities
        for part in path:
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    @property
    def versioned_edits(self) -> bool:
        return bool(self._capability("workspace", "workspace_edit", "document_changes"))

    # ------------------------------------------------------------------ settings

    def settings_for(self, doc: Document) -> Settings:
        base = self.config_files.settings_for(doc.path)
        problem = self.config_files.problem
        if problem and problem != self._problem_told:
            self._problem_told = problem
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=f"toilint: {problem}")
            )
        return self.client_settings.apply(base)

    def settings_changed(self) -> None:
        self.config_files.reset()
        self._problem_told = None
        self.settings_generation += 1
        for doc in self.docs:
            self.retire(doc.analysis)
            doc.analysis = None
            doc.pending.clear()
            if self.pull:
                continue
            self.schedule(doc, immediate=True)
        if self.pull and self._capability("workspace", "diagnostics", "refresh_support"):
            self.workspace_diagnostic_refresh(None)

    # ------------------------------------------------------------------ analysis

    def _target(self, doc: Document) -> tuple[int, str]:
        if self.client_settings.run == RUN_ON_SAVE:
            return doc.saved
        return doc.version, doc.text

    async def analysis(self, doc: Document, target: tuple[int, str] | None = None) -> Analysis:
        """The analysis of the document's current text (or ``target``), computed at most once.

        A lint whose version goes stale is abandoned between its phases; the caller then gets
        the analysis of the newer text (the one it would ask for next anyway)."""
        while True:
            try:
                return await self._analysis(doc, target)
            except Cancelled:
                if doc.closed:
                    raise
                if target is not None:
                    target = self._target(doc)

    async def _analysis(self, doc: Document, target: tuple[int, str] | None) -> Analysis:
        live = target is None
        version, text = target or (doc.version, doc.text)
        current = doc.analysis
        if current is not None and current.version == version and current.text is text:
            return current
        key = (version, id(text))
        future = doc.pending.get(key)
        if future is None:
            loop = asyncio.get_running_loop()
            settings = self.settings_for(doc)
            cs = self.client_settings

            def stale() -> bool:
                return doc.closed or (doc.version if live else self._target(doc)[0]) != version

            previous = current.result if current is not None else None
            future = loop.run_in_executor(
                doc.worker, analyze, text, doc.path, version, settings, doc.encoding, cs.max_lines, stale, previous
            )
            doc.pending = {key: future}
        try:
            # shielded: a cancelled request or push must not cancel the lint others are waiting for
            result = await asyncio.shield(future)
        finally:
            if future.done():
                doc.pending.pop(key, None)
        if doc.version == version or doc.analysis is None or doc.analysis.version < version:
            if doc.analysis is not result:  # (every waiter of one lint gets here)
                self.retire(doc.analysis)
            doc.analysis = result
        editing.analyzed(self, doc, result)  # remembered for completion, indexed for other files
        self._collect_later()
        if result.declined and doc.uri not in self._declined_told:
            self._declined_told.add(doc.uri)
            message = f"toilint: {doc.path}: {result.declined}"
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Info, message=message))
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))
        return result

    @property
    def answering(self) -> bool:
        """Whether a request of the client is being answered. (pygls keeps the futures of the
        requests it answers and of those the server sent in one table, where only the latter have
        a result type, and some finished ones stay.)"""
        futures = getattr(self.protocol, "_request_futures", None)
        sent = getattr(self.protocol, "_result_types", None)
        if futures is None or sent is None:
            return True  # (another pygls: never release, the collector frees them as before)
        return any(not future.done() and key not in sent for key, future in futures.items())

    def retire(self, analysis: Analysis | None) -> None:
        """``analysis`` is no longer a document's current one (see :meth:`release_retired`)."""
        if analysis is not None and analysis.result is not None:
            self._retired.append((analysis, 0))

    def release_retired(self) -> None:
        """Free the trees and models of replaced analyses that nothing uses any more.

        A model's scopes and bindings refer to each other, so every replaced version of a
        document was cyclic garbage (~80,000 objects per version of a 10,000-line file): while
        edits kept coming, a full collection every dozen of them traversed a million objects and
        stalled the server for most of a second. An analysis that no request can be reading (none
        is being answered) and that nothing refers to any more (not the newest that parsed, not
        the workspace index, not a lint in progress as its ``previous``) has its model released
        (``LintResult.release``), and reference counting frees it at once. One still held is
        tried again after later analyses, then left to the collector."""
        if not self._retired or self.answering:
            return
        kept: list[tuple[Analysis, int]] = []
        for analysis, tries in self._retired:
            result = analysis.result
            assert result is not None
            # held only by this list (+ the loop's variable and the call's argument), its result
            # only by the analysis (+ the local variable and the call's argument)
            if sys.getrefcount(analysis) <= 3 and sys.getrefcount(result) <= 3:
                result.release()
                if analysis.semantic is not None and analysis.semantic is not result.semantic:
                    analysis.semantic.release()
            elif tries < RETIRED_TRIES:
                kept.append((analysis, tries + 1))
        del analysis, result
        self._retired = kept

    def _collect_later(self) -> None:
        """After an analysis, once its version is published: free the versions it replaced,
        then collect garbage once the server is idle, or at once when too much piled up while
        edits kept coming."""
        asyncio.get_running_loop().call_soon(self._after_analysis)

    def _after_analysis(self) -> None:
        self.release_retired()
        if not self.collector.held:
            return
        loop = asyncio.get_running_loop()
        # never while another document is linted: its objects (millions for a 5 MB file) count
        # as uncollected, and a collection would traverse them all, stalling every document
        if self.collector.due and not any(doc.pending for doc in self.docs):
            self.collector.collect()
            return
        if self._idle is not None:
            self._idle.cancel()
        self._idle = loop.call_later(IDLE_COLLECT_S, self._collect_if_idle)

    def _collect_if_idle(self) -> None:
        self._idle = None
        if any(doc.pending or (doc.push_task is not None and not doc.push_task.done()) for doc in self.docs):
            self._idle = asyncio.get_running_loop().call_later(IDLE_COLLECT_S, self._collect_if_idle)
        elif self.collector.pending > IDLE_COLLECT_MIN:
            self.collector.collect()

    def change_refused(self, params: Any) -> None:
        """A didChange the server could not apply (an invalid range): say so, and stop
        showing diagnostics for a text that is no longer the client's until it is resent."""
        uri = params.get("textDocument", {}).get("uri") if isinstance(params, dict) else None
        doc = self.docs.get(uri) if isinstance(uri, str) else None
        message = f"toilint: a change to {uri} could not be applied (invalid range)"
        if doc is not None:
            doc.out_of_sync = True
            self.retire(doc.analysis)
            doc.analysis = None
            doc.pending.clear()
            message += "; its diagnostics are paused until the file is reopened or its whole text is sent"
            if not self.pull:
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=doc.uri, diagnostics=[]))
        log.warning(message)
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))

    async def current(self, uri: str) -> Analysis | None:
        """For requests: the analysis of exactly the text the client sees now."""
        doc = self.docs.get(uri)
        if doc is None or doc.out_of_sync:
            return None
        return await self.analysis(doc)

    def schedule(self, doc: Document, immediate: bool = False) -> None:
        if self.pull or doc.out_of_sync:
            return
        if doc.push_task is None or doc.push_task.done():
            doc.push_task = asyncio.get_running_loop().create_task(self._push(doc, immediate))

    async def _push(self, doc: Document, immediate: bool) -> None:
        delay = 0.0 if immediate else self.client_settings.debounce_ms / 1000
        try:
            while not doc.closed:
                version = doc.version
                if delay:
                    await asyncio.sleep(delay)
                    if doc.version != version:
                        continue  # still typing
                target = self._target(doc)
                try:
                    result = await self._analysis(doc, target)
                except Cancelled:
                    delay = self.client_settings.debounce_ms / 1000
                    continue  # a newer version arrived while this one was linted
                if doc.closed or doc.out_of_sync:
                    return
                if self._target(doc)[0] != target[0]:
                    delay = self.client_settings.debounce_ms / 1000
                    continue  # stale: the text changed while it was linted
                self.protocol.publish(doc.uri, result.version, result.published)
                doc.published_version = result.version
                return
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug here must not stop diagnostics for other documents
            log.exception("linting %s failed", doc.uri)
            self.window_log_message(
                types.LogMessageParams(type=types.MessageType.Error, message=f"toilint: linting failed: {exc!r}")
            )


server = ToilintServer()


# ---------------------------------------------------------------------- life cycle


@server.feature(types.INITIALIZE)
def initialize(ls: ToilintServer, params: types.InitializeParams) -> None:
    options = params.initialization_options
    if isinstance(options, dict):
        ls.client_settings = ClientSettings.from_json(options.get("settings", options))
    encoding = ls.workspace.position_encoding or types.PositionEncodingKind.Utf16
    ls.docs.encoding = getattr(encoding, "value", encoding)  # "utf-16", not "PositionEncodingKind.Utf16"
    ls.index.encoding = ls.docs.encoding
    ls.pull = ls._capability("text_document", "diagnostic") is not None


@server.feature(types.INITIALIZED)
async def initialized(ls: ToilintServer, params: types.InitializedParams) -> None:
    editing.start_index(ls)
    if ls._capability("workspace", "did_change_watched_files", "dynamic_registration"):
        watchers = [types.FileSystemWatcher(glob_pattern=g) for g in (*CONFIG_GLOBS, *editing.WATCHED)]
        registration = types.Registration(
            id="toilint-config-files",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
        )
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
        except Exception as exc:
            log.info("client refused the file watcher: %s", exc)
    await _pull_configuration(ls)


async def _pull_configuration(ls: ToilintServer) -> bool:
    if not ls._capability("workspace", "configuration"):
        return False
    try:
        items = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section="toilint")])
        )
    except Exception as exc:
        log.info("workspace/configuration failed: %s", exc)
        return False
    if items and isinstance(items[0], dict):
        new = ClientSettings.from_json(items[0])
        if new != ls.client_settings:
            ls.client_settings = new
            ls.settings_changed()
    return True


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: ToilintServer, params: types.DidChangeConfigurationParams) -> None:
    raw = params.settings
    if isinstance(raw, dict) and raw:
        ls.client_settings = ClientSettings.from_json(raw.get("toilint", raw))
    elif await _pull_configuration(ls):
        return
    ls.settings_changed()


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: ToilintServer, params: types.DidChangeWatchedFilesParams) -> None:
    if editing.toi_files_changed(ls, params.changes):
        return
    ls.settings_changed()


@server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
def did_save(ls: ToilintServer, params: types.DidSaveTextDocumentParams) -> None:
    doc = ls.docs.get(params.text_document.uri)
    if doc is None:
        return
    doc.mark_saved(params.text)
    if os.path.basename(doc.path) in CONFIG_NAMES:
        ls.settings_changed()
    ls.schedule(doc, immediate=True)


# ---------------------------------------------------------------------- diagnostics (pull)


@server.feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(identifier="toilint", inter_file_dependencies=False, workspace_diagnostics=False),
)
async def pull_diagnostics(ls: ToilintServer, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
    doc = ls.docs.get(params.text_document.uri)
    if doc is None or doc.out_of_sync:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    target = ls._target(doc)
    result = await ls.analysis(doc, target)
    result_id = f"{result.version}:{ls.settings_generation}"
    if params.previous_result_id == result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return types.RelatedFullDocumentDiagnosticReport(items=result.diagnostics, result_id=result_id)


# ---------------------------------------------------------------------- code actions


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=actions.KINDS, resolve_provider=True),
)
async def code_action(ls: ToilintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    doc = ls.docs.get(params.text_document.uri)
    if doc is None or doc.out_of_sync:
        return None
    result = await ls.analysis(doc)
    if result.result is None or doc.version != result.version:
        return None
    only = params.context.only
    pmap = result.pmap
    start, end = pmap.offset(params.range.start), pmap.offset(params.range.end)
    out: list[types.CodeAction] = []
    versioned = ls.versioned_edits
    if actions.wanted(types.CodeActionKind.QuickFix, only):
        out.extend(actions.quick_fixes(result, doc.uri, start, end, versioned))
        out.extend(actions.ignore_actions(result, doc.uri, start, end, versioned))
    out.extend(editing.organize_imports(ls, doc, result, only))
    for kind in (actions.FIX_ALL_KIND,):
        if not actions.wanted(kind, only):
            continue
        if only is None and not any(d.fix is not None for d in result.found):
            continue
        action = types.CodeAction(
            title="Fix all auto-fixable toilint problems",
            kind=kind,
            data={"uri": doc.uri, "version": doc.version},
        )
        if not ls._capability("text_document", "code_action", "resolve_support"):
            await _resolve_fix_all(ls, action)
        out.append(action)
    return out


async def _resolve_fix_all(ls: ToilintServer, action: types.CodeAction) -> types.CodeAction:
    data = action.data if isinstance(action.data, dict) else {}
    doc = ls.docs.get(str(data.get("uri", "")))
    if doc is None or doc.version != data.get("version"):
        return action  # the document moved on: no edit rather than a wrong one
    version, text = doc.version, doc.text
    settings = ls.settings_for(doc)
    unsafe = ls.client_settings.unsafe_fixes
    from toilint import fix_source

    loop = asyncio.get_running_loop()
    fixed = await loop.run_in_executor(ls.linter, lambda: fix_source(text, doc.path, settings, unsafe=unsafe))
    if doc.version != version:
        return action
    edits = actions.whole_text_edit(doc.map, text, fixed.text)
    action.edit = actions.workspace_edit(doc.uri, version, edits, ls.versioned_edits)
    return action


@server.feature(types.CODE_ACTION_RESOLVE)
async def code_action_resolve(ls: ToilintServer, action: types.CodeAction) -> types.CodeAction:
    if action.kind == actions.FIX_ALL_KIND and action.edit is None:
        return await _resolve_fix_all(ls, action)
    return action


# ---------------------------------------------------------------------- hover and navigation


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: ToilintServer, params: types.HoverParams) -> types.Hover | None:
    result = await ls.current(params.text_document.uri)
    if result is None:
        return None
    found = features.hover(result, result.pmap.offset(params.position))
    return found if found is not None else await editing.hover(ls, params)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
async def document_symbol(ls: ToilintServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    result = await ls.current(params.text_document.uri)
    return [] if result is None else features.document_symbols(result)


# ---------------------------------------------------------------------- formatting


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
async def formatting(ls: ToilintServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
    doc = ls.docs.get(params.text_document.uri)
    if doc is None:
        return None
    version, text = doc.version, doc.text
    toi = features.find_toi(ls.client_settings.toi_path)
    formatted = await editing.formatted(ls, features.format_text, text, toi)
    if formatted is None or doc.version != version:
        return None
    return actions.whole_text_edit(doc.map, text, formatted)


editing.register(server)


# ---------------------------------------------------------------------- entry point


#: linted once before serving: a program that reaches the semantic model, the value analysis,
#: fixes and suppressions
WARM_UP = """\
regex = import regex
fn scan(lines) -- toilint: ignore[W202]
    local out = ""
    for line in lines
        if regex.search("[0-9]+", line)
            out = out + line
    return out
print(scan({"a1"}))
"""


def warm_up() -> None:
    """Import what a lint needs before the first document arrives. The modules load on first
    use (the command line starts faster), and a first lint that imported them while a large
    document was analysed on another thread waited ~0.4 s for them."""
    analyze(WARM_UP, "warm-up.toi", 0, Settings(), "utf-16", 100)


def start(args: argparse.Namespace | None = None) -> int:
    """`toilint server [--tcp PORT]`: serve on stdio, or on 127.0.0.1:PORT."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="toilint-lsp: %(message)s")
    warm_up()
    server.collector.hold()
    # each document lints on its own thread: a thread that wants the interpreter waits up to one
    # switch interval for it at every hop (the default 5 ms); a small document's lint while a huge
    # one is analysed makes many hops (measured with benchmarks/lsp_busy.py: median 45 -> 28 ms)
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    port = getattr(args, "tcp", None)
    if port is not None:
        server.start_tcp("127.0.0.1", port)
    else:
        server.start_io()
    return 0
