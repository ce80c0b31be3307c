"""The construction catalogue: every construction of the problem language.

Each entry gives the formal arguments (new points marked), the preconditions on the
input points, the facts the construction asserts (grouped by the new points they
introduce) and its numeric sketch: a function of a random generator and the input
points that returns either explicit new points or one locus (line, ray, circle) for a
single new point. Locus constructions can be intersected pairwise in one clause.

Which facts we assert is decided in one place: ``REFERENCE_FACTS`` (what the public
reference asserts) plus ``COMPLETING_FACTS`` (see there).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .facts import Fact, angle_token, parse_constant
from .geometry import (
    Circle,
    Line,
    Locus,
    Point,
    Ray,
    circumcenter,
    circumcircle,
    cross,
    direction,
    dot,
    intersect,
    line_through,
    norm,
    perp,
    polar,
    project,
    pt,
    reflect_in_line,
    rotate,
    unit,
)


class ConstructionFailure(Exception):
    """A sketch cannot place its points in this random configuration (retry with new randomness)."""


Sketch = Callable[..., "Locus | list[Point]"]


@dataclass(frozen=True)
class ConstructionDef:
    """One construction: formal arguments, new points, preconditions, facts and numeric sketch."""

    name: str
    args: tuple[str, ...]
    new: tuple[str, ...]
    numbers: tuple[str, ...]
    preconditions: tuple[Fact, ...]
    fact_groups: tuple[tuple[tuple[str, ...], tuple[Fact, ...]], ...]
    sketch: Sketch
    is_locus: bool
    number_kind: str = "degrees"  # kind of the number arguments (see facts.parse_constant)

    @property
    def inputs(self) -> tuple[str, ...]:
        """Formal arguments that are existing points or numbers, in order (the sketch's arguments)."""
        return tuple(a for a in self.args if a not in self.new)

    @property
    def input_points(self) -> tuple[str, ...]:
        return tuple(a for a in self.inputs if a not in self.numbers)

    @property
    def short_arity(self) -> int:
        """Number of arguments in the short form (new points left out)."""
        return len(self.args) - len(self.new)

    def bind(self, actual: tuple[str, ...]) -> dict[str, str]:
        """Map formal argument names to the actual ones of a full-form instance."""
        return dict(zip(self.args, actual))

    def facts(self, actual: tuple[str, ...]) -> list[Fact]:
        """The facts asserted by an instance with full-form arguments ``actual``."""
        return [_substitute(f, self.bind(actual)) for _, group in self.fact_groups for f in group]

    def instantiate_preconditions(self, actual: tuple[str, ...]) -> list[Fact]:
        return [_substitute(f, self.bind(actual)) for f in self.preconditions]


def _substitute(fact: Fact, binding: dict[str, str]) -> Fact:
    if fact.pred == "s_angle":  # store as the line angle it means: aconst b x b a (y mod 180) degrees
        a, b, x, y = (binding.get(t, t) for t in fact.args)
        return Fact("aconst", (b, x, b, a, angle_token(parse_constant("degrees", y) / 180)))
    return Fact(fact.pred, tuple(binding.get(t, t) for t in fact.args))


def _parse_facts(text: str) -> tuple[Fact, ...]:
    facts = []
    for part in text.split(","):
        tokens = part.split()
        if tokens:
            facts.append(Fact(tokens[0], tuple(tokens[1:])))
    return tuple(facts)


# ---------------------------------------------------------------------------
# Sketch helpers


def _uniform(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(rng.uniform(lo, hi))


def _random_similarity(rng: np.random.Generator, points: list[Point]) -> list[Point]:
    """Rotate uniformly, scale by U(0.5, 2), shift by U(-1, 1)^2 and mirror with probability 1/2."""
    angle = _uniform(rng, 0.0, 2 * math.pi)
    scale = _uniform(rng, 0.5, 2.0)
    shift = rng.uniform(-1.0, 1.0, 2)
    mirror = bool(rng.random() < 0.5)
    out = []
    for p in points:
        q = np.array([p[0], -p[1]]) if mirror else p
        out.append(rotate(q, angle) * scale + shift)
    return out


def _only(points: list[Point], what: str) -> Point:
    if not points:
        raise ConstructionFailure(f"{what} do not meet")
    return points[0]


def _meet(l1: Locus, l2: Locus, what: str) -> Point:
    return _only(intersect(l1, l2), what)


def _foot(p: Point, a: Point, b: Point) -> Point:
    return project(p, line_through(a, b))


def _incenter(a: Point, b: Point, c: Point, opposite_a: bool = False) -> Point:
    """Incentre, or with ``opposite_a`` the excentre opposite A (weights by side lengths)."""
    wa, wb, wc = norm(b - c), norm(c - a), norm(a - b)
    if opposite_a:
        wa = -wa
    total = wa + wb + wc
    if abs(total) < 1e-12:
        raise ConstructionFailure("degenerate triangle")
    return (wa * a + wb * b + wc * c) / total


def _arc(a: Point, b: Point, theta: float) -> Circle:
    """The circle of points X with directed line angle angle(XA, XB) = theta (mod pi)."""
    phi = direction(b - a) + math.pi / 2
    x0 = _meet(Line(a, polar(phi)), Line(b, polar(phi - theta)), "arc construction lines")
    return circumcircle(a, b, x0)


def _line_dir(u: Point, v: Point) -> float:
    return direction(v - u)


def _tangent_points(a: Point, circle: Circle) -> list[Point]:
    """Touch points of the two tangents from ``a`` to ``circle``."""
    points = intersect(circle, Circle((a + circle.center) / 2, norm(a - circle.center) / 2))
    if len(points) < 2 or norm(points[0] - points[1]) < 1e-9 * circle.radius:
        raise ConstructionFailure("the point lies inside the circle: no tangent")
    return points


def _external_tangents(o: Point, ra: float, w: Point, rb: float) -> list[Point]:
    """Touch points (X, Y, Z, I) of the two external common tangents XY and ZI."""
    if abs(ra - rb) < 1e-12 * max(ra, rb):
        n = unit(perp(w - o))
        return [o + ra * n, w + rb * n, o - ra * n, w - rb * n]
    q = o + (w - o) * ra / (ra - rb)
    x, z = _tangent_points(q, Circle(o, ra))
    return [x, _foot(w, q, x), z, _foot(w, q, z)]


def _mixtilinear(rng: np.random.Generator, a: Point, b: Point, c: Point, o: Point) -> list[Point]:
    """Circle tangent to lines CA, CB and internally to circle (O, OA): touch points X, Y, Z, centre I."""
    radius = norm(a - o)
    u = unit(unit(a - c) + unit(b - c))
    k = abs(cross(unit(a - c), u))
    w = c - o
    centres = []
    for sign in (1.0, -1.0):
        qa, qb, qc = 1 - k * k, 2 * sign * dot(w, u) + 2 * radius * k, dot(w, w) - radius * radius
        disc = qb * qb - 4 * qa * qc
        if disc < 0 or qa <= 0:
            continue
        for t in ((-qb + math.sqrt(disc)) / (2 * qa), (-qb - math.sqrt(disc)) / (2 * qa)):
            if t > 1e-9 and k * t < radius * (1 - 1e-9):
                centres.append(c + sign * t * u)
    if not centres:
        raise ConstructionFailure("no circle tangent to both lines and the circle")
    i = centres[int(rng.integers(len(centres)))]
    if norm(i - o) < 1e-12:
        raise ConstructionFailure("tangent circle is concentric")
    z = o + radius * unit(i - o)
    return [_foot(i, a, c), _foot(i, b, c), z, i]


def _trisectors(a: Point, b: Point, c: Point) -> list[Point]:
    theta = math.remainder(direction(c - b) - direction(a - b), 2 * math.pi)
    return [
        _meet(Ray(b, rotate(a - b, theta * k / 3)), line_through(a, c), "trisector and side")
        for k in (1, 2)
    ]


def _three_peq(rng: np.random.Generator, a: Point, b: Point, c: Point) -> list[Point]:
    z = b + _uniform(rng, -0.5, 1.5) * (c - b)
    x = _meet(line_through(a, b), Line(2 * z - c, a - c), "side and parallel")
    return [x, 2 * z - x, z]


def _eqangle2(rng: np.random.Generator, a: Point, b: Point, c: Point) -> list[Point]:
    t = _uniform(rng, 0.2, 0.8)
    e = b + t * (c - b)
    ratio = t * dot(c - b, c - b) / dot(a - b, a - b)
    y = b + ratio * (a - b)
    return [_meet(line_through(a, e), line_through(c, y), "cevians")]


def _e5128(a: Point, b: Point, c: Point, d: Point) -> list[Point]:
    y = (a + b) / 2
    candidates = intersect(line_through(d, y), Circle(c, norm(b - c)))
    if not candidates:
        raise ConstructionFailure("line DY misses the circle")
    x = max(candidates, key=lambda p: norm(p - d))
    return [x, y]


# ---------------------------------------------------------------------------
# Free configurations (all points new)


def _free(rng):
    return [rng.uniform(-1.0, 1.0, 2)]


def _segment(rng):
    return [rng.uniform(-1.0, 1.0, 2), rng.uniform(-1.0, 1.0, 2)]


def _triangle(rng):
    c = polar(_uniform(rng, 0.2 * math.pi, 0.8 * math.pi)) * _uniform(rng, 0.5, 2.0)
    return [pt(0, 0), pt(1, 0), c]


def _quadrangle(rng):
    theta, alpha = _uniform(rng, 0, 2 * math.pi), _uniform(rng, 0.2 * math.pi, 0.8 * math.pi)
    radii = rng.uniform(0.5, 1.5, 4)
    angles = (theta, theta + alpha, theta + math.pi, theta + alpha + math.pi)
    return _random_similarity(rng, [r * polar(t) for r, t in zip(radii, angles)])


def _pentagon(rng):
    angles = np.sort(rng.uniform(0, 2 * math.pi, 5))
    return _random_similarity(rng, [polar(float(t)) for t in angles])


def _r_triangle(rng):
    return _random_similarity(rng, [pt(0, 0), pt(_uniform(rng, 0.5, 2), 0), pt(0, _uniform(rng, 0.5, 2))])


def _iso_triangle(rng):
    w, h = _uniform(rng, 0.5, 1.5), _uniform(rng, 0.5, 1.5)
    return _random_similarity(rng, [pt(0, h), pt(-w, 0), pt(w, 0)])


def _triangle12(rng):
    c = _meet(Circle(pt(0, 0), 2.0), Circle(pt(1, 0), _uniform(rng, 1.5, 2.5)), "circles")
    return _random_similarity(rng, [pt(0, 0), pt(1, 0), c])


def _risos(rng):
    return _random_similarity(rng, [pt(0, 0), pt(0, 1), pt(1, 0)])


def _ieq_triangle(rng):
    return [pt(0, 0), pt(1, 0), pt(0.5, math.sqrt(3) / 2)]


def _trapezoid(rng):
    b, d, q, h = (_uniform(rng, 1, 2), _uniform(rng, -0.5, 0.5), _uniform(rng, 0.3, 1.5), _uniform(rng, 0.5, 1.5))
    return _random_similarity(rng, [pt(0, 0), pt(b, 0), pt(d + q, h), pt(d, h)])


def _r_trapezoid(rng):
    b, q, h = _uniform(rng, 0.5, 2), _uniform(rng, 0.3, 2), _uniform(rng, 0.5, 1.5)
    return _random_similarity(rng, [pt(0, 0), pt(b, 0), pt(q, h), pt(0, h)])


def _eq_trapezoid(rng):
    w, h = _uniform(rng, 0.1, 1.0), _uniform(rng, 0.5, 1.5)
    return _random_similarity(rng, [pt(0, 0), pt(1, 0), pt(0.5 + w, h), pt(0.5 - w, h)])


def _eq_quadrangle(rng):
    b, length = _uniform(rng, 0.5, 2), _uniform(rng, 0.5, 2)
    alpha, beta = _uniform(rng, math.pi / 3, 2 * math.pi / 3), _uniform(rng, math.pi / 3, 2 * math.pi / 3)
    d = length * polar(alpha)
    c = pt(b, 0) + length * polar(beta)
    return _random_similarity(rng, [pt(0, 0), pt(b, 0), c, d])


def _eqdia_quadrangle(rng):
    length = _uniform(rng, 1, 2)
    v = polar(_uniform(rng, 0.2 * math.pi, 0.8 * math.pi))
    p, q = _uniform(rng, 0.2, 0.8) * length, _uniform(rng, 0.2, 0.8) * length
    u = pt(1, 0)
    return _random_similarity(rng, [-p * u, -q * v, (length - p) * u, (length - q) * v])


def _rectangle(rng):
    w, h = _uniform(rng, 0.5, 2), _uniform(rng, 0.5, 2)
    return _random_similarity(rng, [pt(0, 0), pt(w, 0), pt(w, h), pt(0, h)])


def _isquare(rng):
    return _random_similarity(rng, [pt(0, 0), pt(1, 0), pt(1, 1), pt(0, 1)])


# ---------------------------------------------------------------------------
# The catalogue. Columns: name, formal args with new points first marked by '*',
# preconditions, fact groups "points: facts | points: facts", sketch, is_locus.

_CATALOGUE: list[tuple[str, str, str, str, Sketch, bool]] = [
    # free configurations
    ("free", "*a", "", "", _free, False),
    ("segment", "*a *b", "", "", _segment, False),
    ("triangle", "*a *b *c", "", "", _triangle, False),
    ("quadrangle", "*a *b *c *d", "", "", _quadrangle, False),
    ("pentagon", "*a *b *c *d *e", "", "", _pentagon, False),
    ("r_triangle", "*a *b *c", "", "a b c: perp a b a c", _r_triangle, False),
    ("iso_triangle", "*a *b *c", "", "a b c: cong a b a c, eqangle b a b c c b c a", _iso_triangle, False),
    ("triangle12", "*a *b *c", "", "a b c: rconst a b a c 1/2", _triangle12, False),
    ("risos", "*a *b *c", "", "a b c: perp a b a c, cong a b a c", _risos, False),
    ("ieq_triangle", "*a *b *c", "", "a b c: cong a b b c, cong b c c a", _ieq_triangle, False),
    ("trapezoid", "*a *b *c *d", "", "a b c d: para a b c d", _trapezoid, False),
    ("r_trapezoid", "*a *b *c *d", "", "a b c d: para a b c d, perp a b a d", _r_trapezoid, False),
    ("eq_trapezoid", "*a *b *c *d", "", "a b c d: para d c a b, cong d a b c", _eq_trapezoid, False),
    ("eq_quadrangle", "*a *b *c *d", "", "a b c d: cong d a b c", _eq_quadrangle, False),
    ("eqdia_quadrangle", "*a *b *c *d", "", "a b c d: cong d b a c", _eqdia_quadrangle, False),
    ("rectangle", "*a *b *c *d", "", "a b c d: perp a b b c, para a b c d, para a d b c", _rectangle, False),
    ("isquare", "*a *b *c *d", "",
     "a b c d: perp a b b c, cong a b b c, para a b c d, para a d b c", _isquare, False),
    # one-point loci
    ("on_line", "*x a b", "diff a b", "x: coll x a b", lambda r, a, b: Line(a, b - a), True),
    ("on_opline", "*x a b", "diff a b", "x: coll x a b", lambda r, a, b: Ray(a, a - b), True),
    ("on_pline", "*x a b c", "diff b c, ncoll a b c", "x: para x a b c", lambda r, a, b, c: Line(a, c - b), True),
    ("on_tline", "*x a b c", "diff b c", "x: perp x a b c", lambda r, a, b, c: Line(a, perp(c - b)), True),
    ("lc_tangent", "*x a o", "diff a o", "x: perp a x a o", lambda r, a, o: Line(a, perp(a - o)), True),
    ("on_bline", "*x a b", "diff a b", "x: cong x a x b, eqangle a x a b b a b x",
     lambda r, a, b: Line((a + b) / 2, perp(b - a)), True),
    ("on_circle", "*x o a", "diff o a", "x: cong o x o a", lambda r, o, a: Circle(o, norm(a - o)), True),
    ("eqdistance", "*x a b c", "diff b c", "x: cong x a b c", lambda r, a, b, c: Circle(a, norm(c - b)), True),
    ("on_dia", "*x a b", "diff a b", "x: perp x a x b", lambda r, a, b: Circle((a + b) / 2, norm(b - a) / 2), True),
    ("on_circum", "*x a b c", "ncoll a b c", "x: cyclic a b c x", lambda r, a, b, c: circumcircle(a, b, c), True),
    ("angle_bisector", "*x a b c", "ncoll a b c", "x: eqangle b a b x b x b c",
     lambda r, a, b, c: Line(b, unit(a - b) + unit(c - b)), True),
    ("angle_mirror", "*x a b c", "ncoll a b c", "x: eqangle b a b c b c b x",
     lambda r, a, b, c: Ray(b, polar(2 * direction(c - b) - direction(a - b))), True),
    ("on_aline", "*x a b c d e", "ncoll c d e", "x: eqangle a x a b d c d e",
     lambda r, a, b, c, d, e: Ray(a, polar(direction(b - a) + direction(c - d) - direction(e - d))), True),
    ("on_aline2", "*x a b c d e", "ncoll c d e", "x: eqangle x a x b d c d e",
     lambda r, a, b, c, d, e: _arc(a, b, _line_dir(d, c) - _line_dir(d, e)), True),
    ("eqangle3", "*x a b d e f", "ncoll d e f, diff a b, diff d e, diff e f", "x: eqangle x a x b d e d f",
     lambda r, a, b, d, e, f: _arc(a, b, _line_dir(d, e) - _line_dir(d, f)), True),
    ("s_angle", "a b *x #y", "diff a b", "x: s_angle a b x y",
     lambda r, a, b, y: Line(b, rotate(a - b, math.radians(y))), True),
    ("eqangle2", "*x a b c", "ncoll a b c", "x: eqangle a b a x c x c b", _eqangle2, False),
    # determined single points
    ("midpoint", "*x a b", "diff a b", "x: coll x a b, cong x a x b", lambda r, a, b: [(a + b) / 2], False),
    ("mirror", "*x a b", "diff a b", "x: coll x a b, cong b a b x", lambda r, a, b: [2 * b - a], False),
    ("reflect", "*x a b c", "diff b c, ncoll a b c", "x: cong b a b x, cong c a c x",
     lambda r, a, b, c: [reflect_in_line(a, b, c)], False),
    ("foot", "*x a b c", "ncoll a b c", "x: perp x a b c, coll x b c", lambda r, a, b, c: [_foot(a, b, c)], False),
    ("circle", "*x a b c", "ncoll a b c", "x: cong x a x b, cong x b x c",
     lambda r, a, b, c: [circumcenter(a, b, c)], False),
    ("circumcenter", "*x a b c", "ncoll a b c", "x: cong x a x b, cong x b x c",
     lambda r, a, b, c: [circumcenter(a, b, c)], False),
    ("orthocenter", "*x a b c", "ncoll a b c", "x: perp x a b c, perp x b c a",
     lambda r, a, b, c: [_meet(Line(a, perp(c - b)), Line(b, perp(a - c)), "altitudes")], False),
    ("incenter", "*x a b c", "ncoll a b c", "x: eqangle a b a x a x a c, eqangle c a c x c x c b",
     lambda r, a, b, c: [_incenter(a, b, c)], False),
    ("excenter", "*x a b c", "ncoll a b c", "x: eqangle a b a x a x a c, eqangle c a c x c x c b",
     lambda r, a, b, c: [_incenter(a, b, c, opposite_a=True)], False),
    ("parallelogram", "a b c *x", "ncoll a b c", "x: para a b c x, para a x b c",
     lambda r, a, b, c: [a + c - b], False),
    ("shift", "*x b c d", "diff d b", "x: cong x b c d, cong x c b d", lambda r, b, c, d: [b + c - d], False),
    ("psquare", "*x a b", "diff a b", "x: cong x a a b, perp x a a b", lambda r, a, b: [a + perp(b - a)], False),
    ("nsquare", "*x a b", "diff a b", "x: cong x a a b, perp x a a b", lambda r, a, b: [a - perp(b - a)], False),
    ("eq_triangle", "*x b c", "diff b c", "x: cong x b b c, cong b c c x",
     lambda r, b, c: [b + rotate(c - b, math.pi / 3 if r.random() < 0.5 else -math.pi / 3)], False),
    ("intersection_ll", "*x a b c d", "npara a b c d, ncoll a b c d", "x: coll x a b, coll x c d",
     lambda r, a, b, c, d: [_meet(line_through(a, b), line_through(c, d), "lines")], False),
    ("intersection_lp", "*x a b c m n", "npara m n a b, ncoll a b c, ncoll c m n", "x: coll x a b, para c x m n",
     lambda r, a, b, c, m, n: [_meet(line_through(a, b), Line(c, n - m), "lines")], False),
    ("intersection_lt", "*x a b c d e", "ncoll a b c, nperp a b d e", "x: coll x a b, perp x c d e",
     lambda r, a, b, c, d, e: [_meet(line_through(a, b), Line(c, perp(e - d)), "lines")], False),
    ("intersection_pp", "*x a b c d e f", "diff a d, npara b c e f", "x: para x a b c, para x d e f",
     lambda r, a, b, c, d, e, f: [_meet(Line(a, c - b), Line(d, f - e), "lines")], False),
    ("intersection_tt", "*x a b c d e f", "diff a d, npara b c e f", "x: perp x a b c, perp x d e f",
     lambda r, a, b, c, d, e, f: [_meet(Line(a, perp(c - b)), Line(d, perp(f - e)), "lines")], False),
    ("intersection_lc", "*x a o b", "diff a b, diff o b, nperp b o b a", "x: coll x a b, cong o b o x",
     lambda r, a, o, b: [2 * _foot(o, a, b) - b], False),
    ("intersection_cc", "*x o w a", "ncoll o w a", "x: cong o a o x, cong w a w x",
     lambda r, o, w, a: [reflect_in_line(a, o, w)], False),
    # multi-point constructions
    ("incenter2", "*x *y *z *i a b c", "ncoll a b c",
     "i: eqangle a b a i a i a c, eqangle c a c i c i c b | x: coll x b c, perp i x b c"
     " | y: coll y c a, perp i y c a | z: coll z a b, perp i z a b",
     lambda r, a, b, c: _with_feet(_incenter(a, b, c), a, b, c), False),
    ("excenter2", "*x *y *z *i a b c", "ncoll a b c",
     "i: eqangle a b a i a i a c, eqangle c a c i c i c b | x: coll x b c, perp i x b c"
     " | y: coll y c a, perp i y c a | z: coll z a b, perp i z a b",
     lambda r, a, b, c: _with_feet(_incenter(a, b, c, opposite_a=True), a, b, c), False),
    ("centroid", "*x *y *z *i a b c", "ncoll a b c",
     "x: coll x b c, cong x b x c | y: coll y c a, cong y c y a | z: coll z a b, cong z a z b"
     " | i: coll a x i, coll b y i",
     lambda r, a, b, c: [(b + c) / 2, (c + a) / 2, (a + b) / 2, (a + b + c) / 3], False),
    ("ninepoints", "*x *y *z *i a b c", "ncoll a b c",
     "x: coll x b c, cong x b x c | y: coll y c a, cong y c y a | z: coll z a b, cong z a z b"
     " | i: cong i x i y, cong i y i z",
     lambda r, a, b, c: [(b + c) / 2, (c + a) / 2, (a + b) / 2, circumcenter((b + c) / 2, (c + a) / 2, (a + b) / 2)],
     False),
    ("square", "a b *x *y", "diff a b", "x y: perp a b b x, cong a b b x, para a b x y, para a y b x",
     lambda r, a, b: [b + perp(b - a), a + perp(b - a)], False),
    ("trisegment", "*x *y a b", "diff a b", "x y: coll x a b, coll y a b, cong x a x y, cong y x y b",
     lambda r, a, b: [a + (b - a) / 3, a + 2 * (b - a) / 3], False),
    ("trisect", "*x *y a b c", "ncoll a b c",
     "x y: coll x a c, coll y a c, eqangle b a b x b x b y, eqangle b x b y b y b c",
     lambda r, a, b, c: _trisectors(a, b, c), False),
    ("tangent", "*x *y a o b", "diff o a, diff o b, diff a b",
     "x: cong o x o b, perp a x o x | y: cong o y o b, perp a y o y",
     lambda r, a, o, b: _tangent_points(a, Circle(o, norm(b - o))), False),
    ("cc_tangent0", "*x *y o a w b", "diff o a, diff w b, diff o w",
     "x y: cong o x o a, cong w y w b, perp x o x y, perp y w y x",
     lambda r, o, a, w, b: _external_tangents(o, norm(a - o), w, norm(b - w))[:2], False),
    ("cc_tangent", "*x *y *z *i o a w b", "diff o a, diff w b, diff o w",
     "x y: cong o x o a, cong w y w b, perp x o x y, perp y w y x"
     " | z i: cong o z o a, cong w i w b, perp z o z i, perp i w i z",
     lambda r, o, a, w, b: _external_tangents(o, norm(a - o), w, norm(b - w)), False),
    ("3peq", "*x *y *z a b c", "ncoll a b c",
     "z: coll z b c | x y: coll x a b, coll y a c, coll x y z, cong z x z y", _three_peq, False),
    ("e5128", "*x *y a b c d", "cong c b c d, perp b c b a",
     "x y: cong c b c x, coll y a b, coll x y d, eqangle a b a d x a x y",
     lambda r, a, b, c, d: _e5128(a, b, c, d), False),
    ("2l1c", "*x *y *z *i a b c o", "cong o a o b, ncoll a b c",
     "x y z i: coll x a c, coll y b c, cong o a o z, coll i o z, cong i x i y, cong i y i z,"
     " perp i x a c, perp i y b c", _mixtilinear, False),
]


def _with_feet(i: Point, a: Point, b: Point, c: Point) -> list[Point]:
    return [_foot(i, b, c), _foot(i, c, a), _foot(i, a, b), i]


COMPLETING_FACTS: dict[str, str] = {
    "risos": "a b c: eqangle b a b c c b c a",
    "rectangle": "a b c d: cong a b c d, cong a d b c, cong a c b d",
    "isquare": "a b c d: cong b c c d, cong c d d a, cong a c b d, perp a c b d",
    "reflect": "x: perp a x b c",
    "orthocenter": "x: perp x c a b",
    "incenter": "x: eqangle b a b x b x b c",
    "excenter": "x: eqangle b a b x b x b c",
    "incenter2": "i: eqangle b a b i b i b c, cong i x i y, cong i y i z",
    "excenter2": "i: eqangle b a b i b i b c, cong i x i y, cong i y i z",
    "centroid": "i: coll c z i",
    "parallelogram": "x: cong a b c x, cong a x b c",
    "square": "x y: cong b x x y, cong x y y a, cong a x b y, perp a x b y",
}
"""Facts we assert beyond the public reference.

The reference leaves some defining properties of a construction unasserted (the third
altitude of an orthocentre, the third bisector of an incentre, the equal sides of a
parallelogram, ...), so its prover must re-derive them, often with auxiliary points.
They hold for every placement of the construction and are part of what the
construction means, so we assert them: a proof may cite them as premises. Everything
else asserted is listed in the catalogue, as the reference does.
"""


def _parse_groups(text: str) -> tuple[tuple[tuple[str, ...], tuple[Fact, ...]], ...]:
    groups = []
    for part in text.split("|"):
        if part.strip():
            head, body = part.split(":")
            groups.append((tuple(head.split()), _parse_facts(body)))
    return tuple(groups)


def build_catalogue(rows: list[tuple[str, str, str, str, Sketch, bool]], completing: dict[str, str],
                    number_kinds: dict[str, str] | None = None) -> dict[str, ConstructionDef]:
    """Catalogue entries from rows (name, formal args, preconditions, fact groups, sketch, is_locus)."""
    catalogue = {}
    for name, formal, pre, facts, sketch, is_locus in rows:
        tokens = formal.split()
        args = tuple(t.lstrip("*#") for t in tokens)
        new = tuple(t[1:] for t in tokens if t.startswith("*"))
        numbers = tuple(t[1:] for t in tokens if t.startswith("#"))
        groups = _parse_groups(facts) + _parse_groups(completing.get(name, ""))
        kind = (number_kinds or {}).get(name, "degrees")
        catalogue[name] = ConstructionDef(name, args, new, numbers, _parse_facts(pre), groups, sketch, is_locus, kind)
    return catalogue


REFERENCE_CONSTRUCTIONS: dict[str, ConstructionDef] = build_catalogue(_CATALOGUE, COMPLETING_FACTS)
"""The 68 constructions of the reference language."""

from .constructions_newclid import NEWCLID_CONSTRUCTIONS  # noqa: E402  (it builds on the helpers above)

CONSTRUCTIONS: dict[str, ConstructionDef] = {**REFERENCE_CONSTRUCTIONS, **NEWCLID_CONSTRUCTIONS}
"""Every construction we read: the reference's and Newclid's extra ones (``constructions_newclid``)."""
