"""typing's names for the modules every check imports, without importing typing.

Importing typing costs a process ~11 M instructions (~3 ms: a twentieth of a one-file run) for
names that do nothing at run time: annotations are not evaluated (``from __future__ import
annotations``), ``cast`` returns its value, ``TypeVar``, ``Literal``, ``Generic`` and ``Protocol``
only mark types. Type checkers and mypyc read every name here as typing's own (the
``TYPE_CHECKING`` branch); at run time they are the stand-ins below. Modules outside a check's
path (the server, bench, profile) import typing itself.
"""

from __future__ import annotations

TYPE_CHECKING = False  # read by type checkers as typing's (by its name)
if TYPE_CHECKING:
    from typing import IO as IO
    from typing import Any as Any
    from typing import ClassVar as ClassVar
    from typing import Generic as Generic
    from typing import Literal as Literal
    from typing import Protocol as Protocol
    from typing import TypeAlias as TypeAlias
    from typing import TypeVar as TypeVar
    from typing import cast as cast
    from typing import dataclass_transform as dataclass_transform
    from typing import get_args as get_args
    from typing import overload as overload
else:
    # only ever in annotations, which are never evaluated, or as a type's argument
    Any = ClassVar = TypeAlias = IO = object

    def cast(_type, value):
        return value

    def TypeVar(name, *_constraints, **_options):
        return name

    def overload(function):  # the last definition is the function
        return function

    def dataclass_transform(**_options):
        return overload

    class Generic:
        """A plain base; ``Generic[T]`` and a subclass's ``C[int]`` are the class itself."""

        def __class_getitem__(cls, _parameters):
            return cls

    class Protocol:
        """A plain base (no protocol is checked with ``isinstance``)."""

    class _Literal:
        def __getitem__(self, values):
            return values if isinstance(values, tuple) else (values,)

    #: ``Literal["a", "b"]`` is ``("a", "b")``, what ``get_args`` gives back
    Literal = _Literal()

    def get_args(alias):
        return alias if isinstance(alias, tuple) else ()
