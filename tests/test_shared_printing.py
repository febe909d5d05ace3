"""Named intermediates (diff/intermediates.py, printing/shared.py): several derivatives printed
with their shared subexpressions written once, as backpropagation is written in textbooks.
Every gradient is checked against finite differences, and the named form is evaluated
(definitions first) and compared with the Derivative's own value."""
import numpy as np
from click.testing import CliRunner
from conftest import assert_numeric

import matcalc as mc
from matcalc.cli import main
from matcalc.core import expr as E
from matcalc.diff.intermediates import name_intermediates
from matcalc.examples import perceptron
from matcalc.numeric import evaluate_2d, sample_point

TWO_LAYER_TEXT = """\
∂f/∂W1 = 2((W2ᵀδ2) ∘ (𝟏 - h1.^2))xᵀ
∂f/∂W2 = 2δ2h1ᵀ
where
    h1 = tanh(W1x)
    h2 = tanh(W2h1)
    δ2 = (h2 - y) ∘ (𝟏 - h2.^2)"""

TWO_LAYER_ASCII = """\
df/dW1 = 2*((W2'*delta2) .* (ones(d1) - h1.^2))*x'
df/dW2 = 2*delta2*h1'
where
    h1 = tanh(W1*x)
    h2 = tanh(W2*h1)
    delta2 = (h2 - y) .* (ones(d2) - h2.^2)"""

TWO_LAYER_LATEX_DEFINITIONS = r"""\text{where}\quad \mathbf{h}_{1} &= \tanh(\mathbf{W}_{1} \mathbf{x}) \\
\mathbf{h}_{2} &= \tanh(\mathbf{W}_{2} \mathbf{h}_{1}) \\
\boldsymbol{\delta}_{2} &= (\mathbf{h}_{2} - \mathbf{y}) \circ (\mathbf{1} - \mathbf{h}_{2}^{\circ 2})
\end{aligned}"""


def assert_named_form_evaluates_alike(ds, seed=0):
    """Evaluate the definitions in order, then each named result: the Derivatives' values."""
    named = name_intermediates(ds)
    vs = set().union(*(E.variables(d.f) | {d.wrt} for d in ds))
    sizes = mc.numeric.default_sizes(vs, seed=seed)
    env = sample_point(vs, sizes, seed)
    for name, e in named.definitions:
        env[name] = evaluate_2d(e, env, sizes)
    for d, body in named.lines:
        mine = evaluate_2d(body, env, sizes)
        assert np.allclose(mine, d._evaluate(env, sizes), rtol=1e-10, atol=1e-12)


def test_two_layer_tanh_network_text_ascii_latex():
    f, Ws = perceptron(2, mc.tanh)
    ds = mc.diff(f, Ws)
    for d in ds:
        assert_numeric(d)
    assert mc.shared(ds) == TWO_LAYER_TEXT
    assert mc.shared(ds, "ascii") == TWO_LAYER_ASCII
    latex = mc.shared(ds, "latex")
    assert latex.startswith("\\begin{aligned}\n\\frac{\\partial f}{\\partial \\mathbf{W}_{1}} &= ")
    assert "\\frac{\\partial f}{\\partial \\mathbf{W}_{2}} &= 2 \\boldsymbol{\\delta}_{2} " \
           "\\mathbf{h}_{1}^\\top \\\\\n" in latex
    assert latex.endswith(TWO_LAYER_LATEX_DEFINITIONS)
    assert_named_form_evaluates_alike(ds)
    assert str(ds[1].expr) == "2((tanh(W2 tanh(W1x)) - y) ∘ " \
                              "(𝟏 - tanh(W2 tanh(W1x)).^2))tanh(W1x)ᵀ"   # .expr: written out


def test_deep_tanh_network_is_textbook_backpropagation():
    f, Ws = perceptron(6, mc.tanh)
    ds = mc.diff(f, Ws)
    for d in ds:
        assert_numeric(d, seeds=(3,))
    text = mc.shared(ds)
    for k in range(2, 7):
        assert f"∂f/∂W{k} = 2δ{k}h{k - 1}ᵀ" in text.splitlines()
        assert f"    h{k} = tanh(W{k}h{k - 1})" in text.splitlines()
    for k in range(2, 6):
        assert f"    δ{k} = (W{k + 1}ᵀδ{k + 1}) ∘ (𝟏 - h{k}.^2)" in text.splitlines()
    assert "    h1 = tanh(W1x)" in text.splitlines()
    assert text.splitlines()[0] == "∂f/∂W1 = 2((W2ᵀδ2) ∘ (𝟏 - h1.^2))xᵀ"
    assert_named_form_evaluates_alike(ds, seed=3)


def test_linear_network_names_the_residual_as_the_last_adjoint():
    f, Ws = perceptron(3)
    ds = mc.diff(f, Ws)
    for d in ds:
        assert_numeric(d)
    assert mc.shared(ds) == ("∂f/∂W1 = 2W2ᵀW3ᵀδ3xᵀ\n∂f/∂W2 = 2W3ᵀδ3xᵀW1ᵀ\n"
                             "∂f/∂W3 = 2δ3xᵀW1ᵀW2ᵀ\nwhere\n    δ3 = W3W2W1x - y")
    assert_named_form_evaluates_alike(ds)


def test_nothing_shared_nothing_named():
    ds = mc.diff("a' * X * b + c' * Y * d", ["X", "Y"])
    for d in ds:
        assert_numeric(d)
    assert mc.shared(ds) == "∂f/∂X = abᵀ\n∂f/∂Y = cdᵀ"
    assert name_intermediates(ds).definitions == []


def test_a_name_taken_by_a_variable_falls_back_to_t():
    ds = mc.diff("norm2(tanh(W2*tanh(W1*h1)) - y)^2", ["W1", "W2"])
    for d in ds:
        assert_numeric(d)
    text = mc.shared(ds)
    assert "    t1 = tanh(W1h1)" in text.splitlines()
    assert_named_form_evaluates_alike(ds)


def test_tensor_results_are_printed_as_they_are():
    ds = mc.diff("tanh(A * x) + A * x", ["A", "x"])
    for d in ds:
        assert_numeric(d)
    text = mc.shared(ds)
    assert text.startswith("∂f/∂A = ")
    assert "∂f/∂x = " in text


def test_cli_several_variables_prints_the_named_form():
    r = CliRunner().invoke(main, ["diff", "norm2(tanh(W2*tanh(W1*x)) - y)^2", "-x", "W1,W2"])
    assert r.exit_code == 0, r.output
    assert "∂f/∂W2 = 2δ2h1ᵀ" in r.output
    assert "where\n    h1 = tanh(W1x)\n    h2 = tanh(W2h1)\n" \
           "    δ2 = (h2 - y) ∘ (𝟏 - h2.^2)" in r.output
    assert r.output.count("✓") == 2
    r = CliRunner().invoke(main, ["diff", "norm2(tanh(W2*tanh(W1*x)) - y)^2", "-x", "W1",
                                  "-x", "W2", "-f", "latex", "--no-check"])
    assert r.exit_code == 0, r.output
    assert "\\[ \\begin{aligned}\n\\text{where}\\quad \\mathbf{h}_{1} &= " in r.output
