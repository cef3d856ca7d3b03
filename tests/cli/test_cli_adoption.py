"""Turning toilint on in a codebase with findings: suppression comments and baselines."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import FIXABLE, Runner, write


def test_add_suppressions_silences_every_finding(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE + "if #t == 0  -- empty?\n    print(0)\n"})
    result = run("--add-suppressions", "a.toi")
    assert result.code == 0
    assert "Added 2 suppressions." in result.err
    text = (tmp_path / "a.toi").read_text()
    assert "if #t > 0  -- toilint: ignore[PERF303]\n" in text
    assert "if #t == 0  -- empty?  -- toilint: ignore[PERF303]\n" in text
    assert run("a.toi").code == 0
    again = run("--add-suppressions", "a.toi")
    assert "Added 0 suppressions." in again.err
    assert (tmp_path / "a.toi").read_text() == text


def test_add_suppressions_extends_an_existing_directive(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": "t = {1}\nif #t > 0  -- toilint: ignore[W201]\n    print(t)\n"})
    run("--add-suppressions", "--select", "PERF", "a.toi")
    assert "if #t > 0  -- toilint: ignore[W201, PERF303]\n" in (tmp_path / "a.toi").read_text()


def test_add_suppressions_skips_lines_ending_inside_a_multiline_string(run: Runner, tmp_path: Path) -> None:
    source = 't = {1}\nif #t > 0 and "a\nb"\n    print(t)\n'
    write(tmp_path, {"a.toi": source})
    run("--add-suppressions", "a.toi")
    assert (tmp_path / "a.toi").read_text() == source


def test_baseline_hides_known_findings_across_line_shifts(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"src/a.toi": FIXABLE})
    recorded = run("--write-baseline", "baseline.json", "src")
    assert recorded.code == 0
    assert "Recorded 1 diagnostic" in recorded.err
    data = json.loads((tmp_path / "baseline.json").read_text())
    assert data["diagnostics"][0]["path"] == "src/a.toi" and data["diagnostics"][0]["code"] == "PERF303"
    assert run("--baseline", "baseline.json", "src").code == 0
    # unrelated lines inserted above: still known
    write(tmp_path, {"src/a.toi": "-- header\nx = 1\nprint(x)\n" + FIXABLE})
    assert run("--baseline", "baseline.json", "src").code == 0
    # a second, new occurrence of the same finding is reported, the old one is not
    write(tmp_path, {"src/a.toi": FIXABLE + "if #t > 0\n    print(2)\n"})
    result = run("--baseline", "baseline.json", "--format", "json", "src")
    assert result.code == 1
    assert [d["location"]["row"] for d in json.loads(result.out)] == [4]


def test_baseline_works_from_another_directory(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"proj/src/a.toi": FIXABLE})
    run("--write-baseline", "proj/baseline.json", "proj/src")
    (tmp_path / "proj").joinpath("other").mkdir()
    import os

    os.chdir(tmp_path / "proj")
    assert run("--baseline", "baseline.json", "src").code == 0


def test_bad_baseline_is_a_usage_error(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE, "bad.json": "{}"})
    assert run("--baseline", "missing.json", "a.toi").code == 2
    result = run("--baseline", "bad.json", "a.toi")
    assert result.code == 2 and "bad.json" in result.err
