"""Backpropagation as a chain of Jacobians through user-named statements (diff/chain.py)."""
import shutil
import subprocess

import numpy as np
import pytest
from click.testing import CliRunner

import matcalc as mc
from matcalc.cli import main
from matcalc.core.errors import DifferentiationError
from conftest import assert_numeric

NET = "h1 = tanh(W1*x); h2 = W2*h1; L = 0.5*norm2(h2 - y)^2"
PREAMBLE = ("\\documentclass{article}\n\\usepackage[a4paper,margin=1cm,landscape]{geometry}\n"
            "\\usepackage{amsmath}\n\\begin{document}\n")


def _point(seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(size=(3, 4)), "W2": rng.normal(size=(2, 3)),
            "x": rng.normal(size=4), "y": rng.normal(size=2)}


def test_every_derivative_shown_is_verified():
    bp = mc.backprop(NET, ["W1", "W2"])
    assert len(bp.locals) == 4 and len(bp.derivatives()) == 4 + len(bp.products) + 2
    for d in bp.derivatives():
        assert_numeric(d)


def test_local_jacobians_and_deltas_read_like_the_lecture():
    bp = mc.backprop(NET, ["W1", "W2"])
    local = {(x.of, x.by): x.derivative for x in bp.locals}
    assert str(local["h2", "h1"].expr) == "W2"
    assert local["h1", "W1"].is_tensor and local["h2", "W2"].is_tensor
    assert str(local["L", "h2"].expr) == "h2 - y"
    assert str(bp.deltas["h2"][1]) == "h2 - y"
    assert str(bp.deltas["h1"][1]) == "W2ᵀδ_h2"
    assert str(bp.by_deltas["W2"]) == "δ_h2 h1ᵀ"
    text = bp.steps_text()
    assert "δ_h1 = ∂L/∂h1 = W2ᵀδ_h2" in text and "∂L/∂W2 = δ_h2 h1ᵀ" in text
    assert r"\boldsymbol{\delta}_{h1} = \frac{\partial L}{\partial \mathbf{h}_{1}}" \
        in bp.steps_latex()


def test_closed_form_equals_diff_of_the_substituted_expression():
    bp = mc.backprop(NET, ["W1", "W2"])
    substituted = "0.5*norm2(W2*tanh(W1*x) - y)^2"
    for name in ("W1", "W2"):
        closed = bp.gradients[name]
        direct = mc.diff(substituted, name, W1="matrix(3, 4)", W2="matrix(2, 3)",
                         x="vector(4)", y="vector(2)")
        assert_numeric(closed)
        assert_numeric(direct)
        same_program = mc.diff(NET, name)
        assert mc.simplify(closed.expr) == mc.simplify(same_program.expr)
        values = _point()
        # the closed form's dimensions are the program's: evaluate both at one point
        np.testing.assert_allclose(closed.evaluate(values), direct.evaluate(values),
                                   rtol=1e-10, atol=1e-12)


def test_products_evaluated_backwards_give_the_gradient():
    """δ's evaluated at a forward pass, then the parameters' products: the gradient."""
    bp = mc.backprop(NET, ["W1", "W2"])
    v = _point(1)
    v["h1"] = np.tanh(v["W1"] @ v["x"])
    v["h2"] = v["W2"] @ v["h1"]
    local = {(x.of, x.by): x.derivative for x in bp.locals}
    v["delta_h2"] = local["L", "h2"].evaluate(v).ravel()
    J = local["h2", "h1"].evaluate(v)                  # 2×3, mixed layout
    v["delta_h1"] = J.T @ v["delta_h2"]                  # the vector–Jacobian product
    products = {(p.of, p.by): p.derivative for p in bp.products}
    for p in products.values():
        assert_numeric(p)
    g_W1 = products["h1", "W1"].evaluate(v)
    g_W2 = products["h2", "W2"].evaluate(v)
    np.testing.assert_allclose(g_W1, bp.gradients["W1"].evaluate(_point(1)), rtol=1e-10)
    np.testing.assert_allclose(g_W2, bp.gradients["W2"].evaluate(_point(1)), rtol=1e-10)


