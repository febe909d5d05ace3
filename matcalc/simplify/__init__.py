"""simplify: the canonical form of an expression.

Equal expressions (modulo the rules in `rules.py`) get one form, and it is the one The
Matrix Cookbook prints: abᵀ, X⁻ᵀ, (A + Aᵀ)x, Aᵀ(Ax − b), det(X)X⁻ᵀ.

    simplify(expr, log=None)   the canonical form; pass a list as `log` to receive the
                               names of the rules that fired, in order, each once
    present(expr)              a canonical form as textbooks print it: h(Wᵀh − y)ᵀ,
                               1 − tanh(x)², (x − μ)(x − μ)ᵀ, σ(z) (printed.py)
"""
from __future__ import annotations

from ..core.expr import Expr
from .rules import RULES, needs_normaliser, rule_names
from .printed import present as _present
from .strategies import bottom_up, do_one, logged, typed


def _bind(rule, normal):
    """A one-argument rule from a rule that needs the normaliser."""
    def bound(e):
        return rule(e, normal)
    bound.__name__ = rule.__name__
    bound.__doc__ = rule.__doc__
    return bound


def normaliser(log: list | None = None, strict: bool = False):
    """A fresh normaliser (its own memo and caches) over the catalogue of rules; `strict`
    raises RewriteLoop where the rules would cycle (see strategies.bottom_up)."""
    forward = {}

    def normal(e: Expr) -> Expr:
        return forward["normal"](e)
    normal.caches = {}

    def prepare(rule):
        return logged(_bind(rule, normal) if needs_normaliser(rule) else rule, log)

    table = {t: do_one(*map(prepare, rules)) for t, rules in RULES.items()}
    forward["normal"] = inner = bottom_up(typed(table), {}, strict)
    normal.loops = inner.loops
    return normal


def simplify(expr: Expr, log: list | None = None) -> Expr:
    """The canonical form of `expr`; rule names that fired are appended to `log`."""
    return normaliser(log)(expr)


def present(expr: Expr) -> Expr:
    """A canonical `expr` in its printed form: the shortest form the search of printed.py
    finds, with the textbook conventions of presentation.py."""
    return _present(expr, normaliser())


__all__ = ["simplify", "present", "normaliser", "rule_names", "RULES"]
