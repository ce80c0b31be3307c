"""Facts as linear equations over the directions, log-lengths and lengths of point pairs.

Three tables. Angle equations are over d(AB) = direction of line AB / pi, in [0, 1) on
the diagram; a fact holds modulo 1, and the diagram tells which integer to add so that
the equation holds exactly over the reals (a *diagram check*); then any rational
combination of equations is again exact, halving included. Ratio equations are over
log|AB|, with log p of each prime p as a constant that is never eliminated. Length
equations are over |AB| itself, so that segments add: points on a line, in their order
on the diagram (another diagram check), give |AC| = |AB| + |BC|.

A fact is known when every equation of one of its *views* is: ``cong`` through its ratio
equation or through its length equation, ``coll`` through its angle equations alone (its
length equations follow from it and the order of its points). Once known, all its
equations enter all tables; this is how the tables exchange what they learn.

The engine and the proof checker both read facts through ``fact_equations`` and ``fact_views``.
"""

from __future__ import annotations

import math

import numpy as np
from collections.abc import Mapping
from fractions import Fraction

from .facts import LINEAR_EQUATIONS, Fact, linear_terms, parse_constant
from .geometry import Point, line_angle
from .linear import ONE, add_scaled

ANGLE, RATIO, LENGTH = "angle", "ratio", "length"
K_TOLERANCE = 1e-6  # how far from an integer a numerically true angle equation may be

Pair = tuple[str, str]
Equation = tuple[str, dict]


def pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def log_prime(p: int) -> tuple[str, int]:
    return ("log", p)


def _expr(*terms: tuple[Pair, int]) -> dict:
    out: dict = {}
    for var, c in terms:
        w = out.get(var, 0) + c
        if w:
            out[var] = w
        else:
            out.pop(var, None)
    return out


def _degenerate(*points: str) -> bool:
    return any(points[i] == points[i + 1] for i in range(0, len(points), 2))


def angle_diff(a: str, b: str, c: str, d: str) -> dict:
    """d(AB) - d(CD): the directed angle from line CD to line AB, as an expression."""
    return _expr((pair(a, b), 1), (pair(c, d), -1))


def _eqangle(a, b, c, d, e, f, g, h) -> dict:
    return _expr((pair(a, b), 1), (pair(c, d), -1), (pair(e, f), -1), (pair(g, h), 1))


def _eqratio(a, b, c, d, e, f, g, h) -> dict:
    return _expr((pair(a, b), 1), (pair(c, d), -1), (pair(e, f), -1), (pair(g, h), 1))


def _factor(n: int) -> dict[int, int]:
    out: dict[int, int] = {}
    p = 2
    while p * p <= n:
        while n % p == 0:
            out[p] = out.get(p, 0) + 1
            n //= p
        p += 1
    if n > 1:
        out[n] = out.get(n, 0) + 1
    return out


def log_constant(value: Fraction) -> dict:
    """log(value) as a combination of log-prime constants."""
    out: dict = {}
    for p, e in _factor(value.numerator).items():
        out[log_prime(p)] = e
    for p, e in _factor(value.denominator).items():
        out[log_prime(p)] = out.get(log_prime(p), 0) - e
    return out


def _similar_angles(t1: tuple[str, ...], t2: tuple[str, ...], sign: int) -> list[dict]:
    """Angles at the first two vertices of t1 equal sign times those of t2."""
    out = []
    for i in (0, 1):
        a, b, c = t1[i], t1[(i + 1) % 3], t1[(i + 2) % 3]
        p, q, r = t2[i], t2[(i + 1) % 3], t2[(i + 2) % 3]
        e = _expr((pair(a, c), 1), (pair(a, b), -1), (pair(p, r), -sign), (pair(p, q), sign))
        out.append(e)
    return out


def _similar_ratios(t1: tuple[str, ...], t2: tuple[str, ...]) -> list[dict]:
    a, b, c = t1
    p, q, r = t2
    return [_eqratio(a, b, a, c, p, q, p, r), _eqratio(b, a, b, c, q, p, q, r)]


