"""Many files go to a process pool; the output must not depend on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import CLEAN, FIXABLE, FIXED, Runner, write

from toilint import cli


@pytest.fixture
def many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cli, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(cli, "PARALLEL_MIN_CHARS", 0)
    write(tmp_path, {f"src/f{i:02}.toi": (FIXABLE if i % 3 else CLEAN) for i in range(12)})
    return tmp_path


def test_pool_output_equals_single_process_output(run: Runner, many: Path) -> None:
    pooled = run("-v", "--no-cache", "-j", "2", "--format", "json", "src")
    assert "in 2 processes" in pooled.err
    single = run("-v", "--no-cache", "-j", "1", "--format", "json", "src")
    assert "in this process" in single.err
    assert pooled.out == single.out
    assert pooled.code == single.code == 1


def test_pool_fixes_files(run: Runner, many: Path) -> None:
    result = run("--no-cache", "-j", "2", "--fix", "src")
    assert result.code == 0
    assert (many / "src" / "f01.toi").read_text() == FIXED
    assert (many / "src" / "f00.toi").read_text() == CLEAN


def test_small_runs_stay_in_process(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE, "b.toi": FIXABLE})
    assert "in this process" in run("-v", "--no-cache", "-j", "4", ".").err


def test_progress_bar_only_when_enabled_and_slow(capsys: pytest.CaptureFixture[str]) -> None:
    quiet = cli.Progress(10, enabled=False)
    quiet.DELAY = 0
    quiet.advance()
    quiet.close()
    assert capsys.readouterr().err == ""
    fast = cli.Progress(10, enabled=True)  # under a second: nothing
    fast.advance()
    fast.close()
    assert capsys.readouterr().err == ""
    slow = cli.Progress(10, enabled=True)
    slow.DELAY = 0
    slow.advance(5)
    slow.close()
    err = capsys.readouterr().err
    assert "5/10 files" in err and err.startswith("\r") and err.endswith("\r\x1b[2K")
