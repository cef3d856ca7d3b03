"""PERF401 (preview: measured below 1.3x) module-function-lookup-in-loop."""

from __future__ import annotations

from toilint.api import enabled_rules
from toilint.rules.base import all_rules
from toilint.settings import Settings

CODE = "PERF401"


def test_preview_below_the_speedup_bar() -> None:
    # measured below 1.3x on the real interpreter (see the rule's `## Measured`): it runs only
    # when its own code is selected, not with PERF or the defaults
    assert all_rules()[CODE].status == "preview"
    assert CODE not in {r.code for r in enabled_rules(Settings())}
    assert CODE not in {r.code for r in enabled_rules(Settings(select=("PERF",)))}
    assert CODE in {r.code for r in enabled_rules(Settings(select=(CODE,)))}


def test_fix_binds_once_before_the_outermost_loop(perf) -> None:
    before = (
        "math = import math\nfn f(xs)\n    t = 0\n    for a in xs\n        for b in xs\n"
        "            t = t + math.sqrt(a) + math.sqrt(b)\n    return t\nprint f({1, 4})\n"
    )
    after = (
        "math = import math\nfn f(xs)\n    t = 0\n    sqrt = math.sqrt\n    for a in xs\n        for b in xs\n"
        "            t = t + sqrt(a) + sqrt(b)\n    return t\nprint f({1, 4})\n"
    )
    assert perf.applicability(before, CODE) == ["safe", "safe"]
    assert perf.fix(before, CODE) == after
    assert perf.run(after) == perf.run(before)


def test_fixture_program_prints_the_same_after_fixing(perf) -> None:
    text = perf.fixture("PERF401.toi")
    fixed = perf.fix(text, CODE)
    assert fixed != text
    assert perf.run(fixed) == perf.run(text)
