"""Start-up: `import matcalc` is lazy (PEP 562) and every public name still works; a command
that differentiates no elementwise function never imports SymPy; dimensions are matcalc's
own (core/dims.py) and convert to SymPy's; the grammar's LALR tables are cached in the
user's cache directory."""
import os
import pickle
import subprocess
import sys
from fractions import Fraction

import pytest
import sympy

import matcalc
from conftest import assert_derivative, assert_numeric
from matcalc.core.dims import dim_integer, dim_symbol
from matcalc.core.shapes import as_dim
from matcalc.diff.scalar_calculus import derivative_of_power, power_prime, to_matcalc
from matcalc.language import grammar_cache

#: the public API as the eager __init__ exported it (before it became lazy)
PUBLIC = {"det", "diag", "divide", "eye", "frob", "hadamard", "inv", "kron", "logdet", "matmul",
          "matrix", "matrix_power", "norm1", "norm2", "ones", "scalar", "sum", "tr",
          "transpose", "vec", "vector", "zeros", "DeclarationError", "DifferentiationError",
          "EvaluationError", "MatcalcError", "ParseError", "ShapeError", "SizeLimitError",
          "Expr", "evaluate", "to_ascii", "to_latex", "to_text", "parse", "present",
          "simplify", "Derivative", "Tensor", "diff", "hessian", "codegen", "document",
          "load_problems", "exp", "log", "sin", "cos", "tanh", "tan", "sigmoid", "softplus",
          "sqrt", "abs"}


def _python(code: str, **env) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env={**os.environ, **env})
    assert out.returncode == 0, out.stderr
    return out.stdout


# ---- the lazy package ------------------------------------------------------------------
def test_import_matcalc_imports_neither_numpy_nor_sympy():
    out = _python("import sys, matcalc; print('numpy' in sys.modules, 'sympy' in sys.modules,"
                  " 'matcalc.core' in sys.modules)")
    assert out.split() == ["False", "False", "False"]


def test_every_public_name_of_the_eager_package_is_still_there():
    assert PUBLIC <= set(matcalc.__all__)
    assert set(matcalc.__all__) <= set(dir(matcalc))
    for name in matcalc.__all__:
        assert getattr(matcalc, name) is not None, name
    assert "TimeLimitError" in matcalc.__all__
    assert issubclass(matcalc.TimeLimitError, matcalc.MatcalcError)


def test_from_import_of_functions_and_builders():
    from matcalc import abs, diff, exp, matrix, sum, tr, vector   # noqa: A004
    x = vector("x", "n")
    d = diff(sum(exp(x)) + tr(matrix("A", "n") @ x @ x.T) + sum(abs(x)), x)
    assert_derivative(d, "(A + Aᵀ)x + exp(x) + sign(x)")


def test_a_public_name_shared_with_a_subpackage_stays_the_function():
    """Importing matcalc.diff (the subpackage) does not rebind matcalc.diff (the function)."""
    out = _python("import matcalc.diff.rules, matcalc.simplify.printed, matcalc.codegen, "
                  "matcalc.document, matcalc\n"
                  "print(*(callable(getattr(matcalc, n)) and not hasattr(getattr(matcalc, n),"
                  " '__path__') for n in ('diff', 'simplify', 'codegen', 'document')))\n"
                  "d = matcalc.diff(\"a' * X * b\", 'X'); print(d, d.verify().ok)")
    assert out.split() == ["True"] * 4 + ["abᵀ", "True"]


def test_the_cli_package_main_stays_the_click_group():
    """Importing the module matcalc.cli.main (as the entry point does) leaves
    `from matcalc.cli import main` the click group."""
    out = _python("import matcalc.cli.entry, matcalc.cli.main, click\n"
                  "from matcalc.cli import main, EXIT_BAD_INPUT\n"
                  "print(isinstance(main, click.Group), EXIT_BAD_INPUT)")
    assert out.split() == ["True", "2"]


def test_str_of_an_expression_works_before_anything_else_is_used():
    out = _python("import matcalc\nX = matcalc.matrix('X', 'n')\nprint(matcalc.tr(X @ X.T))")
    assert out.strip() == "tr(XXᵀ)"


def test_subpackages_are_reachable_as_attributes_as_before():
    """The eager package had imported every subpackage: matcalc.numeric worked after a bare
    `import matcalc`; it still does."""
    out = _python("import matcalc\nprint(matcalc.numeric.evaluate_2d.__name__, "
                  "matcalc.core.shapes.__name__, callable(matcalc.diff))")
    assert out.split() == ["evaluate_2d", "matcalc.core.shapes", "True"]


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        matcalc.no_such_thing     # noqa: B018


# ---- SymPy only when an elementwise function is differentiated ---------------------------
_RUN = ("import sys\nfrom matcalc.cli.main import main\n"
        "try:\n    main({args!r}, prog_name='matcalc')\nexcept SystemExit as e:\n"
        "    print('exit', e.code)\nprint('sympy', 'sympy' in sys.modules)")


