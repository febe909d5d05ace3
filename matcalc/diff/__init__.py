"""Differentiation: the rule table, the differential, identification in a layout."""
from .derivative import Derivative, Step, derive, hessian
from .kind import Kind
from .tensor import Tensor

__all__ = ["Derivative", "Kind", "Step", "Tensor", "derive", "hessian"]
