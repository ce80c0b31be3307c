"""Exact rational linear elimination with certificates, kept fully reduced.

An equation is a sparse map variable -> int or Fraction meaning ``sum(coef * var) = 0``; the key
``ONE`` holds the constant term. Variables for which ``is_constant`` holds (such as log 2) are
never eliminated. Every row remembers the combination of source equations it came from, so
that any implied equation can be explained as a sum of sources (its certificate).

Rows are fully reduced: each pivot is expressed through free variables only, so
``reduce`` is one substitution pass and its result is canonical: two expressions are
equal under the system exactly when their reductions are identical.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from fractions import Fraction

ONE = ""  # the key of the constant term
HASH_PRIME = (1 << 61) - 1

Var = Hashable
Coef = int | Fraction  # a coefficient; integral ones are ints, which Python multiplies and adds far faster
Expr = dict
Cert = dict


def add_scaled(target: dict, a: Coef, source: dict) -> None:
    """target += a * source, dropping zeros (an integral value is kept as an int)."""
    for k, v in source.items():
        w = target.get(k, 0) + a * v
        if w:
            target[k] = w.numerator if type(w) is Fraction and w.denominator == 1 else w
        else:
            target.pop(k, None)


def quotient(v: Coef, c: Coef) -> Coef:
    """v / c exactly: an int when c divides v, else a Fraction."""
    if type(v) is int and type(c) is int:
        q, r = divmod(v, c)
        return Fraction(v, c) if r else q
    w = Fraction(v) / c
    return w.numerator if w.denominator == 1 else w


def _never(var: Var) -> bool:
    return False


def var_weight(var: Var) -> int:
    """A fixed pseudo-random weight of a variable for hashing reduced forms (same in every process)."""
    return int.from_bytes(hashlib.blake2b(repr(var).encode(), digest_size=8).digest(), "big") % HASH_PRIME


class LinearSystem:
    """A fully reduced linear system over the rationals with provenance certificates."""

    def __init__(self, is_constant: Callable[[Var], bool] | None = None):
        self.is_constant = is_constant or _never
        self.rows: dict[Var, Expr] = {}  # pivot -> expression of free variables it equals
        self.certs: dict[Var, Cert] = {}  # pivot -> sum of sources proving pivot - rows[pivot] = 0
        self.uses: dict[Var, set[Var]] = {}  # free variable -> pivots whose rows mention it
        self._hash_cache: dict[Var, tuple[int, Coef]] = {}
        self._inverse: dict[int, int] = {}

    # -- reduction ---------------------------------------------------------

    def reduce(self, expr: Expr) -> Expr:
        """The canonical form of ``expr``: pivots replaced by their rows."""
        out = dict(expr)
        for v, c in expr.items():
            row = self.rows.get(v)
            if row is not None:
                del out[v]
                add_scaled(out, c, row)
        return out

    def reduce_with_cert(self, expr: Expr, cert: Cert) -> tuple[Expr, Cert]:
        """Reduce ``expr``, given ``cert`` with sum(cert * sources) = expr; returns (form, cert of form)."""
        out, proof = dict(expr), dict(cert)
        for v, c in expr.items():
            row = self.rows.get(v)
            if row is not None:
                del out[v]
                add_scaled(out, c, row)
                add_scaled(proof, -c, self.certs[v])
        return out, proof

    def implies(self, expr: Expr) -> bool:
        """Whether ``expr = 0`` follows, read off the hashed reduced forms of its variables (no rational
        arithmetic on rows; a false yes has probability about 2**-61, and ``certificate`` is exact)."""
        h, constant = 0, 0
        for v, c in expr.items():
            if v == ONE:
                constant += c
                continue
            hv, cv = self.key(v)
            h += self._mod(c) * hv
            if cv:
                constant += c * cv
        return h % HASH_PRIME == 0 and not constant

    @staticmethod
    def is_trivial(form: Expr) -> bool:
        """Whether a reduced form is identically zero, i.e. the reduced expression is implied."""
        return not form

    def certificate(self, expr: Expr) -> Cert:
        """Sources whose combination with these coefficients equals ``expr``, which must be implied."""
        form, cert = self.reduce_with_cert(expr, {})
        if not self.is_trivial(form):
            raise ValueError("expression is not implied by the system")
        return {k: -v for k, v in cert.items()}

    # -- adding equations ----------------------------------------------------

    def add(self, expr: Expr, source: Hashable) -> bool:
        """Add ``expr = 0`` proved by ``source``; False if it was already implied."""
        form, cert = self.reduce_with_cert(expr, {source: 1})
        candidates = [v for v in form if v != ONE and not self.is_constant(v)]
        if not candidates:
            return False
        pivot = min(candidates, key=lambda v: (len(self.uses.get(v, ())), repr(v)))
        c = form.pop(pivot)
        row = {k: quotient(-v, c) for k, v in form.items()}
        pivot_cert = {k: quotient(v, c) for k, v in cert.items()}
        for q in sorted(self.uses.pop(pivot, ()), key=repr):
            q_row = self.rows[q]
            a = q_row.pop(pivot, None)
            if a is None:  # the pivot cancelled out of this row earlier
                continue
            add_scaled(q_row, a, row)
            add_scaled(self.certs[q], a, pivot_cert)
            for k in row:
                if k != ONE:
                    self.uses.setdefault(k, set()).add(q)
            self._hash_cache.pop(q, None)
        self.rows[pivot] = row
        self.certs[pivot] = pivot_cert
        for k in row:
            if k != ONE:
                self.uses.setdefault(k, set()).add(pivot)
        self._hash_cache.pop(pivot, None)
        return True

    # -- hashing of reduced forms ------------------------------------------------

    def _mod(self, c: Coef) -> int:
        inv = self._inverse.get(c.denominator)
        if inv is None:
            inv = self._inverse[c.denominator] = pow(c.denominator, -1, HASH_PRIME)
        return c.numerator * inv % HASH_PRIME

    def key(self, var: Var) -> tuple[int, Coef]:
        """(hash of the variable part, constant term) of the reduced form of ``var``."""
        cached = self._hash_cache.get(var)
        if cached is not None:
            return cached
        row = self.rows.get(var)
        if row is None:
            result = (var_weight(var), 0)
        else:
            h = 0
            for k, c in row.items():
                if k != ONE:
                    h = (h + self._mod(c) * var_weight(k)) % HASH_PRIME
            result = (h, row.get(ONE, 0))
        self._hash_cache[var] = result
        return result
