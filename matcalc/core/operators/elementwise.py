r"""The elementwise functions of the language: one entry per function, the whole truth about it.

Each entry gives
    name         the language's name, `exp(X)` (also the unicode and ASCII printed name)
    definition   the scalar function as a sympy expression in the real symbol `t`:
                 `diff/scalar_calculus.py` differentiates it (f′ is never typed in) and
                 `to_sympy` substitutes the argument into it
    numpy        the NumPy implementation, applied entry by entry (numerically stable)
    latex        (before, after) around the LaTeX of the argument: (r"\exp(", ")")
    aliases      other names a user may type, suggested by the parser's "did you mean"
    nonnegative  every value is ≥ 0 (used by the simplifier's `is_nonnegative`)
    python_name  the name of the builder in `core.build` (`abs_`, since `abs` is a builtin)
    code         generated code (printing/code.py): a template with {x} per target, when the
                 default `{ns}.name({x})` (np.exp, jnp.exp, torch.exp) is not right
    domain       the open interval (low, high) where f is defined and smooth (log: (0, ∞),
                 arcsin: (−1, 1)); the numerical check (numeric/check.py) takes only points
                 whose arguments lie inside it, away from its ends
    kinks        the points inside the domain where f is not differentiable (relu, abs,
                 sign, step: (0,)); the numerical check takes only points whose arguments lie
                 away from them (a central difference across a kink is wrong)

Non-smooth functions: sympy differentiates Max(t, 0) to Heaviside(t) and Heaviside(t),
sign(t) to multiples of DiracDelta(t); `diff/scalar_calculus.py` drops DiracDelta terms, so
their derivatives hold away from the kinks (relu′ = step, step′ = sign′ = 0 almost
everywhere), as in every autodiff system.

Everything else (the `Func` node's check, the builders `build.exp`, ..., `matcalc.exp`, the
grammar's function names, parse and inference, both printers, numeric evaluation, SymPy
conversion, the derivative) reads this table. Adding a function is one `_function(...)` line
plus its tests.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import sympy

#: the argument of every definition
t = sympy.Symbol("t", real=True)


def sigmoid(x):
    """1/(1 + e⁻ˣ), accurate to full relative precision for every x: for x < 0 it is
    e^x/(1 + e^x), never 1 − (something close to 1) (0.5(1 + tanh(x/2)) is exactly 0 at
    x = −44, where σ(x) ≈ 7.8e−20 and σ(x)/softplus(x) ≈ 1)."""
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def softplus(x):
    """log(1 + eˣ) without overflow: NumPy's logaddexp(0, x)."""
    return np.logaddexp(0.0, x)


@dataclass(frozen=True)
class Function:
    name: str
    definition: sympy.Expr
    numpy: Callable
    latex: tuple
    aliases: tuple = ()
    nonnegative: bool = False
    python_name: str = ""
    sympy_function: object = field(default=None)   # F when f is F(t) or F(t, numbers)
    code: dict = field(default_factory=dict)        # target → template with {x}, {ns}
    domain: tuple = (-math.inf, math.inf)           # open interval where f is smooth
    kinks: tuple = ()                               # points inside it where f is not

    def code_for(self, target: str, ns: str) -> str:
        """The generated-code template of f(x) for a target whose namespace is `ns`."""
        return self.code.get(target, f"{ns}.{self.name}({{x}})")

    def to_sympy(self, arg):
        """f(arg) as a sympy expression (the definition with t replaced by `arg`)."""
        return self.definition.subs(t, arg)


FUNCTIONS: dict = {}


def _is_call(definition: sympy.Expr) -> bool:
    """The definition is one sympy function applied to t and numbers only (exp(t),
    Heaviside(t, 1/2), Max(0, t)): a derivative containing that function of another argument
    can be read back as this function of it."""
    return (definition.is_Function and t in definition.args
            and all(a == t or a.is_Number for a in definition.args))


def _function(name, definition, numpy, latex=None, *, aliases=(), nonnegative=False,
              python_name=None, code=None, domain=(-math.inf, math.inf), kinks=()) -> None:
    FUNCTIONS[name] = Function(
        name, definition, numpy,
        latex if latex is not None else (rf"\operatorname{{{name}}}(", ")"),
        tuple(aliases), nonnegative, python_name or name,
        definition.func if _is_call(definition) else None, dict(code or {}),
        tuple(domain), tuple(kinks))


def _latex(command: str) -> tuple:
    return (command + "(", ")")


# ---- the table ---------------------------------------------------------------------------
#         name        definition in t                NumPy     LaTeX
_function("exp",      sympy.exp(t),                  np.exp,   _latex(r"\exp"), nonnegative=True)
_function("log",      sympy.log(t),                  np.log,   _latex(r"\log"), aliases=("ln",),
          domain=(0, math.inf))
_function("sin",      sympy.sin(t),                  np.sin,   _latex(r"\sin"))
_function("cos",      sympy.cos(t),                  np.cos,   _latex(r"\cos"))
_function("tanh",     sympy.tanh(t),                 np.tanh,  _latex(r"\tanh"))
_function("tan",      sympy.tan(t),                  np.tan,   _latex(r"\tan"))
_function("sigmoid",  1 / (1 + sympy.exp(-t)),       sigmoid,  _latex(r"\sigma"),
          aliases=("logistic",), nonnegative=True,
          code={"numpy": "np.exp(-np.logaddexp(0.0, -{x}))", "jax": "jax.nn.sigmoid({x})",
                "torch": "torch.sigmoid({x})"})
_function("softplus", sympy.log(1 + sympy.exp(t)),   softplus, _latex(r"\operatorname{softplus}"),
          nonnegative=True,
          code={"numpy": "np.logaddexp(0.0, {x})", "jax": "jax.nn.softplus({x})",
                "torch": "torch.logaddexp(torch.zeros_like({x}), {x})"})
_function("sqrt",     sympy.sqrt(t),                 np.sqrt,  (r"\sqrt{", "}"), nonnegative=True,
          domain=(0, math.inf))
_function("abs",      sympy.Abs(t),                  np.abs,   (r"\left|", r"\right|"),
          nonnegative=True, python_name="abs_", kinks=(0,))
_function("arcsin",   sympy.asin(t),                 np.arcsin, _latex(r"\arcsin"),
          aliases=("asin",), domain=(-1, 1))
_function("arccos",   sympy.acos(t),                 np.arccos, _latex(r"\arccos"),
          aliases=("acos",), nonnegative=True, domain=(-1, 1))
_function("arctan",   sympy.atan(t),                 np.arctan, _latex(r"\arctan"),
          aliases=("atan",))
_function("log1p",    sympy.log(1 + t),              np.log1p, domain=(-1, math.inf))
_function("expm1",    sympy.exp(t) - 1,              np.expm1)
# ---- not differentiable at 0: derivatives hold away from the kink ---------------------------
_function("relu",     sympy.Max(t, 0),               lambda x: np.maximum(x, 0.0),
          nonnegative=True, kinks=(0,),
          code={"numpy": "np.maximum({x}, 0.0)", "jax": "jax.nn.relu({x})",
                "torch": "torch.relu({x})"})
_function("step",     sympy.Heaviside(t),            lambda x: np.heaviside(x, 0.5),
          aliases=("heaviside",), nonnegative=True, kinks=(0,),
          code={"numpy": "np.heaviside({x}, 0.5)", "jax": "jnp.heaviside({x}, 0.5)",
                "torch": "torch.heaviside({x}, torch.tensor(0.5, dtype=torch.float64))"})
_function("sign",     sympy.sign(t),                 np.sign,  kinks=(0,))
