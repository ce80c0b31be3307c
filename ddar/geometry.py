"""Numeric plane geometry on float64 numpy vectors: loci and their intersections.

Points are ``numpy`` arrays of shape (2,). Loci are lines, rays and circles.
Intersections return a list of candidate points (possibly empty).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

Point = np.ndarray

# Below this |sin| two lines are treated as parallel when intersected.
PARALLEL_SIN = 1e-6
# A line or circle missing a circle by less than this (relative, squared) touches it:
# theorems about tangency must survive rounding errors.
TANGENT_EPS = 1e-11


def pt(x: float, y: float) -> Point:
    """A point from two coordinates."""
    return np.array([x, y], dtype=np.float64)


def norm(v: Point) -> float:
    return math.hypot(v[0], v[1])


def unit(v: Point) -> Point:
    n = norm(v)
    if n == 0.0:
        raise ZeroDivisionError("zero vector has no direction")
    return v / n


def cross(u: Point, v: Point) -> float:
    return float(u[0] * v[1] - u[1] * v[0])


def dot(u: Point, v: Point) -> float:
    return float(u[0] * v[0] + u[1] * v[1])


def rotate(v: Point, angle: float) -> Point:
    """Rotate vector ``v`` counter-clockwise by ``angle`` radians."""
    c, s = math.cos(angle), math.sin(angle)
    return np.array([c * v[0] - s * v[1], s * v[0] + c * v[1]])


def perp(v: Point) -> Point:
    """``v`` turned by +90 degrees."""
    return np.array([-v[1], v[0]])


def polar(angle: float) -> Point:
    return np.array([math.cos(angle), math.sin(angle)])


def direction(v: Point) -> float:
    """Angle of vector ``v`` with the x-axis, in (-pi, pi]."""
    return math.atan2(v[1], v[0])


@dataclass(frozen=True)
class Line:
    """The line through ``p`` with direction ``d`` (not necessarily unit)."""

    p: Point
    d: Point


@dataclass(frozen=True)
class Ray:
    """The half-line from ``p`` in direction ``d``."""

    p: Point
    d: Point


@dataclass(frozen=True)
class Circle:
    center: Point
    radius: float


Locus = Line | Ray | Circle


def line_through(a: Point, b: Point) -> Line:
    return Line(a, b - a)


def project(p: Point, line: Line | Ray) -> Point:
    """Orthogonal projection of ``p`` on the line carrying ``line``."""
    d = unit(line.d)
    return line.p + dot(p - line.p, d) * d


def reflect_in_line(p: Point, a: Point, b: Point) -> Point:
    return 2.0 * project(p, line_through(a, b)) - p


def circumcenter(a: Point, b: Point, c: Point) -> Point:
    """Centre of the circle through three non-collinear points."""
    ab, ac = b - a, c - a
    den = 2.0 * cross(ab, ac)
    if abs(den) < 1e-14 * max(1.0, norm(ab) * norm(ac)):
        raise ZeroDivisionError("collinear points have no circumcentre")
    bb, cc = dot(ab, ab), dot(ac, ac)
    return a + np.array([ac[1] * bb - ab[1] * cc, ab[0] * cc - ac[0] * bb]) / den


def circumcircle(a: Point, b: Point, c: Point) -> Circle:
    o = circumcenter(a, b, c)
    return Circle(o, norm(a - o))


def _ray_filter(locus: Locus, points: list[Point]) -> list[Point]:
    if not isinstance(locus, Ray):
        return points
    scale = norm(locus.d)
    return [q for q in points if dot(q - locus.p, locus.d) >= -1e-12 * scale * scale]


def _intersect_lines(l1: Line | Ray, l2: Line | Ray) -> list[Point]:
    den = cross(l1.d, l2.d)
    if abs(den) < PARALLEL_SIN * norm(l1.d) * norm(l2.d):
        return []
    t = cross(l2.p - l1.p, l2.d) / den
    return [l1.p + t * l1.d]


def _intersect_line_circle(line: Line | Ray, circle: Circle) -> list[Point]:
    foot = project(circle.center, line)
    h2 = circle.radius ** 2 - dot(foot - circle.center, foot - circle.center)
    if h2 < -TANGENT_EPS * circle.radius ** 2:
        return []
    h = math.sqrt(max(h2, 0.0))
    d = unit(line.d)
    return [foot + h * d, foot - h * d]


def _intersect_circles(c1: Circle, c2: Circle) -> list[Point]:
    v = c2.center - c1.center
    dist = norm(v)
    if dist == 0.0:
        return []
    a = (c1.radius ** 2 - c2.radius ** 2 + dist ** 2) / (2.0 * dist)
    h2 = c1.radius ** 2 - a * a
    if h2 < -TANGENT_EPS * c1.radius ** 2:
        return []
    u = v / dist
    base = c1.center + a * u
    h = math.sqrt(max(h2, 0.0))
    return [base + h * perp(u), base - h * perp(u)]


def intersect(l1: Locus, l2: Locus) -> list[Point]:
    """All intersection points of two loci (rays keep only points ahead of their origin)."""
    if isinstance(l1, Circle) and isinstance(l2, Circle):
        points = _intersect_circles(l1, l2)
    elif isinstance(l1, Circle):
        points = _intersect_line_circle(l2, l1)
    elif isinstance(l2, Circle):
        points = _intersect_line_circle(l1, l2)
    else:
        points = _intersect_lines(l1, l2)
    return _ray_filter(l2, _ray_filter(l1, points))


def line_angle(a: Point, b: Point) -> float:
    """Direction of line AB in [0, pi)."""
    return direction(b - a) % math.pi


def angle_mod_pi_distance(x: float) -> float:
    """Distance of angle ``x`` from the nearest multiple of pi."""
    r = x % math.pi
    return min(r, math.pi - r)
