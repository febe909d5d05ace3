"""`matcalc diff`, `matcalc hessian` and `matcalc identities` through click's CliRunner."""
import json

from click.testing import CliRunner

from matcalc.cli import main

runner = CliRunner()


def run(*args):
    return runner.invoke(main, list(args))


def test_diff_main_job():
    r = run("diff", "a' * X * b", "--wrt", "X")
    assert r.exit_code == 0, r.output
    assert "∂f/∂X = abᵀ" in r.output
    assert "scalar-by-matrix, mixed layout, n×m" in r.output
    assert "✓" in r.output


def test_diff_layouts():
    assert "∂f/∂x = xᵀ(A + Aᵀ)" in run("diff", "x' * A * x", "-x", "x", "-l", "numerator").output
    assert "∂f/∂x = (A + Aᵀ)x" in run("diff", "x' * A * x", "-x", "x").output


def test_diff_several_variables_and_tensor():
    r = run("diff", "A * x", "-x", "A,x")
    assert r.exit_code == 0, r.output
    assert "∂f_i/∂A_kl = δ_ik x_l" in r.output
    assert "∂f/∂x = A" in r.output


def test_diff_declarations_and_latex():
    r = run("diff", "logdet(S)", "-x", "S", "-d", "S: matrix(n) spd", "-f", "latex")
    assert r.exit_code == 0, r.output
    assert r"\mathbf{S}^{-1}" in r.output


def test_diff_ascii():
    r = run("diff", "a' * X * b", "-x", "X", "-f", "ascii", "--no-check")
    assert "df/dX = a*b'" in r.output
    assert "numerical check" not in r.output


def test_diff_steps_cite_the_cookbook():
    r = run("diff", "a' * inv(X) * b", "-x", "X", "--steps")
    assert r.exit_code == 0, r.output
    assert "Cookbook (40)" in r.output


def test_diff_symmetric_convention_option():
    r = run("diff", "tr(A * X)", "-x", "X", "-d", "X: matrix(n) symmetric",
            "--symmetric", "cookbook")
    assert r.exit_code == 0, r.output
    assert "∘ Iₙ" in r.output


def test_hessian_command():
    r = run("hessian", "x' * A * x", "-x", "x")
    assert r.exit_code == 0, r.output
    assert "A + Aᵀ" in r.output


def test_absent_variable_exits_2_without_traceback():
    r = run("diff", "a' * X * b", "-x", "Y")
    assert r.exit_code == 2
    assert "Y does not occur" in r.output
    assert "Traceback" not in r.output


def test_syntax_error_exits_2_with_caret():
    r = run("diff", "a' * X * * b", "-x", "X")
    assert r.exit_code == 2
    assert "^" in r.output and "column 10" in r.output


def test_unknown_layout_is_a_usage_error():
    r = run("diff", "a' * x", "-x", "x", "--layout", "rows")
    assert r.exit_code == 2


def test_help_teaches():
    r = run("diff", "--help")
    assert r.exit_code == 0
    assert "Examples" in r.output and "--layout" in r.output
    assert "Exit codes" in run("--help").output


def test_identities_list_and_show():
    r = run("identities", "list", "--section", "2.5")
    assert r.exit_code == 0, r.output
    assert "cookbook-101" in r.output
    r = run("identities", "show", "cookbook-70")
    assert r.exit_code == 0, r.output
    assert "derived:" in r.output and "abᵀ" in r.output


def test_identities_show_unknown_id_exits_2():
    r = run("identities", "show", "cookbook-9999")
    assert r.exit_code == 2


def test_identities_verify_json_section():
    r = run("identities", "verify", "--section", "2.2", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["totals"]["supported"] == data["totals"]["numerically_right"]
    assert all(e["numeric"] for e in data["entries"])
