"""PERF103 regex-in-hot-function: findings, the module-level fix, and unchanged output."""

from __future__ import annotations

from pathlib import Path

from tests.support import findings, fix, lines_of, run_toi

FIXTURES = Path(__file__).parent / "fixtures"

CODE = "PERF103"


def test_fixture_output_is_unchanged_by_all_fixes(tmp_path: Path) -> None:
    text = (FIXTURES / "PERF103.toi").read_text()
    fixed = fix(text, CODE, unsafe=True)
    assert lines_of(fixed, CODE) == []
    assert run_toi(fixed, cwd=tmp_path) == run_toi(text, cwd=tmp_path)


def test_pattern_is_compiled_once_after_the_import() -> None:
    before = (
        "regex = import regex -- the module\n"
        "\n"
        "fn is_email(s)\n"
        '    return regex.match("[a-z]+@[a-z.]+", s)\n'
        "\n"
        'for s in {"a@b.c", "nope"}\n'
        "    print is_email(s)\n"
    )
    after = (
        "regex = import regex -- the module\n"
        'is_email_re = regex.compile("[a-z]+@[a-z.]+")\n'
        "\n"
        "fn is_email(s)\n"
        "    return is_email_re.match(s)\n"
        "\n"
        'for s in {"a@b.c", "nope"}\n'
        "    print is_email(s)\n"
    )
    [(line, message, applicability)] = findings(before, CODE)
    assert (line, applicability) == (4, "safe")
    assert "every call of `is_email`, which runs in a loop" in message
    assert fix(before, CODE) == after


def test_hot_through_other_functions() -> None:
    text = 'regex = import regex\nfn a(s) return regex.search("x", s)\nfn b(s) return a(s)\nfor s in {"x"}\n    b(s)\n'
    assert lines_of(text, CODE) == [2]
    assert fix(text, CODE).startswith(
        'regex = import regex\na_re = regex.compile("x")\nfn a(s) return a_re.search(s)\n'
    )


def test_from_import_compiles_through_an_import_expression() -> None:
    text = 'from regex import search\nfn a(s) return search("x", s)\nfor s in {"x"}\n    a(s)\n'
    assert fix(text, CODE) == (
        'from regex import search\na_re = (import regex).compile("x")\nfn a(s) return a_re.search(s)\n'
        'for s in {"x"}\n    a(s)\n'
    )


def test_nested_function_fix_is_unsafe() -> None:
    text = (
        "regex = import regex\n"
        "fn outer(ls)\n"
        '    inner = fn(s) regex.match("a", s)\n'
        "    for l in ls\n"
        "        inner(l)\n"
        'outer({"a"})\n'
    )
    assert [app for _, _, app in findings(text, CODE)] == ["unsafe"]
    assert fix(text, CODE) == text
    assert 'pattern_re = regex.compile("a")' in fix(text, CODE, unsafe=True)


def test_not_reported_for_cold_functions_variables_or_in_loop_calls() -> None:
    text = (
        "regex = import regex\n"
        'fn cold(s) return regex.search("x", s)\n'
        "fn var(p, s) return regex.search(p, s)\n"
        "fn loops(ls)\n"
        "    for l in ls\n"
        '        regex.search("x", l)\n'
        'cold("x")\n'
        'for s in {"x"}\n'
        '    var("x", s)\n'
        "    loops({s})\n"
    )
    assert lines_of(text, CODE) == []


def test_no_fix_when_the_import_is_not_at_the_top_level() -> None:
    text = (
        'if true\n    regex = import regex\n    fn f(s) return regex.search("x", s)\n    for s in {"x"}\n        f(s)\n'
    )
    assert [(line, app) for line, _, app in findings(text, CODE)] == [(3, None)]
