"""The benchmark runner and command, driven by a fake interpreter whose speed and output the test controls.

The fake reads the program it is given and obeys comment directives: `-- sleep S` sleeps,
`-- out TEXT` prints TEXT, `-- exit N` exits with N, `-- noise` prints a random number.
Real measurements are benchmarks (`toilint bench`), never tests.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from toilint.bench import results as store
from toilint.bench import runner
from toilint.bench.command import cli_bench
from toilint.context import Context
from toilint.diagnostics import Applicability, Edit, Fix
from toilint.rules.base import REGISTRY, Rule, all_rules

FAKE = """\
import random, sys, time
if sys.argv[1] == "--version":
    print("faketoi 1.2.3")
    sys.exit(0)
for line in open(sys.argv[1]).read().splitlines():
    line = line.strip()
    if line.startswith("-- sleep "):
        time.sleep(float(line.split()[2]))
    elif line.startswith("-- out "):
        print(line[7:])
    elif line.startswith("-- exit "):
        sys.exit(int(line.split()[2]))
    elif line == "-- noise":
        print(random.random())
"""


@pytest.fixture
def fake_toi(tmp_path: Path) -> str:
    path = tmp_path / "faketoi"
    path.write_text(f"#!{sys.executable}\n{FAKE}")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


class SlowSleep(Rule):
    """Test-only rule: a long sleep directive is slow; the fix shortens it."""

    code = "PERF990"
    name = "test-slow-sleep"
    fix = Applicability.SAFE

    def finish(self, ctx: Context) -> None:
        at = ctx.text.find("-- sleep 0.08")
        if at >= 0:
            fix = Fix((Edit(at, at + 13, "-- sleep 0.01"),), Applicability.SAFE, "sleep less")
            ctx.report(self, (at, at + 13), "slow sleep", fix=fix)


class NoFix(Rule):
    """Test-only rule without a fix: its case needs a hand-written after.toi."""

    code = "PERF991"
    name = "test-no-fix"


@pytest.fixture
def test_rules() -> Iterator[None]:
    all_rules()  # load the real rules first so that ours are additions
    REGISTRY["PERF990"] = SlowSleep
    REGISTRY["PERF991"] = NoFix
    try:
        yield
    finally:
        del REGISTRY["PERF990"], REGISTRY["PERF991"]


def args(**kw: object) -> argparse.Namespace:
    base: dict[str, object] = {"files": [], "toi": None, "repeat": 2, "cases": None, "results": None}
    base.update(kw)
    return argparse.Namespace(**base)


def program(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def test_interpreter_found_by_flag_then_env_then_path(
    fake_toi: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "bin" / "toi"
    other.parent.mkdir()
    other.write_text("#!/bin/sh\n")
    other.chmod(0o755)
    monkeypatch.setenv("PATH", str(other.parent))
    monkeypatch.delenv("TOI", raising=False)
    assert runner.find_interpreter(None) == str(other)
    monkeypatch.setenv("TOI", fake_toi)
    assert runner.find_interpreter(None) == fake_toi
    assert runner.find_interpreter(str(other)) == str(other)
    with pytest.raises(runner.BenchError, match="not an executable"):
        runner.find_interpreter(str(tmp_path / "missing"))
    monkeypatch.delenv("TOI")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(runner.BenchError, match="no Toi interpreter"):
        runner.find_interpreter(None)


def test_identity_records_hash_and_version(fake_toi: str) -> None:
    ident = runner.interpreter_identity(fake_toi)
    assert ident["version"] == "faketoi 1.2.3"
    assert len(ident["sha256"]) == 64
    assert ident["path"] == fake_toi


def test_measure_alternates_and_reports_speedup(fake_toi: str, tmp_path: Path) -> None:
    before = tmp_path / "b.toi"
    after = tmp_path / "a.toi"
    # a difference large against the fake's start-up, which a loaded machine stretches
    before.write_text(program("-- sleep 0.3", "-- out 42"))
    after.write_text(program("-- sleep 0.01", "-- out 42"))
    seen: list[str] = []
    m = runner.measure(fake_toi, before, after, repeat=3, progress=seen.append)
    assert len(m.before) == len(m.after) == 3
    assert m.output == "42\n"
    assert m.speedup > 1.3
    sides = [s.split()[0] for s in seen if s.endswith("...")]
    assert sides == ["before", "after"] * 3


@pytest.mark.parametrize(
    ("after_lines", "message"),
    [
        (("-- out 43",), "outputs differ: line 1"),
        (("-- out 42", "-- exit 3"), "exited with 3"),
        (("-- noise",), "not deterministic"),
    ],
)
def test_measure_refuses_what_cannot_be_compared(
    fake_toi: str, tmp_path: Path, after_lines: tuple[str, ...], message: str
) -> None:
    before = tmp_path / "b.toi"
    after = tmp_path / "a.toi"
    before.write_text(program("-- out 42"))
    after.write_text(program(*after_lines))
    with pytest.raises(runner.CaseFailed, match=message):
        runner.measure(fake_toi, before, after, repeat=2)


def test_unstable_lines_of_a_users_program_are_left_out(fake_toi: str, tmp_path: Path) -> None:
    before = tmp_path / "b.toi"
    after = tmp_path / "a.toi"
    before.write_text(program("-- out results: 7", "-- noise"))
    after.write_text(program("-- out results: 7", "-- noise"))
    m = runner.measure(fake_toi, before, after, repeat=2, tolerate_unstable=True)
    assert m.unstable_lines == 1
    after.write_text(program("-- out results: 8", "-- noise"))
    with pytest.raises(runner.CaseFailed, match="results: 8"):
        runner.measure(fake_toi, before, after, repeat=2, tolerate_unstable=True)


def make_case(root: Path, code: str, before: str, after: str | None = None) -> Path:
    case = root / code
    case.mkdir(parents=True)
    (case / "before.toi").write_text(before)
    if after is not None:
        (case / "after.toi").write_text(after)
    return case


def test_cases_are_measured_recorded_and_tabled(
    fake_toi: str, tmp_path: Path, test_rules: None, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases"
    make_case(cases, "PERF990", program("-- sleep 0.08", "-- out done"))
    make_case(cases, "PERF991", program("-- sleep 0.06", "-- out 1"), program("-- sleep 0.01", "-- out 1"))
    make_case(cases, "PERF999", program("-- out unregistered"))
    results = tmp_path / "results.json"
    rc = cli_bench(args(toi=fake_toi, cases=str(cases), results=str(results)))
    out, err = capsys.readouterr()
    assert rc == 0, out + err
    # the fixable rule's after side is toilint's own fix, written next to before.toi
    assert (cases / "PERF990" / "after.toi").read_text() == program("-- sleep 0.01", "-- out done")
    data = json.loads(results.read_text())
    assert set(data["cases"]) == {"PERF990", "PERF991"}
    c = data["cases"]["PERF990"]
    assert c["after"] == "toilint --fix --unsafe-fixes"
    assert len(c["before_cpu_s"]) == 2 and "cpu_speedup" in c
    assert c["speedup"] > 1.0 and len(c["before_s"]) == 2  # 8x in sleep time; start-up dilutes it on a busy machine
    assert c["interpreter"]["sha256"] == runner.interpreter_identity(fake_toi)["sha256"]
    assert data["cases"]["PERF991"]["after"] == "hand-written after.toi"
    assert "PERF990" in out and "test-slow-sleep" in out and "x" in out
    assert "skipped" in out and "PERF999" in out
    assert "before 1/2" in err  # progress went to stderr
    line = store.measured_line("PERF990", results)
    assert line is not None and f"{c['speedup']:.2f}x faster" in line


def test_a_case_whose_outputs_differ_fails_loudly(
    fake_toi: str, tmp_path: Path, test_rules: None, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases"
    make_case(cases, "PERF991", program("-- out 1"), program("-- out 2"))
    results = tmp_path / "results.json"
    rc = cli_bench(args(toi=fake_toi, cases=str(cases), results=str(results)))
    out = capsys.readouterr().out
    assert rc == 1
    assert "FAILED" in out and "outputs differ" in out
    assert "PERF991" not in json.loads(results.read_text())["cases"]


def test_earlier_results_of_other_cases_are_kept(fake_toi: str, tmp_path: Path, test_rules: None) -> None:
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"cases": {"PERF001": {"speedup": 9.0}}}))
    cases = tmp_path / "cases"
    make_case(cases, "PERF991", program("-- out 1"), program("-- out 1"))
    assert cli_bench(args(toi=fake_toi, cases=str(cases), results=str(results), files=["perf991"])) == 0
    assert set(json.loads(results.read_text())["cases"]) == {"PERF001", "PERF991"}


def test_missing_interpreter_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TOI", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert cli_bench(args()) == 2
    assert "no Toi interpreter" in capsys.readouterr().err


def test_bench_file_times_the_fixed_copy(
    fake_toi: str, tmp_path: Path, test_rules: None, capsys: pytest.CaptureFixture[str]
) -> None:
    prog = tmp_path / "prog.toi"
    prog.write_text(program("-- sleep 0.08", "-- out results: 5", "-- noise"))
    before_listing = sorted(os.listdir(tmp_path))
    assert cli_bench(args(toi=fake_toi, files=[str(prog)])) == 0
    out = capsys.readouterr().out
    assert "PERF990 sleep less" in out
    assert "x (median of 2 runs each; output identical except 1 line(s)" in out
    assert prog.read_text() == program("-- sleep 0.08", "-- out results: 5", "-- noise")  # never modified
    assert sorted(os.listdir(tmp_path)) == before_listing  # the temporary copy is gone


def test_bench_file_says_when_nothing_can_be_improved(
    fake_toi: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prog = tmp_path / "prog.toi"
    prog.write_text(program("-- out 1"))
    assert cli_bench(args(toi=fake_toi, files=[str(prog)])) == 0
    assert "nothing to measure" in capsys.readouterr().out


def test_measured_line_without_results_is_none(tmp_path: Path) -> None:
    assert store.measured_line("PERF101", tmp_path / "none.json") is None


def test_a_rule_without_fix_or_after_program_is_skipped_not_failed(
    fake_toi: str, tmp_path: Path, test_rules: None, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases"
    make_case(cases, "PERF991", program("-- out 1"))
    rc = cli_bench(args(toi=fake_toi, cases=str(cases), results=str(tmp_path / "r.json")))
    assert rc == 0
    assert "no after program" in capsys.readouterr().out


def test_the_store_keeps_other_sections_and_entries(tmp_path: Path) -> None:
    """A section written by another command survives `toilint bench`, and the reverse."""
    path = tmp_path / "results.json"
    record = store.CaseRecord(
        "PERF1", "r", "hand-written after.toi", [2.0, 2.2], [1.0, 1.0], "0" * 64, {"sha256": "ab"}
    )
    store.record_cases([record], path)
    store.record_section("occurrences", {"PERF1": {"cost_s": 0.5}}, path)
    store.record_cases([attrs.evolve(record, code="PERF2")], path)
    data = json.loads(path.read_text())
    assert list(data) == ["about", "cases", "occurrences"]
    assert set(data["cases"]) == {"PERF1", "PERF2"}
    assert data["cases"]["PERF1"]["speedup"] == 2.1 and data["cases"]["PERF1"]["runs"] == 2
    assert data["occurrences"] == {"PERF1": {"cost_s": 0.5}}
    assert store.case("perf2", path) is not None
    assert store.section("missing", path) == {}


def test_showing_a_recorded_result_does_not_load_the_runner() -> None:
    """`toilint explain` and hover read the store only: the runner (subprocess, timing) stays unloaded."""
    import subprocess

    code = (
        "import contextlib, io, sys\n"
        "from toilint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    assert main(['explain', 'PERF101']) == 0\n"
        "assert 'Measured on the real interpreter' in out.getvalue(), out.getvalue()\n"
        "import toilint.lsp.features\n"
        "assert toilint.lsp.features.measured('PERF101')\n"
        "print(sorted(m for m in sys.modules if m.startswith('toilint.bench')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['toilint.bench', 'toilint.bench.results']"


def test_list_shows_cases_and_recorded_results_without_an_interpreter(
    tmp_path: Path, test_rules: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TOI", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    cases = tmp_path / "cases"
    make_case(cases, "PERF990", program("-- sleep 0.08"))
    make_case(cases, "PERF991", program("-- out 1"), program("-- out 1"))
    results = tmp_path / "results.json"
    record = store.CaseRecord("PERF990", "test-slow-sleep", "x", [0.08], [0.01], "0" * 64, {})
    store.record_cases([record], results)
    assert cli_bench(args(list=True, cases=str(cases), results=str(results))) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[1].split() == [
        "PERF990",
        "test-slow-sleep",
        "toilint",
        "--fix",
        "--unsafe-fixes",
        "8.00x",
        "on",
        rows[1].split()[-1],
    ]
    assert rows[2].split() == ["PERF991", "test-no-fix", "hand-written", "after.toi", "not", "measured"]
    assert not (cases / "PERF990" / "after.toi").exists()  # listing runs and writes nothing
