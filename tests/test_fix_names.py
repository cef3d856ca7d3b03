"""Fresh names for fixes (``toilint.fix.fixes.fresh_name``): never an identifier of the file, a
global of the runtime or a keyword, whether or not the whole set of taken names is built."""

from __future__ import annotations

from pathlib import Path

import pytest

from toilint.fix import fixes
from toilint.semantic import SemanticModel, build
from toilint.semantic.stdlib import CORE_GLOBALS
from toilint.syntax import parse

PROGRAMS = sorted((Path(__file__).parent / "programs").glob("*.toi"))
TEXT = """\
local pattern_re = 1
pattern_re_2 = f"{pattern_re_3}"
fn out_parts(t_len)
    return t_len
"""


def _model(text: str) -> SemanticModel:
    result = parse(text)
    assert result.module is not None
    return build(result.module, text, result)


@pytest.mark.parametrize("text", [TEXT, *(p.read_text(encoding="utf-8") for p in PROGRAMS)])
def test_every_taken_name_is_spelled_in_the_text_or_is_a_global_or_keyword(text: str) -> None:
    # what lets fresh_name skip building the set for names the text does not contain
    model = _model(text)
    for name in fixes._taken_names(model):
        assert name in text or name in CORE_GLOBALS or name in fixes.KEYWORDS, name


@pytest.mark.parametrize("text", [TEXT, *(p.read_text(encoding="utf-8") for p in PROGRAMS)])
def test_fresh_names_are_those_of_the_whole_set(text: str) -> None:
    model = _model(text)
    taken = fixes._taken_names(model)
    for base in ("pattern_re", "out_parts", "t_len", "print", "str", "for", "x", "s", "value", "self"):
        expected = fixes._first_free(base + "_" if base in fixes.KEYWORDS else base, 1, taken, frozenset())[0]
        assert fixes.fresh_name(_model(text), base) == expected, base
    # one model asked about many names: past a few looks through the text it builds the set
    fresh = _model(text)
    bases = [f"{b}{i}" for i in range(3) for b in ("pattern_re", "t_len", "out_parts", "x", "v")]
    for base in bases:
        assert fixes.fresh_name(fresh, base) == fixes._first_free(base, 1, taken, frozenset())[0], base
    assert fixes.fresh_name(fresh, "pattern_re") == fixes.fresh_name(model, "pattern_re")
    assert fixes.fresh_name(model, "pattern_re") == ("pattern_re_4" if text is TEXT else "pattern_re")
    chosen: set[str] = set()
    names = [fixes.fresh_name(model, "pattern_re", None, chosen) for _ in range(3)]
    for name in names:
        chosen.add(name)
    assert len(set(names)) == 1  # (nothing added to ``chosen`` between the calls)
    first = fixes.fresh_name(model, "out_parts", None, chosen)
    chosen.add(first)
    assert fixes.fresh_name(model, "out_parts", None, chosen) not in chosen | taken
