"""A small sample of the differential run (``benchmarks/diff_long.py`` runs thousands).

Generated programs run on the real interpreter before and after ``--fix``: safe fixes must
not change what they print or how they exit. Skips without an interpreter.
"""

from __future__ import annotations

from tests.fuzz.differential import check, check_program, classify
from tests.fuzz.diffgen import program, program_blocks
from tests.support import toi

SAMPLE = range(1000, 1020)


def test_same_seed_same_program() -> None:
    assert program(7) == program(7)
    assert program(7) != program(8)
    assert program(7) == "".join(line + "\n" for part in program_blocks(7) for line in part)


def test_safe_fixes_keep_the_sample_programs() -> None:
    exe = toi()
    ran = 0
    changed: list[tuple[int, list[str]]] = []
    for seed in SAMPLE:
        record = check(seed, exe, minimize=False)
        ran += record.status == "ran"
        changed += [(seed, d.codes) for d in record.differences if d.kind == "safe"]
        assert not record.fixer_errors, (seed, record.fixer_errors)
    assert ran >= len(SAMPLE) // 2  # the generator writes programs that mostly run
    assert not changed  # (seed, rules whose safe fix alone changes the program)


def test_an_unsafe_difference_is_seen_and_attributed() -> None:
    """`str(2 ** 53)` and `f"{2 ** 53}"` print differently: PERF205's documented unsafety."""
    parts = [["n = 2 ** 53"], ['print "id:" + str(n)'], ['print "end"']]
    record = check_program(parts, toi(), minimize=True)
    assert record.status == "ran"
    [diff] = record.differences
    assert (diff.kind, diff.codes) == ("unsafe", ["PERF205"])
    assert "id:9.007199254741e+15" in diff.before and "id:9007199254740992" in diff.after
    assert diff.minimal_after == 'n = 2 ** 53\nprint f"id:{n}"\nprint "end"\n'


def test_a_program_that_fails_before_the_fix_is_set_aside() -> None:
    record = check_program([["x = nil"], ["print #x"], ['print "end"']], toi())
    assert record.status == "fails-before" and not record.differences


def test_differences_are_classified_by_their_errors() -> None:
    ok = "rc=0\nregex 0\n"
    assert classify(ok, "rc=70\nerror: regex compile error") == "new error: regex compile error"
    assert classify("rc=0\ncaught Argument 2 must be a number.\n", ok) == "error gone: Argument 2 must be a number."
    assert classify(ok, "rc=0\nregex 1\n") == "output"
    assert classify("rc=0\ncaught A\n", "rc=70\nerror: B") == "error changed: A -> B"
    assert classify("rc=0\ncaught A\n", "rc=0\ncaught A\ncaught B\n") == "new error: B"  # A is no change
    assert classify("rc=0\ncaught A\n", "rc=0\ncaught A\ncaught A\n") == "new error: A"  # once more is
