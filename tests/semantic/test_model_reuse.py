"""A model built with the previous version's model (the editor's re-lint after an edit) has the
node list, parent map and statement starts of a model built from scratch, edit after edit."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from toilint.semantic import SemanticModel, build
from toilint.syntax import parse
from toilint.syntax.incremental import reparse
from toilint.syntax.result import ParseResult

PROGRAMS = sorted((Path(__file__).parent.parent / "programs").glob("*.toi"))
PIECES = ["x", "1", " ", "\n", "(", ")", '"', "fn f()\n    return 1\n", "    ", "local y = ", "--", "if x\n", "."]


def _program() -> str:
    return "\n".join(p.read_text(encoding="utf-8").replace("\r\n", "\n") for p in PROGRAMS)


def _edits(text: str, seed: int, count: int) -> Iterator[str]:
    """Insertions, deletions and one-character replacements (same length: the statements after
    the edit are the old tree's own) at random places."""
    rng = random.Random(seed)
    for _ in range(count):
        at = rng.randrange(len(text))
        roll = rng.random()
        if roll < 0.3:
            text = text[:at] + text[min(len(text), at + rng.randrange(1, 12)) :]
        elif roll < 0.6 and text[at] not in "\n ":
            text = text[:at] + rng.choice("xyz019") + text[at + 1 :]
        else:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        yield text


def _same_pass(reused: SemanticModel, fresh: SemanticModel) -> None:
    assert len(reused.preorder()) == len(fresh.preorder())
    assert all(a is b for a, b in zip(reused.preorder(), fresh.preorder(), strict=True))
    assert reused._parent.keys() == fresh._parent.keys()
    assert all(reused._parent[n] is p for n, p in fresh._parent.items())
    assert reused._starts == fresh._starts


def _replay(text: str, seed: int, count: int) -> int:
    """Models over a run of edits; how many reused statements of the previous version."""
    parsed: ParseResult = parse(text)
    assert parsed.module is not None
    previous = build(parsed.module, text, parsed)
    reused = 0
    for new in _edits(text, seed, count):
        again = reparse(text, parsed, new)
        if again is None or again.module is None:
            again = parse(new)
        if again.module is None:
            continue
        shared = previous.module.body
        reused += sum(1 for s in again.module.body if any(s is t for t in shared))
        model = build(again.module, new, again, None, previous)
        fresh = build(again.module, new, again)
        _same_pass(model, fresh)
        assert [(b.name, b.node) for b in model.bindings] == [(b.name, b.node) for b in fresh.bindings]
        text, parsed, previous = new, again, model
    return reused


def test_reused_node_pass_equals_a_fresh_one() -> None:
    text = _program()
    total = sum(_replay(text, seed, 40) for seed in range(5))
    assert total > 300  # statements shared with the previous version: the copying path ran


def test_a_file_of_one_statement_and_an_unrelated_previous_model() -> None:
    text = "x = 1\n"
    parsed = parse(text)
    assert parsed.module is not None
    other = parse("y = 2\nprint(y)\n")
    assert other.module is not None
    unrelated = build(other.module, "y = 2\nprint(y)\n", other)
    _same_pass(build(parsed.module, text, parsed, None, unrelated), build(parsed.module, text, parsed))
