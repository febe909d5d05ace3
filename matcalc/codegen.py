"""Generated code: one Python function that returns a function's value and its derivatives,
for NumPy, JAX or PyTorch (issue 11).

    codegen("sum(softplus(X*w)) - y' * X * w", "w", hessian=True)   # → Python source

The generated function takes the variables (in the order they appear in the text; NumPy
arrays, or anything the target converts; vectors 1-D or n×1), then as keyword-only
arguments the sizes no variable fixes (`def f(alpha, *, n)` for ones(n)/α), checks their
shapes against the declared dimensions (a ValueError names the variable and both shapes),
and returns `(value, ∂f/∂x₁, …, ∂²f/∂x₁², …)` in the layout asked, each with the
dimensionality `Derivative.evaluate` gives: when the vectors among a result's variables were
all given 1-D, the axes of length 1 that only the 2-D form has are dropped (a gradient (n,),
a vector value (m,), a scalar-by-scalar derivative 0-d); otherwise results are 2-D (a
derivative of shape 1×1 a 1×1 array); Jacobians, Hessians and matrices stay 2-D, tensors are
arrays of order 3 or 4 with the axes of the vectors' 1s dropped, and a scalar value is 0-d.
Every subexpression shared between the value and the derivatives is computed once (σ(Xw)
once for the loss, the gradient and the Hessian; X⁻¹ once when several results use it);
products (in the order `printing/chain_order.py` picks; `sizes=` gives it numbers), inverses,
determinants (one factorisation per matrix, `printing/factorisation.py`) and diagonal
matrices are evaluated as `printing/code.py` states. The module imports only the target
library. JAX code is jit-friendly (no Python control flow on values; shapes are static);
enable 64-bit floats (`jax.config.update("jax_enable_x64", True)`) for double precision.

The source is returned as text: matcalc never executes it (the tests do).
"""
from __future__ import annotations

from collections import Counter

from .api import diff, hessian
from .core import expr as E
from .core.errors import MatcalcError
from .core.shapes import is_one
from .diff.layout import LAYOUTS
from .language.parse import parse_with_info
from .printing import to_text
from .printing.code import HELPERS, TARGETS, CodePrinter, chain_units
from .printing.factorisation import Factored, factor_line, solves
from .printing.factorisation import plan as factorisation_plan

# nodes that are never worth a variable of their own
_CHEAP = (E.Var, E.Num, E.Zero, E.Ones, E.Identity)


class CodegenError(MatcalcError):
    """A request the generator cannot serve (an unknown target, a bad name)."""


def _variables(f, declarations: dict) -> tuple:
    """(expression, variables in order of first use)."""
    if isinstance(f, str):
        expr, named = parse_with_info(f, **declarations)
        return expr, [v for v in named.values() if v in E.variables(expr)]
    if declarations:
        raise TypeError("declarations are only used when the expression is given as text")
    return f, sorted(E.variables(f), key=lambda v: v.name)


def _identifier(name: str, taken: set) -> str:
    base = name if name.isidentifier() else "x"
    out, k = base, 1
    while out in taken:
        k += 1
        out = f"{base}_{k}"
    taken.add(out)
    return out


def _solved(f: E.Expr) -> bool:
    """A factor that a product solves with rather than multiplies by (X⁻¹, X⁻ᵀ)."""
    return isinstance(f, E.Inverse) or (isinstance(f, E.Transpose)
                                        and isinstance(f.arg, E.Inverse))


def _share(roots, sizes: dict) -> set:
    """Nodes (and parts of products) used more than once across all the outputs, each
    parent counted once; an inverse used only as a factor of products (X⁻¹ or X⁻ᵀ) is solved
    there, one that is formed anyway (used on its own, or transposed on its own) is used by
    its products as well."""
    roots = tuple(roots)
    uses: Counter = Counter(roots)
    in_products: Counter = Counter()          # an inverse's uses as a factor (solved there)
    transposed: Counter = Counter()           # an inverse's uses through X⁻ᵀ
    for x in E.postorder_all(roots):
        for c in set(x.children):
            if isinstance(x, E.MatMul) and _solved(c):
                in_products[c.arg if isinstance(c, E.Transpose) else c] += 1
            elif isinstance(x, E.Transpose) and isinstance(c, E.Inverse):
                transposed[c] += 1
            else:
                uses[c] += 1
        for sub in chain_units(x, sizes):
            uses[sub] += 1
    for c, n in transposed.items():           # X⁻ᵀ formed on its own: so is X⁻¹
        if uses[E.Transpose(c)]:
            uses[c] += n
    # an inverse formed anyway (used outside a product) serves its products too
    for c, n in in_products.items():
        if uses[c]:
            uses[c] += n
    return {x for x, n in uses.items() if n > 1 and not isinstance(x, _CHEAP)
            and not (isinstance(x, E.Transpose) and isinstance(x.arg, _CHEAP))}


