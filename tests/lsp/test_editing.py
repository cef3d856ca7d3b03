"""The editing features over stdio, on a small project: `app.toi` importing `util/text.toi`.

Rename (also across the two files), completion (also inside a half-typed line), signature
help, hover on names, highlights, folding, range formatting, semantic tokens, inlay hints,
workspace symbols, organize imports and cross-file definition/references.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls import uris
from pygls.exceptions import JsonRpcException

from tests.lsp.conftest import RecordingClient, apply_text_edits, capabilities, config, open_doc, replace_all
from toilint.semantic import stdlib

pytestmark = pytest.mark.asyncio(loop_scope="module")

WORKSPACE = Path(__file__).with_name("workspace")
APP = WORKSPACE / "app.toi"
TEXT = WORKSPACE / "util" / "text.toi"
APP_URI = uris.from_fs_path(str(APP)) or ""
TEXT_URI = uris.from_fs_path(str(TEXT)) or ""
TOI = os.environ.get("TOI") or shutil.which("toi")
NATIVES = bool(stdlib.MODULES)


@pytest_lsp.fixture(config=config(), scope="module")
async def client(lsp_client: RecordingClient):
    caps = capabilities()
    assert caps.text_document is not None
    caps.text_document.completion = types.CompletionClientCapabilities(
        completion_item=types.ClientCompletionItemOptions(
            snippet_support=False, documentation_format=[types.MarkupKind.Markdown]
        )
    )
    caps.text_document.signature_help = types.SignatureHelpClientCapabilities(
        signature_information=types.ClientSignatureInformationOptions(
            documentation_format=[types.MarkupKind.Markdown],
            parameter_information=types.ClientSignatureParameterInformationOptions(label_offset_support=False),
            active_parameter_support=True,
        )
    )
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            initialization_options={"settings": {"inlayHints": True, "debounceMs": 10}},
            workspace_folders=[types.WorkspaceFolder(uri=uris.from_fs_path(str(WORKSPACE)) or "", name="ws")],
        )
    )
    open_doc(lsp_client, APP_URI, APP.read_text())
    await lsp_client.wait_diagnostics(APP_URI, 1)
    yield
    await lsp_client.shutdown_session()


def at(text: str, needle: str, nth: int = 0, delta: int = 0) -> types.Position:
    """The position of the ``nth`` occurrence of ``needle`` (plus ``delta`` characters)."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    offset += delta
    line = text.count("\n", 0, offset)
    return types.Position(line=line, character=offset - (text.rfind("\n", 0, offset) + 1))


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def edits_by_uri(edit: types.WorkspaceEdit | None) -> dict[str, list[types.TextEdit]]:
    assert edit is not None
    out: dict[str, list[types.TextEdit]] = {}
    for change in edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit)
        out.setdefault(change.text_document.uri, []).extend(e for e in change.edits if isinstance(e, types.TextEdit))
    return out


def run_toi(directory: Path, name: str) -> str:
    assert TOI is not None
    proc = subprocess.run([TOI, name], cwd=directory, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


# --------------------------------------------------------------------------- rename


async def test_rename_an_imported_function_renames_it_in_both_files(client: RecordingClient, tmp_path: Path) -> None:
    app = APP.read_text()
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=doc(APP_URI), position=at(app, "pad("), new_name="left_pad")
    )
    edits = edits_by_uri(edit)
    assert set(edits) == {APP_URI, TEXT_URI}
    new_app = apply_text_edits(app, edits[APP_URI])
    new_text = apply_text_edits(TEXT.read_text(), edits[TEXT_URI])
    assert "from util.text import left_pad\n" in new_app and "return left_pad(str(count), 6)" in new_app
    assert "fn left_pad(s, width = 8, *rest)" in new_text
    assert "return {left_pad = left_pad, shout = shout}" in new_text
    if TOI is None:
        return
    (tmp_path / "util").mkdir()
    (tmp_path / "app.toi").write_text(new_app)
    (tmp_path / "util" / "text.toi").write_text(new_text)
    assert run_toi(tmp_path, "app.toi") == run_toi(WORKSPACE, "app.toi")


async def test_rename_is_scoped_like_the_compiler(client: RecordingClient) -> None:
    app = APP.read_text()
    # `count` in count_words is not the `count` of summary
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=doc(APP_URI), position=at(app, "count = 0"), new_name="n")
    )
    [(uri, edits)] = edits_by_uri(edit).items()
    assert uri == APP_URI and len(edits) == 3
    new = apply_text_edits(app, edits)
    assert "    n = 0\n    for word" in new and "            n += 1\n    return n\n" in new
    assert "    count = 0\n    for line in lines" in new  # the other function's local is untouched


