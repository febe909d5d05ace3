"""Named results and programs of statements: `L = ...`, `L(W) = ...`, `h = ...; L = ...`."""
import json

import numpy as np
import pytest
from click.testing import CliRunner

import matcalc as mc
from matcalc.cli import main
from matcalc.core.errors import DeclarationError, DifferentiationError, ParseError
from matcalc.language.parse import parse, parse_program
from conftest import assert_numeric

NET = "h1 = tanh(W1*x); h2 = W2*h1; L = 0.5*norm2(h2 - y)^2"


# ---- programs ---------------------------------------------------------------------------

def test_program_substitutes_its_statements():
    # equal up to the names of the dimensions (named in order of first use)
    assert str(parse(NET)) == str(parse("0.5*norm2(W2*tanh(W1*x) - y)^2"))
    p = parse_program(NET)
    assert [s.name for s in p.statements] == ["h1", "h2", "L"]
    assert [s.name for s in p.intermediates] == ["h1", "h2"]
    assert str(p.statements[1].local) == "W2h1"          # as written: h1 a variable
    assert sorted(p.variables) == ["W1", "W2", "x", "y"]   # the inputs only
    assert p.name == "L" and p.args is None


def test_shapes_are_inferred_across_statements():
    p = parse_program("h = A*x; g = B*h; s = g'*g")
    A, B, x = p.variables["A"], p.variables["B"], p.variables["x"]
    assert A.shape[1] == x.shape[0] and B.shape[1] == A.shape[0]
    assert p.statements[0].var.shape == (A.shape[0], 1)


def test_newlines_declarations_and_a_final_bare_expression():
    p = parse_program("x: vector(n)\nA: matrix(n) spd\nq = A*x\nx'*q")
    assert p.name is None and str(p.expr) == "xᵀAx"
    assert "spd" in p.variables["A"].props


def test_multi_letter_names_stay_whole():
    # undeclared `loss` would be l·o·s·s; a statement's name is one name
    assert str(parse("loss = sum(X); 2*loss")) == "2sum(X)"


def test_signature_names_the_arguments():
    p = parse_program("L(W, b) = 0.5*norm2(W*x + b - y)^2")
    assert p.args == ("W", "b")


@pytest.mark.parametrize("text, cls, message, column", [
    ("h = h + x", DeclarationError, "h is used before it is defined", 1),
    ("h = x; h = x", DeclarationError, "h is defined twice", 8),
    ("x: vector(n); x = y", DeclarationError, "declared as a variable and defined", 15),
    ("x; y", ParseError, "matcalc reads one expression", 4),
    ("x: vector(n)", ParseError, "the declarations must be followed by the expression", 12),
    ("L(Q) = x", DeclarationError, "Q in L(Q) does not occur", 3),
    ("h = x; L(h) = h'h", DeclarationError, "h in L(h) is a statement", 10),
    ("L() = x", ParseError, "empty argument list", 2),
    ("I = x", DeclarationError, "I is the identity", 1),
])
def test_statement_errors_are_located(text, cls, message, column):
    with pytest.raises(cls) as info:
        parse(text)
    assert message in str(info.value) and info.value.column == column


# ---- named results ----------------------------------------------------------------------

def test_named_result_in_every_printer():
    d = mc.diff("L = 0.5*norm2(W'*h - y)^2", "W")
    assert_numeric(d)
    assert d.function_name == "L"
    assert repr(d).startswith("<Derivative ∂L/∂W = h(Wᵀh - y)ᵀ")
    assert r"\frac{\partial L}{\partial \mathbf{W}}" in d._repr_latex_()
    assert d.steps_text().startswith("1. L = 0.5‖Wᵀh - y‖₂²")
    assert "dL = tr(Gᵀ dW)" in d.steps_text()
    assert r"\mathrm{d}L = \operatorname{tr}" in d.steps_latex()


