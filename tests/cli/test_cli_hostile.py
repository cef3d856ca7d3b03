"""Hostile input: every case gets a clear message and an exit code, never a traceback or lost bytes."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import FIXABLE, FIXED, Runner

from tests.support import run_toi, toi_path
from toilint import fix_source, lint_source
from toilint.workspace import files


def codes(out: str) -> list[str]:
    return [line.split()[1] for line in out.splitlines() if line.count(":") >= 3]


def test_invalid_utf8_is_reported_linted_and_never_rewritten(run: Runner, tmp_path: Path) -> None:
    data = b'x = "\xff\xfe"\nt = {1}\nif #t > 0\n    print(x)\n'
    (tmp_path / "a.toi").write_bytes(data)
    result = run("--fix", "--output-format", "concise", "a.toi")
    assert "E902" in result.out and "not valid UTF-8" in result.out
    assert "PERF303" in result.out  # still linted
    assert (tmp_path / "a.toi").read_bytes() == data


def test_nul_byte_is_reported(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "a.toi").write_bytes(b"x = 1\x00\nprint(y)\n")
    result = run("--output-format", "concise", "a.toi")
    assert result.code == 1
    assert "NUL byte" in result.out
    # like the compiler, nothing after the NUL is read: `y` is not reported as undefined
    assert "W201" not in result.out


def test_bom_gets_the_compilers_message(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "a.toi").write_bytes(b"\xef\xbb\xbfx = 1\n")
    result = run("--output-format", "concise", "a.toi")
    assert result.code == 1
    assert "a.toi:1:1: E001 Unexpected character:" in result.out


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_lone_cr_are_kept_by_fix(run: Runner, tmp_path: Path, newline: str) -> None:
    src = FIXABLE.replace("\n", newline) if newline == "\r\n" else "x = 1\rprint(x)\r"
    (tmp_path / "a.toi").write_bytes(src.encode())
    run("--fix", "a.toi")
    out = (tmp_path / "a.toi").read_bytes().decode()
    if newline == "\r\n":
        assert out == FIXED.replace("\n", "\r\n")
    else:
        assert out == src


def test_tabs_mixed_with_spaces_follow_the_compilers_width_rule() -> None:
    ok = lint_source("if 1\n\tx = 1\n    print(x)\n")
    assert not [d for d in ok.diagnostics if d.code == "E001"]
    bad = lint_source("if 1\n\tx = 1\n  print(x)\n")
    assert [d.message for d in bad.diagnostics if d.code == "E001"] == ["Inconsistent indentation."]


def test_five_megabyte_file(run: Runner, tmp_path: Path) -> None:
    line = 'total = total + #"some text to make the line long enough"\n'
    text = "total = 0\n" + line * (5_000_000 // len(line)) + "print(total)\n"
    (tmp_path / "big.toi").write_text(text)
    result = run("--no-cache", "--output-format", "concise", "big.toi")
    assert result.code in (0, 1)
    assert "Traceback" not in result.err and "internal error" not in result.err


def test_ten_thousand_nested_parentheses(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "deep.toi").write_text("x = " + "(" * 10_000 + "1" + ")" * 10_000 + "\nprint(x)\n")
    result = run("--no-cache", "--output-format", "concise", "deep.toi")
    assert result.code == 0, result.out + result.err
    assert "E999" not in result.out


def test_five_hundred_nested_blocks(run: Runner, tmp_path: Path) -> None:
    lines = ["x = 1"] + ["    " * i + "if x" for i in range(500)] + ["    " * 500 + "print(x)"]
    (tmp_path / "deep.toi").write_text("\n".join(lines) + "\n")
    result = run("--no-cache", "--output-format", "concise", "deep.toi")
    assert result.code == 0, result.out + result.err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('s = "abc', "Unterminated string."),
        ("s = f'abc{x", "Unterminated f-string."),
        ("s = [[abc", "Unterminated multiline string."),
        ("s = f[[abc", "Unterminated multiline f-string."),
    ],
)
def test_unterminated_strings_at_end_of_file(text: str, message: str) -> None:
    result = lint_source(text)
    assert [(d.code, d.message) for d in result.diagnostics] == [("E001", message)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x = 1\ns = [[abc\nline2\nline3\n", "Unterminated multiline string."),
        ("x = 1\ns = f[[abc\nline2\nline3", "Unterminated multiline f-string."),
    ],
)
def test_an_unterminated_multiline_string_spans_from_its_opener_to_the_end_of_the_file(
    text: str, message: str, tmp_path: Path
) -> None:
    """The compiler reports the last line, the reader wants the opener: the span covers both."""
    result = lint_source(text)
    [d] = [d for d in result.diagnostics if d.code == "E001"]  # `x = 1` before it is still checked
    assert (d.code, d.message) == ("E001", message)
    assert text[d.start : d.start + 2] == "[[" or text[d.start : d.start + 3] == "f[["
    assert d.end == len(text)
    assert result.lines.line_of(d.start) == 2
    if toi_path() is not None:  # the compiler's line is the span's last
        found = re.search(r"\[line (\d+)\] Error\S*: (.*)", run_toi(text, cwd=tmp_path).stderr)
        assert found is not None and found[2] == message
        assert int(found[1]) == result.lines.line_of(d.end)


def test_empty_file_is_clean(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "empty.toi").write_text("")
    assert run("empty.toi").code == 0


def test_directory_symlink_loop_terminates(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.toi").write_text('print("a")\n')
    os.symlink(tmp_path / "src", tmp_path / "src" / "loop")
    result = run("--output-format", "concise", "src")
    assert result.code == 0, result.out + result.err


def test_unreadable_file_is_reported_and_others_still_linted(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "locked.toi").write_text("x = 1\n")
    (tmp_path / "b.toi").write_text(FIXABLE)

    def refusing_open(file: Any, *args: Any, **kwargs: Any) -> Any:  # root can read a 0o000 file: simulate the refusal
        if str(file).endswith("locked.toi"):
            raise PermissionError(13, "Permission denied")
        return open(file, *args, **kwargs)

    monkeypatch.setattr(files, "open", refusing_open, raising=False)  # what read_source calls
    result = run("--no-cache", "--output-format", "concise", "locked.toi", "b.toi")
    assert "locked.toi:1:1: E902 Permission denied" in result.out
    assert "b.toi" in result.out and "PERF303" in result.out
    assert "Traceback" not in result.err


def test_read_only_file_is_not_rewritten_by_fix(run: Runner, tmp_path: Path) -> None:
    target = tmp_path / "ro.toi"
    target.write_text(FIXABLE)
    target.chmod(0o444)
    result = run("--fix", "ro.toi")
    assert result.code == 2
    assert "read-only" in result.err
    assert target.read_text() == FIXABLE
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_file_changed_between_read_and_write_is_left_alone(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.toi"
    target.write_text(FIXABLE)
    edited = FIXABLE + "print(1)\n"

    import toilint.fix.fixer as fixer_module

    real_fix = fixer_module.fix_source

    def fix_then_someone_saves(*args: object, **kwargs: object) -> object:
        result = real_fix(*args, **kwargs)  # type: ignore[arg-type]
        target.write_text(edited)  # an editor saves while toilint is fixing
        return result

    monkeypatch.setattr(fixer_module, "fix_source", fix_then_someone_saves)
    result = run("--no-cache", "--fix", "a.toi")
    assert result.code == 2
    assert "changed while it was being fixed" in result.err
    assert target.read_text() == edited


def test_fix_of_a_file_with_a_syntax_error_changes_nothing() -> None:
    text = "t = {1}\nif #t > 0\n    print(t\n"
    result = fix_source(text)
    assert result.text == text
    # the rest of the file is still checked, but no fix is offered while the file is broken
    assert [d.code for d in result.remaining.diagnostics] == ["PERF303", "E001"]
    assert [d.fix for d in result.remaining.offered] == [None, None]
    assert result.remaining.diagnostics[0].fix is not None  # what the editor offers away from the error
