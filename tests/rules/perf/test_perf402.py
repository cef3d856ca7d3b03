"""PERF402 (preview: measured below 1.3x) floor-of-division."""

from __future__ import annotations

from toilint.api import enabled_rules
from toilint.rules.base import all_rules
from toilint.settings import Settings

CODE = "PERF402"


def test_preview_below_the_speedup_bar() -> None:
    # measured below 1.3x on the real interpreter (see the rule's `## Measured`): it runs only
    # when its own code is selected, not with PERF or the defaults
    assert all_rules()[CODE].status == "preview"
    assert CODE not in {r.code for r in enabled_rules(Settings())}
    assert CODE not in {r.code for r in enabled_rules(Settings(select=("PERF",)))}
    assert CODE in {r.code for r in enabled_rules(Settings(select=(CODE,)))}


def test_fix_uses_floor_division_with_parentheses_where_needed(perf) -> None:
    before = "math = import math\nx = 7.5\nprint math.floor(x / 2), 3 * math.floor(x / 2), -math.floor(x / 2) + 1\n"
    after = "math = import math\nx = 7.5\nprint x // 2, 3 * (x // 2), -(x // 2) + 1\n"
    assert perf.applicability(before, CODE) == ["safe"] * 3
    assert perf.fix(before, CODE) == after
    assert perf.run(after) == perf.run(before)


def test_variable_divisor_and_literal_dividend_are_unsafe(perf) -> None:
    text = "math = import math\nfn f(a, b)\n    return math.floor(a / b), math.floor(7 / 2)\n"
    assert perf.applicability(text, CODE) == ["unsafe", "unsafe"]


def test_unsafe_case_literal_zero_divisor(perf) -> None:
    # the compiler folds `1 // 0` with a truncating integer conversion
    before = "math = import math\nprint math.floor(1 / 0)\n"
    after = perf.fix(before, CODE, unsafe=True)
    assert after == "math = import math\nprint 1 // 0\n"
    assert perf.run(before) == "rc=0\ninf\n"
    assert perf.run(after) == "rc=0\n-9223372036854775808\n"


def test_fixture_program_prints_the_same_after_fixing(perf) -> None:
    text = perf.fixture("PERF402.toi")
    fixed = perf.fix(text, CODE, unsafe=True)
    assert fixed != text
    assert perf.run(fixed) == perf.run(text)
