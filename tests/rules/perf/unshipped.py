"""Tests of rules kept out of the registry (measured below the 1.3x bar) register them themselves."""

from __future__ import annotations

import pytest


def unshipped_rule(code: str, rule: type) -> object:
    """An autouse fixture that registers ``rule`` (kept out of the registry: below the 1.3x bar)
    for every test of the module except ``test_not_shipped_below_the_speedup_bar``."""

    @pytest.fixture(autouse=True)
    def _registered(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
        from toilint.rules.base import REGISTRY, all_rules

        if request.node.name != "test_not_shipped_below_the_speedup_bar":
            all_rules()
            monkeypatch.setitem(REGISTRY, code, rule)

    return _registered
