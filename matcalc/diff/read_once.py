"""A field of a frozen dataclass that may be given as a Deferred: computed when first read.

    class Derivative:
        raw_differential: E.Expr = ReadOnce()                         # required
        steps: tuple = field(default=ReadOnce((), "steps"), compare=False)

The field is set as usual (positionally, by keyword, by `dataclasses.replace`); a value given
as a `Deferred` (diff/steps.py) is computed on the first read and kept, so every read, and
the dataclass's own `__eq__`, `__hash__` and `replace`, see the value itself. Whoever builds
the object decides what is deferred: the backward sweep defers each variable's own
differential and the steps that record it, which its result does not need
(derivative.derive_all).
"""
from __future__ import annotations

from .steps import Deferred

_REQUIRED = object()


class ReadOnce:
    """A data descriptor holding a field's value, or a Deferred that computes it on first
    read. `default`: the field's default (none: the field is required); `name`: given when
    the descriptor is a `field(default=...)` (dataclasses then set it on the class after
    the class body, so `__set_name__` is not called)."""

    def __init__(self, default=_REQUIRED, name: str | None = None):
        self.default = default
        if name is not None:
            self.__set_name__(None, name)

    def __set_name__(self, owner, name: str) -> None:
        self.name, self.slot = name, f"_{name}_value"

    def __get__(self, obj, owner=None):
        if obj is None:                 # the class's attribute: the default, if any
            if self.default is _REQUIRED:
                raise AttributeError(self.name)
            return self.default
        value = obj.__dict__[self.slot]
        if isinstance(value, Deferred):
            value = value.value
            obj.__dict__[self.slot] = value
        return value

    def __set__(self, obj, value) -> None:
        obj.__dict__[self.slot] = self.default if value is self else value
