"""PERF101 regex-call-in-loop: findings, fix text, fix safety, and unchanged program output."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import expected_lines, findings, fix, lines_of, run_toi

FIXTURES = Path(__file__).parent / "fixtures"

CODE = "PERF101"


def test_fixture_output_is_unchanged_by_safe_fixes(tmp_path: Path) -> None:
    text = (FIXTURES / "PERF101.toi").read_text()
    fixed = fix(text, CODE)
    # the unsafe one remains: a parameter pattern behind `p and`, in a loop that may run zero
    # times (the hoisted compile would run where the original never did)
    unsafe = [n for n, line in enumerate(fixed.splitlines(), 1) if "if p and" in line]
    assert lines_of(fixed, CODE) == unsafe and len(unsafe) == 1
    assert run_toi(fixed, cwd=tmp_path) == run_toi(text, cwd=tmp_path)


def test_unsafe_fixes_are_unsafe_for_a_reason(tmp_path: Path) -> None:
    # `guarded(lines, nil)` never compiles its nil pattern; the hoisted compile does
    text = (FIXTURES / "PERF101.toi").read_text()
    fixed = fix(text, CODE, unsafe=True)
    assert fixed.count(".compile(") == len(expected_lines(text, CODE))
    assert lines_of(fixed, CODE) == []
    out = run_toi(fixed, cwd=tmp_path)
    assert out.returncode == 70 and "Argument 1 must be a string" in out.stderr
    assert run_toi(fixed.replace("print guarded(lines, nil)", ""), cwd=tmp_path) == run_toi(
        text.replace("print guarded(lines, nil)", ""), cwd=tmp_path
    )


def test_literal_pattern_is_hoisted_before_the_loop() -> None:
    before = (
        "regex = import regex\n"
        "fn count(lines)\n"
        "    n = 0\n"
        "    -- one pass over the lines\n"
        "    for line in lines\n"
        '        if regex.search("order-[0-9]+", line) -- a hit?\n'
        "            n += 1\n"
        "    return n\n"
    )
    after = (
        "regex = import regex\n"
        "fn count(lines)\n"
        "    n = 0\n"
        "    -- one pass over the lines\n"
        '    pattern_re = regex.compile("order-[0-9]+")\n'
        "    for line in lines\n"
        "        if pattern_re.search(line) -- a hit?\n"
        "            n += 1\n"
        "    return n\n"
    )
    assert findings(before, CODE) == [
        (
            6,
            "`regex.search` compiles its pattern on every iteration of this loop; "
            "compile it once with `regex.compile` before the loop",
            "safe",
        )
    ]
    assert fix(before, CODE) == after


def test_new_name_avoids_every_name_of_the_file() -> None:
    before = (
        "regex = import regex\n"
        "pattern_re = 1\n"
        "fn f(ls)\n"
        "    for l in ls\n"
        '        regex.match("a", l)\n'
        "fn g(pattern_re_2)\n"
        "    return pattern_re_2\n"
    )
    fixed = fix(before, CODE)
    assert '    pattern_re_3 = regex.compile("a")\n    for l in ls\n        pattern_re_3.match(l)\n' in fixed


def test_each_loop_of_a_file_gets_the_next_free_name() -> None:
    # the names taken by earlier fixes and by the file interleave; each stem counts on its own
    loop = "    for l in ls\n        regex.match({}, l)\n"
    before = (
        "regex = import regex\n"
        "fn f(ls, date_pattern)\n"
        + loop.format('"a"')
        + loop.format("date_pattern")
        + loop.format('"b"')
        + "    pattern_re_3 = 1\n"
        + loop.format('"c"')
        + loop.format("date_pattern")
        + loop.format('"d"')
    )
    fixed = fix(before, CODE, unsafe=True)
    compiled = [line.split(" = ")[0].strip() for line in fixed.splitlines() if ".compile(" in line]
    assert compiled == ["pattern_re", "date_re", "pattern_re_2", "pattern_re_4", "date_re_2", "pattern_re_5"]


def test_variable_pattern_names_the_compiled_regex_after_it() -> None:
    before = "regex = import regex\nfn f(ls, date_pattern)\n    for l in ls\n        regex.search(date_pattern, l)\n"
    assert "    date_re = regex.compile(date_pattern)\n    for l in ls\n        date_re.search(l)\n" in fix(
        before, CODE, unsafe=True
    )


@pytest.mark.parametrize(
    ("imports", "call", "compile_with"),
    [
        ("re = import regex", 're.finditer("[0-9]", l)', "re.compile"),
        ("import regex", 'regex.match("[0-9]", l)', "regex.compile"),
        ("from regex import search", 'search("[0-9]", l)', "(import regex).compile"),
    ],
)
def test_the_module_is_followed_through_aliases(imports: str, call: str, compile_with: str) -> None:
    before = f'{imports}\nfor l in {{"a1"}}\n    x = {call}\n'
    fixed = fix(before, CODE)
    method = call.split("(")[0].split(".")[-1]
    assert (
        fixed == f'{imports}\npattern_re = {compile_with}("[0-9]")\nfor l in {{"a1"}}\n    x = pattern_re.{method}(l)\n'
    )


def test_flags_move_to_compile() -> None:
    before = 'regex = import regex\nfor l in {"A"}\n    print regex.search("a", l, "i") != nil\n'
    assert fix(before, CODE) == (
        'regex = import regex\npattern_re = regex.compile("a", "i")\nfor l in {"A"}\n    print pattern_re.search(l) != nil\n'
    )


def test_hoisted_before_the_outermost_loop_where_the_pattern_is_invariant() -> None:
    before = (
        "regex = import regex\n"
        "for a in 1..3\n"
        '    for w in {"x", "y"}\n'
        '        for l in {"xy"}\n'
        "            regex.search(w, l)\n"
    )
    assert fix(before, CODE) == (
        "regex = import regex\n"
        "for a in 1..3\n"
        '    for w in {"x", "y"}\n'
        "        w_re = regex.compile(w)\n"
        '        for l in {"xy"}\n'
        "            w_re.search(l)\n"
    )


def test_a_pattern_rebound_in_the_loop_is_not_flagged() -> None:
    text = 'regex = import regex\nfor l in {"a"}\n    p = l\n    regex.search(p, "a")\n    regex.search("a", l, l)\n'
    assert lines_of(text, CODE) == []


def test_a_regex_variable_that_is_not_the_module_is_not_flagged() -> None:
    text = 'regex = {search = fn(p, s) p == s}\nfor l in {"a"}\n    regex.search("a", l)\n'
    assert lines_of(text, CODE) == []


def test_not_reported_outside_loops_or_inside_a_lambda_in_a_loop() -> None:
    text = 'regex = import regex\nregex.search("a", "b")\nfor l in {"a"}\n    f = fn(s) regex.search("a", s)\n'
    assert lines_of(text, CODE) == []


def test_safety_depends_on_where_the_pattern_lives() -> None:
    text = (
        "regex = import regex\n"
        'pattern = "a"\n'
        "fn id(x)\n"
        "    return x\n"
        "fn f(ls, p)\n"
        "    for l in ls\n"
        '        regex.search("a", id(l))\n'  # literal: safe even with calls
        "        regex.search(p, id(l))\n"  # a parameter, in a loop that may not run: unsafe
        "        regex.search(pattern, id(l))\n"  # shared, but `id` does not rebind it: safe
        "        if l regex.search(p, l)\n"  # variable pattern only on some iterations: unsafe
        "fn g(ls)\n"
        "    for l in ls\n"
        "        regex.search(pattern, l)\n"  # global, no user calls: safe
    )
    assert [(line, app) for line, _, app in findings(text, CODE)] == [
        (7, "safe"),
        (8, "unsafe"),
        (9, "safe"),
        (10, "unsafe"),
        (13, "safe"),
    ]


def test_guard_with_continue_makes_a_variable_pattern_unsafe() -> None:
    text = "regex = import regex\nfn f(ls, p)\n    for l in ls\n        if not p continue\n        regex.search(p, l)\n"
    assert [app for _, _, app in findings(text, CODE)] == ["unsafe"]


def test_no_fix_where_there_is_no_line_for_the_new_statement() -> None:
    text = 'regex = import regex\nc = true\nif c for l in {"a"} regex.search("a", l)\nx = 1 for l in {"a"} regex.search("a", l)\n'
    assert [(line, app) for line, _, app in findings(text, CODE)] == [(3, None), (4, None)]


def test_loop_in_a_table_mode_function_body(tmp_path: Path) -> None:
    before = (
        "regex = import regex\n"
        "t = {\n"
        "    count = fn(ls)\n"
        "        n = 0\n"
        '        for l in ls if regex.search("a", l) n += 1\n'
        "        return n\n"
        "}\n"
        'print t.count({"a", "b", "ba"})\n'
    )
    fixed = fix(before, CODE)
    assert '        pattern_re = regex.compile("a")\n        for l in ls if pattern_re.search(l) n += 1\n' in fixed
    assert run_toi(fixed, cwd=tmp_path) == run_toi(before, cwd=tmp_path)


def test_comprehension_hoists_before_its_statement(tmp_path: Path) -> None:
    before = 'regex = import regex\nls = {"a1", "b"}\nhits = {regex.search("[0-9]", l) ? 1 : 0 for l in ls}\nprint hits[1], hits[2]\n'
    fixed = fix(before, CODE)
    assert fixed == before.replace(
        'hits = {regex.search("[0-9]", l)', 'pattern_re = regex.compile("[0-9]")\nhits = {pattern_re.search(l)'
    )
    assert run_toi(fixed, cwd=tmp_path) == run_toi(before, cwd=tmp_path)


def test_crlf_file_gets_crlf_lines() -> None:
    before = 'regex = import regex\r\nfor l in {"a"}\r\n    regex.search("a", l)\r\n'
    assert (
        fix(before, CODE)
        == 'regex = import regex\r\npattern_re = regex.compile("a")\r\nfor l in {"a"}\r\n    pattern_re.search(l)\r\n'
    )
