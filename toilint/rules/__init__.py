"""Rules, one per file, grouped by family: errors/, warnings/, perf/, style/.

Importing a rule's module registers its class (``base.register``). A lint imports only the
modules of the rules its settings enable (:func:`load`, found in :data:`MODULES`): importing all
of them was most of the import time of a one-file run. ``load_all`` imports every module (rule
listing, docs, explain).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from types import ModuleType

FAMILIES = ("errors", "warnings", "perf", "style")
_loaded = False

#: rule code -> the module under this package that defines it, so that a run imports only the
#: rules it enables; tests/test_rule_registry.py fails when it is out of step with the classes
#: (and prints the table to paste)
MODULES: dict[str, str] = {
    "E001": "errors.syntax_error",
    "E101": "errors.break_outside_loop",
    "E102": "errors.continue_outside_loop",
    "E104": "errors.yield_outside_function",
    "E105": "errors.duplicate_declaration",
    "E106": "errors.non_constant_default",
    "E107": "errors.required_after_default",
    "E108": "errors.argument_order",
    "E109": "errors.invalid_assignment",
    "E112": "errors.index_loop_misuse",
    "E113": "errors.local_in_own_initializer",
    "E114": "errors.filtered_except_without_name",
    "E115": "errors.compiler_limits",
    "E201": "errors.wrong_argument_count",
    "E202": "errors.unknown_native_member",
    "E203": "errors.native_call_error",
    "E204": "errors.not_callable",
    "E205": "errors.unresolved_import",
    "E206": "errors.missing_module_export",
    "E902": "errors.syntax_error",
    "E999": "errors.syntax_error",
    "PERF101": "perf.regex_call_in_loop",
    "PERF102": "perf.regex_replace_split_in_loop",
    "PERF103": "perf.regex_in_hot_function",
    "PERF201": "perf.string_concat_in_loop",
    "PERF202": "perf.string_reslice_in_loop",
    "PERF203": "perf.single_char_slice",
    "PERF204": "perf.loop_invariant_string_call",
    "PERF205": "perf.concat_to_fstring",
    "PERF301": "perf.length_append",
    "PERF302": "perf.length_in_loop_condition",
    "PERF303": "perf.length_emptiness_test",
    "PERF401": "perf.module_function_lookup_in_loop",
    "PERF402": "perf.floor_of_division",
    "STY001": "style.bool_comparison",
    "STY002": "style.module_call_to_method",
    "STY003": "style.string_sub_to_slice",
    "STY004": "style.concat_to_join",
    "STY005": "style.import_assign",
    "STY006": "style.table_push_to_append",
    "STY007": "style.equality_chain_to_has",
    "STY008": "style.if_chain_to_match",
    "W201": "warnings.undefined_name",
    "W202": "warnings.unused_variable",
    "W203": "warnings.unused_import",
    "W204": "warnings.unreachable_code",
    "W206": "warnings.useless_expression",
    "W207": "warnings.duplicate_table_key",
    "W208": "warnings.shadowed_variable",
    "W209": "warnings.unused_parameter",
    "W210": "warnings.overwritten_value",
    "W211": "warnings.field_set_twice",
    "W212": "warnings.self_assignment",
    "W213": "warnings.self_comparison",
    "W214": "warnings.loop_runs_once",
    "W299": "warnings.unused_suppression",
}
#: rules whose ``status`` is not "stable" (kept in step with the classes by the same test): a run
#: does not import a preview rule its settings select only by a prefix
STATUS: dict[str, str] = {
    "PERF401": "preview",
    "PERF402": "preview",
    "W208": "preview",
    "W209": "preview",
}


def load(codes: Iterable[str]) -> None:
    """Import the modules of these rules (codes not in :data:`MODULES` are skipped)."""
    for code in codes:
        name = MODULES.get(code)
        if name is not None and f"{__name__}.{name}" not in sys.modules:
            try:
                _import(f"{__name__}.{name}")
            except ModuleNotFoundError as exc:  # as in load_all: a family left out of the install
                if exc.name != f"{__name__}.{name.partition('.')[0]}":
                    raise


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for family in FAMILIES:
        try:
            package = _import(f"{__name__}.{family}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{family}":
                continue
            raise
        # a directory listing, not pkgutil.iter_modules: that imports inspect (start-up time)
        names = {
            entry.name[:-3]
            for path in package.__path__
            for entry in os.scandir(path)
            if entry.name.endswith(".py") and not entry.name.startswith("_")
        }
        for name in sorted(names):
            _import(f"{package.__name__}.{name}")


def _import(name: str) -> ModuleType:
    """``importlib.import_module`` without importing importlib (start-up time of every run)."""
    __import__(name)
    return sys.modules[name]
