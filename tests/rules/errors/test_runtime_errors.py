"""E201-E206: every fixture under runtime/ is linted and run on the interpreter.

A fixture starts with ``-- expect: CODE LINE: MESSAGE`` (toilint reports CODE on LINE, and the
interpreter stops with MESSAGE) or ``-- expect: ok`` (no E2 report, and the program runs to the
end). A directory fixture is a small project: ``main.toi`` and the modules it imports, linted and
run from that directory (the project root).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.interpreter import run_toi
from toilint.api import lint_source
from toilint.settings import Settings

HERE = Path(__file__).parent / "runtime"
FIXTURES = sorted([*HERE.glob("*.toi"), *(d / "main.toi" for d in HERE.iterdir() if (d / "main.toi").is_file())])
HEADER = re.compile(r"-- expect: (?:ok|(?P<code>E\d+) (?P<line>\d+): (?P<message>.*))$")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _id(path: Path) -> str:
    return path.parent.name if path.name == "main.toi" else path.stem


def _expect(path: Path) -> tuple[str, int, str] | None:
    m = HEADER.match(path.read_text().splitlines()[0])
    assert m, f"{path}: bad header"
    return None if m["code"] is None else (m["code"], int(m["line"]), m["message"])


def _root(path: Path) -> Path:
    return path.parent if path.name == "main.toi" else HERE


@pytest.mark.parametrize("path", FIXTURES, ids=_id)
def test_toilint_reports_what_the_interpreter_raises(path: Path) -> None:
    settings = Settings(select=("E2",), project_root=str(_root(path)))
    result = lint_source(path.read_text(), str(path), settings)
    found = [(d.code, result.lines.line_of(d.start)) for d in result.diagnostics if d.code.startswith("E2")]
    expected = _expect(path)
    assert found == ([expected[:2]] if expected else [])


@pytest.mark.parametrize("path", FIXTURES, ids=_id)
def test_the_interpreter_agrees(path: Path) -> None:
    run = run_toi(path, cwd=_root(path), timeout=20)
    out = ANSI.sub("", run.stdout + run.stderr)
    expected = _expect(path)
    if expected is None:
        assert run.returncode == 0, out
    else:
        assert run.returncode != 0 and expected[2] in out, out


def test_native_messages_name_the_closest_member() -> None:
    result = lint_source('regex = import regex\nregex.serach("a", "b")\n', "t.toi", Settings(select=("E202",)))
    assert [d.message for d in result.diagnostics] == [
        "native module 'regex' has no member 'serach'; did you mean 'search'?"
    ]


def test_project_root_decides_what_resolves(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "util.toi").write_text("return {}\n")
    text = "u = import app.util\n"
    inside = lint_source(text, "t.toi", Settings(select=("E205",), project_root=str(tmp_path)))
    elsewhere = lint_source(text, "t.toi", Settings(select=("E205",), project_root=str(tmp_path / "app")))
    assert [d.code for d in inside.diagnostics] == []
    assert [d.code for d in elsewhere.diagnostics] == ["E205"]
