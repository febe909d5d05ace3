"""Differentiation: the rule table, the differential, identification in a layout."""
from .derivative import Derivative, Step, derive, hessian
from .tensor import Tensor

__all__ = ["Derivative", "Step", "Tensor", "derive", "hessian"]
