"""matcalc: symbolic matrix calculus, derived by the differential rules of The Matrix Cookbook."""
from .core import build as _build
from .core.build import (det, diag, divide, eye, frob, hadamard, inv, kron, logdet, matmul,
                         matrix, matrix_power, norm1, norm2, ones, scalar, sum_ as sum, tr,
                         transpose, vec, vector, zeros)
from .core.errors import (DeclarationError, DifferentiationError, EvaluationError, MatcalcError,
                          ParseError, ShapeError, SizeLimitError)
from .core.expr import Expr
from .core.operators import FUNCTIONS as _FUNCTIONS
from .numeric import evaluate
from .printing import to_ascii, to_latex, to_text   # also installs str(), .to_latex(), ...
from .language.parse import parse
from .simplify import present, simplify
from .diff import Derivative, Tensor
from .api import diff, hessian
from .codegen import codegen
from .document import document, load_problems
from .api import diff_stacked
from .api import backprop
from .language.parse import parse_program
from .diff.intermediates import shared
from .to_sympy import to_sympy
from .from_sympy import from_sympy

# the elementwise functions, from their spec: matcalc.exp, ..., matcalc.abs
globals().update({_f.name: _build.FUNCTION_BUILDERS[_f.name] for _f in _FUNCTIONS.values()})

__version__ = "0.1.0"
