"""Modules imported on first use, for start-up time: `sympy = lazy_module("sympy")` binds a
name whose first attribute access imports the module (SymPy takes 0.25 s to import and
only scalar calculus, `to_sympy` and the elementwise functions' definitions need it)."""
from __future__ import annotations

import importlib
import sys


class LazyModule:
    """A stand-in for a module that imports it on first attribute access."""

    __slots__ = ("_name",)

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):
        module = sys.modules.get(self._name)
        if module is None:
            module = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        state = "imported" if self._name in sys.modules else "not imported yet"
        return f"<lazy module {self._name!r} ({state})>"


def lazy_module(name: str) -> LazyModule:
    """The module `name`, imported when one of its attributes is first used."""
    return LazyModule(name)
