"""The `matcalc` command line (click): `main` is the click group, the exit codes are defined
in main.py, and the console script's entry point is `entry.main` (it handles Ctrl-C before
the rest is imported). Names are imported on first use (PEP 562), so importing the entry
point costs nothing."""
from __future__ import annotations

import importlib

__all__ = ["main", "EXIT_OK", "EXIT_INTERNAL", "EXIT_BAD_INPUT", "InputError"]


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(".main", __name__), name)
