"""The `matcalc` command line (click): `main` is the console script's entry point; the exit
codes are defined in main.py."""
from .main import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, InputError, main

__all__ = ["main", "EXIT_OK", "EXIT_INTERNAL", "EXIT_BAD_INPUT", "InputError"]
