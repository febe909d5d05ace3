r"""The elementwise functions of the language: one entry per function, the whole truth about it.

Each entry gives
    name         the language's name, `exp(X)` (also the unicode and ASCII printed name)
    definition   the scalar function, as a function of the real sympy symbol `t` building
                 its sympy expression (`lambda t: sympy.exp(t)`): built on first use, so a
                 command that never differentiates an elementwise function never imports
                 SymPy; `Function.definition` is the expression in `t`.
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
from functools import cache, cached_property
from typing import Callable

import numpy as np

from ..lazy import lazy_module

sympy = lazy_module("sympy")


@cache
def argument():
    """The argument of every definition: the real sympy symbol t."""
    return sympy.Symbol("t", real=True)


def __getattr__(name: str):
    """`t`, the argument of every definition, made on first use (PEP 562)."""
    if name == "t":
        return argument()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    define: Callable            # t -> the sympy expression of f(t)
    numpy: Callable
    latex: tuple
    aliases: tuple = ()
    nonnegative: bool = False
    python_name: str = ""
    code: dict = field(default_factory=dict)        # target → template with {x}, {ns}
    domain: tuple = (-math.inf, math.inf)           # open interval where f is smooth
    kinks: tuple = ()                               # points inside it where f is not

    @cached_property
    def definition(self):
        """f(t) as a sympy expression in `t` (imports SymPy on first use)."""
        return self.define(argument())

    @cached_property
    def sympy_function(self):
        """F when the definition is one sympy function applied to t and numbers only (exp(t),
        Heaviside(t, 1/2), Max(0, t)): a derivative containing that function of another
        argument can be read back as this function of it. Else None."""
        d, t = self.definition, argument()
        is_call = (d.is_Function and t in d.args
                   and all(a == t or a.is_Number for a in d.args))
        return d.func if is_call else None

    def code_for(self, target: str, ns: str) -> str:
        """The generated-code template of f(x) for a target whose namespace is `ns`."""
        return self.code.get(target, f"{ns}.{self.name}({{x}})")

    def to_sympy(self, arg):
        """f(arg) as a sympy expression (the definition with t replaced by `arg`)."""
        return self.definition.subs(argument(), arg)


FUNCTIONS: dict = {}


def _function(name, definition, numpy, latex=None, *, aliases=(), nonnegative=False,
              python_name=None, code=None, domain=(-math.inf, math.inf), kinks=()) -> None:
    FUNCTIONS[name] = Function(
        name, definition, numpy,
        latex if latex is not None else (rf"\operatorname{{{name}}}(", ")"),
        tuple(aliases), nonnegative, python_name or name, dict(code or {}),
        tuple(domain), tuple(kinks))


def _latex(command: str) -> tuple:
    return (command + "(", ")")


# ---- the table ---------------------------------------------------------------------------
#         name        definition of t                         NumPy     LaTeX
_function("exp",      lambda t: sympy.exp(t),                 np.exp,   _latex(r"\exp"),
          nonnegative=True)
_function("log",      lambda t: sympy.log(t),                 np.log,   _latex(r"\log"),
          aliases=("ln",), domain=(0, math.inf))
_function("sin",      lambda t: sympy.sin(t),                 np.sin,   _latex(r"\sin"))
_function("cos",      lambda t: sympy.cos(t),                 np.cos,   _latex(r"\cos"))
_function("tanh",     lambda t: sympy.tanh(t),                np.tanh,  _latex(r"\tanh"))
_function("tan",      lambda t: sympy.tan(t),                 np.tan,   _latex(r"\tan"))
_function("sigmoid",  lambda t: 1 / (1 + sympy.exp(-t)),      sigmoid,  _latex(r"\sigma"),
          aliases=("logistic",), nonnegative=True,
          code={"numpy": "np.exp(-np.logaddexp(0.0, -{x}))", "jax": "jax.nn.sigmoid({x})",
                "torch": "torch.sigmoid({x})"})
_function("softplus", lambda t: sympy.log(1 + sympy.exp(t)),  softplus,
          _latex(r"\operatorname{softplus}"), nonnegative=True,
          code={"numpy": "np.logaddexp(0.0, {x})", "jax": "jax.nn.softplus({x})",
                "torch": "torch.logaddexp(torch.zeros_like({x}), {x})"})
_function("sqrt",     lambda t: sympy.sqrt(t),                np.sqrt,  (r"\sqrt{", "}"),
          nonnegative=True, domain=(0, math.inf))
_function("abs",      lambda t: sympy.Abs(t),                 np.abs,   (r"\left|", r"\right|"),
          nonnegative=True, python_name="abs_", kinks=(0,))
_function("arcsin",   lambda t: sympy.asin(t),                np.arcsin, _latex(r"\arcsin"),
          aliases=("asin",), domain=(-1, 1))
_function("arccos",   lambda t: sympy.acos(t),                np.arccos, _latex(r"\arccos"),
          aliases=("acos",), nonnegative=True, domain=(-1, 1))
_function("arctan",   lambda t: sympy.atan(t),                np.arctan, _latex(r"\arctan"),
          aliases=("atan",))
_function("log1p",    lambda t: sympy.log(1 + t),             np.log1p, domain=(-1, math.inf))
_function("expm1",    lambda t: sympy.exp(t) - 1,             np.expm1)
# ---- not differentiable at 0: derivatives hold away from the kink ---------------------------
_function("relu",     lambda t: sympy.Max(t, 0),              lambda x: np.maximum(x, 0.0),
          nonnegative=True, kinks=(0,),
          code={"numpy": "np.maximum({x}, 0.0)", "jax": "jax.nn.relu({x})",
                "torch": "torch.relu({x})"})
_function("step",     lambda t: sympy.Heaviside(t),           lambda x: np.heaviside(x, 0.5),
          aliases=("heaviside",), nonnegative=True, kinks=(0,),
          code={"numpy": "np.heaviside({x}, 0.5)", "jax": "jnp.heaviside({x}, 0.5)",
                "torch": "torch.heaviside({x}, torch.tensor(0.5, dtype=torch.float64))"})
_function("sign",     lambda t: sympy.sign(t),                np.sign,  kinks=(0,))
