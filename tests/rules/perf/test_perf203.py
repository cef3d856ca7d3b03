"""PERF203 single-char-slice."""

from __future__ import annotations

CODE = "PERF203"


def test_fix_indexes_the_string(perf) -> None:
    before = 'string = import string\ns = "abc"\nprint s[2..2], s.sub(1, 1), string.sub(s, 3, 3), (s + "d")[4..4]\n'
    after = 'string = import string\ns = "abc"\nprint s[2], s[1], s[3], (s + "d")[4]\n'
    assert perf.applicability(before, CODE) == ["unsafe"] * 4
    assert perf.fix(before, CODE) == before  # unsafe: not applied by default
    assert perf.fix(before, CODE, unsafe=True) == after
    assert perf.run(after) == perf.run(before)


def test_fixture_program_prints_the_same_after_fixing(perf) -> None:
    text = perf.fixture("PERF203.toi")
    fixed = perf.fix(text, CODE, unsafe=True)
    assert fixed != text
    assert perf.run(fixed) == perf.run(text)


def test_unsafe_cases_out_of_range_zero_and_negative(perf) -> None:
    before = 's = "abc"\nprint f"[{s[9..9]}]", f"[{s[0..0]}]", f"[{s[-1..-1]}]"\n'
    after = perf.fix(before, CODE, unsafe=True)
    assert after == 's = "abc"\nprint f"[{s[9]}]", f"[{s[0]}]", f"[{s[-1]}]"\n'
    assert perf.run(before) == "rc=0\n[] [] []\n"
    assert perf.run(after) == "rc=0\n[nil] [nil] [c]\n"
