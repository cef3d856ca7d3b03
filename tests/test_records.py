"""The small value classes behind settings, diagnostics and jobs (``toilint.records``).

They replaced attrs classes on the start-up path, so these tests pin what callers relied on:
equality, hashing, immutability, ``evolve``, defaults and factories, and pickling (jobs and
their outcomes cross process boundaries in a parallel run).
"""

from __future__ import annotations

import pickle

import pytest

from toilint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from toilint.records import FrozenInstanceError, evolve, fields
from toilint.settings import Settings
from toilint.suppressions import Suppression
from toilint.workspace.config import Overrides


def diagnostic() -> Diagnostic:
    fix = Fix((Edit(1, 2, "x"), Edit.insert(5, "y")), Applicability.SAFE, "do it", ("tmp",))
    return Diagnostic("W201", "message", 1, 2, Severity.ERROR, fix, "undefined-name", True)


def test_equal_values_are_equal_and_hash_alike() -> None:
    assert diagnostic() == diagnostic()
    assert hash(diagnostic()) == hash(diagnostic())
    assert len({diagnostic(), diagnostic()}) == 1
    assert diagnostic() != evolve(diagnostic(), start=0)
    assert Edit(1, 2, "x") != (1, 2, "x")


def test_frozen_records_refuse_assignment() -> None:
    d = diagnostic()
    with pytest.raises(FrozenInstanceError):
        d.code = "E001"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del d.message  # type: ignore[misc]


def test_evolve_replaces_named_fields_only() -> None:
    d = diagnostic()
    e = d.with_fix(None)
    assert e.fix is None and e.code == d.code and e.message == d.message and d.fix is not None
    with pytest.raises(TypeError):
        evolve(d, colour="red")


def test_defaults_keywords_and_factories() -> None:
    d = Diagnostic(code="E1", message="m", start=0, end=1)
    assert d.severity is Severity.WARNING and d.fix is None and d.name == "" and not d.unnecessary
    a, b = Overrides(), Overrides()
    assert a.inline == {} and a.inline is not b.inline  # a fresh dict each
    with pytest.raises(TypeError):
        Diagnostic("E1", "m", 0)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Diagnostic("E1", "m", 0, 1, code="E2")  # type: ignore[misc]
    assert fields(Diagnostic)[:4] == ("code", "message", "start", "end")


def test_mutable_records_are_unhashable_and_settable() -> None:
    s = Suppression(comment=None, file_wide=False, line=1, codes=("W2",), start=0, end=1)  # type: ignore[arg-type]
    s.used.add("W2")
    assert s.used == {"W2"}
    with pytest.raises(TypeError):
        hash(s)


def test_records_survive_pickling() -> None:
    settings = Settings(select=("E", "W"), ignore=("W202",))
    assert settings.fingerprint  # a cached property, kept in the instance dict
    for value in (diagnostic(), settings, Overrides(select=("E",))):
        copy = pickle.loads(pickle.dumps(value))
        assert copy == value and type(copy) is type(value)
    assert pickle.loads(pickle.dumps(settings)).is_enabled("E001")
