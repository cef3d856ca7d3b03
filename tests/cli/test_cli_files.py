"""Which files get linted, stdin, unreadable files."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import CLEAN, FIXABLE, FIXED, Runner, write


def filenames(out: str) -> list[str]:
    return [d["filename"] for d in json.loads(out)]


def test_directories_are_walked_for_toi_files_in_order(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"b.toi": FIXABLE, "a/z.toi": FIXABLE, "a/y.toi": FIXABLE, "notes.txt": FIXABLE})
    assert filenames(run("--format", "json").out) == ["a/y.toi", "a/z.toi", "b.toi"]


def test_gitignore_is_honored_in_a_repository(run: Runner, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(
        tmp_path,
        {
            ".gitignore": "build/\n*.gen.toi\n",
            "src/.gitignore": "!keep.gen.toi\n",
            "build/out.toi": FIXABLE,
            "src/x.gen.toi": FIXABLE,
            "src/keep.gen.toi": FIXABLE,
            "src/main.toi": FIXABLE,
        },
    )
    assert filenames(run("--format", "json", "src", "build").out) == ["src/keep.gen.toi", "src/main.toi"]
    # a file named explicitly is linted although ignored
    assert filenames(run("--format", "json", "src/x.gen.toi").out) == ["src/x.gen.toi"]
    assert len(filenames(run("--no-respect-gitignore", "--format", "json", "src").out)) == 3


def test_gitignore_above_the_repository_root_does_not_count(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {".gitignore": "*.toi\n", "repo/a.toi": FIXABLE})
    (tmp_path / "repo" / ".git").mkdir()
    assert filenames(run("--format", "json", "repo").out) == ["repo/a.toi"]


def test_missing_path_is_a_usage_error(run: Runner, tmp_path: Path) -> None:
    result = run("nope.toi")
    assert result.code == 2
    assert "nope.toi" in result.err


def test_stdin_uses_the_stdin_filename(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"toilint.toml": '[per-file-ignores]\n"gen/*.toi" = ["PERF"]\n'})
    result = run("--output-format", "concise", "--stdin-filename", "src/x.toi", "-", stdin=FIXABLE)
    assert result.code == 1
    assert result.out.startswith("src/x.toi:2:4: PERF303")
    assert run("--stdin-filename", "gen/x.toi", "-", stdin=FIXABLE).code == 0


def test_stdin_fix_writes_the_fixed_source_to_stdout(run: Runner, tmp_path: Path) -> None:
    result = run("--fix", "--stdin-filename", "x.toi", "-", stdin=FIXABLE)
    assert result.code == 0
    assert result.out == FIXED
    assert "Found 1 diagnostic (1 fixed)" in result.err
    unchanged = run("--fix", "-", stdin=CLEAN)
    assert unchanged.out == CLEAN


def test_invalid_utf8_is_reported_and_never_rewritten(run: Runner, tmp_path: Path) -> None:
    data = FIXABLE.encode() + b"-- caf\xe9\n"
    (tmp_path / "latin.toi").write_bytes(data)
    result = run("--fix", "--output-format", "concise", "latin.toi")
    assert result.code == 1
    assert "E902" in result.out and "PERF303" in result.out
    assert (tmp_path / "latin.toi").read_bytes() == data


def test_unreadable_file_is_e902(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "dir.toi").mkdir()
    write(tmp_path, {"dir.toi/inner.toi": CLEAN})
    # a directory named *.toi is walked, not read
    assert run("dir.toi").code == 0
    (tmp_path / "broken.toi").symlink_to(tmp_path / "missing-target.toi")
    result = run("--output-format", "concise", "broken.toi")
    assert result.code == 1 and "E902" in result.out


def test_diff_shows_fixes_and_writes_nothing(run: Runner, tmp_path: Path) -> None:
    write(tmp_path, {"a.toi": FIXABLE, "b.toi": CLEAN})
    result = run("--diff", "a.toi")
    assert result.code == 1
    assert "-if #t > 0\n+if t\n" in result.out
    assert (tmp_path / "a.toi").read_text() == FIXABLE
    assert run("--diff", "b.toi").code == 0
