"""Run the real Toi compiler as an oracle: does a snippet compile, and with which error?

The snippet gets ``exit(0)`` as a new first line (so nothing runs) and the line in the
compiler's message is shifted back by one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

_ERR = re.compile(r"\[line (\d+)\] Error(?: at (?:'(.*?)'|end))?: (.*)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Verdict:
    ok: bool
    message: str | None
    line: int | None


def toi_binary() -> str | None:
    """``$TOI`` when set (and executable), else ``toi`` on PATH, else None."""
    env = os.environ.get("TOI")
    if env is not None:
        return env if os.path.isfile(env) and os.access(env, os.X_OK) else None
    return shutil.which("toi")


def compile_check(source: str, toi: str) -> Verdict:
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "snippet.toi")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("exit(0)\n" + source)
        p = subprocess.run([toi, path], capture_output=True, cwd=d, timeout=10, stdin=subprocess.DEVNULL)
    err = _ANSI.sub("", p.stderr.decode("utf-8", "replace"))
    if p.returncode == 0:
        return Verdict(True, None, None)
    m = _ERR.search(err)
    if not m:
        return Verdict(False, err.strip(), None)
    return Verdict(False, m.group(3).strip(), int(m.group(1)) - 1)
