"""A check run by the console script keeps its finished analyses to the end of the process (which
ends without freeing anything) instead of freeing each file's tree and model at once, within a
budget; past it, and in any other caller's process, each is freed as soon as its file is done."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from toilint import _gc, api, entry
from toilint.api import LintResult

FILE = "fn add(a, b)\n    return a + b\n\nlocal unused = add(1, 2)\n"


@pytest.fixture
def released(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[LintResult]]:
    """The results whose analyses were freed at once; the module's budget restored afterwards."""
    found: list[LintResult] = []
    real = LintResult.release

    def release(self: LintResult) -> None:
        found.append(self)
        real(self)

    monkeypatch.setattr(api.LintResult, "release", release)
    monkeypatch.setattr(_gc, "_retained", [])
    monkeypatch.setattr(_gc, "_retain_left", 0)
    yield found
    gc.unfreeze()


def project(tmp_path: Path, count: int) -> Path:
    for i in range(count):
        (tmp_path / f"m{i}.toi").write_text(FILE)
    return tmp_path


def test_own_process_keeps_analyses_within_the_budget(
    released: list[LintResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_gc, "RETAIN_BUDGET", 2 * len(FILE))  # room for two files of three
    was = gc.isenabled()
    try:
        code = entry.main(["check", "-j", "1", "--no-cache", str(project(tmp_path, 3))], own_process=True)
    finally:
        if was:
            gc.enable()
    assert code == 1  # the unused local, in each file
    kept = [r for r in _gc._retained if isinstance(r, LintResult)]
    assert len(kept) == 2 and len(released) == 1
    assert all(r.semantic is not None and r.semantic.scopes for r in kept)  # whole, not released
    assert released[0] not in kept
    assert _gc._retain_left == 0  # only while the check ran


def test_other_callers_free_every_analysis_at_once(released: list[LintResult], tmp_path: Path) -> None:
    assert entry.main(["check", "-j", "1", "--no-cache", str(project(tmp_path, 3))]) == 1
    assert _gc._retained == [] and len(released) == 3


def test_past_the_budget_the_kept_analyses_are_frozen_once(
    released: list[LintResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # frozen once they are all there; freezing again at each later file would also hide that
    # file's leftovers from the collector for good
    freezes: list[None] = []
    monkeypatch.setattr(_gc.gc, "freeze", lambda: freezes.append(None))
    monkeypatch.setattr(_gc, "RETAIN_BUDGET", len(FILE))
    was = gc.isenabled()
    try:
        entry.main(["check", "-j", "1", "--no-cache", str(project(tmp_path, 4))], own_process=True)
    finally:
        if was:
            gc.enable()
    assert len(_gc._retained) == 1 and len(released) == 3
    assert len(freezes) == 1
