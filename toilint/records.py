"""Small value classes without attrs: ``@record`` classes, ``field`` and ``evolve``.

The CLI, the API and the reporters pass around a dozen small records (settings, diagnostics,
fixes, configurations, jobs). Built with ``attrs.define`` they cost a one-file run a third of
its time before any linting starts: importing attrs (which imports ``inspect`` and more) and
a ``compile()`` of generated methods for every class at every start-up. ``record`` gives the
same behaviour for the subset used here with no code generation at all: the methods are
shared functions driven by the class's field list.

* fields are the class's annotations, in order; defaults and ``field(factory=...)`` as in attrs;
* ``frozen=True``: assignment raises :class:`FrozenInstanceError`; records are hashable;
* ``eq=True`` (default): equality (and, when frozen, hashing) by field values, same class only;
* ``slots=True`` (default): the class is re-created with ``__slots__``; classes that need an
  instance ``__dict__`` (``functools.cached_property``) pass ``slots=False``;
* instances pickle (process-pool jobs and their outcomes cross process boundaries).

Hot classes (tree nodes, the semantic model's scopes and bindings) are written out by hand;
the generic ``__init__`` costs a few microseconds, which is nothing for these records.
Type checkers see dataclass semantics through ``dataclass_transform``.
"""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False  # typing's import is a tenth of a warm one-file run; type checkers read this as typing's
if TYPE_CHECKING:
    from typing import Any, TypeVar, dataclass_transform, overload

    _T = TypeVar("_T")
    _C = TypeVar("_C", bound=type)
else:

    def overload(function):  # only type checkers read overloads; the last definition is the function
        return function

    def dataclass_transform(**_kwargs):
        return overload


_MISSING: Any = object()


class FrozenInstanceError(AttributeError):
    """Raised on assignment to a field of a frozen record."""


class _Field:
    __slots__ = ("default", "factory")

    def __init__(self, default: Any, factory: Callable[[], Any] | None) -> None:
        self.default = default
        self.factory = factory


@overload
def field(*, default: _T) -> _T: ...
@overload
def field(*, factory: Callable[[], _T]) -> _T: ...  # noqa: F811 (an overload: see TYPE_CHECKING above)
def field(*, default: Any = _MISSING, factory: Callable[[], Any] | None = None) -> Any:  # noqa: F811
    """A field's default (``default=``) or a callable that makes a fresh one (``factory=``)."""
    return _Field(default, factory)


def evolve(inst: _T, **changes: Any) -> _T:
    """A copy of ``inst`` with ``changes`` applied (``attrs.evolve``)."""
    cls = type(inst)
    values = {name: getattr(inst, name) for name in cls._fields}  # type: ignore[attr-defined]
    for name in changes:
        if name not in values:
            raise TypeError(f"{cls.__name__} has no field {name!r}")
    values.update(changes)
    return cls(**values)


def fields(cls: type) -> tuple[str, ...]:
    """The field names of a record class, in ``__init__`` order."""
    names: tuple[str, ...] = cls._fields  # type: ignore[attr-defined]
    return names


def slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """Each field's slot setter, in field order, for a hand-written ``__init__`` of a hot record
    class: a frozen record's ``__setattr__`` refuses, and a slot's own ``__set__`` is the cheapest
    way to fill it (about a quarter of the generic ``__init__``'s cost)."""
    return tuple(_slot(cls, name).__set__ for name in cls._fields)  # type: ignore[attr-defined]


def _slot(cls: type, name: str) -> Any:
    for klass in cls.__mro__:
        if name in klass.__dict__:
            found = klass.__dict__[name]
            if type(found) is _MEMBER:
                return found
            break
    raise TypeError(f"{cls.__name__}.{name} is not a slot")


class _Probe:
    __slots__ = ("x",)


_MEMBER = type(_Probe.__dict__["x"])  # a slot's descriptor type (without importing ``types``)


