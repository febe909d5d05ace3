"""`matcalc diff`, `matcalc hessian` and `matcalc identities` through click's CliRunner."""
import json

from cli_runner import output_of, refusal, run


def test_diff_main_job():
    out = output_of("diff", "a' * X * b", "--wrt", "X")
    assert "∂f/∂X = abᵀ" in out
    assert "scalar-by-matrix, mixed layout, n×m" in out
    assert "✓" in out


def test_diff_layouts():
    assert "∂f/∂x = xᵀ(A + Aᵀ)" in output_of("diff", "x' * A * x", "-x", "x", "-l", "numerator")
    assert "∂f/∂x = (A + Aᵀ)x" in output_of("diff", "x' * A * x", "-x", "x")


def test_diff_several_variables_and_tensor():
    out = output_of("diff", "A * x", "-x", "A,x")
    assert "∂f_i/∂A_kl = δ_ik x_l" in out
    assert "∂f/∂x = A" in out


def test_diff_declarations_and_latex():
    out = output_of("diff", "logdet(S)", "-x", "S", "-d", "S: matrix(n) spd", "-f", "latex")
    assert r"\mathbf{S}^{-1}" in out


def test_diff_ascii():
    out = output_of("diff", "a' * X * b", "-x", "X", "-f", "ascii", "--no-check")
    assert "df/dX = a*b'" in out
    assert "numerical check" not in out


def test_diff_steps_cite_the_cookbook():
    assert "Cookbook (40)" in output_of("diff", "a' * inv(X) * b", "-x", "X", "--steps")


def test_diff_symmetric_convention_option():
    assert "∘ Iₙ" in output_of("diff", "tr(A * X)", "-x", "X", "-d", "X: matrix(n) symmetric",
                               "--symmetric", "cookbook")


def test_hessian_command():
    assert "A + Aᵀ" in output_of("hessian", "x' * A * x", "-x", "x")


def test_absent_variable_exits_2_without_traceback():
    out = refusal(2, "diff", "a' * X * b", "-x", "Y")
    assert "Y does not occur" in out
    assert "Traceback" not in out


def test_syntax_error_exits_2_with_caret():
    out = refusal(2, "diff", "a' * X * * b", "-x", "X")
    assert "^" in out and "column 10" in out


def test_unknown_layout_is_a_usage_error():
    refusal(2, "diff", "a' * x", "-x", "x", "--layout", "rows")


def test_help_teaches():
    out = output_of("diff", "--help")
    assert "Examples" in out and "--layout" in out
    assert "Exit codes" in run("--help").output


def test_identities_list_and_show():
    assert "cookbook-101" in output_of("identities", "list", "--section", "2.5")
    out = output_of("identities", "show", "cookbook-70")
    assert "derived:" in out and "abᵀ" in out


def test_identities_show_unknown_id_exits_2():
    refusal(2, "identities", "show", "cookbook-9999")


def test_identities_verify_json_section():
    data = json.loads(output_of("identities", "verify", "--section", "2.2", "--format", "json"))
    assert data["totals"]["supported"] == data["totals"]["numerically_right"]
    assert all(e["numeric"] for e in data["entries"])
