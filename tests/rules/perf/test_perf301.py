"""PERF301 length-append."""

from __future__ import annotations

CODE = "PERF301"


def test_safe_for_a_local_array_and_parenthesizes(perf) -> None:
    before = "out = {}\nfor i in 1..3\n    out[#out + 1] = i * 10 + 1\nprint out[3]\n"
    after = "out = {}\nfor i in 1..3\n    out <+ (i * 10 + 1)\nprint out[3]\n"
    assert perf.applicability(before, CODE) == ["safe"]
    assert perf.fix(before, CODE) == after
    assert perf.run(after) == perf.run(before)


def test_unknown_table_is_unsafe_and_hash_keyed_is_not_reported(perf) -> None:
    param = "fn add(t, v)\n    t[#t + 1] = v\n"
    keyed = 'doc = {title = "x"}\ndoc[#doc + 1] = 1\n'
    later = 'rows = {}\nrows.name = "r"\nrows[#rows + 1] = 1\n'
    assert perf.applicability(param, CODE) == ["unsafe"]
    assert perf.applicability(keyed, CODE) == []
    assert perf.applicability(later, CODE) == []


def test_unsafe_case_table_with_hash_keys_from_elsewhere(perf) -> None:
    # `#t` counts the hash key `name`, so `t[#t + 1]` writes index 2 where `<+` writes index 1
    before = 'fn add(t, v)\n    t[#t + 1] = v\n    return t\nprint add({name = "n"}, 7)[1]\n'
    after = perf.fix(before, CODE, unsafe=True)
    assert "t <+ v" in after
    assert perf.run(before) == "rc=0\nnil\n"
    assert perf.run(after) == "rc=0\n7\n"


def test_fixture_program_prints_the_same_after_safe_fixes(perf) -> None:
    text = perf.fixture("PERF301.toi")
    fixed = perf.fix(text, CODE)
    assert fixed != text
    assert perf.run(fixed) == perf.run(text)
