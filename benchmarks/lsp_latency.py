"""Change -> fresh diagnostics latency of `toilint server` on a 2,000-line Toi file.

Starts the server over stdio exactly as an editor does, opens the file, then edits one
line at a time (waiting for each version's diagnostics before the next edit) and reports
the median and 90th percentile of the time from sending `didChange` to receiving the
`publishDiagnostics` for that version. The debounce counts: it is part of what a user waits.

    python benchmarks/lsp_latency.py [--edits 40] [--lines 2000] [--debounce-ms 25]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time

from lsp_session import Session
from lsprotocol import types

BLOCK = """\
fn scan_{i}(lines)
    local count = 0
    local out = ""
    for line in lines
        if regex.search("[0-9]+", line)
            count = count + 1
            out = out + line
        local parts = {{}}
        parts[#parts + 1] = line
    return count, out

fn table_{i}(n)
    local t = {{}}
    local i = 1
    while i <= n
        t <+ f"k{{i}}"
        i = i + 1
    if #t > 0
        print("filled", #t)
    return t

"""


#: the same shape without the anti-patterns: separates the server's own cost from the rules'
PLAIN = """\
fn scan_{i}(lines)
    local count = 0
    local out = {{}}
    for line in lines
        if line != ""
            count = count + 1
            out <+ line
        local parts = {{}}
        parts <+ line
    return count, out

fn table_{i}(n)
    local t = {{}}
    local i = 1
    while i <= n
        t <+ f"k{{i}}"
        i = i + 1
    if t
        print("filled", #t)
    return t

"""


def program(lines: int, plain: bool = False) -> str:
    parts: list[str] = ["regex = import regex\n\n"]
    i = 0
    while sum(p.count("\n") for p in parts) < lines:
        parts.append((PLAIN if plain else BLOCK).format(i=i))
        i += 1
    parts.append('print(scan_0({"a1", "b"}))\n')
    return "".join(parts)


async def run(
    edits: int, lines: int, debounce_ms: int, plain: bool, python: str
) -> tuple[list[float], list[float], float]:
    session = Session("lsp-latency")
    await session.start(debounce_ms, python)
    uri = "file:///bench/latency.toi"
    text = program(lines, plain)
    session.open(uri, text)
    await session.wait(1)
    print(f"{text.count(chr(10))} lines, {len(session.published[1])} diagnostics", file=sys.stderr)
    samples: list[float] = []
    decoded: list[float] = []
    cpu_before = session.server_cpu()
    for n in range(edits):
        version = n + 2
        line = 7 + 21 * (n % 50)  # the `1` of `count = count + 1` in one of the functions
        change = types.TextDocumentContentChangePartial(
            range=types.Range(
                start=types.Position(line=line, character=28), end=types.Position(line=line, character=29)
            ),
            text=str(n % 9 + 1),
        )
        sent = session.change(uri, version, change)
        await session.wait(version)
        samples.append(session.arrived[version] - sent)
        decoded.append(session.decoded[version] - sent)
    cpu = (session.server_cpu() - cpu_before) / edits
    await session.stop()
    return samples, decoded, cpu


def lint_only(lines: int, plain: bool, repeat: int = 5) -> float:
    from toilint import lint_source

    text = program(lines, plain)
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        lint_source(text, "latency.toi")
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--debounce-ms", type=int, default=25)
    parser.add_argument("--plain", action="store_true", help="a file without anti-patterns (few diagnostics)")
    parser.add_argument("--server-python", default=sys.executable, help="the Python whose toilint serves")
    args = parser.parse_args()
    samples, decoded, cpu = asyncio.run(run(args.edits, args.lines, args.debounce_ms, args.plain, args.server_python))
    ms = sorted(s * 1000 for s in samples)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    print(
        f"change -> diagnostics, {args.lines} lines{' (plain)' if args.plain else ''}, debounce {args.debounce_ms} ms, {len(ms)} edits: "
        f"median {statistics.median(ms):.1f} ms, p90 {p90:.1f} ms, min {ms[0]:.1f} ms; "
        f"server CPU {cpu * 1000:.1f} ms per edit"
    )
    print(
        f"  (with this client's decoding of the message into objects: median {statistics.median(decoded) * 1000:.1f} ms)"
    )
    print(f"lint_source alone on the same text: median {lint_only(args.lines, args.plain) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
