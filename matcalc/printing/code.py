"""Expressions as array code: NumPy, JAX (jax.numpy) or PyTorch — one dispatch table, three
targets that differ only in names (`Target`).

Values are 2-D arrays (vectors n×1, covectors 1×n) and 1×1 expressions are 0-d scalars, so
`@` is used only between matrix-shaped factors. What good hand-written code does, this does:
- a product of three or more matrices is multiplied in the order `chain_order.py` picks
  (the matrix-chain dynamic programme over the sizes given or declared; with unknown sizes
  vectors first: A(B(Cx)), (aᵀA)B, never a matrix–matrix product that a vector makes
  unnecessary);
- X⁻¹ inside a product is a solve: X⁻¹B → solve(X, B), AX⁻¹ → solve(Xᵀ, Aᵀ)ᵀ (the inverse
  is formed only when the generator shares it between several uses); a matrix the code
  needs several times is factorised once (`factorisation.py`: LU or Cholesky for JAX and
  PyTorch; NumPy's independent solves stacked into one call, `stacked_solves.py`);
- diag(v) inside a product is a broadcast: diag(v)A → v * A, A diag(v) → A * vᵀ;
- log det X is slogdet (or from X's factors); σ and softplus are the stable forms (no
  overflow, full relative precision for large negative arguments).
`CodePrinter.expr(e)` gives a Python expression; the generator (`matcalc.codegen`) names the
shared subexpressions (`names`) and the dimensions (`dims`).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..core import expr as E
from ..core.errors import EvaluationError
from ..core.operators.elementwise import FUNCTIONS
from ..core.shapes import ONE, is_one
from . import factorisation as F
from .chain_order import inner_nodes, order, span


@dataclass(frozen=True)
class Target:
    name: str
    imports: tuple              # import lines of the generated module
    ns: str                     # the array namespace: np, jnp, torch
    asarray: str                # a template: the input `{x}` as a float array
    solve: str
    inv: str
    det: str
    slogdet: str                # a template: log|det {x}|
    norm: str
    eye: str                    # templates with {n}, {r}, {c}
    ones: str
    zeros: str
    kron: str                   # a template with {a}, {b}
    diagflat: str               # a template: the diagonal matrix of the column {x}
    diagonal: str               # a template: the diagonal of {x} as a column
    functions: dict             # elementwise function name → template with {x}
    softmax: str = "softmax({x})"       # column by column, the largest entry subtracted
    logsumexp: str = "logsumexp({x})"   # of each column, a row
    col_sums: str = "{x}.sum(axis=0, keepdims=True)"    # 𝟏ᵀX: a row
    row_sums: str = "{x}.sum(axis=1, keepdims=True)"    # X𝟏: a column
    repeat: str = "np.repeat({x}, {n}, axis={axis})"     # a row (axis 0) or column repeated


def _functions(target: str, ns: str) -> dict:
    """The elementwise functions' templates, from their specs (core/operators/elementwise)."""
    return {name: f.code_for(target, ns) for name, f in FUNCTIONS.items()}


#: functions a generated NumPy module defines for itself when it uses them (stable forms)
HELPERS = {
    "softmax": ["def softmax(x):",
                '    """exp(x) normalised column by column (the largest entry subtracted)."""',
                "    z = np.exp(x - x.max(axis=0, keepdims=True))",
                "    return z / z.sum(axis=0, keepdims=True)"],
    "logsumexp": ["def logsumexp(x):",
                  '    """log Σ exp(x) of each column, as a row (the largest entry subtracted)."""',
                  "    top = x.max(axis=0, keepdims=True)",
                  "    return top + np.log(np.exp(x - top).sum(axis=0, keepdims=True))"],
}


