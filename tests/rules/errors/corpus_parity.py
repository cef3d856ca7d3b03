"""Run by hand: toilint's E diagnostics against the compiler's verdict on Toi's history corpus.

    python tests/rules/errors/corpus_parity.py [/work/toi-corpus]

For every file the compiler rejects with a semantic error, toilint must report an E1xx on the
compiler's line; for every file that compiles, no E diagnostic at all. Prints the counts and
every disagreement. Not a pytest test: the corpus is Toi's code and lives outside the repo.

The compiler's verdicts were taken on the oracle's input, the file with `exit(0)` as a new first
line; that line costs the script two constants, which decides where "Too many constants in one
chunk." falls. So toilint lints the same input, and its lines are shifted back by one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from toilint.api import lint_source

ORACLE_PREFIX = "exit(0)\n"


def main(root: Path) -> int:
    records = json.loads((root / "manifest.json").read_text())
    counts = {"semantic_ok": 0, "semantic_bad": 0, "clean_ok": 0, "clean_bad": 0, "syntax": 0}
    for rec in records:
        text = (root / rec["file"]).read_text(errors="surrogateescape")
        result = lint_source(ORACLE_PREFIX + text, rec["file"])
        errs = [(d.code, result.lines.line_of(d.start) - 1, d.message) for d in result.diagnostics if d.code[0] == "E"]
        if rec["exit"] == 0:
            key = "clean_ok" if not errs else "clean_bad"
        elif rec["error_class"] == "semantic":
            hit = any(c.startswith("E1") and line == rec["line"] and msg == rec["message"] for c, line, msg in errs)
            key = "semantic_ok" if hit else "semantic_bad"
        else:
            counts["syntax"] += 1
            continue
        counts[key] += 1
        if key.endswith("bad"):
            print(f"{rec['paths'][0]}: compiler {rec['line']}: {rec['message']!r}; toilint {errs[:3]}")
    print(counts)
    return 0 if counts["semantic_bad"] == counts["clean_bad"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/toi-corpus")))
