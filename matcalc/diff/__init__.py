"""Differentiation: the rule table, the differential, identification in a layout."""
from .derivative import Derivative, Step, derive
from .hessian import BlockHessian, hessian, second_derivative
from .kind import Kind
from .stacked import StackedDerivative, stacked
from .tensor import Tensor

__all__ = ["BlockHessian", "Derivative", "Kind", "StackedDerivative", "Step", "Tensor",
           "derive", "hessian", "second_derivative", "stacked"]
