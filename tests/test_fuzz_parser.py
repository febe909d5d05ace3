"""The parser against random text: only matcalc's own errors escape, in bounded time.

Text is drawn from the language's own tokens (names, numbers, operators, functions,
declarations, unicode symbols) mixed with arbitrary unicode, so that both near-misses of
the grammar and garbage are covered. MATCALC_FUZZ_EXAMPLES sets the number of examples."""
from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcalc.core.errors import MatcalcError
from matcalc.language.parse import parse
from matcalc.printing import to_ascii, to_text

EXAMPLES = int(os.environ.get("MATCALC_FUZZ_EXAMPLES", 300))
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))

TOKENS = ["x", "y", "A", "B", "X", "S", "alpha", "α", "β", "Σ", "I", "I(n)", "Iₙ", "n", "m",
          "0", "1", "2", "0.5", "1/2", "3", "+", "-", "*", "@", "/", ".*", "./", "∘", "⊗",
          "'", "ᵀ", "⁻¹", "⁻ᵀ", "²", "^", "^-1", "^T", ".^", "(", ")", "(", ")", ",", ";",
          "\n", " ", ":", "‖", "‖₂", "‖_F", "‖₁", "tr(", "det(", "logdet(", "inv(", "exp(",
          "log(", "sqrt(", "diag(", "vec(", "kron(", "ones(", "zeros(", "eye(", "unvec(",
          "commutation(", "sum(", "norm2(", "frob(", "x: vector(n)", "A: matrix(n)",
          "S: matrix(n) spd", "alpha: scalar", "X: matrix(n, m)", "symmetric", "foo(",
          "\u0430", "\u00a0", "\0", "\t", "′", "−"]

texts = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=30).map("".join),
    st.lists(st.sampled_from(TOKENS), max_size=30).map(" ".join),
    st.text(max_size=60),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=3)), max_size=20).map("".join),
)


@FUZZ
@given(texts)
def test_only_matcalc_errors_escape(text):
    start = time.perf_counter()
    try:
        e = parse(text)
    except MatcalcError as err:
        message = str(err)
        assert message and "Traceback" not in message
        if getattr(err, "line", 0):
            assert message.rstrip().endswith("^"), message   # the caret line closes it
    else:
        assert to_text(e) and to_ascii(e)
    assert time.perf_counter() - start < 20      # no hang: ten times the slowest, loaded
