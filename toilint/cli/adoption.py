"""Adopting toilint in a codebase that already has findings: suppression comments and baselines.

``--add-suppressions`` writes a ``-- toilint: ignore[...]`` comment on every line that has a
diagnostic, so that a project can turn the linter on today and fix the backlog later.
``--write-baseline`` records today's findings in a file instead of the source; ``--baseline``
then reports only what is new. A baseline entry is a fingerprint of the file (relative to the
baseline), the code, the stripped text of the diagnostic's line and its occurrence index among
equal ones, so inserting or deleting unrelated lines does not make old findings look new.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from toilint.diagnostics import LINTER_ERRORS, SYNTAX_ERROR, Diagnostic
from toilint.lines import LineIndex
from toilint.report import FileReport

_DIRECTIVE = re.compile(r"toilint:\s*ignore\s*\[([^\]]*)\]")


def _string_spans(text: str) -> list[tuple[int, int]]:
    """Spans of string literals that cross a line break: a comment appended there would change the string."""
    from toilint import ast
    from toilint.syntax import parse
    from toilint.visitor import iter_nodes

    parsed = parse(text)
    if parsed.module is None:
        return []
    return [
        (n.start, n.end)
        for n in iter_nodes(parsed.module)
        if isinstance(n, ast.String | ast.FString) and "\n" in text[n.start : n.end]
    ]


def suppressed_text(text: str, diagnostics: Iterable[Diagnostic], lines: LineIndex) -> tuple[str, int]:
    """The text with a suppression for each diagnostic on its line; returns (text, codes added)."""
    diagnostics = list(diagnostics)
    if any(d.code == SYNTAX_ERROR for d in diagnostics):
        return text, 0  # a file with syntax errors is never rewritten (as with --fix)
    wanted: dict[int, list[str]] = {}
    for d in diagnostics:
        if d.code in LINTER_ERRORS:  # a suppression could not silence them: none is written
            continue
        codes = wanted.setdefault(lines.line_of(d.start), [])
        if d.code not in codes:
            codes.append(d.code)
    if not wanted:
        return text, 0
    strings = _string_spans(text)
    out_lines = text.split("\n")
    added = 0
    for line_no, codes in sorted(wanted.items()):
        line = out_lines[line_no - 1]
        end = lines.offset(line_no, len(line))
        if any(s < end < e for s, e in strings):
            continue  # the line ends inside a multi-line string
        body = line.rstrip("\r")
        cr = line[len(body) :]
        m = _DIRECTIVE.search(body)
        if m is not None and "--" in body[: m.start()]:
            present = [c.strip().upper() for c in m.group(1).split(",") if c.strip()]
            new = [c for c in codes if not any(c.startswith(p) for p in present)]
            if not new:
                continue
            merged = ", ".join([*present, *sorted(new)])
            body = f"{body[: m.start()]}toilint: ignore[{merged}]{body[m.end() :]}"
        else:
            new = sorted(codes)
            body = f"{body.rstrip()}  -- toilint: ignore[{', '.join(new)}]"
        added += len(new)
        out_lines[line_no - 1] = body + cr
    return "\n".join(out_lines), added


# ---------------------------------------------------------------------------------------------- baselines

BASELINE_VERSION = 1


def _relative(path: str, baseline: str) -> str:
    base = Path(os.path.abspath(baseline)).parent
    return os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")


def fingerprints(report: FileReport, baseline: str) -> list[str]:
    """One fingerprint per diagnostic, in the report's order."""
    rel = _relative(report.path, baseline)
    seen: Counter[tuple[str, str]] = Counter()
    out: list[str] = []
    for d in report.diagnostics:
        line = report.lines.line_text(report.lines.line_of(d.start)).strip()
        key = (d.code, line)
        occurrence = seen[key]
        seen[key] += 1
        raw = json.dumps([rel, d.code, line, occurrence], ensure_ascii=False)
        out.append(hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:24])
    return out


def write_baseline(reports: list[FileReport], baseline: str) -> int:
    entries = []
    for r in reports:
        for d, fp in zip(r.diagnostics, fingerprints(r, baseline), strict=True):
            line = r.lines.line_of(d.start)
            entries.append(
                {
                    "fingerprint": fp,
                    "code": d.code,
                    "path": _relative(r.path, baseline),
                    "line": line,
                    "message": d.message,
                }
            )
    entries.sort(key=lambda e: (str(e["path"]), int(str(e["line"])), str(e["code"])))
    Path(baseline).parent.mkdir(parents=True, exist_ok=True)
    with open(baseline, "w", encoding="utf-8") as fh:
        json.dump({"version": BASELINE_VERSION, "diagnostics": entries}, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    return len(entries)


class BaselineError(Exception):
    """A baseline file that cannot be used (missing, not JSON, another version)."""


def load_baseline(baseline: str) -> frozenset[str]:
    try:
        with open(baseline, encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("version") != BASELINE_VERSION:
            raise ValueError(f"unsupported version {data.get('version')!r}")
        return frozenset(str(e["fingerprint"]) for e in data["diagnostics"])
    except FileNotFoundError:
        raise BaselineError(f"{baseline}: no such file (record one with --write-baseline)") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BaselineError(f"{baseline}: not a toilint baseline ({exc})") from None


def filter_known(reports: list[FileReport], known: frozenset[str], baseline: str) -> list[FileReport]:
    out = []
    for r in reports:
        kept = [d for d, fp in zip(r.diagnostics, fingerprints(r, baseline), strict=True) if fp not in known]
        out.append(FileReport(r.path, kept, r.lines, r.fixed))
    return out
