"""Execute the notebooks in place and save their outputs: `python notebooks/execute.py [stem ...]`.

Run it with the project's interpreter (the virtual environment matcalc is installed in): the
kernel is that interpreter, whatever kernelspecs the machine has. Outputs are saved without
timing metadata, so that re-executing after an engine change shows only what changed.
The tests use `execute()` too (in memory, nothing written).
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from ipykernel.kernelspec import RESOURCES, get_kernel_dict
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
KERNEL_NAME = "python3"
TIMEOUT = 300          # seconds per cell


class ThisInterpreter(KernelSpecManager):
    """Kernelspecs in which "python3" is ipykernel on the interpreter running this script."""

    def get_kernel_spec(self, kernel_name):
        if kernel_name == KERNEL_NAME:
            return KernelSpec(resource_dir=RESOURCES, **get_kernel_dict())
        return super().get_kernel_spec(kernel_name)


def execute(nb: nbformat.NotebookNode, cwd: Path = HERE) -> nbformat.NotebookNode:
    """Run every cell of `nb` (in place) in a fresh kernel started in `cwd`; a cell that
    raises stops the run with nbclient's CellExecutionError."""
    km = KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=ThisInterpreter())
    client = NotebookClient(nb, km=km, kernel_name=KERNEL_NAME, timeout=TIMEOUT,
                            record_timing=False, resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def notebooks() -> list:
    return sorted(HERE.glob("[0-9][0-9]_*.ipynb"))


def main(argv: list) -> None:
    paths = [HERE / f"{s}.ipynb" for s in argv] if argv else notebooks()
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        execute(nb)
        nbformat.write(nb, path)
        print(f"executed {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main(sys.argv[1:])
