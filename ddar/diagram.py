"""Numeric diagrams: float64 coordinates for every point of a problem, from one seed.

Clauses are placed in order with one seeded ``numpy.random.Generator``. A clause with
one locus takes a random point on it; two loci are intersected (the seed chooses
between two solutions, preferring one that is not an existing point). A sample is
rejected when a precondition fails, loci do not meet, a new point is too close to
another or too far away, or the goal is false; then the whole diagram is drawn again
with the generator's fresh randomness. The same problem and seed give the same
coordinates, bit for bit.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .constructions import ConstructionFailure
from .errors import DiagramError
from .facts import Fact, parse_constant
from .geometry import Circle, Locus, Point, Ray, cross, dot, intersect, norm, pt, unit
from .predicates import diagram_scale, holds
from .problem import Clause, Construction, Problem

MAX_ATTEMPTS = 1000
CANDIDATES_PER_LOCUS = 2  # keep the one farthest from existing points
TOO_CLOSE = 0.01  # times the diagram's radius
TOO_FAR = 20.0  # times the diagram's radius
PIN_TOLERANCE = 1e-6  # how far a pinned constructed point may be from its construction, times the radius
CHECK_SECONDS = 2.0
"""Time limit for drawing one diagram of a user's problem when checking it (``geoprover check``, the proof
checker): every shipped and benchmark problem draws in well under 0.5 s, while one whose goal is false in general
would otherwise spend all MAX_ATTEMPTS samples rejecting it."""


@dataclass
class Diagram:
    """Coordinates of every point of ``problem``, drawn with ``seed`` after ``attempts`` samples."""

    problem: Problem
    points: dict[str, Point]
    seed: int
    attempts: int

    @property
    def scale(self) -> float:
        return diagram_scale(self.points)

    def holds(self, fact: Fact) -> bool:
        return holds(fact, self.points, self.scale)

    def failed_facts(self) -> list[Fact]:
        """Asserted construction facts (and the goals) that are numerically false."""
        facts = self.problem.facts() + list(self.problem.goals)
        return [f for f in facts if not self.holds(f)]


class PlacementError(Exception):
    """A clause (or the goal, when ``clause`` is None) could not be placed in this random sample."""

    def __init__(self, clause: Clause | None, reason: str):
        super().__init__(reason)
        self.clause = clause
        self.reason = reason


def build_diagram(problem: Problem, seed: int = 0, max_attempts: int = MAX_ATTEMPTS,
                  max_seconds: float | None = None) -> Diagram:
    """Place every point of ``problem``; raise ``DiagramError`` after ``max_attempts`` rejected samples, or once
    ``max_seconds`` have passed (None: no time limit). A diagram found within the limits does not depend on them."""
    rng = np.random.default_rng(seed)
    reasons: Counter[tuple[str | None, str]] = Counter()
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    for attempt in range(1, max_attempts + 1):
        try:
            return Diagram(problem, _sample(problem, rng, deadline), seed, attempt)
        except PlacementError as r:
            reasons[(str(r.clause) if r.clause else None, r.reason)] += 1
        except _OutOfTime:
            break
        if deadline is not None and time.monotonic() > deadline:
            break
    else:
        (clause, reason), count = reasons.most_common(1)[0]
        raise DiagramError(f"no diagram after {max_attempts} attempts: {reason} ({count} times)", problem.name,
                           clause)
    if not reasons:
        raise DiagramError(f"no diagram within {max_seconds:g}s: one sample takes longer", problem.name)
    (clause, reason), count = reasons.most_common(1)[0]
    raise DiagramError(f"no diagram within {max_seconds:g}s ({sum(reasons.values())} attempts): {reason} "
                       f"({count} times)", problem.name, clause)


class _OutOfTime(Exception):
    """The time given to ``build_diagram`` ran out in the middle of a sample."""


def _sample(problem: Problem, rng: np.random.Generator, deadline: float | None = None) -> dict[str, Point]:
    points: dict[str, Point] = {}
    for clause in problem.clauses:
        if deadline is not None and time.monotonic() > deadline:
            raise _OutOfTime
        points.update(place_clause(clause, points, rng))
    for goal in problem.goals:
        if not holds(goal, points):
            raise PlacementError(None, f"the goal {goal} is false in the diagram")
    return points


def place_clause(clause: Clause, points: dict[str, Point], rng: np.random.Generator) -> dict[str, Point]:
    """Coordinates of the clause's new points, given the existing ``points``; raises PlacementError."""
    new = _place(clause, points, rng)
    _check_distances(clause, new, points)
    return new