def _np_like(ns: str, name: str, imports: tuple, asarray: str, **extra) -> Target:
    return Target(**extra,
        name=name, imports=imports, ns=ns, asarray=asarray,
        solve=f"{ns}.linalg.solve", inv=f"{ns}.linalg.inv", det=f"{ns}.linalg.det",
        slogdet=f"{ns}.linalg.slogdet({{x}})[1]", norm=f"{ns}.linalg.norm",
        eye=f"{ns}.eye({{n}})", ones=f"{ns}.ones(({{r}}, {{c}}))",
        zeros=f"{ns}.zeros(({{r}}, {{c}}))", kron=f"{ns}.kron({{a}}, {{b}})",
        diagflat=f"{ns}.diagflat({{x}})", diagonal=f"{ns}.diagonal({{x}})[:, None]",
        functions=_functions(name, ns))


TARGETS = {
    "numpy": _np_like("np", "numpy", ("import numpy as np",),
                      "np.asarray({x}, dtype=float)"),
    "jax": _np_like("jnp", "jax", ("import jax", "import jax.numpy as jnp"),
                    "jnp.asarray({x}, dtype=float)",
                    softmax="jax.nn.softmax({x}, axis=0)",
                    logsumexp="jax.nn.logsumexp({x}, axis=0, keepdims=True)",
                    repeat="jnp.repeat({x}, {n}, axis={axis})"),
}
TARGETS["torch"] = Target(
    name="torch", imports=("import torch",), ns="torch",
    asarray="torch.as_tensor({x}, dtype=torch.float64)",
    solve="torch.linalg.solve", inv="torch.linalg.inv", det="torch.linalg.det",
    slogdet="torch.linalg.slogdet({x})[1]", norm="torch.linalg.norm",
    eye="torch.eye({n}, dtype=torch.float64)",
    ones="torch.ones(({r}, {c}), dtype=torch.float64)",
    zeros="torch.zeros(({r}, {c}), dtype=torch.float64)",
    kron="torch.kron(({a}).contiguous(), ({b}).contiguous())",   # kron views its inputs
    diagflat="torch.diagflat({x})", diagonal="torch.diagonal({x})[:, None]",
    functions=_functions("torch", "torch"),
    softmax="torch.softmax({x}, dim=0)", logsumexp="torch.logsumexp({x}, dim=0, keepdim=True)",
    col_sums="{x}.sum(dim=0, keepdim=True)", row_sums="{x}.sum(dim=1, keepdim=True)",
    repeat="torch.repeat_interleave({x}, {n}, dim={axis})")

# precedence levels of Python expressions (loosest first)
SUM, PRODUCT, UNARY, POWER, ATOM = 1, 2, 3, 4, 5


def is_scalar(e: E.Expr) -> bool:
    return is_one(e.shape[0]) and is_one(e.shape[1])


class CodePrinter:
    """Python expressions for the nodes of one function body."""

    def __init__(self, target: str, names: dict, dims: dict, shared=frozenset(),
                 factors=None, sizes=None):
        self.t = TARGETS[target]
        self.sizes = sizes or {}    # dimension name → size, for the multiplication order
        self.names = names          # Expr → the variable holding it
        self.dims = dims            # dimension symbol → Python name
        self.shared = shared        # nodes held in variables (an inverse there is formed)
        self.factors = factors or {}    # matrix → its Factored (printing/factorisation.py)

    def solve(self, a: E.Expr, rhs: str, transposed: bool) -> str:
        """A⁻¹ rhs (A⁻ᵀ rhs): by the factors held for A when there are, else a solve."""
        f = self.factors.get(a)
        transposed = transposed and not (isinstance(a, E.Var) and a.symmetric)
        text = F.solve(self.t.name, f, rhs, transposed) if f is not None else None
        if text is not None:
            return text
        a_text = f"{self.operand(a, ATOM)}.T" if transposed else self.expr(a)
        return f"{self.t.solve}({a_text}, {rhs})"

    def from_factors(self, what, a: E.Expr, *args):
        """log det A, det A or A⁻¹ from A's factors, or None when there are none to use."""
        f = self.factors.get(a)
        return what(self.t.name, f, *args) if f is not None else None

    # -- pieces ------------------------------------------------------------------------
    def expr(self, e: E.Expr) -> str:
        return self.piece(e)[0]

    def piece(self, e: E.Expr) -> tuple:
        """(text, level)."""
        if e in self.names:
            return self.names[e], ATOM
        return RULES[type(e)](self, e)

    def operand(self, e: E.Expr, level: int) -> str:
        text, own = self.piece(e)
        return text if own >= level else f"({text})"

    def dim(self, d) -> str:
        """A dimension as Python: a name bound from an input's shape, or a product."""
        if d.is_Integer:
            return str(int(d))
        if d in self.dims:
            return self.dims[d]
        factors = []
        for base, power in d.as_powers_dict().items():
            text = self.dim(base)
            factors += [text] * int(power)
        return " * ".join(factors)

    def call(self, template: str, e: E.Expr) -> tuple:
        return template.format(x=self.expr(e)), ATOM


