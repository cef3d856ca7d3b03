"""Configuration files as a user writes them: discovery, closest-wins, extend, overrides, errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

from cli_helpers import CLEAN, FIXABLE, Runner, write


def codes(out: str) -> list[tuple[str, str]]:
    return [(d["filename"], d["code"]) for d in json.loads(out)]


def test_pyproject_table_ignores_a_code(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE})
    assert run("a.toi").code == 1
    write(tmp_path, {"pyproject.toml": '[tool.toilint]\nignore = ["PERF303"]\n'})
    result = run("a.toi")
    assert result.code == 0, result.out
    assert "All checks passed!" in result.out


def test_pyproject_without_table_is_not_a_config(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n", "a.toi": FIXABLE})
    assert run("a.toi").code == 1


def test_selection_by_prefix(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE})
    assert run("--select", "E", "a.toi").code == 0
    assert run("--select", "PERF3", "a.toi").code == 1
    assert run("--select", "PERF", "--ignore", "PERF30", "a.toi").code == 0


def test_closest_config_wins(run: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "toilint.toml": 'ignore = ["PERF303"]\n',
            "top.toi": FIXABLE,
            "sub/toilint.toml": 'select = ["PERF"]\n',  # no ignore: the parent's is not merged in
            "sub/inner.toi": FIXABLE,
        },
    )
    result = run("--format", "json", ".")
    assert codes(result.out) == [("sub/inner.toi", "PERF303")]


def test_hidden_toml_is_found_and_beats_pyproject(run: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".toilint.toml": 'ignore = ["PERF303"]\n',
            "pyproject.toml": '[tool.toilint]\nselect = ["PERF"]\n',
            "a.toi": FIXABLE,
        },
    )
    assert run("a.toi").code == 0


def test_extend_inherits_and_overrides(run: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "base.toml": 'ignore = ["PERF303"]\noutput-format = "concise"\n',
            "proj/toilint.toml": 'extend = "../base.toml"\n',
            "proj/a.toi": FIXABLE,
            "proj2/toilint.toml": 'extend = "../base.toml"\nextend-select = ["PERF303"]\n',
            "proj2/b.toi": FIXABLE,
        },
    )
    assert run("proj").code == 0
    os.chdir(tmp_path / "proj2")  # the output format is the working directory's configuration's
    result = run("b.toi")
    assert result.code == 1
    assert "b.toi:2:4: PERF303" in result.out  # the inherited concise format


def test_circular_extend_is_an_error(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"toilint.toml": 'extend = "other.toml"\n', "other.toml": 'extend = "toilint.toml"\n'})
    write(tmp_path, {"a.toi": CLEAN})
    result = run("a.toi")
    assert result.code == 2
    assert "circular" in result.err


def test_config_option_applies_one_file_everywhere(run: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "sub/toilint.toml": 'select = ["PERF"]\n',
            "sub/a.toi": FIXABLE,
            "ci.toml": 'ignore = ["PERF303"]\n',
        },
    )
    assert run("sub").code == 1
    assert run("--config", "ci.toml", "sub").code == 0


def test_config_option_inline_value(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE})
    assert run("--config", "ignore = ['PERF3']", "a.toi").code == 0
    bad = run("--config", "nonsense", "a.toi")
    assert bad.code == 2 and "nonsense" in bad.err


def test_isolated_ignores_config_files(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"toilint.toml": 'ignore = ["PERF303"]\n', "a.toi": FIXABLE})
    assert run("a.toi").code == 0
    assert run("--isolated", "a.toi").code == 1


def test_unknown_key_is_an_error_naming_the_key(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.toilint]\nselekt = ["E"]\n', "a.toi": CLEAN})
    result = run("a.toi")
    assert result.code == 2
    assert "selekt" in result.err and "pyproject.toml" in result.err


def test_unknown_code_is_an_error(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"toilint.toml": 'select = ["PERF999"]\n', "a.toi": CLEAN})
    result = run("a.toi")
    assert result.code == 2
    assert "PERF999" in result.err
    write(tmp_path, {"toilint.toml": ""})
    assert run("--ignore", "NOPE1", "a.toi").code == 2
    assert run("--per-file-ignores", "*.toi:XQ", "a.toi").code == 2


def test_invalid_toml_and_bad_values_are_errors(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"toilint.toml": "select = [\n", "a.toi": CLEAN})
    assert run("a.toi").code == 2
    write(tmp_path, {"toilint.toml": 'fix = "yes"\n'})
    result = run("a.toi")
    assert result.code == 2 and "fix" in result.err
    write(tmp_path, {"toilint.toml": 'output-format = "xml"\n'})
    assert run("a.toi").code == 2


def test_per_file_ignores_are_relative_to_the_config(run: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "proj/toilint.toml": '[per-file-ignores]\n"tests/*.toi" = ["PERF3"]\n"gen_*.toi" = ["PERF"]\n',
            "proj/tests/t.toi": FIXABLE,
            "proj/src/tests/t.toi": FIXABLE,  # a different tests/ directory: not ignored
            "proj/src/gen_x.toi": FIXABLE,  # a bare name matches anywhere
        },
    )
    result = run("--format", "json", "proj")
    assert codes(result.out) == [("proj/src/tests/t.toi", "PERF303")]
    cli = run("--isolated", "--per-file-ignores", "*/t.toi:PERF303", "--format", "json", "proj")
    assert codes(cli.out) == [("proj/src/gen_x.toi", "PERF303")]


def test_exclude_and_extend_exclude(run: Runner, tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "toilint.toml": 'extend-exclude = ["vendor", "gen/*.toi"]\n',
            "vendor/v.toi": FIXABLE,
            "gen/g.toi": FIXABLE,
            "src/s.toi": FIXABLE,
            "node_modules/m.toi": FIXABLE,  # a default exclude
        },
    )
    assert codes(run("--format", "json", ".").out) == [("src/s.toi", "PERF303")]
    # a file named on the command line is linted even when excluded ...
    assert codes(run("--format", "json", "vendor/v.toi").out) == [("vendor/v.toi", "PERF303")]
    # ... unless --force-exclude (what the pre-commit hook passes)
    assert run("--force-exclude", "--format", "json", "vendor/v.toi").out.strip() == "[]"
    # `exclude` replaces the defaults
    write(tmp_path, {"toilint.toml": 'exclude = ["src"]\n'})
    found = codes(run("--format", "json", ".").out)
    assert ("node_modules/m.toi", "PERF303") in found and ("src/s.toi", "PERF303") not in found
    assert codes(run("--exclude", "vendor,gen,node_modules", "--format", "json", ".").out) == [("src/s.toi", "PERF303")]


def test_output_format_and_fix_from_config(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"toilint.toml": 'output-format = "json"\nfix = true\n', "a.toi": FIXABLE})
    result = run("a.toi")
    assert result.code == 0
    assert json.loads(result.out) == []
    assert (tmp_path / "a.toi").read_text() != FIXABLE
    write(tmp_path, {"a.toi": FIXABLE})
    assert run("--no-fix", "a.toi").code == 1
    assert (tmp_path / "a.toi").read_text() == FIXABLE


def test_command_line_select_beats_config_ignore_only_when_explicit(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"toilint.toml": 'ignore = ["PERF303"]\n', "a.toi": FIXABLE})
    assert run("--select", "PERF", "a.toi").code == 0  # the config's ignore carries over
    assert run("--extend-select", "PERF303", "a.toi").code == 1  # naming it again turns it back on