def _raw_equations(fact: Fact) -> list[Equation]:
    p, a = fact.pred, fact.args
    if p in ("para", "perp", "aconst"):
        if _degenerate(*a[:4]):
            return []
        e = angle_diff(*a[:4])
        if p == "perp":
            e[ONE] = Fraction(-1, 2)
        elif p == "aconst" and parse_constant("angle", a[4]):
            e[ONE] = -parse_constant("angle", a[4])
        return [(ANGLE, e)]
    if p in ("eqangle", "eqangle6"):
        return [] if _degenerate(*a) else [(ANGLE, _eqangle(*a))]
    if p in ("cong", "rconst"):
        if _degenerate(*a[:4]):
            return []
        e = _expr((pair(a[0], a[1]), 1), (pair(a[2], a[3]), -1))
        r = parse_constant("ratio", a[4]) if p == "rconst" else Fraction(1)
        length: dict = {}
        add_scaled(length, Fraction(1), {pair(a[0], a[1]): Fraction(1)})
        add_scaled(length, -r, {pair(a[2], a[3]): Fraction(1)})
        for k, v in log_constant(r).items():
            e[k] = -v
        return [(RATIO, e), (LENGTH, length)]
    if p in LINEAR_EQUATIONS:
        terms, constant = linear_terms(fact)
        system = LENGTH if p == "lequation" else ANGLE
        e: dict = {}
        if system == LENGTH and any(len(pts) == 4 for _, pts in terms):
            return []  # a product of lengths: no linear equation (and so no view, see fact_system)
        for c, pts in terms:
            if _degenerate(*pts):
                return []
            part = _expr((pair(*pts[:2]), 1)) if system == LENGTH else angle_diff(*pts[2:], *pts[:2])
            add_scaled(e, c, part)
        if constant:
            e[ONE] = e.get(ONE, 0) - constant
        return [(system, e)]
    if p == "r2const":  # (|AB| / |CD|)^2 = r
        if _degenerate(*a[:4]):
            return []
        e = _expr((pair(a[0], a[1]), 2), (pair(a[2], a[3]), -2))
        e.update({k: -v for k, v in log_constant(parse_constant("ratio", a[4])).items()})
        return [(RATIO, e)]
    if p == "lconst":
        if _degenerate(*a[:2]):
            return []
        value = parse_constant("length", a[2])
        e = _expr((pair(a[0], a[1]), 1))
        e.update({k: -v for k, v in log_constant(value).items()})
        return [(RATIO, e), (LENGTH, {pair(a[0], a[1]): Fraction(1), ONE: -value})]
    if p in ("eqratio", "eqratio6"):
        return [] if _degenerate(*a) else [(RATIO, _eqratio(*a))]
    if p == "coll":
        pts = list(dict.fromkeys(a))
        return [(ANGLE, angle_diff(pts[0], pts[1], x, y))
                for i, x in enumerate(pts) for y in pts[i + 1:] if (x, y) != (pts[0], pts[1])]
    if p == "cyclic":
        pts = list(dict.fromkeys(a))
        out = []
        for i, x in enumerate(pts):
            for y in pts[i + 1:]:
                others = [z for z in pts if z not in (x, y)]
                r = others[0]
                out += [(ANGLE, _eqangle(r, x, r, y, z, x, z, y)) for z in others[1:]]
        return out
    if p == "circle":  # centre, then points on the circle: equal radii and inscribed = half central angle
        o, pts = a[0], list(dict.fromkeys(a[1:]))
        radii = [_expr((pair(o, pts[0]), 1), (pair(o, x), -1)) for x in pts[1:]]
        out = [(RATIO, e) for e in radii] + [(LENGTH, dict(e)) for e in radii]
        for i, x in enumerate(pts):
            for y in pts[i + 1:]:
                r = next((z for z in pts if z not in (x, y)), None)
                if r is not None:
                    e = _expr((pair(r, x), 1), (pair(r, y), -1), (pair(x, o), -1), (pair(x, y), 1))
                    e[ONE] = Fraction(-1, 2)
                    out.append((ANGLE, e))
        return out
    if p == "midp":
        m, x, y = a
        e = _expr((pair(x, y), 1), (pair(m, x), -1))
        e.update({log_prime(2): Fraction(-1)})
        half = _expr((pair(m, x), 1), (pair(m, y), -1))
        return (_raw_equations(Fact("coll", (m, x, y))) + [(RATIO, half), (RATIO, e), (LENGTH, dict(half))])
    if p in ("simtri", "simtri2", "contri", "contri2"):
        t1, t2 = a[:3], a[3:]
        sign = 1 if p in ("simtri", "contri") else -1
        out = [(ANGLE, e) for e in _similar_angles(t1, t2, sign)] + [(RATIO, e) for e in _similar_ratios(t1, t2)]
        if p.startswith("contri"):
            side = _expr((pair(a[0], a[1]), 1), (pair(a[3], a[4]), -1))
            out += [(RATIO, side), (LENGTH, dict(side))]
        return out
    return []


def is_identity(fact: Fact) -> bool:
    """A fact whose equations all cancel to 0 = 0, such as an angle equal to itself."""
    raw = _raw_equations(fact)
    return bool(raw) and all(not expr for _, expr in raw)


def angle_value(points: Mapping[str, Point], a: str, b: str) -> float:
    """d(AB) on the diagram: the direction of line AB divided by pi, in [0, 1)."""
    return line_angle(points[a], points[b]) / math.pi


