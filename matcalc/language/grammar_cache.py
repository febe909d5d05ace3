"""Where lark keeps the analysed grammar between runs, so a command does not rebuild the LALR
tables on every start (about 40 ms of each start-up).

lark's `cache=` writes the tables with the SHA-256 of the grammar text, the parser options,
lark's version and Python's, and rebuilds (and rewrites) them whenever any of those
differ: a changed grammar.lark or a new function in the operator specs invalidates the
cache by itself. The file lives in the user's cache directory:

    $MATCALC_CACHE_DIR                 when set (set it empty to turn the cache off)
    $XDG_CACHE_HOME/matcalc            else, when XDG_CACHE_HOME is set
    ~/.cache/matcalc                   else

A directory that cannot be created or written means no cache (the grammar is built each
time), never an error.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_dir() -> Path | None:
    """The directory for matcalc's cached files, or None when caching is off."""
    given = os.environ.get("MATCALC_CACHE_DIR")
    if given is not None:
        return Path(given) if given.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "matcalc"


def grammar_cache_file() -> str | bool:
    """lark's `cache=` argument: the cache file's path, or False when there is none."""
    directory = cache_dir()
    if directory is None:
        return False
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    if not os.access(directory, os.W_OK):
        return False
    return str(directory / f"grammar-py{sys.version_info[0]}.{sys.version_info[1]}.lark-cache")