def _place(clause: Clause, points: dict[str, Point], rng: np.random.Generator) -> dict[str, Point]:
    scale = diagram_scale(points)
    for c in clause.constructions:
        for pre in c.preconditions():
            if not holds(pre, points, scale):
                raise PlacementError(clause, f"precondition {pre} of {c.name} fails")
    try:
        sketches = [_sketch(c, points, rng) for c in clause.constructions]
    except (ConstructionFailure, ZeroDivisionError) as e:
        raise PlacementError(clause, str(e) or "degenerate configuration") from None
    pins = {name: pt(x, y) for name, x, y in clause.pins}
    if len(sketches) == 1 and isinstance(sketches[0], list):
        construction = clause.constructions[0]
        binding = construction.definition.bind(construction.args)
        new = {binding[a]: p for a, p in zip(construction.definition.new, sketches[0])}
    elif len(sketches) == 1:
        pin = pins.get(clause.points[0])
        new = {clause.points[0]: _random_point_on(sketches[0], points, rng) if pin is None
               else _closest_on(sketches[0], pin)}
    else:
        new = {clause.points[0]: _intersection(clause, sketches[0], sketches[1], points, rng,
                                               pins.get(clause.points[0]))}
    if any(not np.all(np.isfinite(p)) for p in new.values()):
        raise PlacementError(clause, "a point is at infinity")
    _apply_pins(clause, new, pins, points)
    return new


def _apply_pins(clause: Clause, new: dict[str, Point], pins: dict[str, Point], points: dict[str, Point]) -> None:
    """A pin places a free point exactly; a constructed point keeps its exact construction, and the pin only
    chose its branch, so it must lie close to where the construction put it."""
    free = not any(c.input_points() for c in clause.constructions)
    _, radius = _frame(points)
    for name, pin in pins.items():
        if free:
            new[name] = pin
        elif norm(new[name] - pin) > PIN_TOLERANCE * radius:
            raise PlacementError(clause, f"pinned point {name} is not where the construction places it")


def _closest_on(locus: Locus, target: Point) -> Point:
    """The point of a line, ray or circle closest to ``target``."""
    if isinstance(locus, Circle):
        d = target - locus.center
        return locus.center + locus.radius * d / norm(d) if norm(d) > 0 else locus.center + pt(locus.radius, 0)
    d = unit(locus.d)
    t = dot(target - locus.p, d)
    return locus.p + (max(t, 0.0) if isinstance(locus, Ray) else t) * d


def misplaced(clause: Clause, points: dict[str, Point]) -> str | None:
    """A new point of the clause that is not where its construction puts it, when the construction places its
    points without a random choice (``psquare`` turns one way and ``nsquare`` the other though their facts agree);
    None when all fit or the placement is not determined."""
    if len(clause.constructions) != 1 or clause.pins:
        return None
    c = clause.constructions[0]
    try:
        first, second = (_sketch(c, points, np.random.default_rng(seed)) for seed in (1, 2))
    except (ConstructionFailure, ZeroDivisionError, KeyError):
        return None
    if not isinstance(first, list) or len(first) != len(second) or \
            any(not np.allclose(a, b, rtol=0, atol=1e-12 * max(1.0, float(norm(a)))) for a, b in zip(first, second)):
        return None  # a locus, or a random choice
    binding = c.definition.bind(c.args)
    if not c.input_points():  # a free figure: anywhere, any size, but turning its own way
        drawn = [points[binding[a]] for a in c.definition.new if binding[a] in points]
        if len(drawn) >= 3 and len(first) >= 3 and \
                np.sign(cross(drawn[1] - drawn[0], drawn[2] - drawn[0])) != np.sign(cross(first[1] - first[0], first[2] - first[0])):
            return f"{' '.join(clause.points)} turn the other way from {c.name}"
        return None
    _, radius = _frame({p: xy for p, xy in points.items() if p not in clause.points})
    for arg, xy in zip(c.definition.new, first):
        name = binding[arg]
        if name in points and norm(points[name] - xy) > PIN_TOLERANCE * radius:
            return f"{name} is not where {c.name} puts it"
    return None


