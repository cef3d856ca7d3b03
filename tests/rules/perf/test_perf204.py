"""PERF204 loop-invariant-string-call."""

from __future__ import annotations

CODE = "PERF204"


def test_fix_hoists_before_the_loop(perf) -> None:
    before = 'title = "  Hi  "\nfor w in {"a", "b"}\n    print title.trim() + w\n'
    after = 'title = "  Hi  "\ntitle_trim = title.trim()\nfor w in {"a", "b"}\n    print title_trim + w\n'
    assert perf.applicability(before, CODE) == ["safe"]
    assert perf.fix(before, CODE) == after
    assert perf.run(after) == perf.run(before)


def test_unknown_receiver_is_unsafe(perf) -> None:
    text = "fn f(article, kws)\n    for kw in kws\n        print article.lower().find(kw)\n"
    assert perf.applicability(text, CODE) == ["unsafe"]


def test_unsafe_case_zero_iterations_with_a_non_string(perf) -> None:
    # the original never calls `.lower()` because the loop body never runs
    before = 'fn f(s, items)\n    for x in items\n        print s.lower()\n    print "done"\nf(nil, {})\n'
    after = perf.fix(before, CODE, unsafe=True)
    assert "s_lower = s.lower()" in after
    assert perf.run(before) == "rc=0\ndone\n"
    assert perf.run(after).startswith("rc=70")


def test_fixture_program_prints_the_same_after_fixing(perf) -> None:
    text = perf.fixture("PERF204.toi")
    fixed = perf.fix(text, CODE, unsafe=True)
    assert fixed != text
    assert perf.run(fixed) == perf.run(text)
