"""One factorisation per matrix in generated code, shared by its solves, its log-determinant,
its determinant and its inverse (issue 11 §2).

`plan(roots, shared, target)` counts what the code needs of each matrix A over the DAG of
all the outputs (each node once): log det A, det A, A⁻¹ formed as a value, and solves (A⁻¹ or
A⁻ᵀ as a factor of a product). The rule:

- JAX and PyTorch: a matrix used twice or more is factorised once — a Cholesky factor L when
  A is declared positive definite (`jnp.linalg.cholesky` / `torch.linalg.cholesky`, solves by
  `jax.scipy.linalg.cho_solve` / `torch.cholesky_solve`), otherwise an LU factorisation with
  partial pivoting (`jax.scipy.linalg.lu_factor` / `torch.linalg.lu_factor`, solves by
  `lu_solve`, A⁻ᵀ by the transposed solve). log|det A| = Σ log|Uᵢᵢ| (2 Σ log Lᵢᵢ), det A = ±Π Uᵢᵢ (the
  sign of the row permutation; (Π Lᵢᵢ)²), A⁻¹ = the solve with the identity. A matrix used
  once keeps its one call (`solve`, `slogdet`, `inv`, `det`).
- NumPy: matcalc does not depend on SciPy, and NumPy exposes no LU factors and no triangular
  solve, so a solve and a log-determinant cannot share one factorisation. What it can do:
  (a) a matrix declared positive definite whose log-determinant (or determinant) is needed
  together with other uses takes it from `np.linalg.cholesky` (n³/3 flops, half of the LU
  inside `slogdet`, though OpenBLAS's single-threaded Cholesky measured no faster than its
  LU at n = 1000): 2 Σ log Lᵢᵢ; (b) solves with the same matrix (A, or Aᵀ; one and the
  same for a symmetric A) whose right-hand sides do not depend on each other's results are
  one `solve` call with the right-hand sides side by side (printing/stacked_solves.py:
  ~⅔n³ + 2n²k for k columns in all, the factorisation paid once); (c) A⁻¹ is formed once
  (`inv`, ~2n³ flops) when it is needed as a value anyway, or when the solves with A would
  still take three or more calls (3·⅔n³: as much as the inverse); otherwise the one or two
  solve calls are cheaper than forming the inverse.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..core import expr as E
from ..core.shapes import is_one
from .chain_order import inner_nodes, order, span
from .stacked_solves import stacked


@dataclass(frozen=True)
class Factored:
    """How the code holds one matrix's factorisation: its kind and the Python names."""
    kind: str                   # "lu" (names: LU, pivots) or "chol" (names: L)
    names: tuple


@dataclass(frozen=True)
class Solve:
    """One solve the code makes: `unit` (a sub-product of a product's multiplication order)
    is A⁻¹ rhs, or A⁻ᵀ rhs when `transposed`, or that solution transposed when
    `from_right` (L A⁻¹ = (A⁻ᵀ Lᵀ)ᵀ: then rhs is Lᵀ)."""
    a: E.Expr
    unit: E.Expr
    rhs: E.Expr
    transposed: bool
    from_right: bool

    @property
    def orientation(self) -> tuple:
        """Solves with the same matrix (A, or Aᵀ; the same for a symmetric A) can share."""
        symmetric = isinstance(self.a, E.Var) and self.a.symmetric
        return (self.a, self.transposed and not symmetric)


@dataclass
class Uses:
    """What the outputs need of one matrix."""
    logdet: int = 0
    det: int = 0
    solves: dict = field(default_factory=dict)     # unit → Solve, each distinct one once
    formed: bool = False

    @property
    def total(self) -> int:
        return self.logdet + self.det + len(self.solves) + int(self.formed)


def _is_spd(a: E.Expr) -> bool:
    return isinstance(a, E.Var) and "spd" in a.props


def _solved(f: E.Expr, shared):
    """(A, transposed?) when the product factor f is A⁻¹ or A⁻ᵀ computed by a solve (not
    held as a value), else None."""
    transposed = isinstance(f, E.Transpose)
    if transposed:
        f = f.arg
    if isinstance(f, E.Inverse) and f not in shared and not is_one(f.shape[0]):
        return f.arg, transposed
    return None


def _transposed(e: E.Expr) -> E.Expr:
    return e.arg if isinstance(e, E.Transpose) else E.Transpose(e)


def _product(fs):
    return fs[0] if len(fs) == 1 else E.MatMul(tuple(fs))


def solves(x: E.MatMul, shared, sizes=None) -> list:
    """The Solves the product's code makes: the nodes of its multiplication order
    (chain_order.py) with a leaf A⁻¹ or A⁻ᵀ beside them, as printing/code.py prints them (a
    leaf on the left first; a diagonal leaf is a broadcast)."""
    fs = [f for f in x.factors if not (is_one(f.shape[0]) and is_one(f.shape[1]))]
    if len(fs) < 2:
        return []
    out = []
    for node in inner_nodes(order(fs, sizes)):
        (i, j), unit = span(node), None
        for side, leaf in enumerate(node):
            if not isinstance(leaf, int):
                continue
            inv = _solved(fs[leaf], shared)
            if inv is not None:
                unit = _product(fs[i:j + 1])
                a, t = inv
                if side == 0:
                    out.append(Solve(a, unit, _product(fs[leaf + 1:j + 1]), t, False))
                else:
                    out.append(Solve(a, unit, _transposed(_product(fs[i:leaf])), not t, True))
            if inv is not None or isinstance(fs[leaf], E.Diag):
                break
    return out


