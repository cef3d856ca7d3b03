"""A small document's change -> diagnostics latency while a 5 MB document is being analysed.

Opens a document of 40,000 long lines (about 5 MB), and right after it a small one; then edits
the small document one character at a time, each edit sent while the big document's lint is
still running, and reports the small document's change -> publishDiagnostics latency.

    python benchmarks/lsp_busy.py [--edits 10] [--server-python PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time

from lsp_session import Session
from lsprotocol import types

SMALL = 'regex = import regex\nlines = {"a1", "b"}\nfor line in lines\n    if regex.search("[0-9]+", line)\n        print(line)\n'
#: the big document's version (publishes are told apart by version: the small one's stay below)
BIG_VERSION = 1_000_000
LONG_LINE = 'x{i} = {{a = {i}, b = "{i}", c = {{1, 2, 3}}, d = f"{{a}}"}}  -- ' + "padding " * 8 + "\n"


async def run(edits: int, python: str) -> tuple[list[float], float | None]:
    session = Session("lsp-busy")
    await session.start(25, python)
    big = "".join(LONG_LINE.format(i=i) for i in range(40_000))
    began = time.perf_counter()
    session.open("file:///bench/big.toi", big, version=BIG_VERSION)
    await asyncio.sleep(0.3)  # the big document's lint is under way
    small = "file:///bench/small.toi"
    session.open(small, SMALL)
    samples: list[float] = []
    version = 1
    for n in range(edits):
        version += 1
        at = types.Position(line=0, character=0)
        change = types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=f"x{n} = 1\n")
        sent = session.change(small, version, change)
        await session.wait(version)
        samples.append(session.arrived[version] - sent)
    big_done = None
    try:
        await session.wait(BIG_VERSION, timeout=60)
        big_done = session.arrived[BIG_VERSION] - began
    except TimeoutError:
        pass
    await session.stop()
    return samples, big_done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--server-python", default=sys.executable, help="the Python whose toilint serves")
    args = parser.parse_args()
    samples, big_done = asyncio.run(run(args.edits, args.server_python))
    ms = sorted(s * 1000 for s in samples)
    if big_done is not None:
        print(f"big document (5 MB): diagnostics {big_done:.1f} s after it was opened")
    print(
        f"small document while the big one is analysed, {len(ms)} edits: median {statistics.median(ms):.1f} ms, max {ms[-1]:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
