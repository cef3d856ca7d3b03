"""E113: a `local` declaration's value reads the variable being declared; `x, x = ...`."""

from __future__ import annotations

from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register
from toilint.semantic.model import SemanticErrorKind


@register
class LocalInOwnInitializer(Rule):
    """The right-hand side of `local x = ...` reads `x` (or a closure in it does), or a
    multi-assignment repeats a new name (`x, x = 1, 2`).

    ## Why is this bad?
    The compiler rejects the file: "Can't read local variable in its own initializer.".
    `local f = fn() f()` cannot recurse: declare the function with `local fn f()` instead,
    which is visible in its own body. A multi-assignment declares its new targets one by one
    and looks each name up first, so a name that appears twice among the new targets finds
    its own half-declared slot (when the name is already a variable, repeating it is fine).

    ## Example
    ```toi
    local fact = fn(n) n <= 1 ? 1 : n * fact(n - 1)
    ```

    ## Use instead
    ```toi
    local fn fact(n)
        return n <= 1 ? 1 : n * fact(n - 1)
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "E113"
    name = "local-in-own-initializer"
    severity = Severity.ERROR
    semantic_errors = (SemanticErrorKind.OWN_INITIALIZER,)