# ====================================================================================
# Products: chain order, solves and broadcast diagonals
# ====================================================================================

def _product(pr: CodePrinter, e: E.MatMul) -> tuple:
    scalars = [f for f in e.factors if is_scalar(f)]
    fs = chain(e)
    parts = [pr.operand(s, POWER) for s in scalars]
    if fs:
        text = _chain(pr, fs)
        if is_scalar(e) and E.MatMul(tuple(fs)) not in pr.names:   # a name is 0-d already
            text = f"({text})[0, 0]"
        parts.append(text if not parts or is_scalar(e) else f"({text})")
    if len(parts) == 1:
        return parts[0], (ATOM if fs and is_scalar(e) else PRODUCT)
    return " * ".join(parts), PRODUCT


def chain(e: E.MatMul) -> list:
    """The matrix-shaped factors of a product (its 1×1 factors are multiplied separately)."""
    return [f for f in e.factors if not is_scalar(f)]


def chain_units(e: E.Expr, sizes: dict | None = None) -> list:
    """The sub-products a product's code computes as units, children first: the inner nodes
    of its multiplication order (printing/chain_order.py) below the root, and the whole
    chain of matrices when the product has scalar factors too. The generator names those
    that several outputs use."""
    if not isinstance(e, E.MatMul):
        return []
    fs = chain(e)
    if len(fs) < 2:
        return []
    units = []
    for node in inner_nodes(order(fs, sizes)):
        i, j = span(node)
        units.append(E.MatMul(tuple(fs[i:j + 1])))
    return units if len(fs) < len(e.factors) else units[:-1]


def _chain(pr: CodePrinter, fs: list) -> str:
    """The product of matrix-shaped factors, in the order printing/chain_order.py gives; a
    factor X⁻¹ is a solve with its neighbour, diag(v) a broadcast. A matrix of ones is the
    rank-one 𝟏𝟏ᵀ, never formed: first (last), the rest is multiplied by the row 𝟏ᵀ (the
    column 𝟏), a chain ending in a vector, and the result repeated (𝟏𝟏ᵀXY is n copies of
    (𝟏ᵀX)Y); inside, X𝟏𝟏ᵀY is the outer product of the column X𝟏 and the row 𝟏ᵀY."""
    if len(fs) == 1:
        return pr.piece(fs[0])[0]
    first, last = fs[0], fs[-1]
    if _is_ones(first) and first not in pr.names and not is_one(first.shape[0]):
        row = _chain(pr, [E.Ones(ONE, first.shape[1])] + fs[1:])
        return pr.t.repeat.format(x=row, n=pr.dim(first.shape[0]), axis=0)
    if _is_ones(last) and last not in pr.names and not is_one(last.shape[1]):
        column = _chain(pr, fs[:-1] + [E.Ones(last.shape[0], ONE)])
        return pr.t.repeat.format(x=column, n=pr.dim(last.shape[1]), axis=1)
    for i, f in enumerate(fs[1:-1], 1):         # X 𝟏𝟏ᵀ Y = (X𝟏)(𝟏ᵀY), an outer product
        r, c = f.shape
        if _is_ones(f) and f not in pr.names and not is_one(r) and not is_one(c):
            left = _chain(pr, fs[:i] + [E.Ones(r, ONE)])
            right = _chain(pr, [E.Ones(ONE, c)] + fs[i + 1:])
            return f"({left}) @ ({right})"
    return _tree(pr, fs, order(fs, pr.sizes))[0]


