"""Peak memory of `toilint server` under abuse (a benchmark, not a test).

    python benchmarks/lsp_stress.py

Opens a 200,000-line document and a small one, sends 1,000 single-character edits, a malformed
request and requests for an unopened document, then reports whether every request was answered
and the server's peak resident set size (VmHWM from /proc).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from typing import Any

REGEX_IN_LOOP = (
    'regex = import regex\nfor line in {"a1", "b"}\n    if regex.search("[0-9]+", line)\n        print(line)\n'
)


class Server:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "toilint", "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.responses: dict[int, Any] = {}
        self.published: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            header = out.readline()
            if not header:
                return
            if header.startswith(b"Content-Length:"):
                length = int(header.split(b":")[1])
                while out.readline().strip():  # other headers, then the blank line
                    pass
                msg = json.loads(out.read(length))
                if "id" in msg and "method" not in msg:
                    self.responses[msg["id"]] = msg
                elif msg.get("method") == "textDocument/publishDiagnostics":
                    self.published.append(msg["params"])

    def send(self, payload: dict[str, Any] | bytes) -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, rid: int, method: str, params: dict[str, Any], timeout: float = 30) -> Any:
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while rid not in self.responses:
            if time.monotonic() > deadline:
                return None
            time.sleep(0.01)
        return self.responses[rid]

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def peak_rss_kib(self) -> int:
        with open(f"/proc/{self.proc.pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return -1


def main() -> int:
    s = Server()
    s.request(1, "initialize", {"capabilities": {}, "processId": None, "rootUri": None})
    s.notify("initialized", {})
    huge = "file:///stress/huge.toi"
    s.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": huge, "languageId": "toi", "version": 1, "text": "x = 1\n" * 200_000}},
    )
    small = "file:///stress/small.toi"
    s.notify("textDocument/didOpen", {"textDocument": {"uri": small, "languageId": "toi", "version": 1, "text": ""}})
    text = ""
    for version in range(2, 1002):
        lines = text.split("\n")
        pos = {"line": len(lines) - 1, "character": len(lines[-1])}
        char = REGEX_IN_LOOP[(version - 2) % len(REGEX_IN_LOOP)]
        text += char
        s.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": small, "version": version},
                "contentChanges": [{"range": {"start": pos, "end": pos}, "text": char}],
            },
        )
    s.send(b"{not json")
    answered = [
        s.request(10, "textDocument/hover", {"textDocument": {"uri": huge}, "position": {"line": 5, "character": 0}}),
        s.request(
            11,
            "textDocument/hover",
            {"textDocument": {"uri": "file:///never.toi"}, "position": {"line": 0, "character": 0}},
        ),
        s.request(12, "toilint/unknown", {}),
        s.request(13, "textDocument/documentSymbol", {"textDocument": {"uri": small}}),
    ]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(p["uri"] == small and p.get("version") == 1001 for p in s.published):
        time.sleep(0.05)
    final = [p for p in s.published if p["uri"] == small and p.get("version") == 1001]
    print(f"requests answered: {sum(a is not None for a in answered)}/{len(answered)}")
    print(f"publishes for the small document: {sum(p['uri'] == small for p in s.published)} (1,000 edits)")
    print(
        f"newest version published: {bool(final)}; codes: {sorted({d['code'] for d in final[0]['diagnostics']}) if final else None}"
    )
    print(f"server alive: {s.proc.poll() is None}")
    print(f"peak RSS: {s.peak_rss_kib() / 1024:.0f} MiB")
    s.request(99, "shutdown", {})
    s.notify("exit", {})
    s.proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