class _Body:
    """The lines of the function body and the names given so far."""

    def __init__(self, target: str, sizes: dict):
        self.target = target
        self.sizes = sizes              # dimension name → size (the multiplication order)
        self.lines: list = []
        self.names: dict = {}           # Expr → Python name
        self.dims: dict = {}            # dimension symbol → Python name
        self.factors: dict = {}         # matrix → its Factored, once its line is written
        self.taken: set = {"np", "jnp", "jax", "torch", "commutation"}

    def printer(self, shared=frozenset()) -> CodePrinter:
        return CodePrinter(self.target, self.names, self.dims, shared, self.factors,
                           self.sizes)

    def inputs(self, variables, vector_sets) -> dict:
        """Each input as a float array of the target; for each tuple of vectors in
        `vector_sets` a flag saying whether they were all given 1-D (read before they are
        made columns); then each input 2-D and checked against its declared shape. Returns
        the flags' names (tuple of vectors → name)."""
        t = TARGETS[self.target]
        for v in variables:
            name = _identifier(v.name, self.taken)
            self.names[v] = name
            self.lines.append(f"{name} = {t.asarray.format(x=name)}")
        flags = {vs: _identifier("flat", self.taken) for vs in dict.fromkeys(vector_sets)}
        for vectors, flag in flags.items():
            test = " and ".join(f"{self.names[v]}.ndim == 1" for v in vectors)
            self.lines.append(f"{flag} = {test}")
        for v in variables:
            name = self.names[v]
            r, c = v.shape
            if is_one(r) and is_one(c):
                self.lines.append(f"{name} = {name}.reshape(())")
                continue
            if is_one(c):
                self.lines.append(f"{name} = {name}.reshape(-1, 1) if {name}.ndim == 1 "
                                  f"else {name}")
            elif is_one(r):
                self.lines.append(f"{name} = {name}.reshape(1, -1) if {name}.ndim == 1 "
                                  f"else {name}")
            self.lines.append(f"if {name}.ndim != 2:")
            self.lines.append(f"    raise ValueError(f\"{v.name} must be a "
                              f"{'vector' if is_one(c) or is_one(r) else 'matrix'}, not an "
                              f"array of shape {{tuple({name}.shape)}}\")")
            for axis, d in enumerate((r, c)):
                self._bind(name, v.name, axis, d)
        return flags

    def _bind(self, name: str, shown: str, axis: int, d) -> None:
        size = f"{name}.shape[{axis}]"
        what = "rows" if axis == 0 else "columns"
        if d.is_Integer and int(d) == 1:            # "1 column", a vector given as n×k
            what = what[:-1]
        if d.is_Symbol and d not in self.dims:
            self.dims[d] = _identifier(str(d), self.taken)
            self.lines.append(f"{self.dims[d]} = {size}")
            return
        want = self.printer().dim(d)
        told = want if d.is_Integer else f"{{{want}}} ({d})"
        self.lines.append(f"if {size} != {want}:")
        self.lines.append(f"    raise ValueError(f\"{shown} must have {told} {what}, not "
                          f"{{{size}}}\")")

    def free_dimensions(self, nodes) -> list:
        """The Python names of the dimensions no input fixes (`ones(n)/α` with only α given):
        keyword-only parameters of the generated function, in order of appearance."""
        out = []
        for x in nodes:
            for d in x.shape:
                for s in sorted(d.free_symbols, key=str):
                    if s not in self.dims:
                        self.dims[s] = _identifier(str(s), self.taken)
                        out.append(self.dims[s])
        return out

    def assign(self, nodes, shared, kinds: dict, stacks=()) -> None:
        """Variables for the shared nodes, children before parents; a matrix's factorisation
        (`kinds`: matrix → "lu" or "chol", printing/factorisation.py) right after the matrix,
        before any of its uses; solves stacked into one call (`stacks`, groups of Solves)
        before the first product that uses one of them."""
        for x in nodes:
            if x in kinds and x not in self.factors:
                self._factorise(x, kinds[x], shared)
            if stacks and isinstance(x, E.MatMul):
                for sv in solves(x, shared, self.sizes):
                    group = next((g for g in stacks if sv in g), None)
                    if group is not None and sv.unit not in self.names:
                        self._stack(group, shared, kinds, stacks)
            for y in chain_units(x, self.sizes) + [x]:
                if y in shared and y not in self.names:
                    text = self.printer(shared).expr(y)
                    name = _identifier(f"t{len(self.names)}", self.taken)
                    self.lines.append(f"{name} = {text}")
                    self.names[y] = name

    def _stack(self, group, shared, kinds, stacks) -> None:
        """One solve call for the group's right-hand sides side by side; each solve's result
        named as its columns (transposed back for a solve from the right)."""
        for sv in group:                         # the right-hand sides' shared parts first
            self.assign(list(E.postorder(sv.rhs)), shared, kinds, stacks)
        pr = self.printer(shared)
        a, transposed = group[0].a, group[0].orientation[1]
        columns = list(dict.fromkeys(sv.rhs for sv in group))   # distinct right-hand sides
        both = _identifier("solved", self.taken)
        stacked = pr.expr(columns[0]) if len(columns) == 1 else \
            f"{pr.t.ns}.concatenate([{', '.join(pr.expr(r) for r in columns)}], axis=1)"
        self.lines.append(f"{both} = {pr.solve(a, stacked, transposed)}")
        where, start = {}, "0"
        for r in columns:
            end = _plus(start, pr.dim(r.shape[1]))
            where[r] = both if len(columns) == 1 else \
                f"{both}[:, {'' if start == '0' else start}:{end}]"
            start = end
        for sv in group:
            if where[sv.rhs] == both and not sv.from_right:
                self.names[sv.unit] = both
                continue
            name = _identifier(f"t{len(self.names)}", self.taken)
            self.lines.append(f"{name} = {where[sv.rhs]}" + (".T" if sv.from_right else ""))
            self.names[sv.unit] = name

    def _factorise(self, a: E.Expr, kind: str, shared) -> None:
        suffix = f"_{self.names[a]}" if isinstance(a, E.Var) else ""
        parts = ("lu", "piv") if kind == "lu" else ("chol",)
        names = tuple(_identifier(p + suffix, self.taken) for p in parts)
        factored = Factored(kind, names)
        self.lines.append(factor_line(self.target, factored, self.printer(shared).expr(a)))
        self.factors[a] = factored


