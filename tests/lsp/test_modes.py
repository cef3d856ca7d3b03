"""Settings and modes: pull diagnostics, lint on save, editor and config-file selection, formatting."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types

from tests.lsp.conftest import REGEX_IN_LOOP, RecordingClient, config, open_doc, replace_all, start
from tests.support import requires_toi

pytestmark = pytest.mark.asyncio(loop_scope="module")


def codes(items: object) -> list[str]:
    return [str(d.code) for d in items]  # type: ignore[attr-defined]


@pytest_lsp.fixture(config=config(), scope="module")
async def pull_client(lsp_client: RecordingClient):
    result = await start(lsp_client, {}, pull=True, encoding="utf-8")  # a client like Helix: UTF-8 columns
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    yield
    await lsp_client.shutdown_session()


async def pull(client: RecordingClient, uri: str, previous: str | None = None) -> types.DocumentDiagnosticReport:
    return await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri), previous_result_id=previous)
    )


async def test_pull_diagnostics_when_the_client_supports_them(pull_client: RecordingClient) -> None:
    uri = "file:///ws/pull.toi"
    open_doc(pull_client, uri, REGEX_IN_LOOP)
    report = await pull(pull_client, uri)
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert "PERF101" in codes(report.items)
    again = await pull(pull_client, uri, report.result_id)
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    replace_all(pull_client, uri, "x = 1\nprint(x)\n", 2)
    fresh = await pull(pull_client, uri, report.result_id)
    assert isinstance(fresh, types.RelatedFullDocumentDiagnosticReport) and codes(fresh.items) == []
    await asyncio.sleep(0.1)
    assert not [p for p in pull_client.published if p.uri == uri]  # no duplicate push


async def test_columns_follow_the_negotiated_utf8_encoding(pull_client: RecordingClient) -> None:
    uri = "file:///ws/utf8.toi"
    open_doc(pull_client, uri, 'x = "é" )\n')
    report = await pull(pull_client, uri)
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    [diag] = report.items
    assert diag.code == "E001"
    assert diag.range.start == types.Position(line=0, character=9)  # `é` is two UTF-8 bytes


async def test_a_configuration_change_asks_a_pull_client_to_refresh(pull_client: RecordingClient) -> None:
    uri = "file:///ws/pull-config.toi"
    open_doc(pull_client, uri, REGEX_IN_LOOP)
    assert "PERF101" in codes((await pull(pull_client, uri)).items)
    before = pull_client.diagnostic_refresh_count
    pull_client.set_configuration({"toilint": {"ignore": ["PERF101"]}})
    pull_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    for _ in range(100):
        if pull_client.diagnostic_refresh_count > before:
            break
        await asyncio.sleep(0.02)
    assert pull_client.diagnostic_refresh_count > before
    assert "PERF101" not in codes((await pull(pull_client, uri)).items)


@pytest_lsp.fixture(config=config(), scope="module")
async def save_client(lsp_client: RecordingClient):
    await start(lsp_client, {"run": "onSave", "select": ["PERF"]})
    yield
    await lsp_client.shutdown_session()


async def test_on_save_mode_lints_on_open_and_save_only(save_client: RecordingClient) -> None:
    uri = "file:///ws/save.toi"
    open_doc(save_client, uri, "x = 1\nprint(x)\n")
    assert codes((await save_client.wait_diagnostics(uri, 1)).diagnostics) == []
    replace_all(save_client, uri, REGEX_IN_LOOP, 2)
    await asyncio.sleep(0.3)
    assert [p.version for p in save_client.published if p.uri == uri] == [1]
    save_client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri)))
    assert codes((await save_client.wait_diagnostics(uri, 2)).diagnostics) == ["PERF101"]


async def test_editor_settings_change_relints_open_documents(save_client: RecordingClient) -> None:
    uri = "file:///ws/settings.toi"
    open_doc(save_client, uri, REGEX_IN_LOOP)
    assert codes((await save_client.wait_diagnostics(uri, 1)).diagnostics) == ["PERF101"]
    count = len(save_client.published)
    save_client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"toilint": {"run": "onSave", "ignore": ["PERF101"]}})
    )
    for _ in range(200):
        later = [p for p in save_client.published[count:] if p.uri == uri]
        if later:
            break
        await asyncio.sleep(0.02)
    assert later and codes(later[-1].diagnostics) == []


async def test_config_file_selection_applies_and_a_change_relints(save_client: RecordingClient, tmp_path: Path) -> None:
    save_client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"toilint": {"run": "onSave", "select": ["PERF"]}})
    )
    (tmp_path / "toilint.toml").write_text('ignore = ["PERF101"]\n')
    path = tmp_path / "prog.toi"
    path.write_text(REGEX_IN_LOOP)
    uri = path.as_uri()
    open_doc(save_client, uri, REGEX_IN_LOOP)
    assert codes((await save_client.wait_diagnostics(uri, 1)).diagnostics) == []
    (tmp_path / "toilint.toml").write_text("ignore = []\n")
    count = len(save_client.published)
    save_client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=(tmp_path / "toilint.toml").as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    for _ in range(200):
        later = [p for p in save_client.published[count:] if p.uri == uri]
        if later:
            break
        await asyncio.sleep(0.02)
    assert later and codes(later[-1].diagnostics) == ["PERF101"]


# ---------------------------------------------------------------------- formatting

UNFORMATTED = "fn f(x)\n        if x\n                return 1\n        return 2\nprint(f(1))\n"


async def format_request(client: RecordingClient, uri: str) -> list[types.TextEdit] | None:
    return await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )


@requires_toi
async def test_formatting_runs_toi_fmt(save_client: RecordingClient) -> None:
    from tests.lsp.conftest import apply_text_edits

    uri = "file:///ws/fmt.toi"
    open_doc(save_client, uri, UNFORMATTED)
    edits = await format_request(save_client, uri)
    assert edits
    assert apply_text_edits(UNFORMATTED, edits) == "fn f(x)\n  if x\n    return 1\n  return 2\nprint(f(1))\n"


@requires_toi
async def test_formatting_refuses_output_that_changes_the_program(save_client: RecordingClient) -> None:
    # `toi fmt` counts the deeper comment line as a block level and moves `y = 2` out of the `if`
    text = "if true\n        -- note\n    y = 2\nprint(1)\n"
    uri = "file:///ws/fmt-unsafe.toi"
    open_doc(save_client, uri, text)
    count = len(save_client.messages)
    assert await format_request(save_client, uri) is None
    await asyncio.sleep(0.05)
    assert any("not formatted" in m.message for m in save_client.messages[count:])


@pytest_lsp.fixture(config=config(env={"PATH": "/nonexistent", "TOI": ""}), scope="module")
async def no_toi_client(lsp_client: RecordingClient):
    await start(lsp_client, {})
    yield
    await lsp_client.shutdown_session()


async def test_formatting_declines_cleanly_without_the_interpreter(no_toi_client: RecordingClient) -> None:
    uri = "file:///ws/fmt-none.toi"
    open_doc(no_toi_client, uri, UNFORMATTED)
    assert await format_request(no_toi_client, uri) is None
    await asyncio.sleep(0.05)
    assert any("interpreter was not found" in m.message for m in no_toi_client.messages)
    # still serving
    assert await no_toi_client.wait_diagnostics(uri, 1)


UNSAFE_ONLY = "fn f(t)\n    if #t > 0\n        return 1\n    return 0\nreturn f\n"  # t: any kind


async def fix_all(client: RecordingClient, uri: str) -> types.CodeAction:
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.toilint"]),
        )
    )
    [action] = [a for a in actions or [] if isinstance(a, types.CodeAction)]
    return await client.code_action_resolve_async(action)


async def test_unsafe_fixes_are_labelled_and_fix_all_applies_them_only_when_enabled(
    save_client: RecordingClient,
) -> None:
    from tests.lsp.conftest import apply_text_edits, edits_of

    save_client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"toilint": {"run": "onSave", "select": ["PERF"]}})
    )
    uri = "file:///ws/unsafe.toi"
    open_doc(save_client, uri, UNSAFE_ONLY)
    diag = next(d for d in (await save_client.wait_diagnostics(uri, 1)).diagnostics if d.code == "PERF303")
    actions = await save_client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=diag.range,
            context=types.CodeActionContext(diagnostics=[diag]),
        )
    )
    [quick] = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.title.startswith("PERF303")]
    assert quick.title.endswith("(unsafe fix)") and not quick.is_preferred

    untouched = await fix_all(save_client, uri)
    assert apply_text_edits(UNSAFE_ONLY, edits_of(untouched.edit, uri)) == UNSAFE_ONLY

    save_client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(
            settings={"toilint": {"run": "onSave", "select": ["PERF"], "unsafeFixes": True}}
        )
    )
    await asyncio.sleep(0.05)
    fixed = await fix_all(save_client, uri)
    assert "    if t\n" in apply_text_edits(UNSAFE_ONLY, edits_of(fixed.edit, uri))
