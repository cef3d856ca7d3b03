"""The editing features' requests: the protocol side of rename, completion, hover on names...

Each feature lives in its own module and answers from one document version's semantic model
(and the workspace index for other files); this module only turns requests into calls of
those modules and their answers into protocol shapes. :func:`register` adds the handlers to
the server.

Requests that need a tree use the analysis of exactly the text the client has; completion
and signature help, which are asked for while a line is half typed, fall back to the last
version that parsed (:class:`lsp.scopes.LastGood`).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from lsprotocol import types
from pygls import uris
from pygls.workspace import Workspace

from toilint.lsp import (
    actions,
    completion,
    features,
    folding,
    highlight,
    imports,
    inlay_hints,
    navigation,
    rename,
    semantic_tokens,
    signature_help,
    workspace_symbols,
)
from toilint.lsp import (
    hover as name_hover,
)
from toilint.lsp.analysis import Analysis
from toilint.lsp.documents import Document, Documents
from toilint.lsp.scopes import LastGood, Snapshot, model
from toilint.lsp.settings import ClientSettings, ConfigFiles
from toilint.lsp.workspace import Indexed, WorkspaceIndex


class ToilintServer(Protocol):
    """What the features need of the server (:class:`toilint.lsp.server.ToilintServer`).

    A protocol rather than an import: the server module registers these handlers, so it
    imports this module, not the other way round.
    """

    docs: Documents
    index: WorkspaceIndex
    last_good: LastGood
    client_settings: ClientSettings
    config_files: ConfigFiles

    @property
    def workspace(self) -> Workspace: ...

    @property
    def versioned_edits(self) -> bool: ...

    async def analysis(self, doc: Document, target: tuple[int, str] | None = None) -> Analysis: ...

    async def current(self, uri: str) -> Analysis | None: ...

    def window_show_message(self, params: types.ShowMessageParams) -> None: ...

    def feature(self, feature_name: str, options: Any | None = None) -> Callable[[Any], Any]: ...


log = logging.getLogger("toilint.lsp")

WATCHED = ("**/*.toi",)
T = TypeVar("T")


# --------------------------------------------------------------------------- workspace index


def start_index(ls: ToilintServer) -> None:
    roots: list[str] = []
    for folder in (ls.workspace.folders or {}).values():
        path = uris.to_fs_path(folder.uri)
        if path:
            roots.append(path)
    if not roots and ls.workspace.root_path:
        roots.append(ls.workspace.root_path)

    def configured_root(path: str) -> str | None:
        root = ls.config_files.settings_for(path).project_root if os.path.isabs(path) else None
        return root if isinstance(root, str) else None

    ls.index.project_root = configured_root
    ls.index.start(roots)


def toi_files_changed(ls: ToilintServer, changes: Sequence[types.FileEvent]) -> bool:
    """Re-read changed `.toi` files; True when nothing else (a config file) changed."""
    paths = [uris.to_fs_path(c.uri) or c.uri for c in changes]
    toi = [p for p in paths if p.endswith(".toi")]
    if toi:
        ls.index.changed_on_disk(toi)
    return len(toi) == len(paths)


def open_uris(ls: ToilintServer) -> dict[str, str]:
    return {os.path.normpath(doc.path): doc.uri for doc in ls.docs}


#: semantic tokens of an analyzed version (editors ask again on scroll and focus)
_TOKENS: dict[str, tuple[Analysis, list[int]]] = {}
#: per document: the result id and tokens last sent (the base of the next delta)
_SENT: dict[str, tuple[str, list[int]]] = {}
_RESULT_IDS = itertools.count(1)
#: one thread for the features' work: a request does not wait for a lint in progress
_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="toilint-features")


async def _run(ls: ToilintServer, fn: Callable[..., T], *args: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(_WORKER, fn, *args)


async def formatted(ls: ToilintServer, fn: Callable[..., T], *args: Any) -> T | None:
    """Run a `toi fmt` formatter off the event loop; a refusal is shown to the user, not raised."""
    try:
        return await asyncio.get_running_loop().run_in_executor(None, fn, *args)
    except features.FormatError as exc:
        ls.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Warning, message=f"toilint: not formatted: {exc}")
        )
        return None


def analyzed(ls: ToilintServer, doc: Document, result: Analysis) -> None:
    """Every analysis the server finishes: remembered for completion, and the index's entry
    for the document when it is the newest (other files then see the editor's text)."""
    ls.last_good.remember(doc.uri, result)
    parsed = result.result.parse.module if result.result is not None else None
    if parsed is not None and doc.analysis is result:
        ls.index.update(doc.path, result.text, parsed, pmap=result.pmap, analysis=result)


def _index_current(ls: ToilintServer, doc: Document, result: Analysis) -> Indexed | None:
    """The document's current version as the index's entry (so other files see the editor's text)."""
    sm = model(result)
    if sm is None:
        return None
    ls.last_good.remember(doc.uri, result)
    assert result.result is not None
    ls.index.update(doc.path, result.text, result.result.parse.module, sm, result.pmap)
    entry = ls.index.get(doc.path)
    return entry if entry is not None and entry.text is result.text else None


async def current_file(ls: ToilintServer, uri: str) -> tuple[Document, Analysis, Indexed] | None:
    doc = ls.docs.get(uri)
    if doc is None:
        return None
    result = await ls.analysis(doc)
    if doc.version != result.version:
        return None
    file = await _run(ls, _index_current, ls, doc, result)
    return (doc, result, file) if file is not None else None


async def snapshot(ls: ToilintServer, uri: str) -> tuple[Document, Snapshot | None] | None:
    """The document and the newest analyzed version of it that parsed.

    Completion and signature help are asked for on every keystroke: they do not wait for the
    current version to be linted, but read the last version that parsed and the current text
    around the cursor. Only a document with no analysis yet waits for its first one.
    """
    doc = ls.docs.get(uri)
    if doc is None:
        return None
    if doc.analysis is None and not ls.last_good.has(uri):
        await ls.analysis(doc)
    return doc, await _run(ls, ls.last_good.get, uri)


# --------------------------------------------------------------------------- handlers


async def hover(ls: ToilintServer, params: types.HoverParams) -> types.Hover | None:
    found = await current_file(ls, params.text_document.uri)
    if found is None:
        return None
    _, result, file = found
    answer = await _run(ls, name_hover.hover, ls.index, file, result.pmap.offset(params.position))
    if answer is None:
        return None
    text, (start, end) = answer
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=result.pmap.range(start, end)
    )


