"""PERF201 string-concat-in-loop."""

from __future__ import annotations

CODE = "PERF201"


def test_fix_collects_parts_and_joins_after_the_loop(perf) -> None:
    before = 'fn render(rows)\n    out = ""\n    for r in rows\n        out = out + f"{r},"\n    return out\n'
    after = (
        'fn render(rows)\n    out = ""\n    out_parts = {}\n    for r in rows\n        out_parts <+ f"{r},"\n'
        '    out = "".join(out_parts)\n    return out\n'
    )
    assert perf.applicability(before, CODE) == ["safe"]
    assert perf.fix(before, CODE) == after


def test_fix_parenthesizes_chains_and_keeps_a_non_empty_start(perf) -> None:
    before = 's = "> "\nfor w in {"a", "b"}\n    s = s + w + " "\nprint s\n'
    after = 's = "> "\ns_parts = {}\nfor w in {"a", "b"}\n    s_parts <+ (w + " ")\ns = s + "".join(s_parts)\nprint s\n'
    assert perf.fix(before, CODE, unsafe=True) == after
    assert perf.run(after) == perf.run(before)


def test_no_fix_when_the_loop_reads_the_string(perf) -> None:
    text = 's = ""\nfor r in {1, 2}\n    s = s + str(r)\n    if #s > 1 print s\n'
    assert perf.applicability(text, CODE) == [None]


def test_near_misses_are_not_reported(perf) -> None:
    reset = 'for r in {1, 2}\n    line = ""\n    line = line + str(r)\n    print line\n'
    numbers = "total = 0\nfor r in {1, 2}\n    total = total + r\nprint total\n"
    assert perf.lines(reset, CODE) == []
    assert perf.lines(numbers, CODE) == []


def test_fixture_program_prints_the_same_after_fixing(perf) -> None:
    text = perf.fixture("PERF201.toi")
    fixed = perf.fix(text, CODE, unsafe=True)
    assert fixed != text
    assert perf.run(fixed) == perf.run(text)


def test_unsafe_case_number_piece_no_longer_raises(perf) -> None:
    # `s + 1` raises in Toi; `"".join` formats the number: documented unsafe case
    before = 'fn pieces()\n    return {"a", 1}\ns = ""\nfor p in pieces()\n    s = s + p\nprint s\n'
    assert perf.applicability(before, CODE) == ["unsafe"]
    after = perf.fix(before, CODE, unsafe=True)
    assert "error: Operands must be two numbers or two strings." in perf.run(before)
    assert perf.run(after) == "rc=0\na1\n"


def test_a_position_in_a_string_is_a_number(perf) -> None:
    # `for i, c in s`: `i` counts positions, `c` is a character
    text = (
        'idx_sum = 0\nout = ""\nfor i, c in "abc"\n    idx_sum = idx_sum + i\n    out = out + c\nprint idx_sum, out\n'
    )
    assert perf.lines(text, "PERF201") == [5]
