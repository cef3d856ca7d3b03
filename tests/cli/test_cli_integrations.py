"""The pre-commit hooks run the commands they promise."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from cli_helpers import FIXABLE, FIXED, Runner, write

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


def hooks() -> dict[str, list[str]]:
    text = HOOKS.read_text()
    ids = re.findall(r"^- id: (\S+)", text, re.M)
    entries = re.findall(r"^  entry: (.+)$", text, re.M)
    assert len(ids) == len(entries)
    return {i: shlex.split(e) for i, e in zip(ids, entries, strict=True)}


def test_hooks_exist_and_run(run: Runner, tmp_path: Path) -> None:
    found = hooks()
    assert set(found) == {"toilint", "toilint-fix"}
    write(tmp_path, {"toilint.toml": 'extend-exclude = ["vendor"]\n', "a.toi": FIXABLE, "vendor/v.toi": FIXABLE})
    lint = found["toilint"]
    assert lint[0] == "toilint"
    # pre-commit passes file names; excluded ones are skipped (--force-exclude)
    assert run(*lint[1:], "vendor/v.toi").code == 0
    assert run(*lint[1:], "a.toi", "vendor/v.toi").code == 1
    fix = found["toilint-fix"]
    assert run(*fix[1:], "a.toi").code == 1  # changed a file: the commit stops
    assert (tmp_path / "a.toi").read_text() == FIXED
    assert run(*fix[1:], "a.toi").code == 0
