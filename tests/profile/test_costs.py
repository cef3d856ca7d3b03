"""Per-occurrence costs: recorded by `toilint bench`, used by the estimates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import interpreter
from toilint.cli import main
from toilint.diagnostics import Diagnostic
from toilint.profile.costs import RuleCost, estimate, load_costs
from toilint.profile.profiler import Counted

CASE = """regex = import regex
hits = 0
for i in 1..2000
    if regex.search("[a-z]+[0-9]", f"row{i}") hits = hits + 1
print hits
"""


def test_bench_records_each_rules_cost_per_occurrence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TOI", interpreter.toi())
    case = tmp_path / "cases" / "PERF101"
    case.mkdir(parents=True)
    (case / "before.toi").write_text(CASE, encoding="utf-8")
    results = tmp_path / "results.json"
    main(["bench", "PERF101", "--repeat", "1", "--cases", str(tmp_path / "cases"), "--results", str(results)])
    entry = json.loads(results.read_text())["per_occurrence"]["PERF101"]
    assert entry["occurrences"] == 2000
    assert entry["size_total"] == 2000 * len("[a-z]+[0-9]")  # the pattern's length drives the cost
    assert entry["interpreter"]["sha256"] and isinstance(entry["per_occurrence_s"], float)
    assert "PERF101: 2,000 occurrences" in capsys.readouterr().err


def _counted(code: str, count: int | None, size: float | None = None) -> Counted:
    return Counted(Diagnostic(code, "m", 0, 1), 1, count, "runs", "", size)


def test_estimates_use_the_size_of_the_operand_when_the_rule_has_a_cost_per_unit() -> None:
    costs = {"PERF204": RuleCost(1e-4, 1e-9), "PERF203": RuleCost(3e-7)}
    found = estimate(
        [_counted("PERF203", 1_000_000), _counted("PERF204", 200_000, size=200_000 * 49.0), _counted("PERF999", 5)],
        Path("prog.toi"),
        2.0,
        costs,
    )
    by_code = {f.code: f for f in found}
    assert by_code["PERF203"].estimated_s == pytest.approx(0.3)
    # 49-character strings: far cheaper than the benchmark's long article at 1e-4 s each
    assert by_code["PERF204"].estimated_s == pytest.approx(200_000 * 49 * 1e-9)
    assert by_code["PERF999"].estimated_s is None  # no cost recorded: ranked by count only
    assert [f.code for f in found] == ["PERF203", "PERF204", "PERF999"]


def test_costs_measured_on_another_interpreter_are_not_used() -> None:
    section = {
        "PERF101": {"per_occurrence_s": 2e-5, "per_size_unit_s": 4e-7, "interpreter": {"sha256": "aaa"}},
        "PERF203": {"per_occurrence_s": 3e-7, "interpreter": {"sha256": "bbb"}},
        "PERF102": {"per_occurrence_s": None, "interpreter": {"sha256": "aaa"}},
    }
    assert load_costs(section, "aaa") == {"PERF101": RuleCost(2e-5, 4e-7)}
