"""`toilint check --watch`: a run now, another after every change, until interrupted."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from cli_helpers import CLEAN, FIXABLE, Runner, write

from toilint.cli import watch as watch_module
from toilint.cli.watch import snapshot

WAIT = 30.0


class Watcher:
    def __init__(self, cwd: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("FORCE_COLOR", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "toilint", "check", "--watch", "--output-format", "concise", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def next_run(self) -> str:
        """Everything printed up to the end of the next run."""
        out = []
        while True:
            line = self.lines.get(timeout=WAIT)
            out.append(line)
            if "Watching for file changes." in line:
                return "".join(out)

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=WAIT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def test_watch_lints_again_after_a_change_and_stops_on_interrupt(tmp_path: Path) -> None:
    write(tmp_path, {"src/a.toi": FIXABLE, "src/b.toi": CLEAN})
    watcher = Watcher(tmp_path, "src")
    try:
        first = watcher.next_run()
        assert "Linting src ..." in first
        assert "src/a.toi:2:4: PERF303" in first and "Found 1 diagnostic." in first
        (tmp_path / "src" / "a.toi").write_text(CLEAN, encoding="utf-8")
        second = watcher.next_run()
        assert "PERF303" not in second and "All checks passed!" in second
        write(tmp_path, {"src/new/c.toi": FIXABLE})  # a new file in a new directory
        third = watcher.next_run()
        assert "src/new/c.toi:2:4: PERF303" in third
        write(tmp_path, {"toilint.toml": 'ignore = ["PERF303"]\n'})  # configuration counts too
        assert "All checks passed!" in watcher.next_run()
    finally:
        status = watcher.stop()
    assert status == 0


def test_snapshot_sees_toi_and_configuration_files_only(tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": CLEAN, "notes.txt": "x", "pyproject.toml": "", "node_modules/m.toi": CLEAN})
    found = snapshot([str(tmp_path)])
    assert str(tmp_path / "a.toi") in found and str(tmp_path / "pyproject.toml") in found
    assert not any(p.endswith(("notes.txt", "m.toi")) for p in found)


@pytest.mark.parametrize("option", [["--diff"], ["--add-suppressions"], ["--write-baseline", "b.json"], ["-"]])
def test_watch_refuses_what_it_cannot_repeat(run: Runner, option: list[str]) -> None:
    result = run("check", "--watch", *option)
    assert result.code == 2 and "--watch" in result.err


MAIN = "from util import helper\nprint(helper(1))\n"
UTIL = "fn helper(x) {\n    return x\n}\nreturn {helper = helper}\n"
UTIL_WITHOUT_HELPER = "fn other_name(x) {\n    return x\n}\nreturn {other_name = other_name}\n"


@pytest.mark.parametrize(
    ("files", "change", "first", "second"),
    [
        # a module outside the watched paths loses the function the watched file imports
        ({"lib/util.toi": UTIL}, {"lib/util.toi": UTIL_WITHOUT_HELPER}, "All checks passed!", "E206"),
        # a missing module appears (a candidate the interpreter tries)
        ({}, {"lib/util.toi": UTIL}, "E205", "All checks passed!"),
    ],
)
@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_watch_lints_the_importer_again_when_a_module_changes(
    run: Runner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, str],
    change: dict[str, str],
    first: str,
    second: str,
    cache: list[str],
) -> None:
    write(tmp_path, {"main.toi": MAIN, **files})
    if not cache:
        assert first in run("main.toi").out  # the watch's first run is answered by the cache
    waits = 0

    def sleep(seconds: float) -> None:
        # one poll found nothing to do: the module changes; the next wait ends the watch
        nonlocal waits
        waits += 1
        if waits == 1:
            write(tmp_path, change)
        else:
            raise KeyboardInterrupt

    monkeypatch.setattr(watch_module.time, "sleep", sleep)
    result = run("check", "--watch", "--output-format", "concise", *cache, "main.toi")
    assert result.code == 0
    runs = result.out.split("Watching for file changes.")
    assert len(runs) == 3, result.out  # two runs, then the interrupt
    assert first in runs[0] and second not in runs[0]
    assert second in runs[1] and first not in runs[1]
