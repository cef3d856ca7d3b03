"""Parity over the Toi repository's history, when a prepared corpus is available.

The corpus (every historical ``.toi`` blob with the compiler's verdict in ``manifest.json``)
is not part of this repository; point ``$TOI_CORPUS`` at it (skipped when it is not set).
toilint must report a fatal error exactly where the compiler reports a syntax error (same
message, same line) and parse everything else, semantic-error files included, to a tree.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from toilint.syntax import parse

CORPUS = Path(os.environ.get("TOI_CORPUS") or "/nonexistent")
MANIFEST = CORPUS / "manifest.json"

pytestmark = pytest.mark.skipif(
    not os.environ.get("TOI_CORPUS") or not MANIFEST.exists(),
    reason="no Toi corpus: point $TOI_CORPUS at a prepared corpus (manifest.json)",
)


def test_history_corpus_parity() -> None:
    records = json.loads(MANIFEST.read_text())
    wrong = []
    for r in records:
        src = (CORPUS / r["file"]).read_text(encoding="utf-8", errors="replace")
        fatal = [e for e in parse(src).errors if e.fatal]
        if r["error_class"] in ("syntax", "syntax-lexical"):
            good = bool(fatal) and (fatal[0].message, fatal[0].line) == (r["message"], r["line"])
        else:
            good = not fatal
        if not good:
            wrong.append((r["file"], r["message"], r["line"], [(e.message, e.line) for e in fatal]))
    assert not wrong, wrong
