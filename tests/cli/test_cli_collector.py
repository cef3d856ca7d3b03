"""The cyclic collector around a command: paused through start-up, resumed where it must be.

The console script pauses it for its process (start-up's imports are never garbage); a check
keeps it paused to the end, and the commands that run on (the server, ``--watch``) get it back.
Called in-process (``own_process`` off), the entry point leaves it as it found it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from toilint import cli, entry


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, bool]]]:
    """Which command ran, and whether the collector was on when it started."""
    found: list[tuple[str, bool]] = []
    monkeypatch.setattr(cli, "cmd_check", lambda args: found.append(("check", gc.isenabled())) or 0)
    monkeypatch.setattr(cli, "cmd_watch", lambda args, verbose: found.append(("watch", gc.isenabled())) or 0)
    was = gc.isenabled()
    yield found
    if was:
        gc.enable()


def test_own_process_check_keeps_the_collector_paused(seen: list[tuple[str, bool]], tmp_path: Path) -> None:
    gc.enable()
    assert entry.main(["check", "--no-cache", str(tmp_path)], own_process=True) == 0
    assert seen == [("check", False)]
    assert not gc.isenabled()  # the process ends with the command: nothing to resume


def test_own_process_watch_resumes_the_collector(seen: list[tuple[str, bool]], tmp_path: Path) -> None:
    gc.enable()
    assert entry.main(["check", "--watch", str(tmp_path)], own_process=True) == 0
    assert seen == [("watch", True)]


def test_in_process_call_leaves_the_collector_as_it_was(seen: list[tuple[str, bool]], tmp_path: Path) -> None:
    gc.enable()
    assert entry.main(["check", "--no-cache", str(tmp_path)]) == 0
    assert seen == [("check", False)]  # paused for the check all the same
    assert gc.isenabled()
    gc.disable()
    assert entry.main(["check", "--watch", str(tmp_path)], own_process=True) == 0
    assert seen[-1] == ("watch", False)  # not ours to resume
    assert not gc.isenabled()
