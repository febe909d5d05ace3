"""matcalc: symbolic matrix calculus, derived by the differential rules of The Matrix Cookbook.

The public API is re-exported lazily (PEP 562): `import matcalc` costs almost nothing, and
a name's module is imported the first time the name is used (`matcalc.diff`,
`from matcalc import diff, exp`). `_EXPORTS` is the one table of public names; the
elementwise functions (`matcalc.exp`, ..., `matcalc.abs`) come from their spec
(core/operators/elementwise.py). Using any name also installs the printed forms of
expressions (`str(e)`, `e.to_latex()`; see printing/__init__.py).
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
import types

__version__ = "0.1.0"

#: public name → (module, attribute in it): the one table of the public API
_EXPORTS = {
    **{name: (".core.build", name) for name in (
        "det", "diag", "divide", "eye", "frob", "hadamard", "inv", "kron", "logdet", "matmul",
        "matrix", "matrix_power", "norm1", "norm2", "ones", "scalar", "tr", "transpose", "vec",
        "vector", "zeros")},
    "sum": (".core.build", "sum_"),
    **{name: (".core.errors", name) for name in (
        "DeclarationError", "DifferentiationError", "EvaluationError", "MatcalcError",
        "ParseError", "ShapeError", "SizeLimitError", "TimeLimitError")},
    "Expr": (".core.expr", "Expr"),
    "evaluate": (".numeric", "evaluate"),
    "to_ascii": (".printing", "to_ascii"),
    "to_latex": (".printing", "to_latex"),
    "to_text": (".printing", "to_text"),
    "parse": (".language.parse", "parse"),
    "present": (".simplify", "present"),
    "simplify": (".simplify", "simplify"),
    "Derivative": (".diff", "Derivative"),
    "Tensor": (".diff", "Tensor"),
    "diff": (".api", "diff"),
    "hessian": (".api", "hessian"),
    "codegen": (".codegen", "codegen"),
    "document": (".document", "document"),
    "load_problems": (".document", "load_problems"),
    "diff_stacked": (".api", "diff_stacked"),
    "backprop": (".api", "backprop"),
    "parse_program": (".language.parse", "parse_program"),
    "shared": (".diff.intermediates", "shared"),
    "to_sympy": (".to_sympy", "to_sympy"),
    "from_sympy": (".from_sympy", "from_sympy"),
}


def _elementwise_functions() -> dict:
    """matcalc.exp, ..., matcalc.abs: the builders from the elementwise functions' spec."""
    return dict(importlib.import_module(".core.build", __name__).FUNCTION_BUILDERS)


def _public_names() -> list:
    return sorted({*_EXPORTS, *_elementwise_functions()})


def __getattr__(name: str):
    """Import a public name's module on first use and remember the name (PEP 562)."""
    if name == "__all__":
        value = _public_names()
    elif name in _EXPORTS:
        importlib.import_module(".printing", __name__)   # installs str(e), e.to_latex()
        module, attribute = _EXPORTS[name]
        value = getattr(importlib.import_module(module, __name__), attribute)
    elif name in _elementwise_functions():
        importlib.import_module(".printing", __name__)
        value = _elementwise_functions()[name]
    elif not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}"):
        # a subpackage (matcalc.numeric, ...): the eager package had imported them all
        importlib.import_module(".printing", __name__)
        return importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(_public_names()))


class _Package(types.ModuleType):
    """matcalc itself. Importing a submodule binds its name in the package (Python's import
    system does `setattr(matcalc, "diff", <module matcalc.diff>)`); a public name that is
    also a submodule's (diff, simplify, codegen, document) keeps meaning the function."""

    def __setattr__(self, name, value):
        if name in _EXPORTS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
