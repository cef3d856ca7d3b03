"""A warm-cache check is answered by the entry point without loading the CLI: same output, same exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import CLEAN, FIXABLE, Runner, run_process, write

from toilint import entry
from toilint.settings import Settings
from toilint.workspace.config import Overrides, Resolver

#: an unused local (W) and a fixable PERF303 (`#t > 0`), on more than one line
NOISY = "fn f()\n    local unused = 1\n    return 2\n" + FIXABLE


def answered(*args: str) -> bool:
    """Would the fast path answer this command line by itself?"""
    return entry.answer_from_cache(list(args)) is not None


@pytest.mark.parametrize("fmt", ["full", "concise", "text", "json", "json-lines", "sarif", "github", "junit"])
def test_cached_answer_prints_what_the_cli_prints(
    run: Runner, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    write(tmp_path, {"a.toi": NOISY, "b.toi": CLEAN})
    args = ("--output-format", fmt, "a.toi", "b.toi")
    capsys.readouterr()
    assert not answered(*args)  # nothing cached yet
    first = run(*args)
    assert answered(*args)
    capsys.readouterr()
    second = run(*args)  # answered from the cache
    uncached = run("--no-cache", *args)
    assert first.code == second.code == uncached.code == 1
    assert first.out == second.out == uncached.out
    assert "PERF303" in second.out


def test_clean_file_and_quiet_and_exit_zero(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": CLEAN, "b.toi": FIXABLE})
    for args in (("a.toi",), ("check", "a.toi", "-q"), ("--exit-zero", "b.toi"), ("b.toi", "a.toi", "--quiet")):
        first = run(*args, "--no-cache")
        run(*args)  # fills the cache
        assert answered(*args), args
        second = run(*args)
        assert (second.code, second.out, second.err) == (first.code, first.out, first.err), args


def test_file_edits_invalidate(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": CLEAN})
    assert run("a.toi").code == 0
    assert answered("a.toi")
    write(tmp_path, {"a.toi": FIXABLE})
    assert not answered("a.toi")
    result = run("a.toi")
    assert result.code == 1 and "PERF303" in result.out


def test_configuration_is_read_by_the_cli_and_then_remembered(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"src/a.toi": FIXABLE})
    assert run("src/a.toi").code == 1
    assert answered("src/a.toi")
    write(tmp_path, {"src/toilint.toml": 'ignore = ["PERF"]\n'})
    assert not answered("src/a.toi")  # a configuration file the cache knows nothing about
    assert run("src/a.toi").code == 0
    assert not answered("src/a.toi")  # the working directory has no configuration, src/ has one
    (tmp_path / "src" / "toilint.toml").rename(tmp_path / "toilint.toml")
    assert not answered("src/a.toi")
    cold = run("--output-format", "concise", "src/a.toi")
    assert answered("src/a.toi") and cold.code == 0
    warm = run("--output-format", "concise", "src/a.toi")
    assert (warm.code, warm.out, warm.err) == (cold.code, cold.out, cold.err)
    assert answered("--isolated", "src/a.toi")  # --isolated: no configuration, results cached earlier
    write(tmp_path, {"toilint.toml": 'ignore = ["PERF3"]\noutput-format = "concise"\n'})  # an edit
    assert not answered("src/a.toi")
    edited = run("src/a.toi")
    assert edited.code == 0 and edited.out.startswith("All checks passed")
    assert answered("src/a.toi")
    assert (tmp_path / "toilint.toml").read_text().startswith("ignore")


def test_the_configurations_own_settings_are_kept(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": NOISY, "toilint.toml": 'output-format = "concise"\nunsafe-fixes = true\n'})
    cold = run("a.toi")
    assert cold.out.startswith("a.toi:") and answered("a.toi")
    warm = run("a.toi")
    assert (warm.code, warm.out) == (cold.code, cold.out)
    write(tmp_path, {"toilint.toml": "fix = true\n"})
    run("a.toi")  # fixes the file
    assert not answered("a.toi")  # with fix = true, the CLI decides
    assert "#t" not in (tmp_path / "a.toi").read_text()


def test_extended_configuration_edits_invalidate(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE, "base.toml": "ignore = []\n", "toilint.toml": 'extend = "base.toml"\n'})
    assert run("a.toi").code == 1 and answered("a.toi")
    write(tmp_path, {"base.toml": 'ignore = ["PERF"]\n'})
    assert not answered("a.toi")
    assert run("a.toi").code == 0 and answered("a.toi")


def test_a_pyproject_without_the_table_is_not_a_configuration(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE, "pyproject.toml": "[project]\nname = 'x'\n"})
    assert run("a.toi").code == 1 and answered("a.toi")
    write(tmp_path, {"pyproject.toml": "[tool.toilint]\nignore = ['PERF']\n"})
    assert not answered("a.toi")
    assert run("a.toi").code == 0 and answered("a.toi")


def test_command_line_settings_record_no_configuration(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE, "toilint.toml": ""})
    run("--ignore", "PERF", "a.toi")
    assert not answered("a.toi")  # what the configuration resolves to was not recorded


def test_cache_dir_option_and_environment(run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"a.toi": FIXABLE})
    run("--cache-dir", "elsewhere", "a.toi")
    assert answered("--cache-dir", "elsewhere", "a.toi") and answered("--cache-dir=elsewhere", "a.toi")
    assert not answered("a.toi")  # the default cache directory is still empty
    monkeypatch.setenv("TOILINT_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert answered("a.toi")


@pytest.mark.parametrize(
    "args",
    [
        ("-v", "a.toi"),  # verbose output names the cache
        ("--iso", "a.toi"),  # argparse's abbreviation
        ("a.toi", "--isolated", "a.toi"),  # argparse rejects a second run of files
        ("--select", "W", "a.toi"),
        ("--fix", "a.toi"),
        ("--no-cache", "a.toi"),
        ("--format", "xml", "a.toi"),
        ("-", "a.toi"),
        (".",),  # directories are walked by the CLI
        ("missing.toi",),
        ("rules",),
        ("--cache-dir", "--isolated", "a.toi"),
    ],
)
def test_anything_else_goes_to_the_cli(run: Runner, tmp_path: Path, args: tuple[str, ...]) -> None:
    write(tmp_path, {"a.toi": FIXABLE})
    run("a.toi")
    assert answered("a.toi")
    assert not answered(*args)


def test_last_format_option_counts(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE})
    run("a.toi")
    args = ("--format", "json", "--output-format", "concise", "a.toi")
    assert answered(*args)
    result = run(*args)
    assert result.out == cli_output(run, *args) and result.out.startswith("a.toi:")


def cli_output(run: Runner, *args: str) -> str:
    return run("--no-cache", *args).out


def test_unconfigured_settings_are_the_resolvers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path finds results under the fingerprint of ``Settings()``: the CLI's, without a configuration."""
    monkeypatch.chdir(tmp_path)
    for resolver in (Resolver(Overrides()), Resolver(Overrides(), isolated=True)):
        assert resolver.default.path is None
        assert resolver.default.settings == Settings()
        assert resolver.for_path(str(tmp_path / "a.toi")).settings.fingerprint == Settings().fingerprint