def _sketch(c: Construction, points: dict[str, Point], rng: np.random.Generator) -> Locus | list[Point]:
    definition = c.definition
    binding = definition.bind(c.args)
    inputs = [_number(definition.number_kind, binding[a]) if a in definition.numbers else points[binding[a]]
              for a in definition.inputs]
    return definition.sketch(rng, *inputs)


def _number(kind: str, token: str) -> int | float:
    """A construction's number argument for its sketch: whole degrees as int, other kinds as float."""
    value = parse_constant(kind, token)
    return int(value) if kind == "degrees" else float(value)


def _frame(points: dict[str, Point]) -> tuple[Point, float]:
    if not points:
        return pt(0, 0), 1.0
    coords = list(points.values())
    centre = sum(coords) / len(coords)
    return centre, max(diagram_scale(points), 0.5)


def _random_point_on(locus: Locus, points: dict[str, Point], rng: np.random.Generator) -> Point:
    """Random candidates on the locus; keep the one farthest from existing points."""
    centre, radius = _frame(points)
    if isinstance(locus, Circle):
        angles = rng.uniform(0, 2 * np.pi, CANDIDATES_PER_LOCUS)
        candidates = [locus.center + locus.radius * np.array([np.cos(t), np.sin(t)]) for t in angles]
    else:
        d = unit(locus.d)
        if isinstance(locus, Ray):
            ts = rng.uniform(0, 2 * radius, CANDIDATES_PER_LOCUS)
            candidates = [locus.p + t * d for t in ts]
        else:
            mid = locus.p + dot(centre - locus.p, d) * d
            ts = rng.uniform(-radius, radius, CANDIDATES_PER_LOCUS)
            candidates = [mid + t * d for t in ts]
    if not points:
        return candidates[0]
    return max(candidates, key=lambda q: min(norm(q - p) for p in points.values()))


def _intersection(clause: Clause, l1: Locus | list[Point], l2: Locus | list[Point],
                  points: dict[str, Point], rng: np.random.Generator, pin: Point | None = None) -> Point:
    candidates = intersect(l1, l2)  # type: ignore[arg-type]
    if not candidates:
        raise PlacementError(clause, "the two loci do not meet")
    _, radius = _frame(points)
    fresh = [q for q in candidates if all(norm(q - p) > 1e-9 * radius for p in points.values())]
    if not fresh:
        raise PlacementError(clause, "the loci meet only at existing points")
    if len(fresh) == 2 and norm(fresh[0] - fresh[1]) < 1e-9 * radius:  # tangent loci: one double point
        fresh = fresh[:1]
    if pin is not None:  # the exact intersection on the pinned branch
        return min(fresh, key=lambda q: norm(q - pin))
    return fresh[int(rng.integers(len(fresh)))]


def _check_distances(clause: Clause, new: dict[str, Point], points: dict[str, Point]) -> None:
    """Reject points too close to another or too far from the existing figure (pinned points are exempt)."""
    centre, radius = _frame(points)
    placed = dict(points)
    pinned = {name for name, _, _ in clause.pins}
    for name, p in new.items():
        if name in pinned:
            placed[name] = p
            continue
        if points and norm(p - centre) > TOO_FAR * radius:
            raise PlacementError(clause, f"point {name} is too far from the figure")
        for other, q in placed.items():
            if norm(p - q) < TOO_CLOSE * radius:
                raise PlacementError(clause, f"point {name} is too close to {other}")
        placed[name] = p

