"""The results store: ``benchmarks/results.json``, the recorded evidence behind the PERF rules.

`toilint explain`, editor hover and the rule docs read it; `toilint bench` (and anything else
that measures on the real interpreter) writes it. Readers import only this module, never the
runner, so showing a recorded number costs no more than reading a JSON file.

The file is one object of named sections, each a mapping from a rule code to one JSON object::

    {"about": "...", "cases": {"PERF101": {...}}, "<other section>": {"PERF101": {...}}}

``cases`` holds the measurements of the bundled benchmark cases (:class:`CaseRecord`). Other
sections belong to whoever writes them (:func:`record_section`); writers replace only their own
entries and keep everything else, so two commands can record into the same file.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import statistics
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from toilint.resources import BENCHMARKS_DIR

RESULTS_PATH = BENCHMARKS_DIR / "results.json"
CASES = "cases"
ABOUT = "Written by `toilint bench`: wall-clock medians of whole `toi` runs, before and after alternating."


def now() -> str:
    """A UTC time stamp, to the second, as recorded in ``measured_at``."""
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def load_average() -> float | None:
    """The 1-minute load average when measuring: a busy machine explains a noisy number."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def machine() -> str:
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"


# --------------------------------------------------------------------------- reading


def load(path: Path = RESULTS_PATH) -> dict[str, Any]:
    """The whole file; an empty dict when it is missing or not a JSON object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def section(name: str, path: Path = RESULTS_PATH) -> dict[str, Any]:
    found = load(path).get(name)
    return found if isinstance(found, dict) else {}


def case(code: str, path: Path = RESULTS_PATH) -> dict[str, Any] | None:
    """The recorded measurement of one bundled case, as stored."""
    found = section(CASES, path).get(code.upper())
    return found if isinstance(found, dict) else None


def measured_line(code: str, path: Path = RESULTS_PATH) -> str | None:
    """The recorded speedup of a rule's benchmark, in one sentence (for `toilint explain` and hover)."""
    c = case(code, path)
    if c is None:
        return None
    try:
        interp = c.get("interpreter") or {}
        return (
            f"{c['speedup']:.2f}x faster: {c['before_median_s']:.3f} s -> {c['after_median_s']:.3f} s "
            f"(median of {c['runs']} runs each of benchmarks/cases/{code.upper()}, after program: "
            f"{c['after']}; toi sha256 {str(interp.get('sha256', '?'))[:12]}, {str(c['measured_at'])[:10]})"
        )
    except (KeyError, TypeError, ValueError):
        return None


def markdown_table(codes: list[str] | None = None, path: Path = RESULTS_PATH) -> str:
    """The recorded case measurements as a Markdown table (for rule docs and notes)."""
    out = ["| case | before | after | speedup |", "| --- | --- | --- | --- |"]
    for code, c in sorted(section(CASES, path).items()):
        if codes and code not in codes:
            continue
        out.append(f"| {code} | {c['before_median_s']:.3f} s | {c['after_median_s']:.3f} s | {c['speedup']:.2f}x |")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- writing


@attrs.define(frozen=True)
class CaseRecord:
    """One measured case, as ``cases`` stores it: raw times in, medians and speedups derived."""

    code: str
    rule: str
    #: where the after program came from ("toilint --fix --unsafe-fixes", "hand-written after.toi")
    after: str
    before_s: list[float]
    after_s: list[float]
    output_sha256: str
    interpreter: dict[str, Any]
    before_cpu_s: list[float] = attrs.field(factory=list)
    after_cpu_s: list[float] = attrs.field(factory=list)

    def to_json(self, measured_at: str) -> dict[str, Any]:
        before, after = statistics.median(self.before_s), statistics.median(self.after_s)
        cpu: float | None = None
        if self.before_cpu_s and self.after_cpu_s and statistics.median(self.after_cpu_s) > 0:
            cpu = round(statistics.median(self.before_cpu_s) / statistics.median(self.after_cpu_s), 2)
        return {
            "rule": self.rule,
            "after": self.after,
            "runs": len(self.before_s),
            "before_median_s": round(before, 4),
            "after_median_s": round(after, 4),
            "speedup": round(before / after, 2) if after > 0 else None,
            "before_s": [round(s, 4) for s in self.before_s],
            "after_s": [round(s, 4) for s in self.after_s],
            "cpu_speedup": cpu,
            "before_cpu_s": [round(s, 4) for s in self.before_cpu_s],
            "after_cpu_s": [round(s, 4) for s in self.after_cpu_s],
            "load_average": load_average(),
            "output_sha256": self.output_sha256,
            "interpreter": self.interpreter,
            "measured_at": measured_at,
            "machine": machine(),
        }


def record_section(name: str, entries: Mapping[str, Mapping[str, Any]], path: Path = RESULTS_PATH) -> None:
    """Merge ``entries`` (code -> JSON object) into section ``name``; every other entry is kept."""
    data = load(path)
    current = data.get(name)
    merged: dict[str, Any] = dict(current) if isinstance(current, dict) else {}
    merged.update({code: dict(entry) for code, entry in entries.items()})
    data[name] = dict(sorted(merged.items()))
    data.setdefault("about", ABOUT)
    ordered = {"about": data.pop("about"), **({CASES: data.pop(CASES)} if CASES in data else {}), **data}
    _write(path, ordered)


def record_cases(records: Iterable[CaseRecord], path: Path = RESULTS_PATH) -> None:
    """Record measured cases (cases not measured this time are kept)."""
    stamp = now()
    record_section(CASES, {r.code: r.to_json(stamp) for r in records}, path)


def _write(path: Path, data: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
