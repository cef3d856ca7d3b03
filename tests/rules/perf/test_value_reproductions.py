"""Safe fixes that used to change what a program prints, now that the rules know what values are.

Each program printed one thing before `toilint --fix` and another after; each is run on the
real interpreter before and after the safe fixes of every rule (`--select ALL`).
"""

from __future__ import annotations

import pytest


def fix_all(text: str) -> str:
    from toilint.fix.fixer import fix_source
    from toilint.settings import Settings

    result = fix_source(text, "t.toi", Settings(select=("ALL",)), unsafe=False)
    assert result.converged, result.errors
    return result.text


ALIAS = """a = {1, 2}
t = a
i = 1
while i <= #t and i < 10
    a <+ i
    i = i + 1
print i, #t
"""

COROUTINE = """import coroutine
t = {1}
fn grow()
    while true
        t <+ 0
        coroutine.yield()
co = coroutine.create(grow)
i = 0
while i < #t and i < 5
    coroutine.resume(co)
    i = i + 1
print i, #t
"""

HOLE = """t = {1, nil, 3}
t[#t + 1] = 99
print #t, t[3], t[4]
"""

ITERATOR = """regex = import regex
pat = "a"
fn it(s, c)
    pat = "b"
    if c >= 3 return nil
    return c + 1
n = 0
for i in it, nil, 0
    if regex.search(pat, "b") n += 1
print n
"""

GENERATOR = """regex = import regex
pat = "a"
fn setb(p)
    pat = "b"
    return p
g = (setb(p) for p in {1, 2, 3})
n = 0
for v in g
    if regex.search(pat, "b") n += 1
print n
"""

GENERATOR_FUNCTION = """global coroutine = import coroutine
regex = import regex
pat = "a"
fn gen()
    for it in {1, 2, 3}
        pat = "b"
        yield it
n = 0
for v in gen()
    if regex.search(pat, "b") n += 1
print n
"""

COMPARATOR = """regex = import regex
table = import table
pat = "a"
t = {3, 1, 2}
fn cmp(a, b)
    pat = "b"
    return a < b
n = 0
for k in 1..2
    if regex.search(pat, "b") n += 1
    table.sort(t, cmp)
print n
"""

ZERO_TRIP = """fn f(items, s, n)
    out = {}
    for x in items
        out <+ s.rep(n)
    return out
print #f({}, "ab", nil)
"""

GUARDED_SLICE = """fn f(items, s, a, b)
    out = {}
    for x in items
        if x > 1
            out <+ s[a..b]
    return out
print #f({1}, "abc", "x", 2)
"""


BAD_PATTERN_IN_LOOP = """regex = import regex
hits = 0
for l in {}
    if regex.search("(", l) hits += 1
print "hits", hits
"""

BAD_PATTERN_IN_HOT_FUNCTION = """regex = import regex
fn check(s)
    return regex.search("(", s) != nil
n = 0
try
    for s in {"a", "b"}
        if check(s) n += 1
except e
    print "caught", e
print "done", n
"""

WRONG_KIND_OPERAND = """text = "abc"
times = nil
total = 0
for x in {}
    total += #(text.rep(times))
start = "x"
for x in {"a"}
    if x == "zz" total += #(text[start..])
print "total", total
"""

BAD_PATTERN_VARIABLE_AFTER_A_GENERATOR = """regex = import regex
fn gen()
    for it in {"a1", "b22"}
        print "produced", it
        yield it
try
    pat = "("
    for l in gen()
        if regex.match(pat, l) print "hit"
except e
    print "caught", e
"""

SUBJECT_RAISES_FIRST = """regex = import regex
fn run(pat)
    for l in 1..1
        print "first"
        if regex.search(pat, l) print "hit"
    return 0
try
    run("(")
except e
    print "caught", e
"""

