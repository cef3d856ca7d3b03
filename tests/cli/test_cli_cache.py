"""The cache: hits on unchanged files, misses on any change, never fatal."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cli_helpers import CLEAN, FIXABLE, FIXED, Runner, write


def hits(err: str) -> tuple[int, int]:
    m = re.search(r"cache: (\d+) hits, (\d+) misses", err)
    assert m, err
    return int(m.group(1)), int(m.group(2))


def test_second_run_is_served_from_the_cache_with_fixes(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE, "b.toi": CLEAN})
    first = run("-v", "--format", "json", ".")
    assert hits(first.err) == (0, 2)
    assert (tmp_path / ".toilint_cache").is_dir()
    second = run("-v", "--format", "json", ".")
    assert hits(second.err) == (2, 0)
    assert json.loads(second.out) == json.loads(first.out)  # fixes included
    assert second.code == first.code == 1


def test_content_and_settings_changes_miss(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE, "b.toi": CLEAN})
    run("-v", ".")
    write(tmp_path, {"b.toi": CLEAN + "print(2)\n"})
    assert hits(run("-v", ".").err) == (1, 1)
    assert hits(run("-v", "--ignore", "PERF3", ".").err) == (0, 2)
    write(tmp_path, {"toilint.toml": 'ignore = ["W"]\n'})
    assert hits(run("-v", ".").err) == (0, 2)


def test_fix_uses_the_cache_and_leaves_it_current(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE})
    run(".")
    assert run("--fix", ".").code == 0
    assert (tmp_path / "a.toi").read_text() == FIXED
    result = run("-v", ".")
    assert result.code == 0 and hits(result.err) == (1, 0)


def test_no_cache_and_cache_dir(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": CLEAN})
    run("--no-cache", ".")
    assert not (tmp_path / ".toilint_cache").exists()
    run("--cache-dir", "elsewhere", ".")
    assert (tmp_path / "elsewhere").is_dir() and not (tmp_path / ".toilint_cache").exists()
    assert (tmp_path / "elsewhere" / ".gitignore").read_text().strip().endswith("*")


def test_cache_lives_next_to_the_config(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"proj/toilint.toml": "", "proj/a.toi": CLEAN})
    run("proj")
    assert (tmp_path / "proj" / ".toilint_cache").is_dir()
    assert not (tmp_path / ".toilint_cache").exists()


def test_broken_cache_is_ignored(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE})
    run(".")
    for f in (tmp_path / ".toilint_cache").rglob("*.json"):
        f.write_text("{not json")
    result = run("-v", ".")
    assert result.code == 1 and "unreadable" in result.err
    assert hits(run("-v", ".").err) == (1, 0)  # rewritten


def test_unwritable_cache_is_not_fatal(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE, "blocker": "a file where the cache directory should be"})
    result = run("-v", "--cache-dir", "blocker/cache", ".")
    assert result.code == 1
    assert "not written" in result.err


def test_every_setting_that_changes_diagnostics_misses(run: Runner, tmp_path: Path) -> None:
    """``unused-secondaries`` and ``project-root`` change what is reported: a cached result made
    without them must not answer a run with them."""
    text = "io = import io\nfn f(p)\n    h, err = io.open(p), nil\n    return h\nprint f\n"
    write(tmp_path, {"a.toi": text})
    assert run("a.toi").code == 0
    write(tmp_path, {"toilint.toml": "unused-secondaries = true\n"})
    result = run("-v", "--output-format", "concise", "a.toi")
    assert hits(result.err) == (0, 1)
    assert "W202 unused variable 'err'" in result.out and result.code == 1
    write(tmp_path, {"toilint.toml": 'unused-secondaries = true\nproject-root = "lib"\n'})
    assert hits(run("-v", "a.toi").err) == (0, 1)


def test_build_fingerprint_of_a_checkout_and_of_an_installed_wheel(tmp_path: Path) -> None:
    """Results of an old build are never reused: a checkout hashes its sources' states, an installed
    wheel its RECORD (which lists every installed file's hash)."""
    import os

    from toilint.workspace.cache import source_fingerprint

    package = tmp_path / "site" / "toilint"
    write(package, {"__init__.py": "", "rules/x.py": "A = 1\n"})
    checkout = source_fingerprint(str(package), "0.1.0")
    (package / "rules" / "x.py").write_text("A = 22\n")
    assert source_fingerprint(str(package), "0.1.0") != checkout
    write(tmp_path / "site", {"toilint-0.1.0.dist-info/RECORD": "toilint/rules/x.py,sha256=abc,7\n"})
    installed = source_fingerprint(str(package), "0.1.0")
    os.utime(package / "rules" / "x.py", ns=(1, 1))  # a wheel's files do not change in place
    assert source_fingerprint(str(package), "0.1.0") == installed != checkout
    write(tmp_path / "site", {"toilint-0.1.0.dist-info/RECORD": "toilint/rules/x.py,sha256=def,7\n"})
    assert source_fingerprint(str(package), "0.1.0") != installed  # another build installed over it
    assert source_fingerprint(str(package), "0.2.0") != installed  # its RECORD is not this version's
