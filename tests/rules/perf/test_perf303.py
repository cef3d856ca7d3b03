"""PERF303 length-emptiness-test."""

from __future__ import annotations

CODE = "PERF303"


def test_condition_value_and_negated_forms(perf) -> None:
    before = (
        "errs = {}\nerrs <+ 1\nif #errs > 0 print 1\nnoisy = #errs != 0\n"
        "if #errs == 0 or 0 < #errs print 2\nprint noisy\n"
    )
    after = "errs = {}\nerrs <+ 1\nif errs print 1\nnoisy = bool(errs)\nif not errs or errs print 2\nprint noisy\n"
    assert perf.applicability(before, CODE) == ["safe"] * 4
    assert perf.fix(before, CODE) == after
    assert perf.run(after) == perf.run(before)


def test_unknown_operand_is_unsafe(perf) -> None:
    assert perf.applicability("fn f(batch)\n    return #batch.events > 0\n", CODE) == ["unsafe"]


def test_unsafe_case_nil_operand(perf) -> None:
    # `t` is a table at one call and nil at the other: `#nil` raises, `if nil` does not
    before = "fn f(t)\n    if #t > 0 return 1\n    return 0\nprint f({1})\nprint f(nil)\n"
    assert perf.applicability(before, CODE) == ["unsafe"]
    after = perf.fix(before, CODE, unsafe=True)
    assert "if t return 1" in after
    assert perf.run(before).startswith("rc=70")
    assert perf.run(after) == "rc=0\n1\n0\n"


def test_nil_only_operand_is_not_a_table(perf) -> None:
    assert perf.diagnostics("fn f(t)\n    if #t > 0 return 1\n    return 0\nprint f(nil)\n", CODE) == []


def test_guarded_tests_collapse_into_one_truthiness_test(perf) -> None:
    before = (
        "fn f(t)\n    if t and #t > 0 return 1\n    if t == nil or #t == 0 return 2\n    return 3\n"
        "print f({1}), f({}), f(nil)\n"
    )
    after = perf.fix(before, CODE, unsafe=True)
    assert "    if t return 1\n    if not t return 2\n" in after
    assert perf.run(after) == perf.run(before) == "rc=0\n1 2 2\n"


def test_strings_are_not_reported(perf) -> None:
    text = (
        'fn index(field)\n    if type(field) != "string" or #field == 0\n        return nil\n    return field\n'
        'fn pad(s)\n    left = s.trim()\n    if #left > 0 return left + " "\n    return left\n'
        'print index("a"), pad(" x ")\n'
    )
    assert perf.diagnostics(text, CODE) == []


def test_fixture_program_prints_the_same_after_fixing(perf) -> None:
    text = perf.fixture("PERF303.toi")
    fixed = perf.fix(text, CODE, unsafe=True)
    assert fixed != text
    assert perf.run(fixed) == perf.run(text)


def test_parameter_used_as_a_string_is_not_reported(perf) -> None:
    text = 'fn f(s)\n    if #s > 0 return s.lower()\n    return ""\nprint f("A")\n'
    assert perf.lines(text, CODE) == []


def test_string_consumed_by_reslicing_is_not_reported(perf) -> None:
    # `src = src[k..]` consumes a string (PERF202's pattern): `#src` is O(1) there
    text = 'fn count(src)\n    n = 0\n    while #src > 0\n        src = src[2..]\n        n = n + 1\n    return n\nprint count("abc")\n'
    assert perf.lines(text, CODE) == []
    assert perf.lines(text, "PERF302") == []
