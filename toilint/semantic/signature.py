"""What a program function accepts, and the error Toi raises when a call gives the wrong count.

Mirrors ``call`` in Toi's ``src/vm.c``: a function with a ``*rest`` parameter needs every other
parameter (defaults included: "Expected at least N arguments but got M."); any other function
takes at most its parameter count ("Expected N arguments but got M.") and at least the
parameters before its defaults ("Expected at least N arguments (non-default parameters) but
got M."; without defaults, "Expected N arguments but got M."). A function whose first parameter
is ``self`` receives the receiver of ``obj.f(...)`` as an extra first argument.

Named arguments follow ``call_named``: they bind parameters by name ("Multiple values for
argument 'a'." when a positional argument already did), a name no parameter has goes to
``*rest``, else to an unfilled parameter called ``opts``, ``options`` or ``kwargs``, else fails
("Unexpected named argument 'b'."), and every parameter before the defaults must end up bound
("Missing required argument 'a'.").
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
    #: parameter names in order (``*rest`` included), for calls with named arguments
    names: tuple[str, ...] = ()

    @classmethod
    def of(cls, params: tuple[ast.Param, ...]) -> Signature:
        # (every field by position: the record's fast path; by keyword it is several times slower)
        return cls(
            len(params),  # arity
            sum(1 for p in params if p.default is not None and not p.star),  # defaults
            any(p.star for p in params),  # variadic
            bool(params) and params[0].name.id == "self" and not params[0].star,  # first_is_self
            tuple(p.name.id for p in params),  # names
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

    def named_error(self, count: int, named: tuple[str, ...]) -> str | None:
        """The run-time error of a call with ``count`` positional arguments (receiver included)
        and the named arguments ``named``, in the order ``call_named`` checks them."""
        fixed = self.arity - 1 if self.variadic else self.arity
        fixed = max(fixed, 0)
        if count > fixed and not self.variadic:
            return f"Expected {self.arity} arguments but got {count}."
        params = self.names[:fixed]
        assigned = set(range(min(count, fixed)))
        unexpected: list[str] = []
        for key in named:
            if key in params:
                index = params.index(key)
                if index in assigned:
                    return f"Multiple values for argument '{key}'."
                assigned.add(index)
            elif not self.variadic:
                unexpected.append(key)
        if unexpected:
            options = [i for i, n in enumerate(params) if i not in assigned and n in ("opts", "options", "kwargs")]
            if not options:
                return (
                    f"Unexpected named argument '{unexpected[0]}'."
                    if len(unexpected) == 1
                    else "Unexpected named argument."
                )
            assigned.add(options[0])
        start = fixed - self.defaults
        for i in range(fixed):
            if i not in assigned and i < start:
                return f"Missing required argument '{params[i]}'."
        return None
