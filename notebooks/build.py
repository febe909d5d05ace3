"""Write the notebooks from their cells: `python notebooks/build.py`, then `python notebooks/execute.py`.

Each notebook's cells live in `notebooks/cells/<stem>.py` as plain data, a list `CELLS` of
("markdown", text) and ("code", text) pairs, so that a change to a lecture reads as an
ordinary diff. This script turns them into `notebooks/<stem>.ipynb` (nbformat 4, outputs
empty, cell ids derived from the position so that rebuilding changes nothing that did not
change); `execute.py` then runs them and saves their outputs.

    python notebooks/build.py               every notebook
    python notebooks/build.py 02_toy_network  one of them
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import nbformat
from nbformat import v4

HERE = Path(__file__).resolve().parent
CELLS_DIR = HERE / "cells"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def cell_sources(stem: str) -> list:
    """The (kind, text) pairs of notebooks/cells/<stem>.py."""
    path = CELLS_DIR / f"{stem}.py"
    spec = importlib.util.spec_from_file_location(f"cells_{stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CELLS


def notebook(stem: str) -> nbformat.NotebookNode:
    """The notebook of one cells file, without outputs."""
    cells = []
    for i, (kind, text) in enumerate(cell_sources(stem)):
        make = {"markdown": v4.new_markdown_cell, "code": v4.new_code_cell}[kind]
        cells.append(make(text.strip("\n"), id=f"{stem[:2]}-{i:03d}"))
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    return nb


def stems() -> list:
    return sorted(p.stem for p in CELLS_DIR.glob("[0-9][0-9]_*.py"))


def main(argv: list) -> None:
    for stem in argv or stems():
        out = HERE / f"{stem}.ipynb"
        nbformat.write(notebook(stem), out)
        print(f"wrote {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main(sys.argv[1:])
