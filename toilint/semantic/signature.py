"""What a program function accepts, and the error Toi raises when a call gives the wrong count.

Mirrors ``call`` in Toi's ``src/vm.c``: a function with a ``*rest`` parameter needs every other
parameter (defaults included: "Expected at least N arguments but got M."); any other function
takes at most its parameter count ("Expected N arguments but got M.") and at least the
parameters before its defaults ("Expected at least N arguments (non-default parameters) but
got M."; without defaults, "Expected N arguments but got M."). A function whose first parameter
is ``self`` receives the receiver of ``obj.f(...)`` as an extra first argument.
"""

from __future__ import annotations

from toilint import ast
from toilint.records import record


@record(frozen=True)
class Signature:
    #: parameters, ``*rest`` included (the interpreter's ``arity``)
    arity: int
    defaults: int
    variadic: bool
    first_is_self: bool

    @classmethod
    def of(cls, params: tuple[ast.Param, ...]) -> Signature:
        return cls(
            arity=len(params),
            defaults=sum(1 for p in params if p.default is not None and not p.star),
            variadic=any(p.star for p in params),
            first_is_self=bool(params) and params[0].name.id == "self" and not params[0].star,
        )

    def error(self, count: int) -> str | None:
        """The run-time error of a call with ``count`` positional arguments (receiver included)."""
        if self.variadic:
            required = self.arity - 1
            if count < required:
                return f"Expected at least {required} arguments but got {count}."
            return None
        if count > self.arity:
            return f"Expected {self.arity} arguments but got {count}."
        if count < self.arity:
            if self.defaults == 0:
                return f"Expected {self.arity} arguments but got {count}."
            start = self.arity - self.defaults
            if count < start:
                return f"Expected at least {start} arguments (non-default parameters) but got {count}."
        return None