def _plus(a: str, b: str) -> str:
    """a + b for column offsets (numbers added, names spelled)."""
    if a.isdigit() and b.isdigit():
        return str(int(a) + int(b))
    return b if a == "0" else f"{a} + {b}"


def _vectors(variables, among) -> tuple:
    """The vectors and covectors among `among`, in the order of `variables`: the inputs whose
    being given 1-D decides a result's dimensionality (Derivative.evaluate's rule)."""
    return tuple(v for v in variables if v in among and v.kind in ("vector", "covector"))


def _flattens(shape: tuple, value: bool) -> bool:
    """Does a result of this shape lose an axis when its vectors are given 1-D?"""
    ones = sum(1 for d in shape if is_one(d))
    return ones == 1 or (ones == 2 and not value)


def _shaped(var: str, shape: tuple, flag: str | None, target: str, value: bool) -> list:
    """Lines giving the result held in `var` (2-D, or 0-d when 1×1) the dimensionality
    `Derivative.evaluate` gives: when every deciding vector was given 1-D (`flag`; None when
    no vector decides) the axes of symbolic length 1 dropped ((n,), 0-d); otherwise 2-D: a
    derivative of shape 1×1 a 1×1 array, while a scalar value stays 0-d (matcalc.evaluate
    gives a float)."""
    kept = [d for d in shape if not is_one(d)]
    if len(kept) == 2 or (value and not kept):
        return []
    if kept:
        return [f"{var} = {var}.reshape(-1) if {flag} else {var}"] if flag else []
    as_array = TARGETS[target].asarray.format(x=var)
    if flag:
        return [f"{var} = {as_array}.reshape(() if {flag} else (1, 1))"]
    return [f"{var} = {as_array}.reshape(1, 1)"]


def _tensor_code(pr: CodePrinter, d, text: str) -> str:
    """The vec form ∂vec F/∂vec X as the array T[i, j, k, l] (axes of 1s dropped)."""
    fr, fc = d.f.shape
    xr, xc = d.wrt.shape
    kept = [pr.dim(s) for s in (fr, fc, xr, xc) if not is_one(s)]
    permute = "permute" if pr.t.name == "torch" else "transpose"
    four = (f"({text}).reshape({pr.dim(fc)}, {pr.dim(fr)}, {pr.dim(xc)}, {pr.dim(xr)})"
            f".{permute}(1, 0, 3, 2)")
    return f"{four}.reshape({', '.join(kept)})"


