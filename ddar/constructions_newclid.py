"""Newclid's constructions beyond the reference language, as catalogue data.

Newclid (a successor of the reference prover) reads the same problem language with some
more constructions; their meaning follows Newclid's documentation of its definitions.
Each row has the columns of ``constructions._CATALOGUE``: name, formal arguments (new
points marked ``*``, numbers ``#``), preconditions, fact groups, sketch and is_locus.
Facts the predicates cannot state (that a point lies *between* two others, that a
triangle is acute) are not asserted; the sketch makes them true.

Where Newclid orders a construction's arguments differently from the reference
(``NEWCLID_ARG_ORDER``), the parser accepts Newclid's order when the reference's cannot
fit and rewrites the instance into the reference's order: one meaning, two spellings.

Newclid's *predicate* ``aconst a b c d r`` is the angle from line AB to line CD, that is
the reference's ``aconst c d a b r`` (dir(first) − dir(second)); goals keep the reference's
meaning, while the ``aconst`` construction below states its fact in the reference's form.
"""

from __future__ import annotations

import math

import numpy as np

from .constructions import (
    ConstructionFailure,
    Sketch,
    _eq_trapezoid,
    _foot,
    _random_similarity,
    _tangent_points,
    _uniform,
    build_catalogue,
)
from .geometry import Circle, Line, Locus, Point, direction, norm, perp, polar, pt, rotate

def _perp_bisector(a: Point, b: Point) -> Line:
    return Line((a + b) / 2, perp(b - a))


def _apollonius(a: Point, b: Point, ratio: float) -> Locus:
    """Points X with |XA| / |XB| = ratio: a circle, or the perpendicular bisector for ratio 1."""
    if ratio <= 0:
        raise ConstructionFailure("ratio must be positive")
    if abs(ratio - 1) < 1e-12:
        return _perp_bisector(a, b)
    inner = (a + ratio * b) / (1 + ratio)
    outer = (a - ratio * b) / (1 - ratio)
    return Circle((inner + outer) / 2, norm(outer - inner) / 2)


def _between(rng: np.random.Generator) -> list[Point]:
    a, b = rng.uniform(-1.0, 1.0, 2), rng.uniform(-1.0, 1.0, 2)
    return [a + _uniform(rng, 0.2, 0.8) * (b - a), a, b]


def _acute_triangle(rng: np.random.Generator) -> list[Point]:
    """Apex above the circle on diameter AB and between the perpendiculars at A and B."""
    return _random_similarity(rng, [pt(0, 0), pt(1, 0), pt(_uniform(rng, 0.1, 0.9), _uniform(rng, 0.6, 1.6))])


def _iso_trapezoid2(a: Point, b: Point, c: Point) -> list[Point]:
    """X with ABCX an isosceles trapezoid, AB ∥ CX, AX = BC: C mirrored in the bisector of AB."""
    m, u = (a + b) / 2, (b - a) / norm(b - a)
    return [c - 2 * float((c - m) @ u) * u]


def _internal_tangents(o: Point, ra: float, w: Point, rb: float) -> list[Point]:
    """Touch points (X, Y, Z, I) of the two internal common tangents XY and ZI."""
    if norm(w - o) <= (ra + rb) * (1 + 1e-9):
        raise ConstructionFailure("the circles overlap: no internal common tangent")
    q = o + (w - o) * ra / (ra + rb)
    x, z = _tangent_points(q, Circle(o, ra))
    return [x, _foot(w, q, x), z, _foot(w, q, z)]


def _test_r20(rng: np.random.Generator) -> list[Point]:
    a, c = pt(-1, 0), pt(1, 0)
    b = polar(_uniform(rng, 0.2 * math.pi, 0.8 * math.pi))
    return _random_similarity(rng, [pt(0, 0), a, b, c])


def _test_r25(rng: np.random.Generator) -> list[Point]:
    m = rng.uniform(-0.5, 0.5, 2)
    u, v = rng.uniform(-1.0, 1.0, 2), rng.uniform(-1.0, 1.0, 2)
    return [m + u, m - u, m + v, m - v, m]


def _similar(a: Point, b: Point, c: Point, p: Point, q: Point, mirrored: bool) -> list[Point]:
    """R with triangle PQR similar to ABC (mirrored: with opposite orientation)."""
    za, zb, zc, zp, zq = (complex(v[0], v[1]) for v in (a, b, c, p, q))
    shape = (zc - za) / (zb - za)
    if mirrored:
        shape = shape.conjugate()
    zr = zp + (zq - zp) * shape
    return [pt(zr.real, zr.imag)]


def _congruent(rng: np.random.Generator, a: Point, b: Point, c: Point, p: Point, mirrored: bool) -> list[Point]:
    """Q, R with triangle PQR congruent to ABC, turned by a random angle."""
    angle = _uniform(rng, 0.0, 2 * math.pi)
    q = p + rotate(b - a, angle)
    r = _similar(a, b, c, p, q, mirrored)[0]
    return [q, r]


