"""PERF302 length-in-loop-condition."""

from __future__ import annotations

CODE = "PERF302"


def test_fix_counts_once_before_the_loop(perf) -> None:
    before = (
        "fn total(p)\n    s = 0\n    i = 1\n    while i <= #p\n        s = s + p[i]\n        i = i + 1\n    return s\n"
    )
    after = (
        "fn total(p)\n    s = 0\n    i = 1\n    p_len = #p\n    while i <= p_len\n"
        "        s = s + p[i]\n        i = i + 1\n    return s\n"
    )
    assert perf.applicability(before, CODE) == ["safe"]
    assert perf.fix(before, CODE) == after


def test_growing_table_and_string_are_not_reported(perf) -> None:
    grow = "t = {}\nwhile #t < 3\n    t <+ 1\nprint #t\n"
    text = 's = "ab"\ni = 0\nwhile i < #s\n    i = i + 1\nprint i\n'
    assert perf.lines(grow, CODE) == []
    assert perf.lines(text, CODE) == []


def test_unsafe_when_the_loop_calls_user_code(perf) -> None:
    # `grow` appends to the same table through a global: the count changes under the loop
    before = (
        "shared = {1}\nfn grow()\n    if #shared < 4 shared <+ 0\n"
        "fn walk(t)\n    i = 0\n    while i < #t\n        i = i + 1\n        grow()\n    return i\n"
        "print walk(shared)\n"
    )
    assert perf.applicability(before, CODE) == ["unsafe"]
    after = perf.fix(before, CODE, unsafe=True)
    assert perf.run(before) == "rc=0\n4\n"
    assert perf.run(after) == "rc=0\n1\n"


def test_fixture_program_prints_the_same_after_safe_fixes(perf) -> None:
    text = perf.fixture("PERF302.toi")
    fixed = perf.fix(text, CODE)
    assert fixed != text
    assert perf.run(fixed) == perf.run(text)


def test_parameter_used_as_a_string_is_not_reported(perf) -> None:
    text = (
        'fn upto(s)\n    i = 1\n    while i <= #s and s.sub(i, i) != ","\n        i = i + 1\n    return i\n'
        'print upto("ab,c")\n'
    )
    assert perf.lines(text, CODE) == []


def test_one_count_name_per_table_per_function(perf) -> None:
    loop = "    i = 1\n    while i <= #t\n        s = s + t[i]\n        i = i + 1\n"
    before = f"fn f(t)\n    s = 0\n{loop}{loop}{loop}    return s\nprint f({{1, 2, 3}})\n"
    after = perf.fix(before, CODE)
    assert after.count("t_len = #t") == 3 and "t_len_2" not in after
    assert perf.run(after) == perf.run(before) == "rc=0\n18\n"
