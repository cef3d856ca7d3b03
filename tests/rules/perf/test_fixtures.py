"""Every PERF fixture (``fixtures/PERFnnn.toi``): its rule reports exactly the lines marked
``-- expect: PERFnnn``, no more and no fewer."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import expected_lines, lines_of

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("PERF*.toi"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_reports_exactly_the_marked_lines(path: Path) -> None:
    code = path.stem
    text = path.read_text(encoding="utf-8")
    assert expected_lines(text, code), f"{path.name} marks no line"
    assert lines_of(text, code) == expected_lines(text, code)
