"""Run the real Toi compiler as an oracle: does a snippet compile, and with which error?

The snippet gets ``exit(0)`` as a new first line (so nothing runs) and the line in the
compiler's message is shifted back by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.support import run_toi

_ERR = re.compile(r"\[line (\d+)\] Error(?: at (?:'(.*?)'|end))?: (.*)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Verdict:
    ok: bool
    message: str | None
    line: int | None


def compile_check(source: str) -> Verdict:
    run = run_toi("exit(0)\n" + source, timeout=10)
    if run.returncode == 0:
        return Verdict(True, None, None)
    m = _ERR.search(_ANSI.sub("", run.stderr))
    if not m:
        return Verdict(False, run.stderr.strip(), None)
    return Verdict(False, m.group(3).strip(), int(m.group(1)) - 1)
