"""Numbers: evaluation with NumPy (evaluate.py), random points that honour the assumptions
(sampling.py), and central finite differences (finite_differences.py), the independent
oracle every derivative is checked against."""
from .evaluate import (MAX_ENTRIES, as_2d, bind_dims, check_entries, commutation_matrix,
                       evaluate, evaluate_2d, numeric_shape, sigmoid, size_of)
from .finite_differences import directions, finite_difference, relative_error
from .sampling import default_sizes, dimension_symbols, sample_point, sample_value

__all__ = ["MAX_ENTRIES", "as_2d", "bind_dims", "check_entries", "commutation_matrix",
           "evaluate", "evaluate_2d", "numeric_shape", "sigmoid", "size_of", "directions",
           "finite_difference", "relative_error", "default_sizes", "dimension_symbols",
           "sample_point", "sample_value"]
