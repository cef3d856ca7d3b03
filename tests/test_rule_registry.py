"""The table of rule modules (``toilint.rules.MODULES``, ``STATUS``) against the rule classes.

A run imports only the modules of the rules its settings enable, found through that table; a
rule missing from it would never run, a wrong status would import a preview rule for nothing.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from toilint import rules
from toilint.rules.base import all_rules, rule_codes, status_of


def _table() -> str:
    lines = [f'    "{code}": "{cls.__module__.removeprefix("toilint.rules.")}",' for code, cls in all_rules().items()]
    return "MODULES: dict[str, str] = {\n" + "\n".join(lines) + "\n}"


def test_every_rule_is_in_the_table_with_its_module() -> None:
    found = {code: cls.__module__.removeprefix("toilint.rules.") for code, cls in all_rules().items()}
    assert found == rules.MODULES, "toilint/rules/__init__.py is out of step with the rules:\n" + _table()


def test_statuses_in_step() -> None:
    found = {code: cls.status for code, cls in all_rules().items() if cls.status != "stable"}
    assert found == rules.STATUS
    assert all(status_of(code) == cls.status for code, cls in all_rules().items())


def test_rule_codes_are_all_rules() -> None:
    assert rule_codes() == list(all_rules())


def _run(code: str) -> list[str]:
    """Rule modules a fresh process has imported after running ``code``."""
    script = textwrap.dedent(code) + textwrap.dedent("""
        import sys
        print("\\n".join(sorted(m for m in sys.modules if m.startswith("toilint.rules."))))
        """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return [m.removeprefix("toilint.rules.") for m in out.split()]


def test_a_lint_imports_only_the_enabled_rules() -> None:
    imported = _run("""
        from toilint.api import lint_source
        from toilint.settings import Settings
        result = lint_source("add = fn(a, b) return a + b\\nprint(add(1))\\n", "a.toi", Settings(select=("E201",)))
        assert [d.code for d in result.diagnostics] == ["E201"], result.diagnostics
        """)
    assert imported == ["base", "errors", "errors.syntax_error", "errors.wrong_argument_count"]


def test_default_settings_skip_opt_in_and_preview_rules() -> None:
    imported = set(
        _run("""
        from toilint.api import lint_source
        lint_source("print(1)\\n", "a.toi")
        """)
    )
    preview = {rules.MODULES[code] for code in rules.STATUS}
    assert not any(m.startswith("style") for m in imported)
    assert not imported & preview
    assert {
        rules.MODULES[c] for c in rules.MODULES if c.startswith(("E", "W", "PERF")) and c not in rules.STATUS
    } <= imported