_ROWS: list[tuple[str, str, str, str, Sketch, bool]] = [
    # free configurations
    ("iso_trapezoid", "*a *b *c *d", "", "a b c d: para d c a b, cong d a b c", _eq_trapezoid, False),
    ("acute_triangle", "*a *b *c", "", "", _acute_triangle, False),
    ("between", "*x *a *b", "", "x a b: coll x a b", _between, False),
    ("test_r20", "*o *a *b *c", "", "o a b c: circle o a b c, coll o a c", _test_r20, False),
    ("test_r25", "*a *b *c *d *m", "", "a b c d m: midp m a b, midp m c d", _test_r25, False),
    # one-point loci
    ("on_pline0", "*x a b c", "diff b c", "x: para x a b c", lambda r, a, b, c: Line(a, c - b), True),
    ("iso_triangle_vertex", "*x b c", "diff b c", "x: cong x b x c", lambda r, b, c: _perp_bisector(b, c), True),
    ("iso_triangle_vertex_angle", "*x b c", "diff b c", "x: eqangle x b b c b c x c",
     lambda r, b, c: _perp_bisector(b, c), True),
    ("on_aline0", "*x a b c d e f g", "diff a b, diff c d, diff e f", "x: eqangle a b c d e f g x",
     lambda r, a, b, c, d, e, f, g: Line(g, polar(direction(f - e) - direction(b - a) + direction(d - c))), True),
    ("eqratio", "*x a b c d e f g", "diff a b, diff c d, diff e f", "x: eqratio a b c d e f g x",
     lambda r, a, b, c, d, e, f, g: Circle(g, norm(f - e) * norm(d - c) / norm(b - a)), True),
    ("eqratio6", "*x a c e f g h", "diff a c, diff e f, diff g h", "x: eqratio a x c x e f g h",
     lambda r, a, c, e, f, g, h: _apollonius(a, c, norm(f - e) / norm(h - g)), True),
    ("lconst", "*x a #l", "", "x: lconst x a l", lambda r, a, length: Circle(a, length), True),
    ("l2const", "*x a #l", "", "", lambda r, a, square: Circle(a, math.sqrt(square)), True),
    ("rconst", "a b c *x #r", "diff a b", "x: rconst a b c x r",
     lambda r, a, b, c, k: Circle(c, norm(b - a) / k), True),
    ("rconst2", "*x a b #r", "diff a b", "x: rconst x a x b r", lambda r, a, b, k: _apollonius(a, b, k), True),
    ("aconst", "a b c *x #r", "diff a b", "x: aconst c x a b r",
     lambda r, a, b, c, k: Line(c, polar(direction(b - a) + k * math.pi)), True),
    # determined points
    ("between_bound", "*x a b", "diff a b", "x: coll x a b",
     lambda r, a, b: [a + _uniform(r, 0.2, 0.8) * (b - a)], False),
    ("iso_trapezoid2", "*x a b c", "ncoll a b c", "x: cong x b a c, cong x a b c",
     lambda r, a, b, c: _iso_trapezoid2(a, b, c), False),
    ("simtri", "*r a b c p q", "ncoll a b c, diff p q", "r: simtri a b c p q r",
     lambda rng, a, b, c, p, q: _similar(a, b, c, p, q, False), False),
    ("simtrir", "*r a b c p q", "ncoll a b c, diff p q", "r: simtri2 a b c p q r",
     lambda rng, a, b, c, p, q: _similar(a, b, c, p, q, True), False),
    ("contri", "*q *r a b c p", "ncoll a b c", "q r: contri a b c p q r",
     lambda rng, a, b, c, p: _congruent(rng, a, b, c, p, False), False),
    ("contrir", "*q *r a b c p", "ncoll a b c", "q r: contri2 a b c p q r",
     lambda rng, a, b, c, p: _congruent(rng, a, b, c, p, True), False),
    ("cc_itangent", "*x *y *z *i o a w b", "diff o a, diff w b, diff o w",
     "x y: cong o x o a, cong w y w b, perp x o x y, perp y w y x"
     " | z i: cong o z o a, cong w i w b, perp z o z i, perp i w i z",
     lambda r, o, a, w, b: _internal_tangents(o, norm(a - o), w, norm(b - w)), False),
]

NEWCLID_COMPLETING_FACTS: dict[str, str] = {
    "iso_trapezoid2": "x: para a b c x",  # the two congruences alone also admit a parallelogram
}

NEWCLID_NUMBER_KINDS: dict[str, str] = {
    "lconst": "length", "l2const": "length", "rconst": "ratio", "rconst2": "ratio", "aconst": "angle",
}

NEWCLID_CONSTRUCTIONS = build_catalogue(_ROWS, NEWCLID_COMPLETING_FACTS, NEWCLID_NUMBER_KINDS)

NEWCLID_ARG_ORDER: dict[str, str] = {
    "parallelogram": "x a b c",  # Newclid's parallelogram x a b c = the reference's parallelogram a b c x
    "square": "x y a b",  # Newclid's square x y a b = the reference's square a b x y
}
"""Formal arguments in Newclid's order, for constructions whose order differs from the reference."""
