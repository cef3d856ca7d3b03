"""`toilint profile`, `check --profile-data` and hover: what a user sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import interpreter
from toilint.cli import main
from toilint.profile.data import FindingCost, ProfileData, load, save
from toilint.profile.profiler import compare_outputs

PROGRAM = """regex = import regex
os = import os
n = int(os.argv[1])
lines = {}
for i in 1..n
    lines <+ f"line {i} aaa"
hits = 0
for s in lines
    if regex.search("a+", s) hits = hits + 1
for k in 1..3
    if regex.search("b", "abc") hits = hits + 1
print hits
"""


@pytest.fixture
def toi(monkeypatch: pytest.MonkeyPatch) -> str:
    found = interpreter.toi()
    monkeypatch.setenv("TOI", found)
    return found


def _program(tmp_path: Path, text: str = PROGRAM) -> Path:
    path = tmp_path / "prog.toi"
    path.write_text(text, encoding="utf-8")
    return path


def test_profile_counts_each_finding_with_the_users_arguments(
    toi: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _program(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["profile", "prog.toi", "--repeat", "1", "-o", "out.json", "--", "250"]) == 0
    out = capsys.readouterr().out
    assert "PERF101 prog.toi:9 — 250 runs" in out
    assert out.index("prog.toi:9") < out.index("prog.toi:11")  # most runs first
    data = load(tmp_path / "out.json")
    assert [(f.line, f.count) for f in data.findings] == [(9, 250), (11, 3)]
    assert data.args == ["250"] and data.total_cpu_s > 0


def test_a_failing_program_is_reported_not_profiled(
    toi: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _program(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["profile", "prog.toi", "-o", "-"]) == 1  # os.argv[1] is nil: int(nil) fails
    err = capsys.readouterr().err
    assert "prog.toi exited with status 70" in err and "line 3" in err
    assert not (tmp_path / "toilint-profile.json").exists()


def test_a_program_that_runs_too_long_is_stopped(
    toi: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _program(tmp_path, "x = 0\nwhile true\n    x = x + 1\n")
    monkeypatch.chdir(tmp_path)
    assert main(["profile", "prog.toi", "--timeout", "1", "-o", "-"]) == 1
    assert "did not finish within 1 s" in capsys.readouterr().err


def test_verify_measures_the_fix_of_the_top_finding(
    toi: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _program(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert (
        main(["profile", "prog.toi", "--verify", "--verify-top", "1", "--repeat", "1", "-o", "out.json", "--", "300"])
        == 0
    )
    top = load(tmp_path / "out.json").findings[0]
    assert top.line == 9 and top.measured_s is not None
    assert "measured" in capsys.readouterr().out


def test_program_arguments_go_after_the_double_dash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _program(tmp_path)
    assert main(["profile", str(tmp_path / "prog.toi"), "250"]) == 2
    assert "go after --" in capsys.readouterr().err


def test_output_comparison_ignores_only_lines_that_vary_between_plain_runs() -> None:
    plain = ["title\ntime 0.51\nresult 3\n", "title\ntime 0.48\nresult 3\n"]
    assert compare_outputs(plain, "title\ntime 0.93\nresult 3\n", "copy") == (None, 1)
    problem, _ = compare_outputs(plain, "title\ntime 0.93\nresult 4\n", "copy")
    assert problem is not None and "line 3" in problem
    problem, _ = compare_outputs(["a\n", "a\n"], "a\nb\n", "copy")
    assert problem is not None


# --------------------------------------------------------------------------- check and hover


def _profile_for(path: Path, costs: dict[int, tuple[int, float | None]]) -> ProfileData:
    findings = [
        FindingCost(
            str(path.resolve()),
            line,
            "PERF101",
            count=count,
            unit="runs",
            estimated_s=est,
            share=(est / 2.0) if est else None,
        )
        for line, (count, est) in costs.items()
    ]
    return ProfileData(program=str(path.resolve()), total_cpu_s=2.0, findings=findings)


def test_check_orders_and_annotates_by_cost_in_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prog = _program(tmp_path)
    data = tmp_path / "profile.json"
    save(_profile_for(prog, {9: (120_000, 1.5), 11: (1, 0.00001)}), data)
    args = ["check", "--no-cache", "--select", "PERF", "--profile-data", str(data), str(prog)]
    main([*args, "--output-format", "json"])
    rows = json.loads(capsys.readouterr().out)
    assert [r["location"]["row"] for r in rows] == [9, 11]
    assert "120,000 runs, ~1.5 s of 2.0 s (75%)" in rows[0]["message"]
    # the costly finding comes first even though the file order says otherwise
    save(_profile_for(prog, {9: (1, 0.00001), 11: (5000, 0.9)}), data)
    main([*args, "--output-format", "concise"])
    lines = [ln for ln in capsys.readouterr().out.splitlines() if "PERF101" in ln]
    assert lines[0].startswith(f"{prog}:11:") and "5,000 runs" in lines[0]


def test_check_says_when_the_profile_data_cannot_be_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prog = _program(tmp_path)
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    assert main(["check", "--profile-data", str(tmp_path / "bad.json"), str(prog)]) == 2
    assert "not a profile written by `toilint profile`" in capsys.readouterr().err


def test_hover_shows_the_cost_when_profile_data_is_beside_the_file(tmp_path: Path) -> None:
    from toilint.lsp.analysis import analyze
    from toilint.lsp.features import hover
    from toilint.settings import Settings

    prog = _program(tmp_path)
    text = prog.read_text(encoding="utf-8")
    analysis = analyze(text, str(prog), 1, Settings(), "utf-16", 100_000)
    offset = text.index('regex.search("a+"')
    before = hover(analysis, offset)
    assert before is not None and "Profile" not in str(before.contents)
    save(_profile_for(prog, {9: (120_000, 1.5)}), tmp_path / "toilint-profile.json")
    after = hover(analysis, offset)
    assert after is not None and "120,000 runs, ~1.5 s of 2.0 s (75%)" in str(after.contents)


def test_project_modules_are_counted_through_instrumented_copies(
    toi: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "util").mkdir()
    (tmp_path / "util" / "text.toi").write_text(
        "regex = import regex\n"
        "fn count_a(lines)\n"
        "    n = 0\n"
        "    for s in lines\n"
        '        if regex.search("a+", s) n = n + 1\n'
        "    return n\n"
        "print __file, __name\n"
        "return {count_a = count_a}\n",
        encoding="utf-8",
    )
    _program(
        tmp_path,
        'from util.text import count_a\nimport util.text\nt = {"a", "b", "aa"}\n'
        "print count_a(t), text.count_a(t), __file, __name\n",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["profile", "prog.toi", "--repeat", "1", "-o", "out.json"]) == 0
    assert "PERF101 util/text.toi:5 — 6 runs" in capsys.readouterr().out
    [finding] = load(tmp_path / "out.json").findings
    assert finding.path == str((tmp_path / "util" / "text.toi").resolve())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "prog.toi", "util"]  # copies removed


def test_a_program_that_wanted_input_from_a_terminal_is_told_to_pipe_it(
    toi: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _program(tmp_path, 'x = input()\nprint "got " + x\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("toilint.profile.command.read_stdin", lambda: None)  # as from a terminal
    assert main(["profile", "prog.toi", "-o", "-"]) == 1
    assert "reads standard input" in capsys.readouterr().err
    # piped input is given to every run
    monkeypatch.setattr("toilint.profile.command.read_stdin", lambda: b"hello\n")
    assert main(["profile", "prog.toi", "-o", "-"]) == 0


def test_lines_that_change_from_run_to_run_are_recognised_even_with_one_timed_run(
    toi: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _program(tmp_path, 'time = import time\nprint "started at", time.nanos()\nprint "done"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["profile", "prog.toi", "--repeat", "1", "-o", "-"]) == 0
    assert "except 1 line(s) that vary between runs" in capsys.readouterr().out
