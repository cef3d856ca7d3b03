"""Property tests: the parser and the fixer on generated and mutated Toi programs.

The fast suite runs a few hundred examples; `benchmarks/fuzz_long.py` runs the same properties
over 100,000+ inputs and also asks the real compiler whether it agrees.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from toigen import mutations, programs

from toilint import ast, fix_source, lint_source
from toilint.settings import Settings
from toilint.syntax import parse

FAST = settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
ALL_RULES = Settings(select=("ALL",))


def check_spans(module: ast.Module, text: str) -> None:
    """Every span lies inside the source and inside its parent's span."""
    stack: list[tuple[ast.Node, int, int]] = [(module, 0, len(text))]
    while stack:
        node, lo, hi = stack.pop()
        assert 0 <= node.start <= node.end <= len(text), node
        assert lo <= node.start and node.end <= hi, (node, lo, hi)
        for child in node.children():
            # f-string interpolations and decorators point into their own token: still nested
            stack.append((child, node.start, node.end))


@FAST
@given(programs())
def test_generated_programs_parse(text: str) -> None:
    result = parse(text)
    fatal = [e for e in result.errors if e.fatal]
    assert not fatal, (fatal, text)
    assert result.module is not None
    check_spans(result.module, text)


@FAST
@given(programs().flatmap(mutations))
def test_mutated_programs_never_crash(text: str) -> None:
    result = parse(text)
    assert result.module is not None or result.errors
    for e in result.errors:
        assert 0 <= e.start <= e.end <= len(text)
        assert e.message
    if result.module is not None:
        check_spans(result.module, text)


@FAST
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text: str) -> None:
    result = lint_source(text, "fuzz.toi", ALL_RULES)
    assert all(d.code != "E999" for d in result.diagnostics), result.diagnostics


@FAST
@given(programs())
def test_fixes_parse_add_no_errors_and_are_idempotent(text: str) -> None:
    before = lint_source(text, "fuzz.toi", ALL_RULES)
    assert all(d.code != "E999" for d in before.diagnostics), before.diagnostics
    fixed = fix_source(text, "fuzz.toi", ALL_RULES, unsafe=True)
    assert not fixed.errors, fixed.errors
    after = lint_source(fixed.text, "fuzz.toi", ALL_RULES)
    assert after.parse.ok
    errors_before = sorted(d.code for d in before.diagnostics if d.code.startswith("E"))
    errors_after = sorted(d.code for d in after.diagnostics if d.code.startswith("E"))
    assert len(errors_after) <= len(errors_before), (errors_before, errors_after, fixed.text)
    again = fix_source(fixed.text, "fuzz.toi", ALL_RULES, unsafe=True)
    assert again.text == fixed.text
