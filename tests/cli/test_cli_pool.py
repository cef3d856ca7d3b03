"""The CLI's worker processes: every result, in order; a worker's error or death reaches the caller."""

from __future__ import annotations

import os

import pytest

from toilint.cli.pool import WorkerDied, run_forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers only where os.fork exists")


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize(("workers", "chunk"), [(1, 1), (2, 1), (2, 3), (3, 16), (4, 50)])
def test_results_come_back_in_order(workers: int, chunk: int) -> None:
    jobs = [f"file{i}" * (i % 7) for i in range(41)]
    advanced: list[int] = []
    assert run_forked(jobs, lambda s: (os.getpid(), len(s)), workers, chunk, advanced.append)[3][1] == 3 * 5
    results = run_forked(jobs, len, workers, chunk, advanced.append)
    assert results == [len(j) for j in jobs]
    assert sum(advanced) == 2 * len(jobs)
    assert no_children_left()


def test_the_work_is_shared() -> None:
    pids = {pid for pid, _ in run_forked(list(range(20)), lambda i: (os.getpid(), i), 2, 1, lambda n: None)}
    assert len(pids) == 2 and os.getpid() not in pids


def test_a_workers_error_is_raised_with_its_message() -> None:
    def lint(i: int) -> int:
        if i == 7:
            raise ValueError(f"bad job {i}")
        return i

    with pytest.raises(ValueError, match="bad job 7") as info:
        run_forked(list(range(12)), lint, 2, 2, lambda n: None)
    assert any("in a worker process" in note for note in getattr(info.value, "__notes__", []))
    assert no_children_left()


def test_a_dead_worker_is_an_error_not_a_hang() -> None:
    def lint(i: int) -> int:
        if i == 5:
            os._exit(3)
        return i

    with pytest.raises(WorkerDied):
        run_forked(list(range(12)), lint, 2, 1, lambda n: None)
    assert no_children_left()


def test_nothing_to_do() -> None:
    assert run_forked([], len, 2, 4, lambda n: None) == []