def test_seed_001_toy_network():
    """Seed 001's "Play with Toy Example": ŷ = Wᵀh, W ∈ ℝ³ˣ², L = ½‖ŷ − y‖², at notebook
    02's numbers. The seed's slices ∂ŷ₁/∂W = [h 0], ∂ŷ₂/∂W = [0 h] (4/8) and its result
    ∂L/∂w_kl = ∂L/∂ŷ_l × h_k (8/8), evaluated from its formulas, against matcalc's."""
    bp = mc.backprop("yhat = W'*h; L(W) = 0.5*norm2(yhat - y)^2",
                     W="matrix(3, 2)", h="vector(3)", y="vector(2)")
    h = np.array([1.0, 2.0, 3.0])
    W = np.array([[0.5, -1.0], [1.0, 0.5], [-0.5, 1.0]])
    y = np.array([0.0, 1.0])
    yhat = W.T @ h
    values = {"W": W, "h": h, "y": y, "yhat": yhat}
    local = {(x.of, x.by): x.derivative for x in bp.locals}
    T = local["yhat", "W"].evaluate(values)            # axes (i, k, l): ∂ŷ_i/∂w_kl
    seed_slices = np.stack([np.column_stack([h, np.zeros(3)]),
                            np.column_stack([np.zeros(3), h])])
    np.testing.assert_allclose(T, seed_slices)
    g = local["L", "yhat"].evaluate(values).ravel()    # ∂L/∂ŷ
    np.testing.assert_allclose(g, yhat - y)
    seed_result = np.array([[g[l] * h[k] for l in range(2)] for k in range(3)])
    np.testing.assert_allclose(np.einsum("i,ikl->kl", g, T), seed_result)
    np.testing.assert_allclose(bp.gradients["W"].evaluate(values), seed_result)
    for d in bp.derivatives():
        assert_numeric(d)


def test_numerator_layout_local_jacobians_and_output():
    bp = mc.backprop(NET, "W2", "numerator", output="L")
    local = {(x.of, x.by): x.derivative for x in bp.locals}
    d = local["L", "h2"]
    assert d.layout == "numerator" and d.shape[0] == 1       # a row
    assert_numeric(d)
    assert_numeric(bp.gradients["W2"])


def test_errors():
    with pytest.raises(DifferentiationError, match="needs a scalar function"):
        mc.backprop("h = W*x; g = tanh(h)", "W")
    with pytest.raises(DifferentiationError, match="h1 is a statement of the program"):
        mc.backprop(NET, "h1")
    with pytest.raises(mc.DeclarationError, match="no statement named"):
        mc.backprop(NET, "W1", output="z")


def test_cli_chain():
    r = CliRunner().invoke(main, ["diff", NET, "-x", "W1,W2", "--chain"])
    assert r.exit_code == 0, r.output
    assert "δ_h1 = ∂L/∂h1 = W2ᵀδ_h2" in r.output
    shown = len(mc.backprop(NET, ["W1", "W2"]).derivatives())
    assert r.output.count("numerical check: verified") == shown and "✗" not in r.output
    r = CliRunner().invoke(main, ["diff", NET, "-x", "W1", "--chain", "-f", "latex",
                                  "--no-check"])
    assert r.exit_code == 0 and r.output.startswith(r"\begin{align*}")
    r = CliRunner().invoke(main, ["diff", NET, "-x", "W1", "--chain", "-f", "json"])
    assert r.exit_code == 2 and "--chain prints text or latex" in r.output


def test_chain_and_named_steps_compile_with_pdflatex(tmp_path):
    exe = shutil.which("pdflatex")
    assert exe, "pdflatex not found: install LaTeX to run the tests"
    bp = mc.backprop(NET, ["W1", "W2"])
    d = mc.diff("loss(W) = 0.5*norm2(W'*h - y)^2")
    for x in bp.derivatives() + [d]:
        assert_numeric(x)                        # what is typeset is also right
    cli = CliRunner().invoke(main, ["diff", NET, "-x", "W1", "--chain", "-f", "latex"])
    assert cli.exit_code == 0, cli.output
    doc = (PREAMBLE + bp.steps_latex() + "\n\n" + d.steps_latex() + "\n\n"
           + d._repr_latex_().replace("$$", r"\[", 1).replace("$$", r"\]", 1) + "\n\n"
           + cli.output + "\n\\end{document}\n")
    (tmp_path / "chain.tex").write_text(doc, encoding="utf-8")
    run = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", "chain.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"pdflatex failed:\n{run.stdout[-3000:]}"
    assert "Undefined control sequence" not in run.stdout


def test_a_name_used_twice_sums_its_products_and_scalar_matrix_statements():
    bp = mc.backprop("h = W*x; g = tanh(h); L = sum(g) + h'*h", "W")
    assert len([p for p in bp.products if p.by == "h"]) == 2      # from g and from L
    bp2 = mc.backprop("s = x'*x; H = X*W; L = s*sum(exp(H))", ["x", "W"])
    assert str(bp2.by_deltas["W"]) == "Xᵀδ_H"
    for d in bp.derivatives() + bp2.derivatives():
        assert_numeric(d)
    direct = mc.diff("h = W*x; g = tanh(h); L = sum(g) + h'*h", "W")
    assert mc.simplify(bp.gradients["W"].expr) == mc.simplify(direct.expr)