def test_installed_entry_point_answers_from_the_cache(tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE})
    first = run_process("--output-format", "json", "a.toi", cwd=tmp_path)
    second = run_process("--output-format", "json", "a.toi", cwd=tmp_path)
    assert first.code == second.code == 1
    assert first.out == second.out and json.loads(second.out)[0]["code"] == "PERF303"
    assert (tmp_path / ".toilint_cache").is_dir()


def test_a_miss_hands_the_read_cache_to_the_cli(run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a miss (the edited file of a pre-commit run) the CLI does not parse the cache file again."""
    from toilint.workspace import cache

    write(tmp_path, {"a.toi": CLEAN, "b.toi": CLEAN})
    run("a.toi", "b.toi")
    write(tmp_path, {"b.toi": FIXABLE})
    reads: list[str] = []
    real_load = json.load
    monkeypatch.setattr(json, "load", lambda fh: reads.append(fh.name) or real_load(fh))
    result = run("a.toi", "b.toi")  # the fast path misses (b.toi changed), the CLI takes over
    assert result.code == 1 and "PERF303" in result.out
    assert reads == [cache.results_file(tmp_path / ".toilint_cache", Settings().fingerprint, "b.toi")]
    assert answered("a.toi", "b.toi")  # the CLI stored b.toi's result


def test_a_cache_file_written_since_it_was_peeked_is_read_again(tmp_path: Path) -> None:
    from toilint.workspace import cache

    file = tmp_path / "store.json"
    file.write_text(json.dumps({"format": cache.FORMAT, "files": {"a": ["x", []]}}))
    assert cache.peek(str(file)) == {"a": ["x", []]}
    file.write_text(json.dumps({"format": cache.FORMAT, "files": {"b": ["yy", []]}}))
    assert cache._Store(str(file), str(tmp_path)).entries == {"b": ["yy", []]}
    cache.forget_peeked()


def test_a_surprise_in_the_fast_path_leaves_the_run_to_the_cli(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"a.toi": FIXABLE})
    first = run("a.toi")
    assert answered("a.toi")

    def broken(*args: object) -> None:
        raise RuntimeError("a bug in the fast path")

    monkeypatch.setattr(entry, "_cached", broken)
    second = run("a.toi")
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)


def test_results_are_kept_per_source_directory(run: Runner, tmp_path: Path) -> None:
    """Checking one file reads its own directory's results only, not the whole project's."""
    from toilint.workspace import cache

    write(tmp_path, {"a/x.toi": FIXABLE, "b/y.toi": CLEAN, "b/z.toi": FIXABLE})
    assert run(".").code == 1
    key = Settings().fingerprint
    files = {cache.results_file(tmp_path / ".toilint_cache", key, p) for p in ("a/x.toi", "b/y.toi", "b/z.toi")}
    assert len(files) == 2 and all(Path(f).is_file() for f in files)
    assert answered("b/z.toi") and answered("a/x.toi", "b/y.toi")
    (tmp_path / "b" / "y.toi").unlink()
    write(tmp_path, {"b/z.toi": CLEAN})
    run(".")  # writes b/'s results again, without the deleted file's
    stored = json.loads(Path(cache.results_file(tmp_path / ".toilint_cache", key, "b/z.toi")).read_text())
    assert list(stored["files"]) == [str(tmp_path / "b" / "z.toi")]


def test_the_fast_path_knows_every_subcommand_of_the_cli() -> None:
    # a subcommand missing from the entry point's list would be taken for a file name there
    from toilint import cli

    assert entry.SUBCOMMANDS == cli.SUBCOMMANDS
