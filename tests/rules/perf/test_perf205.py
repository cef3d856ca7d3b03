"""PERF205 concat-to-fstring."""

from __future__ import annotations

CODE = "PERF205"


def test_fix_builds_an_fstring_with_escaped_literal_text(perf) -> None:
    before = 'i = 3\nprint "k" + str(i) + \'/{x}"\' + str(i * 2)\n'
    after = 'i = 3\nprint f"k{i}/\\{x\\}\\"{i * 2}"\n'
    assert perf.applicability(before, CODE) == ["unsafe"]
    assert perf.fix(before, CODE, unsafe=True) == after
    assert perf.run(after) == perf.run(before)


def test_fixture_program_prints_the_same_after_fixing(perf) -> None:
    text = perf.fixture("PERF205.toi")
    fixed = perf.fix(text, CODE, unsafe=True)
    assert fixed != text
    assert perf.run(fixed) == perf.run(text)


def test_unsafe_case_large_integral_numbers_and_negative_zero(perf) -> None:
    before = 'big = 2 ** 53\nz = -0.0\nprint "n=" + str(big), "z=" + str(z)\n'
    after = perf.fix(before, CODE, unsafe=True)
    assert after == 'big = 2 ** 53\nz = -0.0\nprint f"n={big}", f"z={z}"\n'
    assert perf.run(before) == "rc=0\nn=9.007199254741e+15 z=-0\n"
    assert perf.run(after) == "rc=0\nn=9007199254740992 z=0\n"


def test_the_parentheses_around_the_chain_go_with_it(perf) -> None:
    before = 'fn label(p)\n    return p.name == nil ? ("arg" + str(p.index)) : p.name\nprint label({index = 2})\n'
    after = perf.fix(before, "PERF205", unsafe=True)
    assert 'p.name == nil ? f"arg{p.index}" : p.name' in after
    assert perf.run(after) == perf.run(before) == "rc=0\narg2\n"


def test_a_long_chain_is_reported_once(perf) -> None:
    parts = " + ".join('"k"' if j % 2 == 0 else "str(i)" for j in range(400))
    text = f"fn f(i)\n    return {parts}\nprint #f(1)\n"
    assert len(perf.diagnostics(text, "PERF205")) == 1
