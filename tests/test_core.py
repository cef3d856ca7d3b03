"""The pieces under every rule: offsets to lines, rule selection, edits."""

from __future__ import annotations

import pytest

from toilint.diagnostics import Edit, apply_edits
from toilint.lines import LineIndex
from toilint.settings import Settings


def test_line_index_round_trip() -> None:
    text = "a = 1\r\nbb = 2\n\nccc"
    idx = LineIndex(text)
    assert idx.position(0) == (1, 0)
    assert idx.position(text.index("bb")) == (2, 0)
    assert idx.position(text.index("ccc") + 2) == (4, 2)
    assert idx.offset(4, 2) == text.index("ccc") + 2
    assert idx.line_text(1) == "a = 1"
    assert idx.line_count == 4


def test_line_index_crosses_processes() -> None:
    # a worker process sends its result's index to the parent (also from the compiled build)
    import pickle

    text = "a = 1\nbb = 2\n"
    idx = pickle.loads(pickle.dumps(LineIndex(text)))
    assert idx.text == text and idx.position(text.index("bb") + 1) == (2, 1)


@pytest.mark.parametrize(
    ("select", "ignore", "code", "expected"),
    [
        (("E", "W", "PERF"), (), "PERF101", True),
        (("E", "W", "PERF"), (), "STY001", False),
        (("E", "W", "PERF"), ("PERF1",), "PERF101", False),
        (("E", "W", "PERF"), ("PERF1",), "PERF201", True),
        (("PERF101",), ("PERF",), "PERF101", True),  # the more specific prefix wins
        (("ALL",), ("W2",), "W202", False),
        ((), ("E",), "E001", True),  # syntax errors are never switched off
    ],
)
def test_selection_by_most_specific_prefix(
    select: tuple[str, ...], ignore: tuple[str, ...], code: str, expected: bool
) -> None:
    assert Settings(select=select, ignore=ignore).is_enabled(code) is expected


def test_per_file_ignores_match_globs() -> None:
    s = Settings(per_file_ignores=(("tests/*.toi", ("W2",)),))
    assert not s.is_enabled("W202", "tests/a.toi")
    assert s.is_enabled("W202", "src/a.toi")


def test_apply_edits_keeps_untouched_text() -> None:
    text = "for x in t\n    y = regex.search(p, x)\n"
    edits = [
        Edit.insert(0, "p_re = regex.compile(p)\n"),
        Edit(text.index("regex.search(p, "), text.index("x)"), "p_re.search("),
    ]
    assert apply_edits(text, edits) == "p_re = regex.compile(p)\nfor x in t\n    y = p_re.search(x)\n"


def test_apply_edits_rejects_overlap() -> None:
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit(0, 3, "x"), Edit(2, 4, "y")])
