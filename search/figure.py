"""The numeric objects of a diagram that auxiliary points are built from: its lines (two or more
points), its circles (four or more points, or a named centre, or a salient triangle's circumcircle),
and a candidate point with the constructions that place it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from ddar import Clause, Construction, Problem
from ddar.geometry import Point, circumcenter, cross, norm


@dataclass(frozen=True)
class Circ:
    points: tuple[str, ...]
    centre: str | None
    center_xy: tuple[float, float]
    radius: float


def figure_lines(points: dict[str, Point], names: list[str], scale: float) -> list[tuple[str, ...]]:
    seen, out = set(), []
    for a, b in combinations(names, 2):
        d = points[b] - points[a]
        on = tuple(n for n in names if abs(cross(d, points[n] - points[a])) <= 1e-9 * norm(d) * scale)
        if frozenset(on) not in seen:
            seen.add(frozenset(on))
            out.append(on)
    return out


TRIANGLE_CENTRES = {"orthocenter", "incenter", "incenter2", "excenter", "excenter2", "centroid", "ninepoints",
                    "circle", "circumcenter"}


def salient_triangles(problem: Problem) -> set[frozenset[str]]:
    """Triangles whose circumcircle is worth proposing points on even with no fourth point on it: those a
    clause builds (``a b c = triangle``), those a triangle centre is built from, and those of the goal's points."""
    out: set[frozenset[str]] = set()
    for clause in problem.clauses:
        if len(clause.points) >= 3:
            out.update(frozenset(t) for t in combinations(clause.points, 3))
        for c in clause.constructions:
            if c.name in TRIANGLE_CENTRES and len(set(c.args[-3:])) == 3:
                out.add(frozenset(c.args[-3:]))
    goal = list(dict.fromkeys(problem.goal.points))
    if len(goal) <= 4:
        out.update(frozenset(t) for t in combinations(goal, 3))
    return out


def figure_circles(points: dict[str, Point], names: list[str], scale: float,
                   salient: set[frozenset[str]] = frozenset()) -> list[Circ]:
    """Circles through four or more points, through two or more around a named centre, or through the three
    points of a ``salient`` triangle."""
    seen, out = set(), []
    for o in names:
        by_radius: dict[float, list[str]] = {}
        for n in names:
            if n != o:
                by_radius.setdefault(round(norm(points[n] - points[o]) / scale, 9), []).append(n)
        for r, on in by_radius.items():
            if len(on) >= 2 and frozenset(on) not in seen:
                seen.add(frozenset(on))
                xy = points[o]
                out.append(Circ(tuple(on), o, (float(xy[0]), float(xy[1])), r * scale))
    for a, b, c in combinations(names, 3):
        try:
            o = circumcenter(points[a], points[b], points[c])
        except ZeroDivisionError:
            continue
        r = norm(points[a] - o)
        if r > 20 * scale:
            continue
        on = tuple(n for n in names if abs(norm(points[n] - o) - r) <= 1e-9 * max(r, scale))
        if frozenset(on) in seen:
            continue
        seen.add(frozenset(on))
        centre = next((n for n in names if norm(points[n] - o) <= 1e-9 * scale), None)
        if len(on) >= 4 or centre is not None or frozenset(on) in salient:
            out.append(Circ(on, centre, (float(o[0]), float(o[1])), r))
    return out


@dataclass(frozen=True)
class Spec:
    """The constructions of a one-point clause (the point's name left out), pinned where a locus has two branches."""

    constructions: tuple[tuple[str, ...], ...]
    pinned: bool = False


def point_spec(*constructions: tuple[str, ...], xy: Point | None = None) -> Spec:
    return Spec(constructions, xy is not None)


@dataclass
class Candidate:
    spec: Spec
    xy: Point
    parents: frozenset[str]
    kind: str

    def clause(self, name: str) -> Clause:
        return single_point_clause(name, *self.spec.constructions, xy=self.xy if self.spec.pinned else None)


def single_point_clause(name: str, *constructions: tuple[str, ...], xy: Point | None = None) -> Clause:
    """A clause building the point ``name`` by ``constructions`` (pinned at ``xy`` where a locus has two branches)."""
    pins = ((name, float(xy[0]), float(xy[1])),) if xy is not None else ()
    return Clause((name,), tuple(Construction(c[0], (name, *c[1:])) for c in constructions), pins)


def circle_spec(circle: Circ) -> tuple[str, ...]:
    if circle.centre is not None:
        return ("on_circle", circle.centre, next(p for p in circle.points if p != circle.centre))
    return ("on_circum", *circle.points[:3])


def meet_lines_xy(p: Point, d: Point, q: Point, e: Point, perpendicular: bool = False) -> Point | None:
    if perpendicular:
        d, e = np.array([-d[1], d[0]]), np.array([-e[1], e[0]])
    den = cross(d, e)
    if abs(den) < 1e-6 * norm(d) * norm(e):
        return None
    return p + d * (cross(q - p, e) / den)


def meet_lines(points, l1, l2) -> Point | None:
    if set(l1) & set(l2):
        return None
    a, b, c, d = (points[n] for n in (l1[0], l1[1], l2[0], l2[1]))
    return meet_lines_xy(a, b - a, c, d - c)


def meet_line_circle(points, line, circle: Circ) -> list[Point]:
    a, b = points[line[0]], points[line[1]]
    return meet_line_circle_xy(a, b - a, circle)


def meet_line_circle_xy(a: Point, direction: Point, circle: Circ) -> list[Point]:
    """Where the line through ``a`` along ``direction`` meets the circle."""
    d = direction / norm(direction)
    o = np.array(circle.center_xy)
    t0 = float(np.dot(o - a, d))
    h2 = circle.radius ** 2 - float(np.dot(a + t0 * d - o, a + t0 * d - o))
    if h2 <= 0:
        return []
    h = math.sqrt(h2)
    return [a + (t0 + h) * d, a + (t0 - h) * d]


def meet_circles(c1: Circ, c2: Circ) -> list[Point]:
    o1, o2 = np.array(c1.center_xy), np.array(c2.center_xy)
    v = o2 - o1
    dist = norm(v)
    if dist < 1e-12:
        return []
    a = (c1.radius ** 2 - c2.radius ** 2 + dist ** 2) / (2 * dist)
    h2 = c1.radius ** 2 - a * a
    if h2 <= 0:
        return []
    u = v / dist
    base, h = o1 + a * u, math.sqrt(h2)
    return [base + h * np.array([-u[1], u[0]]), base - h * np.array([-u[1], u[0]])]

