"""Parity with the real compiler: toilint rejects exactly what ``toi`` rejects.

Skipped when no interpreter is available (set ``$TOI`` or put ``toi`` on PATH).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import requires_toi
from tests.syntax.oracle import compile_check
from tests.syntax.test_errors import ERROR_CASES
from toilint.syntax import parse

pytestmark = requires_toi

PROGRAMS = sorted((Path(__file__).parent.parent / "programs").glob("*.toi"))

ACCEPTED = [
    "x = foo(1,\n2)\n",
    "if true\n\tx = 1\n    y = 2\n",
    "each(fn(x)\n    print x\n    return x\n, 2)\n",
    "fn f()",
    "if x\n    fn f()",
    "x = {a = 1} {b = 2}\n",
    "t = {f = fn() x, g = 1}\n",
    "f(fn(x) x, 2)\n",
    "x = a[[1]]\n",
    "x = 1 # comment words\n",
    "case = 1\nx = match\n",
    "a.yield(1)\nt::yield\n",
    "x = 1\nreturn\ny = 2\n",
    "@d\n@e\n\nfn f() 1\n",
    's = f"{1 +}"\n',
]


def _ours(source: str) -> tuple[bool, str | None, int | None]:
    fatal = [e for e in parse(source).errors if e.fatal]
    if fatal:
        return False, fatal[0].message, fatal[0].line
    return True, None, None


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.name)
def test_programs(path: Path) -> None:
    src = path.read_text(encoding="utf-8")
    v = compile_check(src)
    assert (v.ok, v.message, v.line) == _ours(src)


@pytest.mark.parametrize("source", ACCEPTED + [c[0] for c in ERROR_CASES])
def test_snippets(source: str) -> None:
    v = compile_check(source)
    assert (v.ok, v.message, v.line) == _ours(source)
