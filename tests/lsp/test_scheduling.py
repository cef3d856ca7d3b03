"""When the server lints: at once after a pause, debounced inside a burst of keystrokes."""

from __future__ import annotations

import asyncio

import pytest
import pytest_lsp

from tests.lsp.conftest import REGEX_IN_LOOP, RecordingClient, config, open_doc, replace_all, start

pytestmark = pytest.mark.asyncio(loop_scope="module")

#: longer than a small document's lint takes, even on a loaded machine
DEBOUNCE_MS = 2_500


@pytest_lsp.fixture(config=config(), scope="module")
async def client(lsp_client: RecordingClient):
    await start(lsp_client, {"debounceMs": DEBOUNCE_MS})
    yield
    await lsp_client.shutdown_session()


async def test_a_change_after_a_pause_is_linted_without_waiting_for_the_debounce(client: RecordingClient) -> None:
    uri = "file:///ws/pause.toi"
    open_doc(client, uri, "x = 1\nprint(x)\n")
    await client.wait_diagnostics(uri, 1)
    await asyncio.sleep(DEBOUNCE_MS / 1000 + 0.1)  # the user paused
    replace_all(client, uri, REGEX_IN_LOOP, 2)
    published = await client.wait_diagnostics(uri, 2, timeout=DEBOUNCE_MS / 1000 - 1)
    assert "PERF101" in [d.code for d in published.diagnostics]


async def test_a_burst_of_changes_is_still_debounced(client: RecordingClient) -> None:
    uri = "file:///ws/burst.toi"
    open_doc(client, uri, "x = 1\nprint(x)\n")
    await client.wait_diagnostics(uri, 1)
    for version in range(2, 6):  # typed right after opening, back to back
        replace_all(client, uri, f"x = {version}\nprint(x)\n", version)
    with pytest.raises(TimeoutError):
        await client.wait_diagnostics(uri, 5, timeout=1)
    await client.wait_diagnostics(uri, 5, timeout=20)
    assert [p.version for p in client.published if p.uri == uri] == [1, 5]
