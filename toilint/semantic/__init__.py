"""The semantic model: scopes and bindings as Toi's compiler resolves them, loops, call graph.

Rules read this model (``ctx.semantic``); they never re-derive scopes or loop nesting.
"""

from __future__ import annotations

from toilint.semantic.builder import build
from toilint.semantic.model import Binding, BindingKind, Scope, SemanticError, SemanticErrorKind, SemanticModel
from toilint.semantic.stdlib import CORE_GLOBALS, NATIVE_MODULES

__all__ = [
    "CORE_GLOBALS",
    "NATIVE_MODULES",
    "Binding",
    "BindingKind",
    "Scope",
    "SemanticError",
    "SemanticErrorKind",
    "SemanticModel",
    "build",
]