def _wrap(piece) -> str:
    text, compound = piece
    return f"({text})" if compound else text


def _special(pr: CodePrinter, f: E.Expr) -> bool:
    """A factor that is not multiplied by `@`: a solve, a broadcast diagonal, or a matrix
    of ones (its product is a sum: 𝟏𝟏ᵀX has rows 𝟏ᵀX, never a materialised 𝟏𝟏ᵀ)."""
    return _inverted(pr, f) is not None or (isinstance(f, E.Diag) and f not in pr.names) \
        or (_is_ones(f) and f not in pr.names)


def _is_ones(f: E.Expr) -> bool:
    return isinstance(f, E.Ones) or (isinstance(f, E.Transpose) and isinstance(f.arg, E.Ones))


def _tree(pr: CodePrinter, fs: list, node) -> tuple:
    """(text, compound?) of one node of the multiplication order; a named sub-product is
    used by its name."""
    if isinstance(node, int):
        text, level = pr.piece(fs[node])
        return text, level < ATOM
    i, j = span(node)
    named = pr.names.get(E.MatMul(tuple(fs[i:j + 1])))
    if named is not None:
        return named, False
    left, right = node
    if isinstance(left, int) and _special(pr, fs[left]):
        return _left_times(pr, fs[left], _wrap(_tree(pr, fs, right)), fs[j].shape[1]), True
    if isinstance(right, int) and _special(pr, fs[right]):
        return _right_times(pr, _wrap(_tree(pr, fs, left)), fs[right], fs[i].shape[0]), True
    return f"{_wrap(_tree(pr, fs, left))} @ {_wrap(_tree(pr, fs, right))}", True


def _inverted(pr: CodePrinter, f: E.Expr):
    """(A, transposed?) when the factor is A⁻¹ or A⁻ᵀ computed by a solve, else None."""
    if f in pr.shared or f in pr.names:
        return None
    if isinstance(f, E.Inverse):
        return f.arg, False
    if isinstance(f, E.Transpose) and isinstance(f.arg, E.Inverse) and \
            f.arg not in pr.shared and f.arg not in pr.names:
        return f.arg.arg, True
    return None


def _left_times(pr, f: E.Expr, acc: str, cols) -> str:
    """f · acc (acc already parenthesised if compound, with `cols` columns)."""
    if _is_ones(f) and f not in pr.names:           # 𝟏 (r×k) · acc: r copies of 𝟏ᵀacc
        sums = pr.t.col_sums.format(x=acc)
        rows = f.shape[0]
        return sums if is_one(rows) else pr.t.repeat.format(x=sums, n=pr.dim(rows), axis=0)
    inv = _inverted(pr, f)
    if inv is not None:
        a, transposed = inv
        return pr.solve(a, acc, transposed)
    if isinstance(f, E.Diag) and f not in pr.names:
        return f"{pr.operand(f.arg, POWER)} * {acc}"
    return f"{pr.operand(f, POWER)} @ {acc}"


