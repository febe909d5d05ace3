"""matcalc: symbolic matrix calculus, derived by the differential rules of The Matrix Cookbook."""
from .core import build as _build
from .core.build import (abs_ as abs, cos, det, diag, divide, eye, exp, frob, hadamard, inv, kron,
                    log, logdet, matmul, matrix, matrix_power, norm1, norm2, ones, scalar,
                    sigmoid, sin, softplus, sqrt, sum_ as sum, tanh, tr, transpose, vec, vector,
                    zeros)
from .core.errors import (DeclarationError, DifferentiationError, EvaluationError, MatcalcError,
                     ParseError, ShapeError, SizeLimitError)
from .core.expr import Expr
from .numeric import evaluate
from .printing import to_ascii, to_latex, to_text   # also installs str(), .to_latex(), ...
from .language.parse import parse
from .simplify import present, simplify
from .diff import Derivative, Tensor
from .api import diff, hessian

__version__ = "0.1.0"