def test_named_tensor_and_word_names():
    d = mc.diff("h1 = W'*x", "W")
    assert_numeric(d)
    assert str(d.expr).startswith("∂h1_i/∂W_kl = δ_il x_k")
    assert "∂h1_i/∂W_kl" in d.steps_text()
    d = mc.diff("loss = x'*x", "x")
    assert_numeric(d)
    assert r"\frac{\partial \mathit{loss}}" in d._repr_latex_()


def test_signature_gives_wrt_and_disagreement_is_an_error():
    d = mc.diff("L(W) = 0.5*norm2(W'*h - y)^2")
    assert_numeric(d)
    assert d.wrt.name == "W"
    both = mc.diff("L(W, h) = 0.5*norm2(W'*h - y)^2")
    for d in both:
        assert_numeric(d)
    assert [d.wrt.name for d in both] == ["W", "h"]
    with pytest.raises(DifferentiationError, match="h is not an argument of L"):
        mc.diff("L(W) = 0.5*norm2(W'*h - y)^2", "h")
    with pytest.raises(TypeError, match="the variable must be a name"):
        mc.diff("L = x'*x")


def test_program_derivative_equals_the_substituted_one():
    sizes = {"x": "vector(p)", "W1": "matrix(m, p)", "W2": "matrix(n, m)"}
    by_program = mc.diff(NET, "W1", **sizes)
    direct = mc.diff("0.5*norm2(W2*tanh(W1*x) - y)^2", "W1", **sizes)
    assert_numeric(by_program)
    assert_numeric(direct)
    assert str(by_program.expr) == str(direct.expr) and by_program.function_name == "L"


def test_cli_named_result_text_latex_json():
    runner = CliRunner()
    r = runner.invoke(main, ["diff", "L(W) = 0.5*norm2(W'*h - y)^2"])
    assert r.exit_code == 0, r.output
    assert "∂L/∂W = h(Wᵀh - y)ᵀ" in r.output and "✓" in r.output
    r = runner.invoke(main, ["diff", "L = x'*x", "-x", "x", "-f", "latex"])
    assert r.exit_code == 0 and r"\frac{\partial L}{\partial x}" in r.output
    r = runner.invoke(main, ["diff", "L = x'*x", "-x", "x", "-f", "json"])
    data = json.loads(r.output)
    assert data["function"] == "L" and data["check"]["status"] == "verified"
    r = runner.invoke(main, ["diff", "L(W) = x'*W*x", "-x", "Q"])
    assert r.exit_code == 2 and "Q is not an argument of L(W)" in r.output
    r = runner.invoke(main, ["diff", "L = x'*x"])
    assert r.exit_code == 2 and "name the variable" in r.output


def test_evaluating_a_named_program_result():
    d = mc.diff("h = A*x; L = h'*h", "x", A="matrix(3)", x="vector(3)")
    assert_numeric(d)
    rng = np.random.default_rng(0)
    A, x = rng.normal(size=(3, 3)), rng.normal(size=3)
    np.testing.assert_allclose(d.evaluate({"A": A, "x": x}).ravel(), 2 * A.T @ A @ x)


def test_a_named_function_names_its_hessian_and_its_blocks():
    d = mc.hessian("L(w) = 0.5*norm2(X*w - y)^2")
    assert repr(d).startswith("<Derivative ∂²L/∂w∂wᵀ = XᵀX ")
    assert_numeric(d)
    H = mc.hessian("L(x, y) = x'*A*y + y'*y")
    assert repr(H["x", "y"]).startswith("<Derivative ∂²L/∂x∂yᵀ = A ")
    assert_numeric(H["x", "y"])
    r = CliRunner().invoke(main, ["hessian", "L(x, y) = x'*A*y + y'*y", "--no-check"])
    assert r.exit_code == 0, r.output
    assert "∂²L/∂x∂y = A" in r.output and "∂²L/∂y² = 2Iₘ" in r.output
