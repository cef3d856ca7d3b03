"""Pausing Python's cyclic garbage collector while a file is parsed and checked.

Parsing and checking allocate hundreds of thousands of small container objects (tokens,
nodes, tuples, lists) that never form reference cycles. Each 700 allocations start a
young-generation collection, and the older generations are rescanned as the tree grows:
measured at 20-25 % of the parse time and of a whole lint. Pausing the collector for one
file and resuming it afterwards frees the same memory (reference counting frees the acyclic
objects; whatever cycles the semantic model makes are collected at the next collection).

Re-entrant and conservative: a caller that already disabled the collector keeps it
disabled; we only ever re-enable what we disabled.

A run over many files (the CLI, a worker process) keeps the collector paused for the whole batch
(``gc_paused`` around the loop, ``settle`` between files). Re-enabling it after each file cost a
tenth of a ``-j 1`` run: the first allocation after ``gc.enable()`` starts a collection that
traverses the whole young generation, which is the file's entire tree, still alive in the result.
The semantic model's scopes and bindings refer to each other, so a file leaves a little cyclic
garbage behind; ``settle`` collects once it piles up.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: young objects (allocations minus deallocations) after which a paused batch collects once
SETTLE_LIMIT = 250_000


@contextmanager
def gc_paused() -> Iterator[None]:
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def settle() -> None:
    """Between the files of a paused batch: collect only when uncollected objects pile up."""
    if not gc.isenabled() and gc.get_count()[0] > SETTLE_LIMIT:
        gc.collect()


class IdleCollector:
    """A long-running process (the language server): the collector stays off and runs when the
    process is idle, or when uncollected objects pile up.

    Each analysis of a long file leaves its whole tree and model behind as cyclic garbage once
    a newer version replaces it (the model's scopes and bindings refer to each other). With the
    collector on, every few keystrokes a full collection traversed all live analyses too, and the
    young collections after each lint traversed the new one: about a quarter of a 10,000-line
    file's edit. Collected at idle, that cost leaves the latency of an edit; ``due`` bounds memory
    while edits come without a pause (about ``ratio`` times what was alive after the last one).
    """

    #: young objects below which a collection is never forced
    FLOOR = 1_000_000

    def __init__(self, ratio: float = 1.0) -> None:
        self.ratio = ratio
        self.live = 0
        self.held = False

    def hold(self) -> None:
        """From now on, collect only through :meth:`collect`."""
        gc.disable()
        self.held = True

    @property
    def pending(self) -> int:
        """Objects allocated (and not freed) since the last collection."""
        return gc.get_count()[0] if self.held else 0

    @property
    def due(self) -> bool:
        return self.pending > max(self.FLOOR, self.ratio * self.live)

    def collect(self) -> None:
        gc.collect()
        self.live = len(gc.get_objects())