async def test_prepare_rename_gives_the_name_and_refuses_what_cannot_be_renamed(client: RecordingClient) -> None:
    app = APP.read_text()
    ok = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc(APP_URI), position=at(app, "greeting", delta=2))
    )
    assert isinstance(ok, types.PrepareRenamePlaceholder) and ok.placeholder == "greeting"
    with pytest.raises(JsonRpcException, match="native global"):
        await client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=doc(APP_URI), position=at(app, "str(count)"))
        )
    for new_name, why in (
        ("while", "keyword"),
        ("2x", "not a Toi identifier"),
        ("config", "collide with the variable `config` from line 5"),
    ):
        with pytest.raises(JsonRpcException, match=why):
            await client.text_document_rename_async(
                types.RenameParams(text_document=doc(APP_URI), position=at(app, "greeting"), new_name=new_name)
            )


# --------------------------------------------------------------------------- completion


async def complete(client: RecordingClient, uri: str, position: types.Position) -> dict[str, types.CompletionItem]:
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=position)
    )
    assert isinstance(result, types.CompletionList)
    return {item.label: item for item in result.items}


async def test_completion_inside_a_half_typed_line(client: RecordingClient) -> None:
    uri = "file:///ws/typing/half.toi"
    good = APP.read_text().replace("import util.text\n", "")
    open_doc(client, uri, good)
    await client.wait_diagnostics(uri, 1)
    # typing a call inside summary: the file no longer parses
    half = good.replace("    return pad(str(count), 6)", "    total = pad(str(co\n    return pad(str(count), 6)")
    replace_all(client, uri, half, 2)
    items = await complete(client, uri, at(half, "pad(str(co", delta=len("pad(str(co")))
    assert {"count", "lines", "count_words", "config", "pad", "summary", "str"} <= set(items)
    assert "word" not in items  # count_words's loop variable is not in scope here
    assert items["count_words"].kind == types.CompletionItemKind.Function
    assert items["count_words"].detail == "fn count_words(line)"
    assert items["while"].kind == types.CompletionItemKind.Keyword
    assert items["pad"].detail == "fn pad(s, width = 8, *rest)"  # imported: read from util/text.toi
    # members of a table literal bound to the name
    half2 = half.replace("str(co\n", "str(config.\n")
    replace_all(client, uri, half2, 3)
    fields = await complete(client, uri, at(half2, "config.", delta=len("config.")))
    assert set(fields) == {"name", "retries"}


async def test_completion_of_module_members(client: RecordingClient) -> None:
    uri = "file:///ws/typing/members.toi"
    text = "import util.text\nx = text.\n"
    # an untitled buffer: modules are looked up from the workspace folder
    open_doc(client, uri, APP.read_text())
    await client.wait_diagnostics(uri, 1)
    replace_all(client, uri, APP.read_text() + text, 2)
    full = APP.read_text() + text
    items = await complete(client, uri, at(full, "x = text.", delta=len("x = text.")))
    assert set(items) == {"pad", "shout"}
    assert items["pad"].detail == "fn pad(s, width = 8, *rest)"
    assert items["pad"].documentation is not None and "Pads `s`" in str(items["pad"].documentation)


@pytest.mark.skipif(not NATIVES, reason="the standard-library table has no members yet")
async def test_completion_of_native_members_and_string_methods(client: RecordingClient) -> None:
    uri = "file:///ws/typing/natives.toi"
    base = APP.read_text()
    open_doc(client, uri, base)
    await client.wait_diagnostics(uri, 1)
    text = base + "m = regex.\n"
    replace_all(client, uri, text, 2)
    items = await complete(client, uri, at(text, "regex.", 1, len("regex.")))
    assert "search" in items and items["search"].kind == types.CompletionItemKind.Function
    text = base + "m = greeting.\n"
    replace_all(client, uri, text, 3)
    items = await complete(client, uri, at(text, "greeting.", 0, len("greeting.")))
    assert "upper" in items and items["upper"].kind == types.CompletionItemKind.Method


# --------------------------------------------------------------------------- signature help and hover


