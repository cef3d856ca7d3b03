"""The rule protocol and the registry every front end reads.

A rule is a class with metadata (``code``, ``name``, fix applicability, severity) and
handlers named after AST node classes: ``visit_Call(self, node, ctx)`` and
``leave_Call(self, node, ctx)``. The checker walks the tree once and calls every enabled
rule's handler for each node (ruff's design), so adding a rule never adds a walk. A rule that
needs no walk order takes a class's nodes at once: ``batch_Call(self, nodes, ctx)``, called
after the walk with the file's calls in pre-order (see docs/architecture.md).
The class docstring is the rule's documentation (`toilint explain`, generated docs, hover).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from toilint._typing import TYPE_CHECKING, ClassVar, Literal, TypeVar, cast
from toilint.diagnostics import Applicability, Diagnostic, Fix, Severity

if TYPE_CHECKING:
    from toilint.context import Context
    from toilint.semantic.model import SemanticErrorKind


#: a rule's life cycle, as data (ruff's ``codes.rs``): ``stable`` rules run when their code or a
#: prefix of it is selected; ``preview`` rules (noisy, or below a bar such as PERF's measured
#: speedup) only when their exact code is selected; ``removed`` rules never run
Status = Literal["stable", "preview", "removed"]


class Rule:
    code: ClassVar[str]
    status: ClassVar[Status] = "stable"
    name: ClassVar[str]
    #: the strongest fix the rule can offer (None: report only)
    fix: ClassVar[Applicability | None] = None
    severity: ClassVar[Severity] = Severity.WARNING
    #: rules of opinionated families (style) are opt-in, like ruff's
    default_enabled: ClassVar[bool] = True
    #: marks unused/unreachable code so editors can fade it
    unnecessary: ClassVar[bool] = False
    #: compile errors the semantic model finds that this rule reports (the checker does, with
    #: the model's message and span): the semantic layer knows kinds, rules own the codes
    semantic_errors: ClassVar[tuple[SemanticErrorKind, ...]] = ()
    #: handler name -> words one of which a file's text must contain for the handler to have
    #: anything to do there (``{"visit_Call": ("regex",)}``): the checker does not call it in
    #: other files. Only for handlers that provably return at once without those words (a
    #: name they test for is in the text wherever it occurs).
    requires: ClassVar[Mapping[str, tuple[str, ...]]] = {}

    def finish(self, ctx: Context) -> None:
        """Called once after the walk (for rules that report on collected facts)."""

    @classmethod
    def diagnostic(cls, message: str, start: int, end: int, fix: Fix | None = None) -> Diagnostic:
        """A diagnostic of this rule: its code, name and severity."""
        return Diagnostic(cls.code, message, start, end, cls.severity, fix, cls.name, cls.unnecessary)

    @classmethod
    def doc(cls) -> str:
        import inspect  # for docs only: not part of a lint run's start-up

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n", 1)[0]

    @classmethod
    def family(cls) -> str:
        m = re.match(r"[A-Z]+", cls.code)
        return m.group(0) if m else cls.code


def only_with(**handlers: tuple[str, ...]) -> Mapping[str, tuple[str, ...]]:
    """A rule's ``requires``: ``only_with(visit_Call=("regex",))``."""
    return handlers


R = TypeVar("R", bound=type[Rule])

REGISTRY: dict[str, type[Rule]] = {}


def register(cls: R) -> R:
    """Class decorator: make the rule known to the checker, the CLI and the server."""
    if cls.code in REGISTRY and REGISTRY[cls.code] is not cls:
        raise ValueError(f"duplicate rule code {cls.code}")
    REGISTRY[cls.code] = cls
    return cls


def all_rules() -> dict[str, type[Rule]]:
    """Every registered rule, sorted by code (imports the rule packages on first use)."""
    from toilint import rules as _rules

    _rules.load_all()
    return dict(sorted(REGISTRY.items()))


def rule_codes() -> list[str]:
    """Every rule's code, sorted, without importing the rules (those of the package's table and
    any registered besides): the same codes as :func:`all_rules`."""
    from toilint import rules as _rules

    return sorted(_rules.MODULES.keys() | REGISTRY.keys())


def status_of(code: str) -> Status:
    """A rule's ``status``, without importing its module when it is not loaded yet."""
    cls = REGISTRY.get(code)
    if cls is not None:
        return cls.status
    from toilint import rules as _rules

    return cast("Status", _rules.STATUS.get(code, "stable"))


def rules_of(codes: Iterable[str]) -> list[type[Rule]]:
    """The classes of these rules, in the order given, importing only their modules."""
    from toilint import rules as _rules

    codes = list(codes)
    _rules.load(code for code in codes if code not in REGISTRY)
    return [REGISTRY[code] for code in codes if code in REGISTRY]


def find_rule(code_or_name: str) -> type[Rule] | None:
    rules = all_rules()
    key = code_or_name.strip()
    if key.upper() in rules:
        return rules[key.upper()]
    for rule in rules.values():
        if rule.name == key:
            return rule
    return None
