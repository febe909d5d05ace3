"""The notebooks reproduce the lectures: each runs to the end in a fresh kernel, and the
saved files carry their outputs (every code cell executed; the plots of 03 and 04 present).

The notebooks are executed in memory with the same `execute()` that `notebooks/execute.py`
uses to save them (kernel "python3" = ipykernel on this interpreter); nothing is written.
"""
import importlib.util
import pathlib

import nbformat
import pytest

NOTEBOOKS_DIR = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
WITH_PLOTS = ("03_mml_chapter5.ipynb", "04_logistic_regression.ipynb")


def _load(name):
    spec = importlib.util.spec_from_file_location(f"notebooks_{name}", NOTEBOOKS_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


executor = _load("execute")
builder = _load("build")


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_the_four_lectures_are_there():
    assert [p.name for p in NOTEBOOKS] == ["01_layouts_and_shapes.ipynb",
                                           "02_toy_network.ipynb", "03_mml_chapter5.ipynb",
                                           "04_logistic_regression.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path):
    """Every cell runs without an error (nbclient raises CellExecutionError otherwise); the
    notebooks' own assertions compare matcalc's results with finite differences, NumPy and
    the books' formulas."""
    nb = nbformat.read(path, as_version=4)
    executor.execute(nb)
    errors = [o for c in _code_cells(nb) for o in c.outputs if o.output_type == "error"]
    assert not errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_saved_notebook_has_its_outputs(path):
    """The file in the repository was executed top to bottom (it reads with its results on a
    repository page) and is what build.py makes of its cells (nobody edited one but not the
    other)."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    cells = _code_cells(nb)
    assert [c.execution_count for c in cells] == list(range(1, len(cells) + 1))
    assert not [o for c in cells for o in c.outputs if o.output_type == "error"]
    built = builder.notebook(path.stem)
    assert [(c.cell_type, c.source) for c in nb.cells] == \
           [(c.cell_type, c.source) for c in built.cells]


@pytest.mark.parametrize("name", WITH_PLOTS)
def test_saved_notebook_has_a_plot(name):
    nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    images = [o for c in _code_cells(nb) for o in c.outputs
              if o.output_type in ("display_data", "execute_result") and "image/png" in o.data]
    assert images