def _right_times(pr, acc: str, f: E.Expr, rows) -> str:
    """acc · f (acc already parenthesised if compound, with `rows` rows)."""
    if _is_ones(f) and f not in pr.names:           # acc · 𝟏 (k×c): c copies of acc𝟏
        sums = pr.t.row_sums.format(x=acc)
        cols = f.shape[1]
        return sums if is_one(cols) else pr.t.repeat.format(x=sums, n=pr.dim(cols), axis=1)
    inv = _inverted(pr, f)
    if inv is not None:                         # acc A⁻¹ = (A⁻ᵀ accᵀ)ᵀ
        a, transposed = inv
        return f"{pr.solve(a, f'{acc}.T', not transposed)}.T"
    if isinstance(f, E.Diag) and f not in pr.names:
        return f"{acc} * {pr.operand(f.arg, ATOM)}.T"
    return f"{acc} @ {pr.operand(f, POWER)}"


# ====================================================================================
# The dispatch table
# ====================================================================================

def _number(v: Fraction) -> str:
    """A float literal equal to the exact number (as nearly as floating point allows)."""
    try:
        value = float(v)
    except OverflowError:
        raise EvaluationError(f"the number {v} is too large for floating point") from None
    if v.denominator == 1 and abs(v) < 10 ** 15:
        return f"{int(v)}.0"
    return repr(value)


def _num(pr, e: E.Num):
    text = _number(e.value)
    return text, (UNARY if e.value < 0 else ATOM)


def _add(pr, e: E.Add):
    out = [pr.operand(e.terms[0], SUM)]
    for t in e.terms[1:]:
        text, level = pr.piece(t)
        if text.startswith("-") and level in (UNARY, PRODUCT):
            out.append(f" - {text[1:]}")          # -x, -2.0 * A: the minus binds first
        else:
            out.append(f" + {text if level >= SUM else f'({text})'}")
    return "".join(out), SUM


def _scale(pr, e: E.Scale):
    c, a = e.coeff, e.arg
    if isinstance(c, E.Num) and c.value == -1:
        return f"-{pr.operand(a, POWER)}", UNARY
    if isinstance(c, E.Num) and c.value < 0:
        return f"-{_number(-c.value)} * {pr.operand(a, POWER)}", PRODUCT
    return f"{pr.operand(c, POWER)} * {pr.operand(a, POWER)}", PRODUCT


def _transpose(pr, e):
    if is_scalar(e):
        return pr.piece(e.arg)
    return f"{pr.operand(e.arg, ATOM)}.T", ATOM


def _inverse(pr, e):
    if is_scalar(e):
        return f"1.0 / {pr.operand(e.arg, POWER)}", PRODUCT
    text = pr.from_factors(F.inverse, e.arg, pr.t.eye.format(n=pr.dim(e.shape[0])))
    return (text, ATOM) if text is not None else pr.call(pr.t.inv + "({x})", e.arg)


def _from_factors_or(what, template_of):
    """log det / det: from the matrix's factors when the code holds them, else one call."""
    def rule(pr, e):
        text = pr.from_factors(what, e.arg)
        return (text, PRODUCT) if text is not None else pr.call(template_of(pr.t), e.arg)
    return rule


def _power(pr, e: E.Power):
    p = e.exponent
    if p == Fraction(1, 2):
        return pr.call(pr.t.functions["sqrt"], e.arg)
    if p == -1:
        return f"1.0 / {pr.operand(e.arg, POWER)}", PRODUCT
    exponent = str(int(p)) if p.denominator == 1 else repr(float(p))
    if p.denominator == 1 and p > 0:
        return f"{pr.operand(e.arg, ATOM)} ** {exponent}", POWER
    return f"{pr.operand(e.arg, ATOM)} ** ({exponent})", POWER


def _symbolic_power(pr, e: E.SymbolicPower):
    """a ** b, x ** p (entry by entry on arrays; the exponent is a scalar)."""
    return f"{pr.operand(e.arg, ATOM)} ** {pr.operand(e.exponent, ATOM)}", POWER


def _symbolic_matpow(pr, e: E.SymbolicMatPow):
    raise EvaluationError(f"no generated code for the matrix power {e} with a symbolic "
                          "exponent (NumPy has integer matrix powers only)")