def _docstring(f, results, target: str, layout: str) -> list:
    lines = [f"f = {to_text(f)}", ""]
    lines.append(f"Returns (value, {', '.join(label for label, _ in results)}), "
                 f"{layout} layout ({target}):")
    for label, d in results:
        shown = str(d.expr) if not d.is_tensor else f"vec form {d.expr.vec}"
        lines.append(f"  {label} = {shown}   ({d.kind}, {'×'.join(map(str, d.shape))})")
    return ['    """' + lines[0]] + [f"    {s}" if s else "" for s in lines[1:]] + ['    """']


def codegen(f, wrt, target: str = "numpy", hessian_too: bool = False,
            layout: str = "mixed", name: str = "f", sizes: dict | None = None,
            **declarations) -> str:
    """The Python source of one function returning f's value and its derivatives (module
    docstring). `wrt`: a variable name or a list; `hessian_too`: the Hessians as well;
    `sizes`: dimension name → size, when known, for the order of matrix products
    (printing/chain_order.py; numeric dimensions declared in the text count as given)."""
    if target not in TARGETS:
        raise CodegenError(f"unknown target {target!r}; choose {', '.join(TARGETS)}")
    if layout not in LAYOUTS:
        raise CodegenError(f"unknown layout {layout!r}; choose {', '.join(LAYOUTS)}")
    if not name.isidentifier():
        raise CodegenError(f"the function name {name!r} is not a Python identifier")
    expr, variables = _variables(f, declarations)
    names = [wrt] if isinstance(wrt, str) else list(wrt)
    results = [(f"∂f/∂{w}", diff(expr, w, layout)) for w in names]
    if hessian_too:
        results += [(f"∂²f/∂{w}²", hessian(expr, w)) for w in names]
    outputs = [expr] + [d.expr.vec if d.is_tensor else d.expr for _, d in results]
    sizes = {str(k): int(v) for k, v in (sizes or {}).items()}
    shared = _share(outputs, sizes)
    kinds, formed, stacks = factorisation_plan(outputs, shared, target, sizes)
    shared |= formed
    body = _Body(target, sizes)
    deciding = [_vectors(variables, E.variables(expr)) if _flattens(expr.shape, True) else ()]
    deciding += [_vectors(variables, E.variables(d.f) | {d.wrt})
                 if not d.is_tensor and _flattens(d.shape, False) else () for _, d in results]
    flags = body.inputs(variables, [vs for vs in deciding if vs])
    seen: list = []
    for out in outputs:
        seen.extend(E.postorder(out))
    free = body.free_dimensions(seen)
    body.assign(seen, shared, kinds, stacks)
    pr = body.printer(shared)
    returned = [_identifier("value", body.taken)]
    body.lines.append(f"{returned[0]} = {pr.expr(expr)}")
    body.lines += _shaped(returned[0], expr.shape, flags.get(deciding[0]), target, value=True)
    for (label, d), out, vs in zip(results, outputs[1:], deciding[1:]):
        kind = "hessian" if label.startswith("∂²") else "grad"
        var = _identifier(f"{kind}_{body.names[d.wrt]}", body.taken)
        text = pr.expr(out)
        body.lines.append(f"{var} = {_tensor_code(pr, d, text) if d.is_tensor else text}")
        if not d.is_tensor:
            body.lines += _shaped(var, d.shape, flags.get(vs), target, value=False)
        returned.append(var)
    t = TARGETS[target]
    helper = _commutation_helper(target) if any(isinstance(x, E.Commutation)
                                                for x in seen) else []
    body_text = "\n".join(body.lines)
    if target == "numpy":
        for helper_name, lines in HELPERS.items():
            if f"{helper_name}(" in body_text:
                helper += lines + ["", ""]
    used = "\n".join(body.lines + helper)
    src = [line for line in t.imports if f"{line.split()[-1]}." in used] + ["", ""]
    src += helper
    signature = ", ".join([body.names[v] for v in variables] + (["*"] + free if free else []))
    src.append(f"def {name}({signature}):")
    src += _docstring(expr, results, target, layout)
    src += [f"    {line}" for line in body.lines]
    src.append(f"    return {', '.join(returned)}")
    return "\n".join(src) + "\n"


def _commutation_helper(target: str) -> list:
    t = TARGETS[target]
    ns = t.ns
    eye = t.eye.format(n="m * n")
    return [
        "def commutation(m, n):",
        '    """K with K vec(A) = vec(Aᵀ) for A of shape m×n."""',
        f"    return {eye}.reshape(n, m, m * n).transpose(1, 0, 2).reshape(m * n, m * n)"
        if ns != "torch" else
        f"    return {eye}.reshape(n, m, m * n).permute(1, 0, 2).reshape(m * n, m * n)",
        "",
        "",
    ]
