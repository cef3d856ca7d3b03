"""Instrumentation must not change what a program does: same output, same errors, same lines."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.support import interpreter
from toilint.profile.instrument import choose_prefix, instrument
from toilint.syntax import parse


def _offsets(src: str, *markers: str) -> list[int]:
    out = []
    for m in markers:
        at = src.index(m)
        out.append(at)
    return out


def _run(toi: str, path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [toi, path.name], capture_output=True, text=True, cwd=cwd, timeout=60, stdin=subprocess.DEVNULL
    )


def run_both(
    tmp_path: Path, src: str, *markers: str
) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str], list[int] | None, object]:
    """Run the program and its instrumented copy (same directory, same file name)."""
    toi = interpreter.toi()
    plain_dir, counted_dir = tmp_path / "plain", tmp_path / "counted"
    plain_dir.mkdir()
    counted_dir.mkdir()
    counts = tmp_path / "counts.json"
    prog = instrument(src, _offsets(src, *markers), str(counts))
    (plain_dir / "prog.toi").write_text(src, encoding="utf-8")
    (counted_dir / "prog.toi").write_text(prog.text, encoding="utf-8")
    plain = _run(toi, plain_dir / "prog.toi", plain_dir)
    counted = _run(toi, counted_dir / "prog.toi", counted_dir)
    values = json.loads(counts.read_text()) if counts.exists() else None
    return plain, counted, values, prog


def _same(plain: subprocess.CompletedProcess[str], counted: subprocess.CompletedProcess[str]) -> None:
    assert (counted.returncode, counted.stdout, counted.stderr) == (plain.returncode, plain.stdout, plain.stderr)


def _count_of(prog: object, values: list[int], line: int, kind: str) -> int:
    counters = prog.counters  # type: ignore[attr-defined]
    found = [c for c in counters if c.line == line and c.kind == kind]
    assert found, f"no {kind} counter at line {line}: {counters}"
    return values[found[0].index - 1]


# --------------------------------------------------------------------------- without toi


def test_instrumentation_only_inserts_text_on_existing_lines() -> None:
    src = "fn f(x)\n    s = 0\n    for i in 1..x\n        s = s + i\n    return s\nprint f(4)\n"
    prog = instrument(src, _offsets(src, "s + i"), "/tmp/counts.json")
    got = prog.text.splitlines()
    want = src.splitlines()
    assert got[-1].endswith("d()")  # the dump is a new last line
    assert len(got) == len(want) + 1
    for new, old in zip(got, want, strict=False):
        assert new.endswith(old.lstrip()) and new.startswith(old[: len(old) - len(old.lstrip())])
    assert parse(prog.text).module is not None


def test_bodies_that_would_continue_the_counter_are_left_alone() -> None:
    src = "t = {1}\nfor i in 1..2\n    -i\n    print i\nfn g(h)\n    (h or g)(1)\n"
    prog = instrument(src, _offsets(src, "-i", "(h or"), "/tmp/counts.json")
    assert {s.line for s in prog.skipped} == {2, 5}
    assert "-i" in prog.text.splitlines()[2] and prog.text.splitlines()[2].strip() == "-i"


def test_the_prefix_avoids_every_name_of_the_program() -> None:
    assert choose_prefix("x = 1") == "__tl"
    assert choose_prefix("__tlc = 1") != "__tl"
    assert not choose_prefix("__tlc = 1 __tl1_c = 2").startswith("__tl1_")


# --------------------------------------------------------------------------- on the interpreter


def test_loops_and_calls_are_counted_and_output_unchanged(tmp_path: Path) -> None:
    src = (
        "fn f(n)\n"
        "    s = 0\n"
        "    for i in 1..n\n"
        "        if i % 2 == 0\n"
        "            s = s + i\n"
        "    return s\n"
        "total = 0\n"
        "for k in 1..5 total = total + f(k)\n"
        "print total\n"
    )
    plain, counted, values, prog = run_both(tmp_path, src, "s + i", "total + f")
    _same(plain, counted)
    assert values is not None
    assert _count_of(prog, values, 3, "loop") == 15  # 1 + 2 + 3 + 4 + 5 iterations
    assert _count_of(prog, values, 1, "function") == 5
    assert _count_of(prog, values, 8, "loop") == 5  # a one-line body
    assert _count_of(prog, values, 5, "statement") == 6  # only the even i


def test_runtime_error_lines_are_unchanged(tmp_path: Path) -> None:
    src = 'fn f(t)\n    for i in 1..3\n        t = t + i\n    return t\nprint "start"\nprint f(nil)\n'
    plain, counted, _, _ = run_both(tmp_path, src, "t + i")
    assert plain.returncode == 70
    assert "line" in plain.stderr
    _same(plain, counted)


def test_generators_and_coroutines(tmp_path: Path) -> None:
    src = (
        "global coroutine = import coroutine\n"
        "fn gen(n)\n"
        "    for i in 1..n\n"
        "        yield i * 2\n"
        "for v in gen(3)\n"
        "    print v\n"
        "fn worker(a)\n"
        "    x = a\n"
        "    while x < 5\n"
        "        x = x + coroutine.yield(x)\n"
        "    return x\n"
        "co = coroutine.create(worker)\n"
        "print coroutine.resume(co, 1)\n"
        "print coroutine.resume(co, 2)\n"
        "print coroutine.resume(co, 3)\n"
    )
    plain, counted, values, prog = run_both(tmp_path, src, "i * 2", "print v", "x + coroutine")
    _same(plain, counted)
    assert values is not None
    assert _count_of(prog, values, 3, "loop") == 3
    assert _count_of(prog, values, 5, "loop") == 3
    assert _count_of(prog, values, 9, "loop") == 2


def test_early_returns_try_and_a_top_level_return(tmp_path: Path) -> None:
    src = (
        "fn find(t, x)\n"
        "    for i#, v in t\n"
        "        if v == x\n"
        "            return i\n"
        "    return nil\n"
        "fn risky(n)\n"
        "    try\n"
        "        for i in 1..n\n"
        '            if i == 3 throw "three"\n'
        "    except e\n"
        '        print "caught", e\n'
        "    finally\n"
        '        print "finally", n\n'
        "print find({5, 6, 7}, 6)\n"
        "risky(2)\n"
        "risky(5)\n"
        "if true\n"
        "    return;\n"
        'print "never"\n'
    )
    plain, counted, values, prog = run_both(tmp_path, src, "v == x", "i == 3")
    _same(plain, counted)
    assert values is not None  # written before the top-level return ended the script
    assert _count_of(prog, values, 2, "loop") == 2
    assert _count_of(prog, values, 8, "loop") == 5  # 2 + 3 (the throw ends the second run)


@pytest.mark.parametrize("how", ["exit(3)", "os.exit(3)", "exit()"])
def test_counts_are_written_when_the_program_exits(tmp_path: Path, how: str) -> None:
    src = f"os = import os\nfn f()\n    for i in 1..10\n        if i == 4 {how}\n        print i\nf()\n"
    plain, counted, values, prog = run_both(tmp_path, src, "print i")
    _same(plain, counted)
    assert plain.returncode == (0 if how == "exit()" else 3)
    assert values is not None
    assert _count_of(prog, values, 3, "loop") == 4


def test_file_global_and_first_line_that_starts_with_a_minus(tmp_path: Path) -> None:
    src = "-1\nfor i in 1..2\n    print i, __main, __name\nprint #__file > 0\n"
    plain, counted, _, _ = run_both(tmp_path, src, "print i")
    _same(plain, counted)


def test_code_that_runs_only_sometimes_is_counted_where_it_runs(tmp_path: Path) -> None:
    src = (
        "string = import string\n"
        'text = "ab. cd. e"\n'
        "dots = 0\n"
        "w = nil\n"
        "for i in 1..#text\n"
        "    c = text[i]\n"
        '    if c == "." and string.sub(text, i + 1, i + 1) == " " dots = dots + 1\n'
        '    w = c == "e" ? string.upper(c) : c\n'
        "print dots, w\n"
    )
    sub = src.index("string.sub(text, i + 1, i + 1)")
    upper = src.index("string.upper(c)")
    toi = interpreter.toi()
    counts = tmp_path / "counts.json"
    prog = instrument(
        src, [sub, upper], str(counts), spans={sub: sub + len("string.sub(text, i + 1, i + 1)"), upper: upper + 15}
    )
    (tmp_path / "plain.toi").write_text(src, encoding="utf-8")
    (tmp_path / "counted.toi").write_text(prog.text, encoding="utf-8")
    plain, counted = _run(toi, tmp_path / "plain.toi", tmp_path), _run(toi, tmp_path / "counted.toi", tmp_path)
    _same(plain, counted)
    values = json.loads(counts.read_text())
    assert values[prog.at_offset[sub] - 1] == 2  # only after the two dots, not for all 9 characters
    assert values[prog.at_offset[upper] - 1] == 1


def test_counters_that_would_break_the_constant_limit_are_left_out() -> None:
    from toilint.api import lint_source

    body = "".join(f'    n = n + #"k{k}"\n' for k in range(246))
    src = f'fn f(s)\n    n = 0\n    for i in 1..3\n        if s n = n + 1\n{body}    return n\nprint f("a")\n'
    assert not [d for d in lint_source(src).diagnostics if d.code == "E115"]  # 256 constants is fine
    prog = instrument(src, [src.index("if s")], "/tmp/counts.json")
    assert not [d for d in lint_source(prog.text).diagnostics if d.code == "E115"]
    assert any("Too many constants" in s.reason for s in prog.skipped)
    assert not prog.counters