async def test_signature_help_while_the_call_is_typed(client: RecordingClient) -> None:
    uri = "file:///ws/typing/sig.toi"
    base = APP.read_text()
    open_doc(client, uri, base)
    await client.wait_diagnostics(uri, 1)
    text = base + 'x = pad("a", '
    replace_all(client, uri, text, 2)
    help = await client.text_document_signature_help_async(
        types.SignatureHelpParams(text_document=doc(uri), position=at(text, 'pad("a", ', delta=len('pad("a", ')))
    )
    assert help is not None
    [sig] = help.signatures
    assert sig.label == "pad(s, width = 8, *rest)"
    assert sig.active_parameter == 1
    text = base + "x = count_words("
    replace_all(client, uri, text, 3)
    help = await client.text_document_signature_help_async(
        types.SignatureHelpParams(text_document=doc(uri), position=at(text, "x = count_words(", delta=16))
    )
    assert help is not None and help.signatures[0].label == "count_words(line)"
    assert help.signatures[0].active_parameter == 0


async def test_hover_on_names(client: RecordingClient) -> None:
    app = APP.read_text()
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(APP_URI), position=at(app, "pad(str"))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    text = hover.contents.value
    assert "fn pad(s, width = 8, *rest)" in text
    assert "Pads `s` on the left to `width` characters.\nLonger strings are returned unchanged." in text
    assert "exported by `text.toi` (line 6)" in text
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(APP_URI), position=at(app, "count = count +", delta=1))
    )
    assert hover is not None and "the variable `count` from line 16" in str(hover.contents)


# --------------------------------------------------------------------------- navigation


async def test_definition_and_references_cross_files(client: RecordingClient) -> None:
    app = APP.read_text()
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(APP_URI), position=at(app, "shout(greeting)"))
    )
    assert isinstance(found, list) and len(found) == 1
    assert found[0].uri == TEXT_URI and found[0].range.start == at(TEXT.read_text(), "shout(s)")
    # `import util.text` opens the module's file
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(APP_URI), position=at(app, "util.text\n", delta=6))
    )
    assert isinstance(found, list) and found[0].uri == TEXT_URI
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc(APP_URI),
            position=at(app, "pad("),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert refs is not None
    by_file = {(r.uri, r.range.start.line) for r in refs}
    assert (APP_URI, 1) in by_file and (APP_URI, 18) in by_file  # the import and the call
    assert (TEXT_URI, 5) in by_file and (TEXT_URI, 13) in by_file  # the fn and the returned table


async def test_other_files_see_the_editors_unsaved_text(client: RecordingClient) -> None:
    """An open module's unsaved export is found from its importer without any request on it."""
    text = TEXT.read_text().replace(
        "return {pad = pad, shout = shout}",
        "fn whisper(s)\n    return s\n\nreturn {pad = pad, shout = shout, whisper = whisper}",
    )
    open_doc(client, TEXT_URI, text)
    await client.wait_diagnostics(TEXT_URI, 1)
    uri = "file:///ws/typing/unsaved.toi"
    importer = "import util.text\nx = text.\n"
    open_doc(client, uri, "import util.text\n")
    await client.wait_diagnostics(uri, 1)
    replace_all(client, uri, importer, 2)
    items = await complete(client, uri, at(importer, "text.", delta=5))
    assert "whisper" in items
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc(TEXT_URI)))


async def test_document_highlight_marks_writes_and_reads(client: RecordingClient) -> None:
    app = APP.read_text()
    marks = await client.text_document_document_highlight_async(
        types.DocumentHighlightParams(text_document=doc(APP_URI), position=at(app, "count = 0", 1))
    )
    assert marks is not None
    kinds = [(m.range.start.line, m.kind) for m in marks]
    write, read = types.DocumentHighlightKind.Write, types.DocumentHighlightKind.Read
    assert kinds == [(15, write), (17, write), (17, read), (18, read)]


async def test_workspace_symbols_search_every_file(client: RecordingClient) -> None:
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="shou"))
    assert found is not None
    names = {(s.name, s.location.uri) for s in found}
    assert ("shout", TEXT_URI) in names
    assert all("shou" in s.name.lower() or s.name == "shout" for s in found)


# --------------------------------------------------------------------------- presentation


async def test_folding_ranges(client: RecordingClient) -> None:
    uri = "file:///ws/fold.toi"
    text = (
        "-- one\n-- two\nimport os\nimport io\n"
        "fn f(x)\n    if x\n        return 1\n    return 2\n"
        "t = {\n    a = 1,\n    b = 2,\n}\n"
        "s = [[one\ntwo\nthree]]\n"
    )
    open_doc(client, uri, text)
    await client.wait_diagnostics(uri, 1)
    ranges = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=doc(uri)))
    assert ranges is not None
    got = {(r.start_line, r.end_line, r.kind) for r in ranges}
    assert (0, 1, types.FoldingRangeKind.Comment) in got
    assert (2, 3, types.FoldingRangeKind.Imports) in got
    assert (4, 7, None) in got and (5, 6, None) in got  # the function and the `if` body
    assert (8, 10, None) in got  # the table literal, closing brace visible
    assert (12, 14, types.FoldingRangeKind.Region) in got  # the multi-line string