def _matpow(pr, e: E.MatPow):
    ns = pr.t.ns
    fn = "torch.linalg.matrix_power" if ns == "torch" else f"{ns}.linalg.matrix_power"
    return f"{fn}({pr.expr(e.arg)}, {e.k})", ATOM


def _func(pr, e: E.Func):
    return pr.call(pr.t.functions[e.name], e.arg)


def _zeros_ones(template_of):
    def rule(pr, e):
        if is_scalar(e):
            return ("0.0" if isinstance(e, E.Zero) else "1.0"), ATOM
        return template_of(pr.t).format(r=pr.dim(e.nrows), c=pr.dim(e.ncols)), ATOM
    return rule


def _identity(pr, e: E.Identity):
    if is_scalar(e):
        return "1.0", ATOM
    return pr.t.eye.format(n=pr.dim(e.n)), ATOM


def _vec(pr, e: E.Vec):
    return f"{pr.operand(e.arg, ATOM)}.T.reshape(-1, 1)", ATOM


def _unvec(pr, e: E.Unvec):
    return (f"{pr.operand(e.arg, ATOM)}.reshape({pr.dim(e.ncols)}, {pr.dim(e.nrows)}).T",
            ATOM)


def _commutation(pr, e: E.Commutation):
    return f"commutation({pr.dim(e.m)}, {pr.dim(e.n)})", ATOM


def _sum(pr, e):
    return f"{pr.t.ns}.sum({pr.expr(e.arg)})", ATOM


def _norm1(pr, e):
    return f"{pr.t.ns}.sum({pr.t.functions['abs'].format(x=pr.expr(e.arg))})", ATOM


def _trace(pr, e):
    return f"{pr.t.ns}.trace({pr.expr(e.arg)})", ATOM


def _kron(pr, e):
    return pr.t.kron.format(a=pr.expr(e.left), b=pr.expr(e.right)), ATOM


RULES = {
    E.Var: lambda pr, e: (pr.names[e], ATOM),
    E.Num: _num,
    E.Zero: _zeros_ones(lambda t: t.zeros),
    E.Ones: _zeros_ones(lambda t: t.ones),
    E.Identity: _identity,
    E.Commutation: _commutation,
    E.Add: _add,
    E.MatMul: _product,
    E.Scale: _scale,
    E.Transpose: _transpose,
    E.Inverse: _inverse,
    E.Trace: _trace,
    E.Det: _from_factors_or(F.det, lambda t: t.det + "({x})"),
    E.LogDet: _from_factors_or(F.logdet, lambda t: t.slogdet),
    E.Hadamard: lambda pr, e: (" * ".join(pr.operand(f, POWER) for f in e.factors), PRODUCT),
    E.HadamardDiv: lambda pr, e: (f"{pr.operand(e.num, POWER)} / {pr.operand(e.den, POWER)}",
                                  PRODUCT),
    E.Kron: _kron,
    E.MatPow: _matpow,
    E.Func: _func,
    E.Power: _power,
    E.SymbolicPower: _symbolic_power,
    E.SymbolicMatPow: _symbolic_matpow,
    E.Diag: lambda pr, e: pr.call(pr.t.diagflat, e.arg),
    E.DiagPart: lambda pr, e: pr.call(pr.t.diagonal, e.arg),
    E.Vec: _vec,
    E.Unvec: _unvec,
    E.SumEntries: _sum,
    E.Norm2: lambda pr, e: pr.call(pr.t.norm + "({x})", e.arg),
    E.Frob: lambda pr, e: pr.call(pr.t.norm + "({x})", e.arg),
    E.Norm1: _norm1,
    E.Softmax: lambda pr, e: pr.call(pr.t.softmax, e.arg),
    E.LogSumExp: lambda pr, e: (f"({pr.t.logsumexp.format(x=pr.expr(e.arg))})[0, 0]"
                                if is_scalar(e) else pr.t.logsumexp.format(x=pr.expr(e.arg)),
                                ATOM),
}
