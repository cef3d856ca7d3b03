"""A cached result that read other files (the modules a file imports) is answered only while they
are unchanged: by the CLI and by the entry point's warm-cache answer alike."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import CLEAN, Runner, run_process, write

from toilint import entry

MAIN = "from util import helper\nprint(helper(1))\n"
UTIL = "fn helper(x) {\n    return x\n}\nreturn {helper = helper}\n"
#: the same module without `helper` (and of another size)
UTIL_WITHOUT_HELPER = "fn other_name(x) {\n    return x\n}\nreturn {other_name = other_name}\n"


def answered(*args: str) -> bool:
    """Would the warm-cache answer of the entry point take this command line?"""
    return entry.answer_from_cache(list(args)) is not None


def hits(err: str) -> tuple[int, int]:
    m = re.search(r"cache: (\d+) hits, (\d+) misses", err)
    assert m, err
    return int(m.group(1)), int(m.group(2))


def test_editing_an_imported_module_changes_the_next_cached_run(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"main.toi": MAIN, "lib/util.toi": UTIL})
    assert run("main.toi").code == 0
    assert answered("main.toi")
    write(tmp_path, {"lib/util.toi": UTIL_WITHOUT_HELPER})
    assert not answered("main.toi")
    edited = run("-v", "main.toi")
    assert hits(edited.err) == (0, 1)
    assert edited.code == 1 and "E206" in edited.out
    assert edited.out == run("--no-cache", "main.toi").out
    cached = run("main.toi")  # the new result is cached in turn
    assert answered("main.toi")
    assert (cached.code, cached.out) == (edited.code, edited.out)


def test_creating_a_missing_module_changes_the_next_cached_run(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"main.toi": MAIN})
    missing = run("main.toi")
    assert missing.code == 1 and "E205" in missing.out
    assert answered("main.toi")
    # a candidate the interpreter tries before lib/util.toi: the answer changes too
    write(tmp_path, {"util.toi": UTIL})
    assert not answered("main.toi")
    found = run("main.toi")
    assert found.code == 0 and "E205" not in found.out


def test_an_unrelated_edit_keeps_the_cache_hit(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"main.toi": MAIN, "lib/util.toi": UTIL, "other.toi": CLEAN})
    first = run("main.toi")
    write(tmp_path, {"other.toi": CLEAN + CLEAN, "lib/unrelated.toi": "return {}\n"})
    assert answered("main.toi")
    second = run("-v", "main.toi")  # -v goes to the CLI: its cache counts the hit
    assert hits(second.err) == (1, 0)
    assert (second.code, second.out) == (first.code, first.out)


def test_an_unchanged_module_is_answered_without_the_parser(tmp_path: Path) -> None:
    write(tmp_path, {"main.toi": MAIN, "lib/util.toi": UTIL})
    run_process("main.toi", cwd=tmp_path)
    probe = (
        "import sys\nfrom toilint.entry import main\ncode = main(['main.toi'])\n"
        "sys.stdout.write(repr(code) + ' ' + repr('toilint.syntax' in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True
    )
    assert proc.stdout.endswith("0 False"), proc.stdout


def test_another_working_directory_gets_its_own_answer(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imports resolve against the working directory: one cache, two directories, two answers."""
    cache = str(tmp_path / "shared-cache")
    write(tmp_path, {"main.toi": MAIN, "a/lib/util.toi": UTIL, "b/lib/util.toi": UTIL_WITHOUT_HELPER})
    main = str(tmp_path / "main.toi")
    monkeypatch.chdir(tmp_path / "a")
    in_a = run("--cache-dir", cache, main)
    assert in_a.code == 0
    assert answered("--cache-dir", cache, main)
    monkeypatch.chdir(tmp_path / "b")
    assert not answered("--cache-dir", cache, main)
    in_b = run("--cache-dir", cache, main)
    assert in_b.code == 1 and "E206" in in_b.out
    monkeypatch.chdir(tmp_path / "a")
    again = run("--cache-dir", cache, main)
    assert (again.code, again.out) == (in_a.code, in_a.out)


def test_a_configured_project_root_does_not_depend_on_the_working_directory(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a configuration file, imports resolve against its directory from anywhere below it."""
    write(tmp_path, {"toilint.toml": "", "src/main.toi": MAIN, "lib/util.toi": UTIL})
    first = run("src/main.toi")
    assert first.code == 0
    monkeypatch.chdir(tmp_path / "src")
    assert answered("main.toi")
    second = run("-v", "main.toi")
    assert hits(second.err) == (1, 0) and second.code == 0
    write(tmp_path, {"lib/util.toi": UTIL_WITHOUT_HELPER})
    assert not answered("main.toi")
    assert "E206" in run("main.toi").out


def test_a_module_edited_after_the_lint_read_it_is_not_cached_as_seen(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"main.toi": MAIN, "lib/util.toi": UTIL})
    from toilint import cli

    recorded = cli._dependencies

    def edited_after_the_lint(result: Any, job: Any) -> list[Any]:
        # the module changes once the lint has read it, before the result is recorded
        write(tmp_path, {"lib/util.toi": UTIL_WITHOUT_HELPER})
        return recorded(result, job)

    monkeypatch.setattr(cli, "_dependencies", edited_after_the_lint)
    raced = run("main.toi")
    assert raced.code == 0 and "E206" not in raced.out  # the lint saw the module with `helper`
    monkeypatch.setattr(cli, "_dependencies", recorded)
    assert not answered("main.toi")
    again = run("-v", "main.toi")
    assert hits(again.err) == (0, 1)
    assert again.code == 1 and "E206" in again.out
