"""Running the CLI's jobs in forked worker processes, a few jobs at a time.

The workers are forked after the CLI has loaded the linter and read every file, so they start
warm and already hold every job: a job's number goes to a worker and its outcome comes back,
over one pair of pipes per worker. ``concurrent.futures`` did the same less cheaply: importing it
with ``multiprocessing`` cost the CLI ~20 ms before the first worker started (as long as the rest
of its start-up), and it pickled each job, source text and all, to send it over.

Chunks are handed out as workers become free (a fixed split of the files left one worker idle for
a tenth of the run), in walk order. A worker that fails sends its exception back and the run
raises it; a worker that dies raises :class:`WorkerDied`. Only where ``os.fork`` exists.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct

TYPE_CHECKING = False  # no typing import at start-up
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, NoReturn, TypeVar

    _J = TypeVar("_J")
    _R = TypeVar("_R")

_CHUNK = struct.Struct("=II")  # [start, stop) of the jobs to run; start == stop: exit
_SIZE = struct.Struct("=Q")  # the length of the pickled reply that follows


class WorkerDied(RuntimeError):
    """A worker process ended without answering (killed, or crashed in the interpreter)."""


def run_forked(
    jobs: Sequence[_J], function: Callable[[_J], _R], workers: int, chunk: int, advance: Callable[[int], None]
) -> list[_R]:
    """``[function(job) for job in jobs]``, computed in ``workers`` forked processes."""
    chunks = [(start, min(start + chunk, len(jobs))) for start in range(0, len(jobs), chunk)]
    results: list[Any] = [None] * len(jobs)
    pids: list[int] = []
    tasks: dict[int, int] = {}  # the reply pipe of a worker -> its task pipe
    working: dict[int, tuple[int, int]] = {}  # the reply pipe of a worker -> the chunk it runs
    finished = False
    try:
        for _ in range(min(workers, len(chunks))):
            task_read, task_write = os.pipe()
            reply_read, reply_write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                for fd in (task_write, reply_read, *tasks, *tasks.values()):
                    os.close(fd)
                _serve(jobs, function, task_read, reply_write)
            pids.append(pid)
            os.close(task_read)
            os.close(reply_write)
            tasks[reply_read] = task_write
        poller = select.poll()
        queue = iter(chunks)
        for reply in tasks:
            _hand_out(next(queue), reply, tasks, working, poller)
        while working:
            for reply, _event in poller.poll():
                start, stop = working.pop(reply)
                ok, value = pickle.loads(_read_reply(reply))
                if not ok:
                    raise value
                results[start:stop] = value
                advance(stop - start)
                _hand_out(next(queue, (0, 0)), reply, tasks, working, poller)
        finished = True
    finally:
        for fd in (*tasks, *tasks.values()):
            os.close(fd)
        for pid in pids:
            if not finished:  # an error or an interrupt: the workers' results are not wanted
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            os.waitpid(pid, 0)
    return results


def _hand_out(
    span: tuple[int, int], reply: int, tasks: dict[int, int], working: dict[int, tuple[int, int]], poller: Any
) -> None:
    """Send a worker its next chunk, or (an empty span) tell it to exit."""
    os.write(tasks[reply], _CHUNK.pack(*span))  # 8 bytes: one atomic write
    if span[0] != span[1]:
        working[reply] = span
        poller.register(reply, select.POLLIN)
    else:
        poller.unregister(reply)


def _read_reply(fd: int) -> bytes:
    size = _SIZE.unpack(_read_exactly(fd, _SIZE.size))[0]
    return _read_exactly(fd, size)


def _read_exactly(fd: int, size: int) -> bytes:
    parts: list[bytes] = []
    while size:
        part = os.read(fd, min(size, 1 << 20))
        if not part:
            raise WorkerDied("a worker process ended without sending its results")
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _serve(jobs: Sequence[_J], function: Callable[[_J], _R], task_read: int, reply_write: int) -> NoReturn:
    """A worker's life: run the chunks it is sent, send each one's results back, then exit."""
    code = 0
    try:
        out = os.fdopen(reply_write, "wb")
        while True:
            start, stop = _CHUNK.unpack(_read_exactly(task_read, _CHUNK.size))
            if start == stop:
                break
            try:
                reply = pickle.dumps((True, [function(jobs[i]) for i in range(start, stop)]), pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # the parent raises it: the same error as in one process
                reply = _pickled_error(exc)
            out.write(_SIZE.pack(len(reply)))
            out.write(reply)
            out.flush()
    except BaseException:
        code = 1
    finally:
        # no interpreter shutdown in a forked copy of the CLI: it would flush the parent's
        # buffered output a second time and run its exit handlers
        os._exit(code)


def _pickled_error(exc: BaseException) -> bytes:
    import traceback

    exc.add_note("".join(["in a worker process:\n", *traceback.format_exception(exc)]))
    try:
        return pickle.dumps((False, exc), pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that does not pickle still tells what happened
        return pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")), pickle.HIGHEST_PROTOCOL)