PROGRAMS = {
    "alias": ALIAS,
    "coroutine": COROUTINE,
    "hole": HOLE,
    "iterator": ITERATOR,
    "generator": GENERATOR,
    "generator-function": GENERATOR_FUNCTION,
    "comparator": COMPARATOR,
    "zero-trip": ZERO_TRIP,
    "guarded-slice": GUARDED_SLICE,
    "bad-pattern-in-loop": BAD_PATTERN_IN_LOOP,
    "bad-pattern-in-hot-function": BAD_PATTERN_IN_HOT_FUNCTION,
    "wrong-kind-operand": WRONG_KIND_OPERAND,
    "bad-pattern-variable-after-a-generator": BAD_PATTERN_VARIABLE_AFTER_A_GENERATOR,
    "subject-raises-first": SUBJECT_RAISES_FIRST,
}


@pytest.mark.parametrize("program", list(PROGRAMS.values()), ids=list(PROGRAMS))
def test_safe_fixes_keep_the_output(perf, program: str) -> None:
    before = perf.run(program)
    after = perf.run(fix_all(program))
    assert after == before


def test_a_table_reached_through_another_name_is_not_hoisted(perf) -> None:
    assert perf.applicability(ALIAS, "PERF302") == []
    assert perf.run(ALIAS) == "rc=0\n10 11\n"


def test_a_coroutine_that_appends_makes_the_count_unsafe(perf) -> None:
    assert perf.applicability(COROUTINE, "PERF302") == ["unsafe"]
    assert perf.run(COROUTINE) == "rc=0\n5 6\n"


def test_a_literal_with_a_hole_is_not_an_array(perf) -> None:
    assert perf.applicability(HOLE, "PERF301") == ["unsafe"]
    assert perf.run(HOLE) == "rc=0\n2 99 nil\n"
    assert perf.run(perf.fix(HOLE, "PERF301", unsafe=True)) == "rc=0\n3 3 99\n"


@pytest.mark.parametrize(
    "program",
    [ITERATOR, GENERATOR, GENERATOR_FUNCTION, COMPARATOR],
    ids=["iterator", "generator", "generator-function", "comparator"],
)
def test_code_the_loop_runs_without_a_visible_call_rebinds_the_pattern(perf, program: str) -> None:
    assert perf.diagnostics(program, "PERF101") == []
    assert perf.run(program).startswith("rc=0\n")


def test_a_hoisted_call_that_raises_where_the_original_never_ran(perf) -> None:
    assert perf.applicability(ZERO_TRIP, "PERF204") == ["unsafe"]
    assert perf.run(ZERO_TRIP) == "rc=0\n0\n"
    assert "Argument 2 must be a number" in perf.run(perf.fix(ZERO_TRIP, "PERF204", unsafe=True))
    assert perf.applicability(GUARDED_SLICE, "PERF204") == ["unsafe"]


def many_finditer_calls(count: int) -> str:
    body = "".join(f"        n += #regex.finditer(p, x{'' if i % 2 else ' '})\n" for i in range(count))
    return (
        f'regex = import regex\nfn f(xs, p)\n    n = 0\n    for x in xs\n{body}    return n\nprint f({{"ab"}}, "a")\n'
    )


def test_one_compiled_name_per_pattern_per_loop(perf) -> None:
    text = many_finditer_calls(250)
    fixed = perf.fix(text, "PERF101", unsafe=True)
    assert fixed.count(".compile(") == 1
    assert "p_re_2" not in fixed
    assert fixed.count("p_re.finditer(x") == 250
    assert perf.run(fixed) == perf.run(text) == "rc=0\n250\n"


@pytest.mark.parametrize(
    ("program", "code"),
    [
        (BAD_PATTERN_IN_LOOP, "PERF101"),
        (BAD_PATTERN_IN_HOT_FUNCTION, "PERF103"),
        (BAD_PATTERN_VARIABLE_AFTER_A_GENERATOR, "PERF101"),
        (SUBJECT_RAISES_FIRST, "PERF101"),
    ],
)
def test_a_literal_pattern_that_may_not_compile_is_not_hoisted_safely(perf, program: str, code: str) -> None:
    assert perf.applicability(program, code) == ["unsafe"]
    assert "Unmatched ( or" in perf.run(perf.fix(program, code, unsafe=True))
