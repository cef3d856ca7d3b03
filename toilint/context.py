"""What a rule sees while the checker walks one file: the source, the tree, the semantic model.

A module of its own so that rules, the checker and the API all import it one way: rules need
the context, the checker drives the rules, and neither has to import the other for it.
"""

from __future__ import annotations

from toilint import ast
from toilint._typing import TYPE_CHECKING, Protocol
from toilint.diagnostics import Diagnostic, Fix
from toilint.lines import LineIndex
from toilint.settings import Settings
from toilint.suppressions import Suppression

if TYPE_CHECKING:
    from pathlib import Path

    from toilint.semantic import SemanticModel
    from toilint.syntax.result import ParseResult


class Reporting(Protocol):
    """What ``Context.report`` needs of a rule (class or instance): it makes its diagnostics.

    A protocol rather than ``toilint.rules.base.Rule``, so that this module depends on nothing
    of the rules, not even for type checking.
    """

    def diagnostic(self, message: str, start: int, end: int, fix: Fix | None = ..., /) -> Diagnostic: ...


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
        #: the settings the file is linted with (rule options: project root, ...)
        self.settings = Settings()
        self._semantic: SemanticModel | None = None
        #: the parse the tree comes from (its tokens serve the semantic model), when known
        self.parsed: ParseResult | None = None
        #: the model of the file's version before an edit, when known (the new model copies the
        #: node pass of the top-level statements the re-parse kept)
        self.previous_semantic: SemanticModel | None = None
        self._project_root: Path | None = None

    @property
    def semantic(self) -> SemanticModel:
        """The file's semantic model, built on first use (a file whose rules never ask skips it).

        A plain attribute rather than ``functools.cached_property``: the compiled build turns the
        class into a native one, where ``cached_property`` stops caching and every access would
        build the model again.
        """
        model = self._semantic
        if model is None:
            from toilint.semantic import build

            model = self._semantic = build(self.module, self.text, self.parsed, self.lines, self.previous_semantic)
        return model

    @property
    def project_root(self) -> Path:
        """The directory imports resolve against (``project-root``, else the current directory),
        worked out once per file: the module rules ask at every call and import."""
        root = self._project_root
        if root is None:
            from toilint.semantic.calls import project_root

            root = self._project_root = project_root(self.settings.project_root)
        return root

    def source(self, node: ast.Node) -> str:
        return self.text[node.start : node.end]

    def report(
        self,
        rule: Reporting,
        at: ast.Node | tuple[int, int],
        message: str,
        fix: Fix | None = None,
    ) -> None:
        start, end = (at.start, at.end) if isinstance(at, ast.Node) else at
        self.diagnostics.append(rule.diagnostic(message, start, end, fix))
