"""One walk over the tree, every enabled rule's handlers called for each node."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from toilint import ast
from toilint.diagnostics import Diagnostic, Fix
from toilint.lines import LineIndex
from toilint.rules.base import Rule
from toilint.suppressions import Suppression

if TYPE_CHECKING:
    from toilint.semantic import SemanticModel

Handler = Callable[[Any, "Context"], Any]

#: reported when a rule raises: the file's other rules and files still run
INTERNAL_ERROR = "E999"


class Context:
    """What a rule sees: the source, the tree, the semantic model, and ``report``."""

    def __init__(
        self, text: str, path: str, module: ast.Module, comments: tuple[ast.Comment, ...], lines: LineIndex
    ) -> None:
        self.text = text
        self.path = path
        self.module = module
        self.comments = comments
        self.lines = lines
        self.diagnostics: list[Diagnostic] = []
        self.suppressions: list[Suppression] = []

    @cached_property
    def semantic(self) -> SemanticModel:
        from toilint.semantic import build

        return build(self.module, self.text)

    def source(self, node: ast.Node) -> str:
        return self.text[node.start : node.end]

    def report(
        self,
        rule: Rule | type[Rule],
        at: ast.Node | tuple[int, int],
        message: str,
        fix: Fix | None = None,
    ) -> None:
        start, end = (at.start, at.end) if isinstance(at, ast.Node) else at
        self.diagnostics.append(
            Diagnostic(
                code=rule.code,
                message=message,
                start=start,
                end=end,
                severity=rule.severity,
                fix=fix,
                name=rule.name,
                unnecessary=rule.unnecessary,
            )
        )


def run_rules(ctx: Context, rules: Iterable[Rule]) -> None:
    """Walk ``ctx.module`` once, dispatching each node to the rules that handle its type."""
    rules = list(rules)
    visit: dict[type[ast.Node], list[tuple[Rule, Handler]]] = {}
    leave: dict[type[ast.Node], list[tuple[Rule, Handler]]] = {}
    for rule in rules:
        for attr in dir(rule):
            if attr.startswith("visit_"):
                table, name = visit, attr[6:]
            elif attr.startswith("leave_"):
                table, name = leave, attr[6:]
            else:
                continue
            cls = ast.NODE_TYPES.get(name)
            if cls is None:
                raise TypeError(f"{type(rule).__name__}.{attr}: no AST node named {name}")
            # a handler for a base class (Expr, Stmt, Node) receives every subclass
            for sub in ast.NODE_TYPES.values():
                if issubclass(sub, cls):
                    table.setdefault(sub, []).append((rule, getattr(rule, attr)))

    broken: set[str] = set()

    def call(rule: Rule, handler: Handler, node: ast.Node) -> None:
        if rule.code in broken:
            return
        try:
            handler(node, ctx)
        except RecursionError:
            raise  # not this rule's bug: the caller re-runs the analysis with a deeper stack
        except Exception as exc:  # one rule's bug must not hide the other rules' findings
            broken.add(rule.code)
            ctx.diagnostics.append(
                Diagnostic(
                    code=INTERNAL_ERROR,
                    message=f"Internal error in rule {rule.code} ({type(exc).__name__}: {exc}); please report it",
                    start=node.start,
                    end=node.start,
                    name="internal-error",
                )
            )

    stack: list[tuple[ast.Node, bool]] = [(ctx.module, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            for rule, handler in leave.get(type(node), ()):
                call(rule, handler, node)
            continue
        for rule, handler in visit.get(type(node), ()):
            call(rule, handler, node)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.children()))

    for rule in rules:
        if rule.code in broken:
            continue
        try:
            rule.finish(ctx)
        except RecursionError:
            raise
        except Exception as exc:
            ctx.diagnostics.append(
                Diagnostic(
                    code=INTERNAL_ERROR,
                    message=f"Internal error in rule {rule.code} ({type(exc).__name__}: {exc}); please report it",
                    start=0,
                    end=0,
                    name="internal-error",
                )
            )
