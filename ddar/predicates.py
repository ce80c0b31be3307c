"""Numeric truth of every predicate of the language on a diagram's coordinates.

Tolerances are relative: lengths are compared to ``TOL`` times the diagram's scale
(its radius around the centroid), angles to ``TOL`` radians. Angles are full angles
between lines, taken modulo pi.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from .facts import LINEAR_EQUATIONS, Fact, linear_terms, parse_constant
from .geometry import Point, angle_mod_pi_distance, circumcircle, cross, direction, line_angle, norm

TOL = 1e-9

Check = Callable[[list[Point], tuple[str, ...], float], bool]


def _dist(a: Point, b: Point) -> float:
    return norm(a - b)


def _distinct(points: list[Point], scale: float) -> list[Point]:
    out: list[Point] = []
    for p in points:
        if all(_dist(p, q) > TOL * scale for q in out):
            out.append(p)
    return out


def _coll(p: list[Point], scale: float) -> bool:
    pts = _distinct(p, scale)
    if len(pts) < 3:
        return True
    a = pts[0]
    b = max(pts[1:], key=lambda q: _dist(a, q))
    ab = _dist(a, b)
    return all(abs(cross(b - a, q - a)) / ab <= TOL * scale for q in pts)


def _nonzero(a: Point, b: Point, scale: float) -> bool:
    return _dist(a, b) > TOL * scale


def _angle_between(a: Point, b: Point, c: Point, d: Point) -> float:
    return line_angle(a, b) - line_angle(c, d)


def _para(p: list[Point], scale: float) -> bool:
    a, b, c, d = p
    return _nonzero(a, b, scale) and _nonzero(c, d, scale) and angle_mod_pi_distance(_angle_between(a, b, c, d)) <= TOL


def _perp(p: list[Point], scale: float) -> bool:
    a, b, c, d = p
    return (_nonzero(a, b, scale) and _nonzero(c, d, scale)
            and angle_mod_pi_distance(_angle_between(a, b, c, d) - math.pi / 2) <= TOL)


def _cong(p: list[Point], scale: float) -> bool:
    a, b, c, d = p
    return abs(_dist(a, b) - _dist(c, d)) <= TOL * scale


def _cyclic(p: list[Point], scale: float) -> bool:
    pts = _distinct(p, scale)
    if len(pts) < 4:
        return True
    if _coll(pts[:3], scale):
        return False
    circle = circumcircle(*pts[:3])
    return all(abs(_dist(q, circle.center) - circle.radius) <= TOL * max(scale, circle.radius) for q in pts[3:])


def _eqangle(p: list[Point], scale: float) -> bool:
    a, b, c, d, e, f, g, h = p
    if not all(_nonzero(u, v, scale) for u, v in ((a, b), (c, d), (e, f), (g, h))):
        return False
    return angle_mod_pi_distance(_angle_between(a, b, c, d) - _angle_between(e, f, g, h)) <= TOL


def _eqratio(p: list[Point], scale: float) -> bool:
    a, b, c, d, e, f, g, h = p
    return abs(_dist(a, b) * _dist(g, h) - _dist(c, d) * _dist(e, f)) <= TOL * scale * scale


def _eqratio3(p: list[Point], scale: float) -> bool:
    a, b, c, d, o, _ = p
    return (_para([a, b, c, d], scale) and _coll([o, a, c], scale) and _coll([o, b, d], scale)
            and _eqratio([o, a, o, c, o, b, o, d], scale))


def _similar(p: list[Point], scale: float, mirrored: bool) -> bool:
    a, b, c, x, y, z = (complex(q[0], q[1]) for q in p)
    if mirrored:
        x, y, z = x.conjugate(), y.conjugate(), z.conjugate()
    # (b - a) / (c - a) == (y - x) / (z - x), cross-multiplied to avoid division.
    return abs((b - a) * (z - x) - (c - a) * (y - x)) <= TOL * scale * scale and abs(c - a) > TOL * scale


def _congruent(p: list[Point], scale: float, mirrored: bool) -> bool:
    return _similar(p, scale, mirrored) and _cong([p[0], p[1], p[3], p[4]], scale)


def _sameside(p: list[Point], scale: float) -> bool:
    b, a, c, y, x, z = p
    return (float((b - a) @ (b - c)) > 0) == (float((y - x) @ (y - z)) > 0)


def _sameclock(p: list[Point], scale: float) -> bool:
    a, b, c, d, e, f = p
    s1, s2 = cross(b - a, c - a), cross(e - d, f - d)
    tol = TOL * scale * scale
    return abs(s1) > tol and abs(s2) > tol and (s1 > 0) == (s2 > 0)


def _obtuse(p: list[Point], scale: float) -> bool:
    a, b, c = p
    return _nonzero(a, b, scale) and _nonzero(c, b, scale) and float((a - b) @ (c - b)) < -TOL * scale * scale


_POINT_CHECKS: dict[str, Callable[[list[Point], float], bool]] = {
    "coll": _coll,
    "ncoll": lambda p, s: not _coll(p, s),
    "para": _para,
    "npara": lambda p, s: not _para(p, s),
    "perp": _perp,
    "nperp": lambda p, s: not _perp(p, s),
    "cong": _cong,
    "cyclic": _cyclic,
    "circle": lambda p, s: all(_cong([p[0], p[1], p[0], q], s) for q in p[2:]),
    "midp": lambda p, s: _coll(p, s) and _cong([p[0], p[1], p[0], p[2]], s),
    "eqangle": _eqangle,
    "eqangle6": _eqangle,
    "eqratio": _eqratio,
    "eqratio6": _eqratio,
    "eqratio3": _eqratio3,
    "simtri": lambda p, s: _similar(p, s, False),
    "simtri2": lambda p, s: _similar(p, s, True),
    "simtri*": lambda p, s: _similar(p, s, False) or _similar(p, s, True),
    "contri": lambda p, s: _congruent(p, s, False),
    "contri2": lambda p, s: _congruent(p, s, True),
    "contri*": lambda p, s: _congruent(p, s, False) or _congruent(p, s, True),
    "sameside": _sameside,
    "nsameside": lambda p, s: not _sameside(p, s),
    "sameclock": _sameclock,
    "obtuse_angle": _obtuse,
    "diff": lambda p, s: _nonzero(p[0], p[1], s),
    # 'find x' goals hold wherever their quantity is defined
    "acompute": lambda p, s: _nonzero(p[0], p[1], s) and _nonzero(p[2], p[3], s),
    "rcompute": lambda p, s: _nonzero(p[0], p[1], s) and _nonzero(p[2], p[3], s),
    "lcompute": lambda p, s: _nonzero(p[0], p[1], s),
}


def _aconst(p: list[Point], value: float, scale: float) -> bool:
    a, b, c, d = p
    return (_nonzero(a, b, scale) and _nonzero(c, d, scale)
            and angle_mod_pi_distance(_angle_between(a, b, c, d) - value * math.pi) <= TOL)


def _rconst(p: list[Point], value: float, scale: float) -> bool:
    a, b, c, d = p
    return abs(_dist(a, b) - value * _dist(c, d)) <= TOL * scale


def _r2const(p: list[Point], value: float, scale: float) -> bool:
    a, b, c, d = p
    return abs(_dist(a, b) ** 2 - value * _dist(c, d) ** 2) <= TOL * scale * scale


def _lconst(p: list[Point], value: float, scale: float) -> bool:
    a, b = p
    return abs(_dist(a, b) - value) <= TOL * max(scale, value)


def _s_angle(p: list[Point], degrees: float, scale: float) -> bool:
    a, b, x = p
    turn = direction(x - b) - direction(a - b) - math.radians(degrees)
    return _nonzero(a, b, scale) and _nonzero(x, b, scale) and abs(math.remainder(turn, 2 * math.pi)) <= TOL


_CONSTANT_CHECKS = {"aconst": ("angle", _aconst), "rconst": ("ratio", _rconst), "s_angle": ("degrees", _s_angle),
                    "r2const": ("ratio", _r2const), "lconst": ("length", _lconst)}


def diagram_scale(points: Mapping[str, Point]) -> float:
    """Largest distance of a point from the centroid (1 for fewer than two points)."""
    if len(points) < 2:
        return 1.0
    coords = list(points.values())
    centre = sum(coords) / len(coords)
    return max(max(_dist(p, centre) for p in coords), 1e-12)


def _linear_holds(fact: Fact, points: Mapping[str, Point], scale: float) -> bool:
    terms, constant = linear_terms(fact)
    if fact.pred == "lequation":
        total = sum(float(c) * math.prod(_dist(points[pts[i]], points[pts[i + 1]]) for i in range(0, len(pts), 2))
                    for c, pts in terms) - float(constant)
        return abs(total) <= TOL * scale * max(1.0, sum(abs(float(c)) for c, _ in terms))
    total = sum(float(c) * _angle_between(points[c_], points[d], points[a], points[b])
                for c, (a, b, c_, d) in terms) - float(constant) * math.pi
    return angle_mod_pi_distance(total) <= TOL * max(1.0, sum(abs(float(c)) for c, _ in terms))


def holds(fact: Fact, points: Mapping[str, Point], scale: float | None = None) -> bool:
    """Whether ``fact`` is numerically true for the coordinates ``points``."""
    if scale is None:
        scale = diagram_scale(points)
    if fact.pred in LINEAR_EQUATIONS:
        return _linear_holds(fact, points, scale)
    if fact.pred in _CONSTANT_CHECKS:
        kind, check = _CONSTANT_CHECKS[fact.pred]
        value = float(parse_constant(kind, fact.args[-1]))
        return check([points[a] for a in fact.args[:-1]], value, scale)
    return _POINT_CHECKS[fact.pred]([points[a] for a in fact.args], scale)
