"""Linting with the previous version's result (what the editor does on every change) reports
exactly what a lint of the whole new text reports, edit after edit."""

from __future__ import annotations

import os
import random
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from toilint import lint_source
from toilint.api import LintResult
from toilint.settings import Settings

PROGRAMS = sorted((Path(__file__).parent / "programs").glob("*.toi"))
ALL = Settings(select=("ALL",))

FUNCTION = """\
fn tally(lines, pattern)
    local counts = {}
    local out = ""
    for line in lines
        if regex.search(pattern, line)
            counts[line] = (counts[line] or 0) + 1
            out = out + line
    print(f"{#counts} lines")  -- a comment
    return counts, out
"""


def _toi_lib() -> Path | None:
    toi = os.environ.get("TOI") or shutil.which("toi")
    lib = Path(toi).resolve().parent / "lib" if toi else None
    return lib if lib is not None and lib.is_dir() else None


def _replay(texts: Iterator[str], settings: Settings) -> int:
    """Lint each text with the previous text's result; compare with a lint from scratch."""
    previous: LintResult | None = None
    steps = 0
    for text in texts:
        full = lint_source(text, "replay.toi", settings)
        if previous is not None:
            again = lint_source(text, "replay.toi", settings, previous=previous)
            assert again.diagnostics == full.diagnostics, text
            assert again.parse.errors == full.parse.errors
            assert again.parse.tokens() == full.parse.tokens()
            previous = again
        else:
            previous = full
        steps += 1
    return steps


def _starts(text: str) -> list[int]:
    """Offsets of the lines that start a top-level statement."""
    return [m.start() for m in re.finditer(r"(?m)^[A-Za-z_]", text)]


def _typing(text: str, every: int) -> Iterator[str]:
    """Typing FUNCTION (and the call that uses it) on a new line in the middle of the file."""
    starts = _starts(text) or [0]
    at = starts[len(starts) // 2]
    typed = FUNCTION + 'print(tally({"a1"}, "[0-9]"))\n'
    yield text
    for k in [*range(1, len(typed), every), len(typed)]:
        yield text[:at] + typed[:k] + text[at:]


def _deleting_lines(text: str) -> Iterator[str]:
    """Deleting one line at a time from the middle of the file, then from the top."""
    lines = text.split("\n")
    yield text
    middle = len(lines) // 2
    while len(lines) > middle + 1 and middle > 0:
        del lines[middle]
        yield "\n".join(lines)
    while lines:
        del lines[:3]
        yield "\n".join(lines)


def _renaming(text: str, old: str, new: str) -> Iterator[str]:
    """Renaming ``old`` one occurrence at a time, a character at a time at the definition."""
    yield text
    found = [m.start() for m in re.finditer(rf"\b{re.escape(old)}\b", text)]
    if not found:
        return
    first = found[0]
    for k in range(1, len(new) + 1):  # retyping the name at its definition
        yield text[:first] + new[:k] + text[first + len(old) :]
    for _ in found:
        text = re.sub(rf"\b{re.escape(old)}\b", new, text, count=1)
        yield text


def _random_edits(text: str, seed: int, count: int) -> Iterator[str]:
    pieces = [
        "x",
        "1",
        " ",
        "\n",
        "(",
        ")",
        "{",
        "}",
        '"',
        "fn f()\n    return 1\n",
        "    ",
        "local y = ",
        "--",
        "if x\n",
        ".",
    ]
    rng = random.Random(seed)
    yield text
    for _ in range(count):
        at = rng.randrange(len(text) + 1)
        if text and rng.random() < 0.4:
            end = min(len(text), at + rng.randrange(1, 12))
            text = text[:at] + text[end:]
        else:
            text = text[:at] + rng.choice(pieces) + text[at:]
        yield text


def _program() -> str:
    return "regex = import regex\n\n" + "\n".join(p.read_text(encoding="utf-8").replace("\r\n", "\n") for p in PROGRAMS)


@pytest.mark.parametrize("settings", [Settings(), ALL], ids=["default", "all"])
def test_typing_a_function_into_a_file(settings: Settings) -> None:
    assert _replay(_typing(_program(), every=8), settings) > 30


def test_deleting_lines_one_by_one() -> None:
    assert _replay(_deleting_lines(_program()), ALL) > 100


def test_renaming_a_function_use_by_use() -> None:
    text = _program() + FUNCTION + 'print(tally({"a"}, "a"))\nprint(tally({"b"}, "b"))\n'
    assert _replay(_renaming(text, "tally", "count_matching_lines"), ALL) > 20


@pytest.mark.parametrize("seed", range(4))
def test_random_edits(seed: int) -> None:
    assert _replay(_random_edits(_program(), seed, 25), ALL) == 26


def test_realistic_edits_on_the_interpreters_library() -> None:
    lib = _toi_lib()
    if lib is None:
        pytest.skip("the Toi interpreter is not installed (set TOI): its lib/ holds the real programs")
    text = (lib / "markdown.toi").read_text(encoding="utf-8")
    assert _replay(_typing(text, every=20), Settings()) > 10
    name = re.search(r"(?m)^fn (\w+)", text)
    assert name is not None
    assert _replay(_renaming(text, name.group(1), name.group(1) + "_renamed"), Settings()) > 3
    assert _replay(_random_edits(text, 7, 8), Settings()) == 9
