"""Dimensions: a positive integer, a dimension symbol (`n`), or a product of powers of them
(`m*n`, the length of vec X; `n**2`, of vec of a square matrix).

A small monomial class in place of sympy expressions, so that building, differentiating
and printing an expression never imports SymPy (0.25 s of every command's start-up). It
speaks the part of sympy's interface the rest of matcalc uses (`is_Integer`, `is_Symbol`,
`free_symbols`, `subs`, `as_powers_dict`, `name`, `*`, `**`, `int()`, `str()` in sympy's
spelling) and
converts itself for SymPy when one is handed to it (`_sympy_`), so
`sympy.Symbol("n", integer=True, positive=True) == dim_symbol("n")` holds.

Dimensions are interned: equal dimensions are the same object, so comparing two of them
(done on every node's shape check) is an identity test. An integer dimension is equal to,
and hashes as, the int.
"""
from __future__ import annotations

from typing import Union


class Dim:
    """coeff · Π name**power, with `powers` sorted by name; build with `dim_symbol`,
    `dim_integer` or `*` / `**` (never call the class)."""

    __slots__ = ("coeff", "powers", "_hash", "_str", "__weakref__")

    _interned: dict = {}

    # ---- construction ---------------------------------------------------------------
    @classmethod
    def _make(cls, coeff: int, powers: tuple) -> "Dim":
        key = (coeff, powers)
        d = cls._interned.get(key)
        if d is None:
            d = object.__new__(cls)
            d.coeff, d.powers = coeff, powers
            d._hash = hash(coeff) if not powers else hash(key)
            d._str = _spell(coeff, powers, "*", "**{}")
            cls._interned[key] = d
        return d

    def __reduce__(self):
        return (Dim._make, (self.coeff, self.powers))

    # ---- sympy's interface, the part matcalc uses -------------------------------------
    @property
    def is_Integer(self) -> bool:
        return not self.powers

    is_number = is_Integer

    @property
    def is_Symbol(self) -> bool:
        return self.coeff == 1 and len(self.powers) == 1 and self.powers[0][1] == 1

    @property
    def name(self) -> str:
        if not self.is_Symbol:
            raise AttributeError(f"the dimension {self} is not a symbol: it has no name")
        return self.powers[0][0]

    @property
    def free_symbols(self) -> set:
        return {dim_symbol(name) for name, _ in self.powers}

    def as_powers_dict(self) -> dict:
        """{base: power}: the coefficient (when not 1) and each symbol, as sympy gives it."""
        out = {} if self.coeff == 1 else {dim_integer(self.coeff): 1}
        out.update((dim_symbol(name), p) for name, p in self.powers)
        return out

    def subs(self, sizes: dict) -> "Dim":
        """The dimension with the symbols that `sizes` (symbol or name → int) gives
        replaced by their values."""
        coeff, rest = self.coeff, []
        for name, p in self.powers:
            value = sizes.get(dim_symbol(name), sizes.get(name))
            if value is None:
                rest.append((name, p))
            else:
                coeff *= int(value) ** p
        return Dim._make(coeff, tuple(rest))

    def __mul__(self, other) -> "Dim":
        other = _coerce(other)
        if other is None:
            return NotImplemented
        powers = dict(self.powers)
        for name, p in other.powers:
            powers[name] = powers.get(name, 0) + p
        return Dim._make(self.coeff * other.coeff, tuple(sorted(powers.items())))

    __rmul__ = __mul__

    def __pow__(self, k: int) -> "Dim":
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            return NotImplemented
        return Dim._make(self.coeff ** k, tuple((n, p * k) for n, p in self.powers))

    def __int__(self) -> int:
        if self.powers:
            raise TypeError(f"the dimension {self} has no integer value")
        return self.coeff

    __index__ = __int__

    def __eq__(self, other) -> bool:
        if other.__class__ is Dim:
            return self is other
        if isinstance(other, int) and not isinstance(other, bool):
            return not self.powers and self.coeff == other
        return NotImplemented         # sympy objects compare through `_sympy_`

    def __ne__(self, other) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        return self._hash

    def __str__(self) -> str:
        return self._str

    __repr__ = __str__

    def latex(self) -> str:
        """`m n`, `n^{2}`, `2 n` (as sympy's LaTeX printer writes them)."""
        return _spell(self.coeff, self.powers, " ", "^{{{}}}")

    def _sympy_(self):
        """The sympy expression of this dimension, for SymPy's conversions (to_sympy)."""
        import sympy          # lazy: only when the caller already works with SymPy
        out = sympy.Integer(self.coeff)
        for name, p in self.powers:
            out = out * sympy.Symbol(name, integer=True, positive=True) ** p
        return out


def _spell(coeff: int, powers: tuple, times: str, power: str) -> str:
    parts = [] if coeff == 1 and powers else [str(coeff)]
    parts += [name if p == 1 else name + power.format(p) for name, p in powers]
    return times.join(parts)


def _coerce(d) -> Union[Dim, None]:
    if d.__class__ is Dim:
        return d
    if isinstance(d, int) and not isinstance(d, bool):
        return dim_integer(d)
    return None


def dim_symbol(name: str) -> Dim:
    """The dimension symbol called `name` (a positive integer). One object per name."""
    return Dim._make(1, ((name, 1),))


def dim_integer(k: int) -> Dim:
    """The dimension k."""
    return Dim._make(k, ())


def dim_total(dims) -> Dim:
    """Σ dims, the size of several blocks side by side (a stacked vector, a block Hessian):
    an integer when every one is; otherwise, since a dimension is a monomial, the sum kept
    as one named size spelled "n + m" (for shapes and kinds: it is never 1, never a factor
    of another dimension)."""
    dims = [_coerce(d) for d in dims]
    if all(d.is_Integer for d in dims):
        return dim_integer(sum(d.coeff for d in dims))
    return dim_symbol(" + ".join(str(d) for d in dims))


def from_sympy(d) -> Dim:
    """A dimension given as a sympy expression (an API user's `sympy.Symbol("n")`, an
    Integer, or a product of powers of those), read off its structure."""
    if getattr(d, "is_Integer", False):
        return dim_integer(int(d))
    if getattr(d, "is_Symbol", False):
        return dim_symbol(d.name)
    if getattr(d, "is_Mul", False):
        out = dim_integer(1)
        for a in d.args:
            out = out * from_sympy(a)
        return out
    if getattr(d, "is_Pow", False) and getattr(d.args[1], "is_Integer", False):
        return from_sympy(d.args[0]) ** int(d.args[1])
    raise TypeError(f"not a dimension: {d!r}")