def organize_imports(
    ls: ToilintServer, doc: Document, result: Analysis, only: Sequence[str] | None
) -> list[types.CodeAction]:
    if not only or not actions.wanted(types.CodeActionKind.SourceOrganizeImports, only):
        return []  # a source action is offered when asked for, not beside every quick fix
    sm = model(result)
    if sm is None or result.result is None:
        return []
    change = imports.organize(sm, result.result.parse.comments)
    if change is None:
        return []
    start, end, new = change
    edit = types.TextEdit(range=result.pmap.range(start, end), new_text=new)
    return [
        types.CodeAction(
            title="Organize imports",
            kind=types.CodeActionKind.SourceOrganizeImports,
            edit=actions.workspace_edit(doc.uri, result.version, [edit], ls.versioned_edits),
        )
    ]


async def _tokens(ls: ToilintServer, doc: Document) -> list[int]:
    result = doc.analysis
    if result is None or result.version != doc.version:
        # not analyzed yet: classify names by the last version that parsed
        earlier = await _run(ls, ls.last_good.get, doc.uri)
        if earlier is not None:
            text, pmap = doc.text, doc.map
            return await _run(ls, semantic_tokens.semantic_tokens, text, None, pmap, None, earlier)
        result = await ls.analysis(doc)
    cached = _TOKENS.get(doc.uri)
    if cached is not None and cached[0] is result:
        return cached[1]
    sm = await _run(ls, model, result)
    comments = result.result.parse.comments if result.result is not None else None
    data = await _run(ls, semantic_tokens.semantic_tokens, result.text, sm, result.pmap, comments)
    for uri in [u for u in _TOKENS if ls.docs.get(u) is None]:
        del _TOKENS[uri]  # closed documents
        _SENT.pop(uri, None)
    _TOKENS[doc.uri] = (result, data)
    return data


def _sent(uri: str, data: list[int]) -> str:
    """Remember the tokens last sent for ``uri`` (a later delta is computed against them)."""
    result_id = str(next(_RESULT_IDS))
    _SENT[uri] = (result_id, data)
    return result_id


