"""The identity catalogue (identities/*.toml): it loads, it is well formed, every supported
entry parses, its result has the shape its layout demands, and — checked with NumPy central
finite differences written here, independently of the engine — every book form is right.

The numeric checks use only `matcalc.language.parse` (to read the text) and `matcalc.numeric.evaluate`
(to get numbers); sampling, perturbation, layouts and structure are done in this file.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import sympy

import matcalc
from matcalc import catalogue
from matcalc.catalogue import CatalogueError, Identity
from matcalc.core.errors import MatcalcError
from matcalc.core.shapes import as_dim

ENTRIES = catalogue.load()
SUPPORTED = [e for e in ENTRIES if e.supported]
BY_ID = {e.id: e for e in ENTRIES}

# entries per file; update when the catalogue grows
COUNTS = {
    "2.0-basic": 13,
    "2.1-determinant": 15,
    "2.2-inverse": 6,
    "2.3-eigenvalues": 4,
    "2.4-forms": 37,
    "2.5-trace": 37,
    "2.6-vector-norms": 4,
    "2.7-matrix-norms": 2,
    "2.8-structured": 8,
    "mml-5": 12,
}



def _find_parser():
    """matcalc.language.parse (the public API), or matcalc.language.parse.parse while it is not exported yet."""
    f = getattr(matcalc, "parse", None)
    if callable(f):
        return f
    try:
        from matcalc.language.parse import parse as f
    except ImportError:
        return None
    return f


PARSE = _find_parser()
needs_parser = pytest.mark.skipif(PARSE is None, reason="matcalc.language.parse is not written yet")


def ids(entries):
    return [e.id for e in entries]


# ====================================================================================
# Loading and validation
# ====================================================================================

def test_catalogue_loads_with_more_than_100_entries():
    assert len(ENTRIES) > 100
    assert all(isinstance(e, Identity) for e in ENTRIES)


def test_ids_are_unique():
    dup = [i for i, c in Counter(e.id for e in ENTRIES).items() if c > 1]
    assert not dup


def test_every_section_is_present_with_its_count():
    assert catalogue.sections() == list(COUNTS)
    assert Counter(e.file for e in ENTRIES) == COUNTS
    for stem, n in COUNTS.items():
        assert len(catalogue.load(stem)) == n


def test_load_by_section_number_and_book_section():
    assert catalogue.load("2.4") == catalogue.load("2.4-forms")
    first = catalogue.load("2.4.1")
    assert first and all(e.section == "2.4.1" for e in first)
    assert {e.id for e in catalogue.load("2.5.3")} >= {"cookbook-121-n2", "cookbook-123"}
    with pytest.raises(CatalogueError):
        catalogue.load("9.9")


def test_get_and_fields():
    e = catalogue.get("cookbook-70")
    assert (e.expr, e.wrt, e.expected, e.layout, e.order) == ("a' * X * b", ("X",), "a * b'",
                                                            "mixed", 1)
    assert e.declaration_dict() == {"a": "vector(n)", "X": "matrix(n, m)", "b": "vector(m)"}
    assert e.equation == "70" and e.var == "X"
    assert catalogue.get("mml-5.106").equation == "5.106"
    with pytest.raises(CatalogueError, match="no catalogue entry"):
        catalogue.get("cookbook-9999")
    with pytest.raises(AttributeError):
        e.expr = "x"                      # frozen


def test_entries_are_well_formed():
    for e in ENTRIES:
        assert e.source and e.title and e.section
        assert e.layout in catalogue.LAYOUTS
        if e.id.startswith("cookbook-"):
            assert e.source.startswith("The Matrix Cookbook (2012-11-15), eq")
        if not e.supported:
            assert e.reason
        elif e.kind == "derivative":
            assert e.expected and len(e.wrt) == 1
        elif e.kind == "differential":
            assert e.differential
        else:
            assert e.expected_vec and e.expected_index and len(e.indices) == 4


def test_general_powers_are_unsupported_with_concrete_cases():
    for eq in ("58", "90", "91", "92", "121", "122"):
        general = BY_ID[f"cookbook-{eq}"]
        assert not general.supported and "symbolic exponents" in general.reason
        assert BY_ID[f"cookbook-{eq}-n2"].supported and BY_ID[f"cookbook-{eq}-n3"].supported


def test_every_source_says_whether_its_number_was_verified():
    for e in ENTRIES:
        assert ("checked against a copy" in e.source) != ("not verified" in e.source), e.id


_GOOD = """
[[identity]]
id = "t-1"
source = "test"
section = "2"
title = "t"
expr = "a' * x"
wrt = "x"
declarations = ["a: vector(n)", "x: vector(n)"]
expected = "a"
supported = true
"""


def _write(tmp_path, text, name="2.0-test.toml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_validation_accepts_a_good_file(tmp_path):
    es = catalogue.load(directory=_write(tmp_path, _GOOD))
    assert [e.id for e in es] == ["t-1"] and es[0].file == "2.0-test"


@pytest.mark.parametrize("change, message", [
    (('supported = true', 'supported = true\nlayout = "sideways"'), "layout must be one of"),
    (('supported = true', 'supported = "yes"'), "supported must be true or false"),
    (('expected = "a"\n', ''), "needs expected"),
    (('title = "t"\n', ''), "missing required field 'title'"),
    (('wrt = "x"', 'wrt = "y"'), "not declared"),
    (('supported = true', 'supported = true\ncolour = "red"'), "unknown field"),
    (('supported = true', 'supported = false'), "needs a reason"),
    (('supported = true', 'supported = true\norder = 3'), "order must be 1 or 2"),
    (('supported = true', 'supported = true\nsymmetric = "cookbook"'), "declared symmetric"),
    (('declarations = ["a: vector(n)", "x: vector(n)"]', 'declarations = ["a vector(n)"]'),
     "name: type"),
])
def test_validation_errors_name_file_and_entry(tmp_path, change, message):
    old, new = change
    assert old in _GOOD
    root = _write(tmp_path, _GOOD.replace(old, new))
    with pytest.raises(CatalogueError, match=message) as info:
        catalogue.load(directory=root)
    assert isinstance(info.value, MatcalcError)
    assert info.value.file == "2.0-test.toml"
    assert info.value.entry == "t-1" and "t-1" in str(info.value)


def test_duplicate_ids_across_files_are_an_error(tmp_path):
    _write(tmp_path, _GOOD, "2.0-a.toml")
    _write(tmp_path, _GOOD, "2.1-b.toml")
    with pytest.raises(CatalogueError, match="duplicate id") as info:
        catalogue.load(directory=tmp_path)
    assert info.value.entry == "t-1" and info.value.file == "2.1-b.toml"


def test_bad_toml_is_an_error(tmp_path):
    with pytest.raises(CatalogueError, match="not valid TOML") as info:
        catalogue.load(directory=_write(tmp_path, "[[identity]\nid = "))
    assert info.value.file == "2.0-test.toml"


def test_the_catalogue_folder_ships_with_the_package_or_the_checkout():
    root = catalogue.catalogue_dir()
    assert sorted(p.stem for p in root.glob("*.toml")) == sorted(COUNTS)
    assert (root / "README.md").is_file() or root.parent.name == "matcalc"


# ====================================================================================
# Declarations, shapes and sizes (read here, independently of the parser)
# ====================================================================================

_DECL = re.compile(r"^\s*(\w+)\s*:\s*(scalar|vector|matrix)\s*(?:\(([^)]*)\))?\s*(.*)$")

# two size assignments per dimension name; n ≥ m everywhere, since Gram matrices XᵀX of a
# tall n×m X must be invertible (eqs. 53-55, 125-127)
SIZE_SETS = [
    {"n": 4, "m": 3, "p": 2, "q": 3, "r": 2},
    {"n": 3, "m": 2, "p": 3, "q": 2, "r": 4},
]


def declared(e: Identity) -> dict:
    """name → (kind, (rows, cols) as dimension names/ints, props)."""
    out = {}
    for d in e.declarations:
        m = _DECL.match(d)
        assert m, f"{e.id}: cannot read declaration {d!r}"
        name, kind, dims, props = m.groups()
        dims = [s.strip() for s in (dims or "").split(",") if s.strip()]
        if kind == "scalar":
            shape = (1, 1)
        elif kind == "vector":
            shape = (dims[0], 1)
        else:
            shape = (dims[0], dims[1] if len(dims) > 1 else dims[0])
        out[name] = (kind, shape, set(re.split(r"[\s,]+", props.strip())) - {""})
    return out


def sym_shape(shape):
    return tuple(as_dim(d) if isinstance(d, str) else sympy.Integer(d) for d in shape)


def num_shape(shape, sizes):
    return tuple(d if isinstance(d, int) else (int(d) if d.isdigit() else sizes[d])
                 for d in shape)


def differential_declarations(e: Identity) -> dict:
    """The parse declarations of an entry plus d<name> for each varied variable."""
    decls = e.declaration_dict()
    for w in e.wrt:
        spec = decls[w]
        m = re.match(r"\s*(scalar|vector\s*\([^)]*\)|matrix\s*\([^)]*\))", spec)
        decls["d" + w] = m.group(1)
    return decls


def expected_shape(e: Identity, fshape, xshape):
    """The shape the layout table (DESIGN.md) gives the derivative of F by X."""
    one = sympy.Integer(1)
    (a, b), (p, q) = fshape, xshape
    if e.order == 2:
        return (p, p)
    if (a, b) == (one, one):                      # scalar by anything
        if e.layout == "numerator":
            return (q, p)
        return (p, q)
    if (p, q) == (one, one):                      # vector/matrix by scalar
        return (b, a) if e.layout == "denominator" else (a, b)
    if b == one and q == one:                     # vector by vector
        return (p, a) if e.layout == "denominator" else (a, p)
    raise AssertionError(f"{e.id}: a derivative entry of a matrix by a matrix must be a tensor")


def same_shape(s, t):
    # dimensions are canonical monomials (core/dims.py): equal dimensions compare equal
    return all(x == y for x, y in zip(s, t))


# ====================================================================================
# Parsing (needs matcalc.language.parse)
# ====================================================================================

def parse(text: str, decls: dict):
    return PARSE(text, **decls)


@needs_parser
@pytest.mark.parametrize("e", SUPPORTED, ids=ids(SUPPORTED))
def test_supported_entry_parses_and_has_the_layout_shape(e):
    decls = e.declaration_dict()
    f = parse(e.expr, decls)
    vars_ = declared(e)
    xshape = sym_shape(vars_[e.var][1])
    if e.kind == "derivative":
        g = parse(e.expected, decls)
        want = expected_shape(e, f.shape, xshape)
        assert same_shape(g.shape, want), f"{e.id}: {g.shape} but the layout needs {want}"
    elif e.kind == "differential":
        df = parse(e.differential, differential_declarations(e))
        assert same_shape(df.shape, f.shape)
    else:
        v = parse(e.expected_vec, decls)
        want = (f.shape[0] * f.shape[1], xshape[0] * xshape[1])
        assert same_shape(v.shape, want), f"{e.id}: {v.shape}, want {want}"


@needs_parser
@pytest.mark.parametrize("e", SUPPORTED, ids=ids(SUPPORTED))
def test_declared_variables_are_the_ones_used(e):
    """Every variable in expr is declared (nothing left to inference)."""
    names = set(e.declaration_dict())
    f = parse(e.expr, e.declaration_dict())
    from matcalc.core.expr import variables
    used = {v.name for v in variables(f)}
    assert used <= names, f"{e.id}: undeclared {used - names}"


# ====================================================================================
# Numbers: sampling, evaluation, finite differences
# ====================================================================================

def sample(e: Identity, sizes: dict, seed: int) -> dict:
    """Random values honouring the declared properties; square matrices well conditioned."""
    rng = np.random.default_rng(seed)
    env = {}
    for name, (kind, shape, props) in sorted(declared(e).items()):
        r, c = num_shape(shape, sizes)
        if kind == "scalar":
            env[name] = np.array([[rng.uniform(0.5, 1.5)]])
        elif kind == "vector":
            env[name] = rng.uniform(0.5, 1.5, size=(r, 1))
        elif r != c:
            env[name] = rng.normal(size=(r, c))
        elif "diagonal" in props:
            env[name] = np.diag(rng.uniform(0.5, 1.5, size=r))
        elif "spd" in props:
            b = rng.normal(size=(r, r))
            env[name] = b @ b.T / r + np.eye(r)
        else:
            a = rng.uniform(-1.0, 1.0, size=(r, r))
            if "symmetric" in props:
                a = (a + a.T) / 2
            env[name] = a + r * np.eye(r)          # diagonally dominant: invertible
    return env


def value(text: str, decls: dict, env: dict, sizes: dict) -> np.ndarray:
    """The value of `text` at `env` (name → 2-D array), as a 2-D array. The one place that
    parses and evaluates. Sizes are passed explicitly: `I(n)` alone has no variable to read
    n from."""
    from matcalc.core.expr import variables
    from matcalc.core.shapes import dim_symbol
    e = parse(text, decls)
    by_var = {v: env[v.name] for v in variables(e)}
    dims = {dim_symbol(k): v for k, v in sizes.items()}
    out = matcalc.numeric.evaluate_2d(e, by_var, dims)
    return np.atleast_2d(np.asarray(out, dtype=float))


def directions(shape, structure: str):
    """(positions, direction) pairs: the entries of X that move together, and how."""
    p, q = shape
    for k in range(p):
        for l in range(q):
            d = np.zeros(shape)
            if structure == "" or k == l:
                if structure == "diagonal" and k != l:
                    continue
                d[k, l] = 1.0
                yield [(k, l)], d
            elif k < l and structure in ("cookbook", "symmetric"):
                w = 1.0 if structure == "cookbook" else 0.5
                d[k, l] = d[l, k] = w
                yield [(k, l), (l, k)], d


def fd_tensor(fun, env: dict, var: str, structure: str = "", h: float = 1e-6):
    """T[i, j, k, l] ≈ ∂F_ij/∂X_kl by central differences (zero where X does not vary)."""
    x0 = env[var]
    f0 = fun(env)
    out = np.zeros(f0.shape + x0.shape)
    for positions, d in directions(x0.shape, structure):
        step = h * max(1.0, float(np.max(np.abs(x0))))
        fp = fun({**env, var: x0 + step * d})
        fm = fun({**env, var: x0 - step * d})
        for (k, l) in positions:
            out[:, :, k, l] = (fp - fm) / (2 * step)
    return out


def fd_hessian(fun, env: dict, var: str, h: float = 1e-4):
    """H[i, j] ≈ ∂²f/∂x_i∂x_j of a scalar f of a vector (or scalar) x."""
    x0 = env[var]
    n = x0.size
    step = h * max(1.0, float(np.max(np.abs(x0))))
    H = np.zeros((n, n))
    unit = np.eye(n)
    for i in range(n):
        for j in range(n):
            ei, ej = unit[i].reshape(x0.shape), unit[j].reshape(x0.shape)
            vals = [fun({**env, var: x0 + step * (si * ei + sj * ej)})[0, 0]
                    for si, sj in ((1, 1), (1, -1), (-1, 1), (-1, -1))]
            H[i, j] = (vals[0] - vals[1] - vals[2] + vals[3]) / (4 * step * step)
    return H


def layout_matrix(e: Identity, T: np.ndarray) -> np.ndarray:
    """The derivative in the entry's layout, read off the 4-index array T."""
    a, b, p, q = T.shape
    if (a, b) == (1, 1):
        G = T[0, 0]
        return G.T if e.layout == "numerator" else G
    if (p, q) == (1, 1):
        D = T[:, :, 0, 0]
        return D.T if e.layout == "denominator" else D
    if b == 1 and q == 1:
        J = T[:, 0, :, 0]
        return J.T if e.layout == "denominator" else J
    raise AssertionError(f"{e.id}: not a matrix-shaped derivative")