async def test_semantic_tokens_tell_functions_parameters_and_modules(client: RecordingClient) -> None:
    app = APP.read_text()
    result = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=doc(APP_URI))
    )
    assert result is not None
    legend = ["namespace", "function", "method", "parameter", "variable", "property", "keyword", "string", "number"]
    tokens: dict[tuple[int, int], str] = {}
    line = char = 0
    data = result.data
    for i in range(0, len(data), 5):
        line += data[i]
        char = data[i + 1] if data[i] else char + data[i + 1]
        tokens[(line, char)] = legend[data[i + 3]] if data[i + 3] < len(legend) else str(data[i + 3])

    def kind(needle: str, nth: int = 0) -> str:
        p = at(app, needle, nth)
        return tokens[(p.line, p.character)]

    assert kind("count_words(line)") == "function"
    assert kind("line)") == "parameter"
    assert kind("regex.search") == "namespace"
    assert kind("search") == "method"
    assert kind("fn count_words") == "keyword"
    assert kind('"report"') == "string"


async def test_semantic_tokens_delta_after_an_edit_gives_the_same_tokens(client: RecordingClient) -> None:
    uri = "file:///ws/tokens.toi"
    text = APP.read_text()
    open_doc(client, uri, text)
    await client.wait_diagnostics(uri, 1)
    full = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri)))
    assert full is not None and full.result_id
    edited = text.replace("greeting = ", "welcome = 1\ngreeting = ")
    replace_all(client, uri, edited, 2)
    await client.wait_diagnostics(uri, 2)
    delta = await client.text_document_semantic_tokens_full_delta_async(
        types.SemanticTokensDeltaParams(text_document=doc(uri), previous_result_id=full.result_id)
    )
    assert isinstance(delta, types.SemanticTokensDelta) and len(delta.edits) == 1
    data = list(full.data)
    for e in delta.edits:
        data[e.start : e.start + e.delete_count] = e.data or []
    again = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(text_document=doc(uri)))
    assert again is not None and data == list(again.data)
    assert len(delta.edits[0].data or []) < len(data) // 4  # only the changed stretch travels


async def test_inlay_hints_name_literal_arguments(client: RecordingClient) -> None:
    app = APP.read_text()
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=doc(APP_URI),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=30, character=0)),
        )
    )
    assert hints is not None
    labels = {(h.position.line, h.position.character, h.label) for h in hints}
    six = at(app, "6)")
    assert (six.line, six.character, "width:") in labels
    assert not any(h.label == "s:" for h in hints)  # `str(count)` is not a literal


@pytest.mark.skipif(TOI is None, reason="range formatting runs `toi fmt` (set $TOI)")
async def test_range_formatting_formats_only_the_enclosing_statements(client: RecordingClient) -> None:
    uri = "file:///ws/rangefmt.toi"
    text = "fn a()\n\treturn 1\n\nfn b()\n\treturn 2\n"  # `toi fmt` indents by two spaces
    open_doc(client, uri, text)
    await client.wait_diagnostics(uri, 1)
    edits = await client.text_document_range_formatting_async(
        types.DocumentRangeFormattingParams(
            text_document=doc(uri),
            range=types.Range(start=types.Position(line=4, character=2), end=types.Position(line=4, character=4)),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )
    assert edits
    assert apply_text_edits(text, edits) == "fn a()\n\treturn 1\n\nfn b()\n  return 2\n"


@pytest.mark.skipif(not NATIVES, reason="the standard-library table has no members yet")
async def test_organize_imports_merges_orders_and_drops_unused_natives(client: RecordingClient) -> None:
    uri = "file:///ws/imports.toi"
    text = "import string\nimport util.text\nimport regex, os\nimport string2\nprint regex, string, text\n"
    open_doc(client, uri, text)
    await client.wait_diagnostics(uri, 1)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceOrganizeImports]),
        )
    )
    [action] = [a for a in actions or [] if isinstance(a, types.CodeAction)]
    [(_, edits)] = edits_by_uri(action.edit).items()
    assert apply_text_edits(text, edits) == (
        "import regex, string\nimport util.text\nimport string2\nprint regex, string, text\n"
    )