def _make_init(
    names: tuple[str, ...],
    defaults: dict[str, Any],
    factories: dict[str, Callable[[], Any]],
    frozen: bool,
    slots: list[Callable[[Any, Any], None]],
) -> Callable[..., None]:
    """The generic ``__init__``; ``slots`` is filled with the slot setters (``slot_setters``)
    once the class exists, when its instances set fields the plain way (slots, no custom
    ``__setattr__``): then a call that passes every field by position just fills the slots."""
    setter = object.__setattr__ if frozen else setattr
    count = len(names)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if slots and len(args) == count and not kwargs:  # the common case, several times cheaper
            for set_slot, value in zip(slots, args, strict=False):  # (equal lengths: checked)
                set_slot(self, value)
            return
        if len(args) > count:
            raise TypeError(f"{type(self).__name__}() takes {count} arguments, {len(args)} given")
        for name, value in zip(names, args, strict=False):
            setter(self, name, value)
        for name in names[len(args) :]:
            if name in kwargs:
                value = kwargs.pop(name)
            elif name in defaults:
                value = defaults[name]
            elif name in factories:
                value = factories[name]()
            else:
                raise TypeError(f"{type(self).__name__}() missing argument {name!r}")
            setter(self, name, value)
        if kwargs:
            extra = next(iter(kwargs))
            if extra in names:
                raise TypeError(f"{type(self).__name__}() got multiple values for argument {extra!r}")
            raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument {extra!r}")

    return __init__


def _values(self: Any) -> tuple[Any, ...]:
    return tuple([getattr(self, name) for name in self._fields])


def _eq(self: Any, other: object) -> object:  # bool, or NotImplemented
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash((self.__class__.__name__, *_values(self)))


def _repr(self: Any) -> str:
    parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
    return f"{type(self).__name__}({parts})"


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r} of a frozen {type(self).__name__}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r} of a frozen {type(self).__name__}")


def _getstate(self: Any) -> tuple[Any, ...]:
    return _values(self)


def _setstate(self: Any, state: tuple[Any, ...]) -> None:
    for name, value in zip(self._fields, state, strict=True):
        object.__setattr__(self, name, value)


@overload
def record(cls: _C, /) -> _C: ...
@overload
def record(*, frozen: bool = False, eq: bool = True, slots: bool = True) -> Callable[[_C], _C]: ...  # noqa: F811
@dataclass_transform(field_specifiers=(field,))
def record(  # noqa: F811
    cls: _C | None = None, /, *, frozen: bool = False, eq: bool = True, slots: bool = True
) -> _C | Callable[[_C], _C]:
    """Class decorator: a record whose fields are the class's annotations (see the module doc)."""

    def wrap(cls: _C) -> _C:
        ns = dict(cls.__dict__)
        names: list[str] = list(getattr(cls, "_fields", ()))
        defaults: dict[str, Any] = dict(getattr(cls, "_defaults", {}))
        factories: dict[str, Callable[[], Any]] = dict(getattr(cls, "_factories", {}))
        for name, annotation in ns.get("__annotations__", {}).items():
            if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
                continue
            value = ns.pop(name, _MISSING)
            if isinstance(value, _Field):
                if value.factory is not None:
                    factories[name] = value.factory
                else:
                    defaults[name] = value.default
            elif value is not _MISSING:
                defaults[name] = value
            if name not in names:
                names.append(name)
        fields_ = tuple(names)
        ns["_fields"] = fields_
        ns["_defaults"] = defaults
        ns["_factories"] = factories
        ns["__match_args__"] = fields_
        setters: list[Callable[[Any, Any], None]] = []
        ns.setdefault("__init__", _make_init(fields_, defaults, factories, frozen, setters))
        ns.setdefault("__repr__", _repr)
        if eq:
            ns.setdefault("__eq__", _eq)
            ns["__hash__"] = _hash if frozen else None
        if frozen:
            ns["__setattr__"] = _frozen_setattr
            ns["__delattr__"] = _frozen_delattr
        ns.pop("__dict__", None)  # the original class's descriptors; type() makes fresh ones
        ns.pop("__weakref__", None)
        if slots:
            inherited = {s for base in cls.__mro__[1:] for s in getattr(base, "__slots__", ())}
            ns["__slots__"] = tuple(n for n in fields_ if n not in inherited)
            ns["__getstate__"] = _getstate
            ns["__setstate__"] = _setstate
        made = type(cls)(cls.__name__, cls.__bases__, ns)
        plain_setattr: object = made.__setattr__  # (inherited ones included)
        if slots and plain_setattr in (object.__setattr__, _frozen_setattr):
            try:
                setters.extend(slot_setters(made))
            except TypeError:  # a field that is not a slot (a base class without __slots__)
                pass
        return made

    return wrap if cls is None else wrap(cls)
