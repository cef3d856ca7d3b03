"""A batch run frees each file's tree and model as soon as its outcome is taken.

The semantic model's scopes and bindings refer to each other; left to the cyclic collector, every
file's whole tree stayed alive until a collection (a tenth of a ``-j 1`` run, and the peak memory
of a run grew with the files linted between collections).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from toilint.cli import Job, run_job
from toilint.settings import Settings

PROGRAM = """\
let total = 0
fn add(items)
  for i, v in items
    total = total + v
  return total

fn unused(a)
  let b = a
  return nil

print(add([1, 2, 3]))
"""


@pytest.fixture
def collector_paused() -> Iterator[None]:
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _job(mode: str, tmp_path: Path) -> Job:
    path = tmp_path / "prog.toi"
    path.write_text(PROGRAM, encoding="utf-8")
    return Job(str(path), str(path), PROGRAM, Settings(), mode, unsafe=False, writable=True)


@pytest.mark.parametrize("mode", ["lint", "diff"])
def test_a_files_tree_is_freed_without_the_cyclic_collector(mode: str, tmp_path: Path, collector_paused: None) -> None:
    job = _job(mode, tmp_path)
    run_job(job)  # first run: imports and one-off tables
    gc.collect()
    outcome = run_job(job)
    assert outcome.diagnostics, "the program has findings: the lint ran"
    # what is left for the collector is the fixer's intermediate results at most, never the last one
    left = gc.collect()
    whole = _garbage_without_release(job)
    assert whole > 100, "without the release, the tree waits for the collector"
    assert left < whole / 4, (left, whole)


def _garbage_without_release(job: Job) -> int:
    from toilint.api import lint_source

    result = lint_source(job.text, job.display, job.settings)
    del result
    return gc.collect()