@pytest.mark.parametrize("args, sympy_used", [
    (["diff", "a' * X * b", "-x", "X"], False),
    (["diff", "0.5 * norm2(W' * h - y)^2", "-x", "W"], False),
    (["hessian", "x' * A * x", "-x", "x"], False),
    (["parse", "logdet(S) - tr(S⁻¹ C)"], False),
    (["diff", "sum(tanh(W * x))", "-x", "W"], True),
])
def test_sympy_is_imported_only_for_scalar_calculus(args, sympy_used):
    out = _python(_RUN.format(args=args))
    assert "exit 0" in out and f"sympy {sympy_used}" in out, out


def test_the_power_rule_is_sympys_derivative():
    x, s = matcalc.vector("x", "n"), matcalc.scalar("s")
    for p in (Fraction(-2), Fraction(-1), Fraction(1, 2), Fraction(-1, 2), Fraction(2),
              Fraction(3), Fraction(5, 3)):
        for arg in (x, s):
            assert power_prime(p, arg) == to_matcalc(derivative_of_power(p), arg), p


def test_an_entrywise_power_derivative_is_verified():
    d = matcalc.diff("sum(x.^3) + sum(sqrt(x)) + alpha^-2", "x")
    assert_numeric(d)


def test_elementwise_definitions_are_built_on_first_use():
    from matcalc.core.operators.elementwise import FUNCTIONS, t
    assert FUNCTIONS["sigmoid"].definition == 1 / (1 + sympy.exp(-t))
    assert FUNCTIONS["exp"].sympy_function is sympy.exp
    assert FUNCTIONS["sigmoid"].sympy_function is None


# ---- dimensions ------------------------------------------------------------------------
def test_dimensions_are_interned_and_spelled_as_sympy_spells_them():
    n, m = dim_symbol("n"), dim_symbol("m")
    assert as_dim("n") is n and n * m is m * n and str(n * m) == "m*n"
    assert str(n * n) == "n**2" == str(n ** 2) and str(2 * n) == "2*n"
    assert (n * m).latex() == "m n" and (n ** 2).latex() == "n^{2}"
    assert dim_integer(3) == 3 and hash(dim_integer(3)) == hash(3) and int(dim_integer(3)) == 3
    assert (n * m).free_symbols == {n, m} and (n * m).subs({n: 2, m: 3}) == 6
    assert pickle.loads(pickle.dumps(n * m)) is n * m


def test_dimensions_compare_equal_to_sympys():
    n = sympy.Symbol("n", integer=True, positive=True)
    m = sympy.Symbol("m", integer=True, positive=True)
    assert n == dim_symbol("n") and dim_symbol("n") == n
    assert sympy.Integer(1) == dim_integer(1) and n * m == dim_symbol("n") * dim_symbol("m")
    assert as_dim(n) is dim_symbol("n") and as_dim(n * m ** 2) is dim_symbol("n") * dim_symbol(
        "m") ** 2


def test_an_api_user_may_still_give_sympy_dimensions():
    n = sympy.Symbol("n", integer=True, positive=True)
    X = matcalc.matrix("X", n)
    d = matcalc.diff(matcalc.logdet(X), X)
    assert X.shape == (dim_symbol("n"), dim_symbol("n")) and str(d) == "X⁻ᵀ"
    assert_numeric(d)


# ---- the grammar's cache -----------------------------------------------------------------
def test_the_grammar_cache_lives_in_the_user_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCALC_CACHE_DIR", str(tmp_path / "cache"))
    path = grammar_cache.grammar_cache_file()
    assert path and os.path.dirname(path) == str(tmp_path / "cache")
    monkeypatch.setenv("MATCALC_CACHE_DIR", "")
    assert grammar_cache.grammar_cache_file() is False
    monkeypatch.delenv("MATCALC_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert grammar_cache.grammar_cache_file().startswith(str(tmp_path / "xdg" / "matcalc"))


def test_an_unwritable_cache_dir_means_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("MATCALC_CACHE_DIR", str(blocker / "cache"))
    assert grammar_cache.grammar_cache_file() is False


def test_the_cached_parser_is_written_and_read_back(tmp_path):
    code = "import matcalc; print(matcalc.parse(\"a' * X * b\"))"
    first = _python(code, MATCALC_CACHE_DIR=str(tmp_path))
    files = list(tmp_path.iterdir())
    assert len(files) == 1 and files[0].stat().st_size > 0
    second = _python(code, MATCALC_CACHE_DIR=str(tmp_path))
    assert first == second == "aᵀXb\n"


def test_a_stale_or_broken_cache_is_rebuilt(tmp_path):
    code = "import matcalc; print(matcalc.parse(\"a' * X * b\"))"
    _python(code, MATCALC_CACHE_DIR=str(tmp_path))
    (cache,) = tmp_path.iterdir()
    whole = cache.read_bytes()
    cache.write_bytes(whole[:200])             # the right hash, cut short (a Ctrl-C while
    assert _python(code, MATCALC_CACHE_DIR=str(tmp_path)) == "aᵀXb\n"   # it was written)
    assert cache.stat().st_size > len(whole) // 2   # rewritten whole (pickles vary a little)
    cache.write_bytes(b"0" * 64 + b"\nnot a pickle")       # another grammar's hash, garbage
    assert _python(code, MATCALC_CACHE_DIR=str(tmp_path)) == "aᵀXb\n"
