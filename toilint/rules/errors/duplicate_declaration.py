"""E105: a declaration reuses a name already local in the same scope."""

from __future__ import annotations

from toilint.diagnostics import Severity
from toilint.rules.base import Rule, register
from toilint.semantic.model import SemanticErrorKind


@register
class DuplicateDeclaration(Rule):
    """`local`, `fn`, a parameter, `import` or `from ... import` reuses a name of the same scope.

    ## Why is this bad?
    The compiler rejects the file: "Already a variable with this name in this scope." (toilint
    adds the name and the line where it was first declared). The
    script's top level is a scope too, so defining `fn parse` twice, or `x = 1` followed by
    `local x`, is an error even where it would be fine in Lua or Python. Names in a nested
    block (an `if` body, a function) may shadow; plain reassignment (`x = 2`) is always fine.

    ## Example
    ```toi
    fn area(r)
        return r * r
    fn area(w, h)
        return w * h
    ```

    ## Use instead
    ```toi
    fn area(r)
        return r * r
    fn rect_area(w, h)
        return w * h
    ```

    ## Fix safety
    No automatic fix: renaming changes which function callers reach.
    """

    code = "E105"
    name = "duplicate-declaration"
    severity = Severity.ERROR
    semantic_errors = (SemanticErrorKind.DUPLICATE_DECLARATION,)
