"""Smoke test of an installed toilint, run from outside the source tree with the installed Python.

CI builds the sdist, builds the wheel from it, installs the wheel into a fresh virtualenv and
runs this file there from an empty directory, so that nothing can come from the checkout:

- lint and fix a sample program;
- `toilint bench --list` finds the bundled cases and their recorded results;
- `toilint explain PERF101` shows the recorded run and a rule page that exists;
- the language server answers initialize, publishes diagnostics for an opened document and
  shows a rule's recorded run on hover;
- only the `toilint` package was installed (no top-level `lsp`).

Exits non-zero with a message at the first failure. Needs no Toi interpreter.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

SAMPLE = "t = {1, 2, 3}\nif #t > 0\n    print(t)\n"
FIXED = "t = {1, 2, 3}\nif t\n    print(t)\n"
TIMEOUT = 60


def toilint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toilint", *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT
    )


def check(condition: bool, what: str, detail: object = "") -> None:
    if not condition:
        sys.exit(f"smoke test failed: {what}\n{detail}")
    print(f"ok: {what}")


def installed_layout() -> None:
    import toilint

    installed = Path(sysconfig.get_paths()["purelib"]).resolve()
    location = Path(toilint.__file__).resolve()
    check(location == installed / "toilint" / "__init__.py", "toilint is imported from the installation", location)
    check(importlib.util.find_spec("lsp") is None, "no top-level `lsp` package is installed")
    check(importlib.util.find_spec("toilint.lsp.server") is not None, "the server is toilint.lsp.server")


def lint_and_fix(work: Path) -> None:
    sample = work / "sample.toi"
    sample.write_text(SAMPLE, encoding="utf-8")
    result = toilint("sample.toi", "--output-format", "json", cwd=work)
    found = json.loads(result.stdout) if result.returncode == 1 else []
    check([d["code"] for d in found] == ["PERF303"], "lint reports PERF303 in a sample", result)
    page = found[0]["url"]
    check(page.startswith("file:") and Path(unquote(urlparse(page).path)).is_file(), "its docs link opens", page)
    result = toilint("--fix", "sample.toi", cwd=work)
    check(result.returncode == 0 and sample.read_text(encoding="utf-8") == FIXED, "--fix rewrites it", result)


def bench_and_explain(work: Path) -> None:
    result = toilint("bench", "--list", cwd=work)
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:] if line.strip()}
    check(result.returncode == 0 and "PERF101" in rows, "bench --list finds the bundled cases", result)
    check("x on " in rows["PERF101"], "bench --list shows PERF101's recorded result", rows["PERF101"])
    result = toilint("explain", "PERF101", cwd=work)
    check(result.returncode == 0 and "## Why is this bad?" in result.stdout, "explain PERF101 prints its docs", result)
    check("## Measured on the real interpreter\n" in result.stdout, "explain PERF101 shows the recorded run", result)
    page = result.stdout.rsplit("Documentation: ", 1)[-1].strip()
    check(Path(page).is_file(), "explain names a rule page that exists", page)


class Client:
    """Just enough of an LSP client: Content-Length framed JSON-RPC over the server's stdio."""

    def __init__(self, work: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "toilint", "server"],
            cwd=work,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.next_id = 0

    def send(self, method: str, params: Any, request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.proc.stdin.flush()
        return message.get("id")

    def receive(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                sys.exit("smoke test failed: the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        message: dict[str, Any] = json.loads(self.proc.stdout.read(length))
        return message

    def wait_for(self, match: Any) -> dict[str, Any]:
        for _ in range(100):
            message = self.receive()
            if match(message):
                return message
        sys.exit("smoke test failed: the server never sent the expected message")


def language_server(work: Path) -> None:
    client = Client(work)
    try:
        uri = (work / "open.toi").as_uri()
        init = client.send("initialize", {"processId": os.getpid(), "rootUri": work.as_uri(), "capabilities": {}}, True)
        answer = client.wait_for(lambda m: m.get("id") == init)
        check("capabilities" in answer.get("result", {}), "the server answers initialize", answer)
        client.send("initialized", {})
        document = {"uri": uri, "languageId": "toi", "version": 1, "text": SAMPLE}
        client.send("textDocument/didOpen", {"textDocument": document})
        published = client.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
        )
        diagnostics = published["params"]["diagnostics"]
        check([d["code"] for d in diagnostics] == ["PERF303"], "the server publishes diagnostics", published)
        where = {"textDocument": {"uri": uri}, "position": diagnostics[0]["range"]["start"]}
        hover = client.send("textDocument/hover", where, True)
        answer = client.wait_for(lambda m: m.get("id") == hover)
        text = ((answer.get("result") or {}).get("contents") or {}).get("value", "")
        check("Measured on the real interpreter" in text, "hover shows the rule's recorded run", answer)
        shutdown = client.send("shutdown", None, True)
        client.wait_for(lambda m: m.get("id") == shutdown)
        client.send("exit", None)
        check(client.proc.wait(timeout=TIMEOUT) == 0, "the server exits cleanly")
    finally:
        if client.proc.poll() is None:
            client.proc.kill()


def main() -> None:
    installed_layout()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        lint_and_fix(work)
        bench_and_explain(work)
        language_server(work)
    print("smoke test passed")


if __name__ == "__main__":
    main()