def numeric_value(points: Mapping[str, Point], expr: dict) -> float:
    """Value of an angle expression on the diagram (constant included)."""
    total = float(expr.get(ONE, 0))
    for var, c in expr.items():
        if var != ONE:
            total += float(c) * angle_value(points, *var)
    return total


def _is_constant_key(k) -> bool:
    return k == ONE or (isinstance(k, tuple) and k[0] == "log")


def line_order(fact: Fact, points: Mapping[str, Point]) -> list[str] | None:
    """The points of a ``coll`` or ``midp`` fact in their order along their line on the diagram, beginning
    with the smaller name (None if two of them coincide)."""
    pts = list(dict.fromkeys(fact.args if fact.pred == "coll" else fact.args[:3]))
    if len(pts) < 3:
        return None
    base = points[pts[0]]
    far = max(pts[1:], key=lambda n: float(np.hypot(*(points[n] - base))))
    direction = points[far] - base
    position = {n: float(np.dot(points[n] - base, direction)) for n in pts}
    order = sorted(pts, key=lambda n: position[n])
    gaps = [position[b] - position[a] for a, b in zip(order, order[1:])]
    if min(gaps) <= 1e-9 * (position[order[-1]] - position[order[0]]):
        return None
    return order if order[0] < order[-1] else order[::-1]


def diagram_dependence(fact: Fact, index: int, coefficient: Fraction, points: Mapping[str, Point]) -> str | None:
    """In words, what equation ``index`` of ``fact``, used with ``coefficient`` in an algebra step, takes from
    the diagram beyond the fact itself: the order of points on a line (for a length equation), or which
    multiple of 180° an angle equation is (when the step divides it); None if nothing."""
    equations, _ = fact_system(fact, points, order=False)
    if index >= len(equations):
        return f"{', '.join(p.upper() for p in line_order(fact, points) or ())} lie in this order on their line"
    system, expr = equations[index]
    if system != ANGLE or coefficient.denominator == 1:
        return None
    multiple = -expr.get(ONE, 0)
    return (f"[{fact}] holds here with its directions, read in [0°, 180°), summing to {multiple}·180° "
            f"(equation {index}; the step divides it by {coefficient.denominator})")


def _order_equations(fact: Fact, points: Mapping[str, Point]) -> list[Equation]:
    """Segments of a line add up: with its points in their order on the diagram, |P_i P_j| is the sum
    of the gaps between them (none if two points coincide)."""
    order = line_order(fact, points)
    if order is None:
        return []
    out = []
    for i in range(len(order)):
        for j in range(i + 2, len(order)):
            e = _expr((pair(order[i], order[j]), 1), *((pair(order[k], order[k + 1]), -1) for k in range(i, j)))
            out.append((LENGTH, e))
    return out


def equation_tables(fact: Fact) -> list[str]:
    """The table of each of the fact's equations, in the order of ``fact_equations`` (order ones left out)."""
    return [system for system, e in _raw_equations(fact) if not all(_is_constant_key(k) for k in e)]


def fact_equations(fact: Fact, points: Mapping[str, Point]) -> list[Equation]:
    """The linear equations a fact means, angle ones made exact with the diagram's integer, then those that
    follow from it with the order of its collinear points on the diagram."""
    return fact_system(fact, points)[0]


def fact_system(fact: Fact, points: Mapping[str, Point], order: bool = True
                ) -> tuple[list[Equation], list[frozenset[int]]]:
    """``fact_equations`` and the fact's views: sets of equation indices, each of which, all derived, proves
    the fact (its angle equations with its ratio equations, or with its length equations where those say
    all the fact says; the order equations of a line never do, and ``order=False`` leaves them out)."""
    out = []
    for system, e in _raw_equations(fact):
        if all(_is_constant_key(k) for k in e):
            continue  # nothing but constants: trivially true or not an equation at all
        if system == ANGLE:
            value = numeric_value(points, e)
            k = round(value)
            if abs(value - k) > K_TOLERANCE:
                raise ValueError(f"{fact} is numerically false (angle residue {value - k:.3g})")
            if k:
                e[ONE] = e.get(ONE, 0) - k
                if not e[ONE]:
                    del e[ONE]
        out.append((system, e))
    angle = {i for i, (system, _) in enumerate(out) if system == ANGLE}
    ratio = {i for i, (system, _) in enumerate(out) if system == RATIO}
    length = {i for i, (system, _) in enumerate(out) if system == LENGTH}
    views = []
    if fact.pred == "lequation" and any(len(pts) == 4 for _, pts in linear_terms(fact)[0]):
        return out, views  # a product of lengths: the tables cannot express it, so it is never known
    if ratio or not length:
        views.append(frozenset(angle | ratio))
    if length:
        views.append(frozenset(angle | length))
    if order and fact.pred in ("coll", "midp"):
        out += _order_equations(fact, points)
    return out, views