def register(server: ToilintServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(ls: ToilintServer, params: types.DefinitionParams) -> list[types.Location] | None:
        found = await current_file(ls, params.text_document.uri)
        if found is None:
            return None
        _, result, file = found
        offset = result.pmap.offset(params.position)
        return await _run(ls, navigation.definition, ls.index, file, offset, open_uris(ls))

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def references(ls: ToilintServer, params: types.ReferenceParams) -> list[types.Location] | None:
        found = await current_file(ls, params.text_document.uri)
        if found is None:
            return None
        _, result, file = found
        offset = result.pmap.offset(params.position)
        include = params.context.include_declaration
        return await _run(ls, navigation.references, ls.index, file, offset, include, open_uris(ls))

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare_rename(ls: ToilintServer, params: types.PrepareRenameParams) -> types.PrepareRenameResult | None:
        found = await current_file(ls, params.text_document.uri)
        if found is None:
            return None
        _, result, file = found
        answer = await _run(ls, rename.prepare, ls.index, file, result.pmap.offset(params.position))
        if answer is None:
            return None
        start, end, text = answer
        return types.PrepareRenamePlaceholder(range=result.pmap.range(start, end), placeholder=text)

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    async def do_rename(ls: ToilintServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        found = await current_file(ls, params.text_document.uri)
        if found is None:
            return None
        _, result, file = found
        if result.result is not None and not result.result.parse.ok:
            # the tree skips the broken statements: a use of the name there would be missed
            raise rename.RenameRefused("the file has syntax errors; fix them first")
        offset = result.pmap.offset(params.position)
        spans = await _run(ls, rename.rename, ls.index, file, offset, params.new_name)
        uri_of: dict[str, tuple[str, int | None]] = {os.path.normpath(d.path): (d.uri, d.version) for d in ls.docs}
        return rename.workspace_edit(ls.index, spans, params.new_name, uri_of, ls.versioned_edits)

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=["."], resolve_provider=False),
    )
    async def complete(ls: ToilintServer, params: types.CompletionParams) -> types.CompletionList | None:
        found = await snapshot(ls, params.text_document.uri)
        if found is None:
            return None
        doc, snap = found
        text = doc.text
        offset = doc.map.offset(params.position)
        items = await _run(ls, completion.complete, text, offset, snap, ls.index, doc.path)
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(
        types.TEXT_DOCUMENT_SIGNATURE_HELP,
        types.SignatureHelpOptions(trigger_characters=["(", ","], retrigger_characters=[","]),
    )
    async def signature(ls: ToilintServer, params: types.SignatureHelpParams) -> types.SignatureHelp | None:
        found = await snapshot(ls, params.text_document.uri)
        if found is None:
            return None
        doc, snap = found
        offset = doc.map.offset(params.position)
        return await _run(ls, signature_help.signature_help, doc.text, offset, snap, ls.index, doc.path)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
    async def document_highlight(
        ls: ToilintServer, params: types.DocumentHighlightParams
    ) -> list[types.DocumentHighlight] | None:
        found = await current_file(ls, params.text_document.uri)
        if found is None:
            return None
        _, result, file = found
        return await _run(ls, highlight.highlights, ls.index, file, result.pmap.offset(params.position))

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    async def folding_range(ls: ToilintServer, params: types.FoldingRangeParams) -> list[types.FoldingRange] | None:
        result = await ls.current(params.text_document.uri)
        if result is None or result.result is None or result.result.parse.module is None:
            return None
        parsed = result.result.parse
        assert parsed.module is not None
        return await _run(ls, folding.folding_ranges, parsed.module, parsed.comments, result.pmap)

    @server.feature(types.TEXT_DOCUMENT_RANGE_FORMATTING)
    async def range_formatting(
        ls: ToilintServer, params: types.DocumentRangeFormattingParams
    ) -> list[types.TextEdit] | None:
        doc = ls.docs.get(params.text_document.uri)
        if doc is None:
            return None
        result = await ls.analysis(doc)
        version, text, pmap = result.version, result.text, result.pmap
        if doc.version != version:
            return None
        module = result.result.parse.module if result.result is not None else None
        start, end = pmap.offset(params.range.start), pmap.offset(params.range.end)
        toi = features.find_toi(ls.client_settings.toi_path)
        done = await formatted(ls, features.format_range, text, start, end, toi, module)
        if done is None or doc.version != version:
            return None
        first, last, new = done
        return actions.whole_text_edit(pmap, text, text[:first] + new + text[last:])

    @server.feature(
        types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
        types.SemanticTokensRegistrationOptions(
            legend=semantic_tokens.LEGEND, full=types.SemanticTokensFullDelta(delta=True), range=False
        ),
    )
    async def tokens_full(ls: ToilintServer, params: types.SemanticTokensParams) -> types.SemanticTokens | None:
        doc = ls.docs.get(params.text_document.uri)
        if doc is None:
            return None
        data = await _tokens(ls, doc)
        return types.SemanticTokens(data=data, result_id=_sent(doc.uri, data))

    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL_DELTA)
    async def tokens_delta(
        ls: ToilintServer, params: types.SemanticTokensDeltaParams
    ) -> types.SemanticTokens | types.SemanticTokensDelta | None:
        doc = ls.docs.get(params.text_document.uri)
        if doc is None:
            return None
        previous = _SENT.get(doc.uri)
        data = await _tokens(ls, doc)
        result_id = _sent(doc.uri, data)
        if previous is None or previous[0] != params.previous_result_id:
            return types.SemanticTokens(data=data, result_id=result_id)
        return types.SemanticTokensDelta(edits=semantic_tokens.delta(previous[1], data), result_id=result_id)

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    async def inlay(ls: ToilintServer, params: types.InlayHintParams) -> list[types.InlayHint] | None:
        if not ls.client_settings.inlay_hints:
            return []
        found = await current_file(ls, params.text_document.uri)
        if found is None:
            return None
        doc, result, file = found
        assert file.model is not None  # indexed from a version that parsed
        start, end = result.pmap.offset(params.range.start), result.pmap.offset(params.range.end)
        return await _run(ls, inlay_hints.inlay_hints, file.model, result.pmap, start, end, ls.index, doc.path)

    @server.feature(types.WORKSPACE_SYMBOL)
    async def workspace_symbol(ls: ToilintServer, params: types.WorkspaceSymbolParams) -> list[types.WorkspaceSymbol]:
        for doc in ls.docs:
            if doc.analysis is not None and doc.analysis.version == doc.version:
                await _run(ls, _index_current, ls, doc, doc.analysis)
        return await _run(ls, workspace_symbols.workspace_symbols, ls.index, params.query, open_uris(ls))