def vec_matrix(T: np.ndarray) -> np.ndarray:
    """∂vec F/∂vec X (column-major vec) from T[i, j, k, l]."""
    a, b, p, q = T.shape
    return T.transpose(1, 0, 3, 2).reshape(a * b, p * q)


def rel_err(got, want) -> float:
    assert got.shape == want.shape, f"shapes {got.shape} and {want.shape}"
    return float(np.max(np.abs(got - want)) / max(1.0, float(np.max(np.abs(want)))))


# ---- the index forms of tensor entries ---------------------------------------------

def _split_top(text: str, seps: str):
    """Split at the characters in `seps` outside parentheses/brackets; keep the separators."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if depth == 0 and ch in seps:
            parts.append(cur)
            parts.append(ch)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def index_form(e: Identity, env: dict, shape4, decls: dict, sizes: dict) -> np.ndarray:
    """Evaluate expected_index ('delta(k,i) * X[j,l] + ...') as a 4-index array over
    e.indices = (F row, F col, X row, X col)."""
    axes = {name: ax for ax, name in enumerate(e.indices)}
    total = np.zeros(shape4)
    sign = 1.0
    for term in _split_top(e.expected_index.replace(" ", ""), "+-"):
        if term in ("+", "-"):
            sign = -1.0 if term == "-" else 1.0
            continue
        if not term:
            continue
        prod = np.ones(shape4)
        for fac in _split_top(term, "*"):
            if fac in ("*", ""):
                continue
            m = re.fullmatch(r"delta\((\w),(\w)\)", fac)
            if m:
                i, j = m.groups()
                arr = np.eye(shape4[axes[i]])
            else:
                m = re.fullmatch(r"(.+)\[(\w),(\w)\]", fac)
                assert m, f"{e.id}: cannot read index factor {fac!r}"
                subject, i, j = m.groups()
                arr = value(subject, decls, env, sizes)
            ai, aj = axes[i], axes[j]
            assert ai != aj, f"{e.id}: {fac} repeats an index"
            lo, hi, arr = (ai, aj, arr) if ai < aj else (aj, ai, arr.T)
            shape = [1, 1, 1, 1]
            shape[lo], shape[hi] = arr.shape
            prod = prod * arr.reshape(shape)
        total += sign * prod
        sign = 1.0
    return total


# ---- the checks ----------------------------------------------------------------------

GRADIENTS = [e for e in SUPPORTED if e.kind == "derivative" and e.order == 1]
HESSIANS = [e for e in SUPPORTED if e.kind == "derivative" and e.order == 2]
DIFFERENTIALS = [e for e in SUPPORTED if e.kind == "differential"]
TENSORS = [e for e in SUPPORTED if e.kind == "tensor"]


def check_gradient(e: Identity, sizes: dict, seed: int) -> float:
    decls = e.declaration_dict()
    env = sample(e, sizes, seed)
    T = fd_tensor(lambda v: value(e.expr, decls, v, sizes), env, e.var, e.symmetric)
    return rel_err(value(e.expected, decls, env, sizes), layout_matrix(e, T))


def check_hessian(e: Identity, sizes: dict, seed: int) -> float:
    decls = e.declaration_dict()
    env = sample(e, sizes, seed)
    H = fd_hessian(lambda v: value(e.expr, decls, v, sizes), env, e.var)
    return rel_err(value(e.expected, decls, env, sizes), H)


def check_differential(e: Identity, sizes: dict, seed: int) -> float:
    """The differential at a random direction dX against (F(X + s dX) − F(X − s dX))/2s."""
    decls = e.declaration_dict()
    env = sample(e, sizes, seed)
    rng = np.random.default_rng(seed + 1000)
    s = 1e-6 * max(1.0, max(float(np.max(np.abs(env[w]))) for w in e.wrt))
    plus, minus, denv = dict(env), dict(env), dict(env)
    for w in e.wrt:
        dx = rng.normal(size=env[w].shape)
        plus[w], minus[w] = env[w] + s * dx, env[w] - s * dx
        denv["d" + w] = dx
    fp, fm = value(e.expr, decls, plus, sizes), value(e.expr, decls, minus, sizes)
    numeric = (fp - fm) / (2 * s)
    return rel_err(value(e.differential, differential_declarations(e), denv, sizes), numeric)


def check_tensor(e: Identity, sizes: dict, seed: int) -> tuple:
    decls = e.declaration_dict()
    env = sample(e, sizes, seed)
    T = fd_tensor(lambda v: value(e.expr, decls, v, sizes), env, e.var)
    vec_err = rel_err(value(e.expected_vec, decls, env, sizes), vec_matrix(T))
    idx_err = rel_err(index_form(e, env, T.shape, decls, sizes), T)
    return vec_err, idx_err


TOL = 1e-5


@needs_parser
@pytest.mark.parametrize("sizes", SIZE_SETS, ids=["sizes0", "sizes1"])
@pytest.mark.parametrize("e", GRADIENTS, ids=ids(GRADIENTS))
def test_book_gradient_matches_finite_differences(e, sizes):
    assert check_gradient(e, sizes, seed=1) < TOL


@needs_parser
@pytest.mark.parametrize("e", HESSIANS, ids=ids(HESSIANS))
def test_book_hessian_matches_finite_differences(e):
    for k, sizes in enumerate(SIZE_SETS):
        assert check_hessian(e, sizes, seed=2 + k) < 1e-4


@needs_parser
@pytest.mark.parametrize("e", DIFFERENTIALS, ids=ids(DIFFERENTIALS))
def test_book_differential_matches_finite_differences(e):
    for k, sizes in enumerate(SIZE_SETS):
        assert check_differential(e, sizes, seed=3 + k) < TOL


@needs_parser
@pytest.mark.parametrize("e", TENSORS, ids=ids(TENSORS))
def test_book_tensor_vec_and_index_forms_match_finite_differences(e):
    for k, sizes in enumerate(SIZE_SETS):
        vec_err, idx_err = check_tensor(e, sizes, seed=4 + k)
        assert vec_err < TOL, "vec/Kronecker form"
        assert idx_err < TOL, "index form"


@needs_parser
def test_the_numeric_check_rejects_wrong_forms():
    """The checker is not vacuous: a wrong factor, a missed structure or a wrong vec form fail."""
    import dataclasses
    sizes = SIZE_SETS[0]
    wrong = dataclasses.replace(BY_ID["cookbook-70"], expected="2 * a * b'")
    assert check_gradient(wrong, sizes, seed=1) > 1e-2
    unstructured = dataclasses.replace(BY_ID["cookbook-139"], expected="A'")
    assert check_gradient(unstructured, sizes, seed=1) > 1e-2
    doubled = dataclasses.replace(BY_ID["cookbook-74"], expected_vec="2 * kron(A', I(p))")
    assert check_tensor(doubled, sizes, seed=1)[0] > 1e-2
    sign = dataclasses.replace(BY_ID["cookbook-40"], differential="inv(X) * dX * inv(X)")
    assert check_differential(sign, sizes, seed=1) > 1e-2
