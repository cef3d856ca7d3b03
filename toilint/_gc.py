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
