"""The `matcalc` command line (click): `main` is the click group, the exit codes are defined
in main.py, and the console script's entry point is `entry.main` (it handles Ctrl-C before
the rest is imported). Names are imported on first use (PEP 562), so importing the entry
point costs nothing."""
from __future__ import annotations

import importlib
import sys
import types

__all__ = ["main", "EXIT_OK", "EXIT_INTERNAL", "EXIT_BAD_INPUT", "InputError"]


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(".main", __name__), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """matcalc.cli itself: importing the submodule main.py binds `main` in the package
    (Python's import system does `setattr(matcalc.cli, "main", <module>)`); `main` keeps
    meaning the click group."""

    def __setattr__(self, name, value):
        if name in __all__ and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
