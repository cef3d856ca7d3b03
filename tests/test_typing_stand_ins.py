"""A check's process never imports typing: ``toilint._typing`` stands in for the names it needs.

Importing typing was ~11 M instructions of every process (a twentieth of a one-file run). The
stand-ins must behave as typing's do where the code uses them at run time.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from toilint import _typing

PROGRAMS = Path(__file__).parent / "programs"


def _imports_typing(code: str) -> bool:
    script = textwrap.dedent(code) + "\nimport sys\nsys.stdout.write(repr('typing' in sys.modules))\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return out.endswith("True")


def test_a_check_and_its_report_do_not_import_typing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toi"
    broken.write_text("fn f(a\n    return a +\n")
    files = [str(p) for p in sorted(PROGRAMS.glob("*.toi"))] + [str(broken)]
    for fmt in ("concise", "full", "json"):
        code = f"""
            import contextlib, io
            from toilint.cli import main
            with contextlib.redirect_stdout(io.StringIO()) as out:
                status = main(["check", "--isolated", "--no-cache", "-j", "1", "--output-format", {fmt!r}, *{files!r}])
            assert status == 1 and "broken.toi" in out.getvalue(), (status, out.getvalue())
            """
        assert not _imports_typing(code), fmt


def test_a_fix_does_not_import_typing(tmp_path: Path) -> None:
    target = tmp_path / "a.toi"
    target.write_text("local t = {}\nfor i in 0..9\n    t[#t + 1] = i\nprint(t)\n")
    assert not _imports_typing(f"""
        from toilint.cli import main
        main(["check", "--isolated", "--no-cache", "--fix", "--quiet", {str(target)!r}])
        """)


def test_the_stand_ins_do_at_run_time_what_typings_names_do() -> None:
    assert _typing.cast("list[int]", value := object()) is value
    assert _typing.get_args(_typing.Literal["a", "b"]) == ("a", "b")
    assert _typing.get_args(_typing.Literal["a"]) == ("a",)

    class Box(_typing.Generic[_typing.TypeVar("T")]):
        pass

    class IntBox(Box[int]):
        pass

    assert issubclass(IntBox, Box)
    assert IntBox().__class__ is IntBox

    @_typing.dataclass_transform(frozen_default=True)
    def decorate(cls: type) -> type:
        return cls

    assert decorate(IntBox) is IntBox
