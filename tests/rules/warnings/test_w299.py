"""Suppression comments and W299 unused-suppression."""

from __future__ import annotations

from toilint import fix_source, lint_source
from toilint.settings import Settings


def codes(text: str, settings: Settings | None = None) -> list[str]:
    return [d.code for d in lint_source(text, "a.toi", settings).diagnostics]


def test_line_suppression_silences_only_that_line() -> None:
    text = "print(a)  -- toilint: ignore[W201]\nprint(b)\n"
    result = lint_source(text, "a.toi")
    assert [(d.code, result.lines.line_of(d.start)) for d in result.diagnostics] == [("W201", 2)]


def test_file_suppression_and_prefixes() -> None:
    assert codes("-- toilint: ignore-file[W2]\nprint(a)\nprint(b)\n") == []


def test_unused_suppression_is_reported_and_removed() -> None:
    text = "x = 1 -- toilint: ignore[W202]\nprint(x)\n"
    assert codes(text) == ["W299"]
    assert fix_source(text, "a.toi").text == "x = 1\nprint(x)\n"


def test_only_the_unused_code_is_removed() -> None:
    text = "print(a)  -- toilint: ignore[W201, PERF101]\n"
    [diag] = lint_source(text, "a.toi").diagnostics
    assert diag.code == "W299" and "PERF101" in diag.message
    assert fix_source(text, "a.toi").text == "print(a)  -- toilint: ignore[W201]\n"


def test_used_suppression_and_disabled_codes_are_not_reported() -> None:
    assert codes("print(a)  -- toilint: ignore[W201]\n") == []
    # STY is opt-in: a suppression written for it does not churn while it is off
    assert codes("x = 1  -- toilint: ignore[STY001]\nprint(x)\n") == []
    assert codes("x = 1  -- toilint: ignore[STY001]\nprint(x)\n", Settings(select=("E", "W", "STY"))) == ["W299"]


def test_text_after_the_directive_in_the_comment_is_kept() -> None:
    text = "x = 1  -- keep me toilint: ignore[W202]\nprint(x)\n"
    assert fix_source(text, "a.toi").text == "x = 1  -- keep me \nprint(x)\n"


def test_a_suppression_alone_on_its_line_is_removed_with_the_line() -> None:
    text = "-- toilint: ignore-file[W201]\nprint(1)\n"
    assert codes(text) == ["W299"]
    assert fix_source(text, "a.toi").text == "print(1)\n"
