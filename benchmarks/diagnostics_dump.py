"""Every diagnostic of a set of files, one per line: the before/after check of speed work.

    python benchmarks/diagnostics_dump.py DIR_OR_FILE... > before.tsv
    (change the code)
    python benchmarks/diagnostics_dump.py DIR_OR_FILE... > after.tsv && cmp before.tsv after.tsv

Each ``.toi`` file is linted in process twice, with the default settings and with
``select = ["ALL"]``; each line has the settings, the file, the code, the span, the line and
column, the message, and the fix (applicability, title, edits), so that an optimisation that
changes any diagnostic or fix shows up. Imports resolve against the current directory (run it
from the tree the files belong to, so that the module checks read the imported files).
"""

from __future__ import annotations

import sys
from pathlib import Path

from toilint.api import lint_source
from toilint.settings import Settings


def toi_files(args: list[str]) -> list[Path]:
    found: set[Path] = set()
    for arg in args:
        path = Path(arg)
        found.update(path.rglob("*.toi") if path.is_dir() else [path])
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    files = toi_files(sys.argv[1:] if argv is None else argv)
    for label, settings in (("default", Settings()), ("all", Settings(select=("ALL",)))):
        for path in files:
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
            result = lint_source(text, str(path), settings)
            for d in result.diagnostics:
                line, col = result.lines.position(d.start)
                fix = "-"
                if d.fix is not None:
                    edits = [(e.start, e.end, e.content) for e in d.fix.edits]
                    fix = repr((d.fix.applicability.name, d.fix.message, edits))
                print(label, path, d.code, d.start, d.end, line, col, repr(d.message), fix, sep="\t")
    print(f"{len(files)} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