def uses(roots, shared, sizes=None) -> dict:
    """Matrix → Uses, over the DAG of `roots`, each node counted once, each distinct solved
    sub-product once. An inverse is formed when the code holds it as a value: shared, or
    used other than as a factor of a product of two or more matrices (X⁻¹ + Y, 2X⁻¹, a
    result), itself or transposed."""
    out: dict = {}
    roots = tuple(roots)
    outside: Counter = Counter(roots)      # uses other than as a solved product factor
    nodes = E.postorder_all(roots)
    for x in nodes:
        if isinstance(x, E.LogDet):
            out.setdefault(x.arg, Uses()).logdet += 1
        elif isinstance(x, E.Det):
            out.setdefault(x.arg, Uses()).det += 1
        if isinstance(x, E.MatMul):
            chain = [f for f in x.factors if not (is_one(f.shape[0])
                                                  and is_one(f.shape[1]))]
            for f in chain:
                if len(chain) == 1 or _solved(f, shared) is None:
                    outside[f] += 1
            for sv in solves(x, shared, sizes):
                out.setdefault(sv.a, Uses()).solves.setdefault(sv.unit, sv)
        elif not (isinstance(x, E.Transpose) and isinstance(x.arg, E.Inverse)):
            for c in x.children:
                outside[c] += 1
    for x in nodes:
        if isinstance(x, E.Inverse) and not is_one(x.shape[0]):
            t = E.Transpose(x)
            if x in shared or t in shared or outside[x] or outside[t]:
                out.setdefault(x.arg, Uses()).formed = True
    return out


def plan(roots, shared, target: str, sizes=None) -> tuple:
    """(matrix → kind of factorisation, inverses to form once, groups of solves to stack
    into one call) under the module's rule."""
    kinds: dict = {}
    formed: set = set()
    stacks: list = []
    for a, u in uses(roots, shared, sizes).items():
        if u.total < 2:
            continue
        if target in ("jax", "torch"):
            kinds[a] = "chol" if _is_spd(a) else "lu"
            continue
        if _is_spd(a) and u.logdet + u.det:
            kinds[a] = "chol"
        if u.formed or not u.solves:
            continue
        groups = stacked(list(u.solves.values()))
        calls = len({(sv.orientation, sv.rhs) for sv in u.solves.values()})
        calls -= sum(len({sv.rhs for sv in g}) - 1 for g in groups)
        if calls >= 3:
            formed.add(E.Inverse(a))
        else:
            stacks += groups
    return kinds, formed, stacks


# ------------------------------------------------------------------------------------
# The code of each use, per target and kind
# ------------------------------------------------------------------------------------

def factor_line(target: str, f: Factored, a: str) -> str:
    """The line computing the factorisation of the matrix whose text is `a`."""
    lhs = ", ".join(f.names)
    if f.kind == "lu":
        fn = "jax.scipy.linalg.lu_factor" if target == "jax" else "torch.linalg.lu_factor"
        return f"{lhs} = {fn}({a})"
    ns = {"numpy": "np", "jax": "jnp", "torch": "torch"}[target]
    return f"{lhs} = {ns}.linalg.cholesky({a})"


def solve(target: str, f: Factored, rhs: str, transposed: bool) -> str | None:
    """A⁻¹ rhs (A⁻ᵀ rhs when `transposed`), or None when the target cannot solve with the
    factors (NumPy)."""
    if target == "numpy":
        return None
    if f.kind == "chol":                    # A is symmetric: A⁻ᵀ = A⁻¹
        (c,) = f.names
        if target == "jax":
            return f"jax.scipy.linalg.cho_solve(({c}, True), {rhs})"
        return f"torch.cholesky_solve({rhs}, {c})"
    lu, piv = f.names
    if target == "jax":
        return (f"jax.scipy.linalg.lu_solve(({lu}, {piv}), {rhs}"
                + (", trans=1)" if transposed else ")"))
    return f"torch.linalg.lu_solve({lu}, {piv}, {rhs}" + (", adjoint=True)" if transposed
                                                           else ")")


def logdet(target: str, f: Factored) -> str:
    ns = {"numpy": "np", "jax": "jnp", "torch": "torch"}[target]
    if f.kind == "chol":
        return f"2.0 * {ns}.sum({ns}.log({ns}.diagonal({f.names[0]})))"
    return f"{ns}.sum({ns}.log({ns}.abs({ns}.diagonal({f.names[0]}))))"


def det(target: str, f: Factored) -> str:
    ns = {"numpy": "np", "jax": "jnp", "torch": "torch"}[target]
    if f.kind == "chol":
        return f"{ns}.prod({ns}.diagonal({f.names[0]})) ** 2"
    lu, piv = f.names
    start = 1 if target == "torch" else 0            # torch's pivots count from 1
    rows = f"{ns}.arange({start}, {piv}.shape[0] + {start})" if start else \
        f"{ns}.arange({piv}.shape[0])"
    return (f"{ns}.prod({ns}.diagonal({lu})) * (-1.0) ** {ns}.sum({piv} != {rows})")


def inverse(target: str, f: Factored, eye: str) -> str | None:
    """A⁻¹ from the factors (the solve with the identity `eye`), or None (NumPy)."""
    return solve(target, f, eye, transposed=False)
