"""The profile data file: what `toilint profile` measured, read by `check` and the server.

Readers import only this module (no interpreter, no runner). The file is JSON::

    {"version": 1, "program": "/abs/prog.toi", "total_cpu_s": 2.1, "findings": [
        {"path": "/abs/parse.toi", "line": 53, "code": "PERF101", "count": 120000,
         "unit": "iterations", "basis": "for loop at line 50", "per_occurrence_s": 1.3e-05,
         "estimated_s": 1.6, "share": 0.76, "measured_s": null}, ...]}

Findings are keyed by file, line and rule code: a finding that moved since the profile was
taken simply finds no entry.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import attrs

from toilint.profile import DEFAULT_NAME

#: the file `toilint profile` writes by default, and the server looks for beside a document
#: and in its parent directories
VERSION = 1


@attrs.define(frozen=True)
class FindingCost:
    path: str
    line: int
    code: str
    message: str = ""
    count: int | None = None  # how often the finding's code ran; None when not counted
    unit: str = "runs"  # "iterations", "calls", "runs"
    basis: str = ""  # which counter the count comes from, or why there is none
    per_occurrence_s: float | None = None  # from the rule's benchmark; None when it has none
    estimated_s: float | None = None
    share: float | None = None  # estimated_s / the program's total CPU time
    measured_s: float | None = None  # saving measured by --verify
    size: float | None = None  # summed operand size, for rules whose cost grows with it

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.define
class ProfileData:
    program: str
    total_cpu_s: float
    findings: list[FindingCost]
    total_wall_s: float = 0.0
    args: list[str] = attrs.field(factory=list)
    interpreter: dict[str, Any] = attrs.field(factory=dict)
    measured_at: str = ""

    def lookup(self, path: str, line: int, code: str) -> FindingCost | None:
        want = _norm(path)
        for f in self.findings:
            if f.line == line and f.code == code and _norm(f.path) == want:
                return f
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "program": self.program,
            "args": self.args,
            "total_cpu_s": round(self.total_cpu_s, 4),
            "total_wall_s": round(self.total_wall_s, 4),
            "interpreter": self.interpreter,
            "measured_at": self.measured_at,
            "findings": [f.to_json() for f in self.findings],
        }


def _norm(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def save(data: ProfileData, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data.to_json(), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


class ProfileDataError(Exception):
    pass


def load(path: Path) -> ProfileData:
    """Read a profile data file; :class:`ProfileDataError` with a readable reason otherwise."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileDataError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise ProfileDataError(f"{path}: not JSON: {exc}") from exc
    if not isinstance(raw, dict) or raw.get("version") != VERSION or not isinstance(raw.get("findings"), list):
        raise ProfileDataError(f"{path}: not a profile written by `toilint profile`")
    names = {f.name for f in attrs.fields(FindingCost)}
    try:
        findings = [FindingCost(**{k: v for k, v in f.items() if k in names}) for f in raw["findings"]]
        return ProfileData(
            program=str(raw.get("program", "")),
            total_cpu_s=float(raw.get("total_cpu_s") or 0.0),
            findings=findings,
            total_wall_s=float(raw.get("total_wall_s") or 0.0),
            args=list(raw.get("args") or []),
            interpreter=dict(raw.get("interpreter") or {}),
            measured_at=str(raw.get("measured_at", "")),
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise ProfileDataError(f"{path}: malformed profile data: {exc}") from exc


def find_near(path: str) -> Path | None:
    """The profile data file in the directory of ``path`` or the nearest parent that has one."""
    current = Path(path).resolve().parent
    for directory in (current, *current.parents):
        candidate = directory / DEFAULT_NAME
        if candidate.is_file():
            return candidate
    return None


def seconds(value: float) -> str:
    if value >= 10:
        return f"{value:.0f} s"
    if value >= 0.1:
        return f"{value:.1f} s"
    if value >= 0.001:
        return f"{value * 1000:.0f} ms"
    return f"{value * 1e6:.0f} µs"


def describe(cost: FindingCost, total_cpu_s: float) -> str:
    """``120,000 iterations, ~1.6 s of 2.1 s (76%)`` — the count and, when known, the estimate."""
    if cost.count is None:
        return f"not counted ({cost.basis})" if cost.basis else "not counted"
    text = f"{cost.count:,} {cost.unit if cost.count != 1 else cost.unit.rstrip('s')}"
    if cost.estimated_s is None:
        return text + " (no per-occurrence cost measured for this rule)"
    text += f", ~{seconds(cost.estimated_s)} of {seconds(total_cpu_s)}"
    if cost.share is not None:
        text += f" ({cost.share * 100:.0f}%)"
    if cost.measured_s is not None:
        text += f", measured {seconds(cost.measured_s)}"
    return text


def sort_key(cost: FindingCost | None) -> tuple[float, float]:
    """Most expensive first: estimated seconds, then how often it ran; unprofiled last."""
    if cost is None:
        return (1.0, 0.0)
    return (-(cost.estimated_s or 0.0), -float(cost.count or 0))
