"""Random problems: a free configuration, then clauses drawn from the construction catalogue.

Every random choice comes from the generator passed in, so a seed fixes the sample. A
clause is placed on the diagram as soon as it is drawn; a clause that cannot be placed
(failed precondition, loci that miss, a point too close or too far) is drawn again a few
times, then the sample is rejected with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ddar import CONSTRUCTIONS, Clause, Construction, Problem
from ddar.diagram import Diagram, PlacementError, place_clause
from ddar.geometry import Point

FREE_START = {"triangle": 6.0, "segment": 1.0, "quadrangle": 1.5, "r_triangle": 1.0, "iso_triangle": 1.0,
              "trapezoid": 0.5, "pentagon": 0.3, "eq_quadrangle": 0.3, "rectangle": 0.3, "isquare": 0.2,
              "ieq_triangle": 0.2, "risos": 0.2, "eqdia_quadrangle": 0.2, "r_trapezoid": 0.2, "eq_trapezoid": 0.3}

DEFAULT_WEIGHTS: dict[str, float] = {
    # single determined points
    "midpoint": 4, "foot": 4, "circle": 4, "orthocenter": 1.5, "incenter": 1.5, "excenter": 0.5, "mirror": 2,
    "reflect": 1.5, "parallelogram": 1, "intersection_ll": 1, "intersection_lc": 1, "intersection_cc": 1,
    "psquare": 0.3, "nsquare": 0.3, "eq_triangle": 0.3, "shift": 0.3, "eqangle2": 0.3, "intersection_lp": 0.5,
    "intersection_lt": 0.5, "intersection_pp": 0.3, "intersection_tt": 0.3, "circumcenter": 0.5,
    # multi-point
    "incenter2": 0.5, "excenter2": 0.3, "centroid": 0.3, "ninepoints": 0.3, "square": 0.2, "trisegment": 0.3,
    "trisect": 0.2, "tangent": 0.3, "cc_tangent": 0.1, "3peq": 0.1,
    # loci (alone: a free point on them; in pairs: intersected)
    "on_line": 5, "on_circle": 5, "on_tline": 3, "on_pline": 2, "on_bline": 3, "on_dia": 2, "on_circum": 3,
    "angle_bisector": 1.5, "angle_mirror": 0.5, "on_aline": 0.5, "eqdistance": 1, "lc_tangent": 0.5,
    "on_opline": 0.3, "eqangle3": 0.2, "s_angle": 0.2,
}
LOCUS_PAIR_SHARE = 0.45  # share of clauses that intersect two loci
LONE_LOCUS_SHARE = 0.15  # share of clauses that put a point anywhere on one locus
TRIES_PER_CLAUSE = 8
S_ANGLES = (15, 30, 45, 60, 75, 90, 105, 120, 135, 150, 165)


class Rejected(Exception):
    """A sample was abandoned; ``reason`` says why (it is counted in the dataset statistics)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Sample:
    problem: Problem
    diagram: Diagram


def point_name(i: int) -> str:
    """a ... z, then a1 ... z1, a2 ..."""
    letter, round_ = "abcdefghijklmnopqrstuvwxyz"[i % 26], i // 26
    return letter if round_ == 0 else f"{letter}{round_}"


def _pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    names = sorted(w for w in weights if weights[w] > 0)
    p = np.array([weights[n] for n in names], dtype=float)
    return names[int(rng.choice(len(names), p=p / p.sum()))]


def _instance(rng: np.random.Generator, name: str, new: list[str], existing: list[str]) -> Construction | None:
    definition = CONSTRUCTIONS[name]
    inputs = definition.input_points
    if len(inputs) > len(existing) or len(definition.new) != len(new):
        return None
    chosen = [existing[i] for i in rng.choice(len(existing), size=len(inputs), replace=False)]
    binding = dict(zip(definition.new, new)) | dict(zip(inputs, chosen))
    for number in definition.numbers:
        binding[number] = str(int(rng.choice(S_ANGLES)) * (1 if rng.random() < 0.5 else -1))
    return Construction(name, tuple(binding[a] for a in definition.args))


def draw_clause(rng: np.random.Generator, weights: dict[str, float], existing: list[str],
                first_name: int | None = None, shares: tuple[float, float] = (LOCUS_PAIR_SHARE, LONE_LOCUS_SHARE)
                ) -> Clause | None:
    """A random clause over ``existing`` points (None if the drawn construction does not fit); its new
    points are named from index ``first_name`` on (default: after the existing points). ``shares``: of
    clauses that intersect two loci, and of clauses that take a point anywhere on one."""
    first_name = len(existing) if first_name is None else first_name
    locus_weights = {n: w for n, w in weights.items() if CONSTRUCTIONS[n].is_locus}
    point_weights = {n: w for n, w in weights.items() if not CONSTRUCTIONS[n].is_locus}
    r = rng.random()
    if locus_weights and r < sum(shares):
        new = [point_name(first_name)]
        count = 2 if r < shares[0] else 1
        parts = [_instance(rng, _pick(rng, locus_weights), new, existing) for _ in range(count)]
        if any(p is None for p in parts) or (count == 2 and parts[0] == parts[1]):
            return None
        return Clause(tuple(new), tuple(parts))
    name = _pick(rng, point_weights)
    new = [point_name(first_name + i) for i in range(len(CONSTRUCTIONS[name].new))]
    construction = _instance(rng, name, new, existing)
    return None if construction is None else Clause(tuple(new), (construction,))


def sample_problem(rng: np.random.Generator, name: str, max_clauses: int = 8,
                   weights: dict[str, float] | None = None) -> Sample:
    """A random problem with a free configuration and 3 to ``max_clauses`` more clauses, placed on a diagram."""
    weights = DEFAULT_WEIGHTS if weights is None else weights
    unknown = sorted(set(weights) - set(CONSTRUCTIONS))
    if unknown:
        raise ValueError(f"unknown construction in weights: {unknown[0]}")
    start = _pick(rng, FREE_START)
    start_points = [point_name(i) for i in range(len(CONSTRUCTIONS[start].new))]
    first = Clause(tuple(start_points), (Construction(start, tuple(start_points)),))
    points: dict[str, Point] = {}
    clauses = [first]
    try:
        points.update(place_clause(first, points, rng))
    except PlacementError as e:
        raise Rejected(f"free configuration: {_reason_class(e.reason)}") from None
    target = int(rng.integers(3, max(3, max_clauses) + 1))
    while len(clauses) < target + 1:
        reason = "no construction fits"
        for _ in range(TRIES_PER_CLAUSE):
            clause = draw_clause(rng, weights, list(points))
            if clause is None:
                continue
            try:
                new = place_clause(clause, points, rng)
            except PlacementError as e:
                reason = _reason_class(e.reason)
                continue
            points.update(new)
            clauses.append(clause)
            break
        else:
            raise Rejected(reason)
    problem = Problem(name, tuple(clauses))
    return Sample(problem, Diagram(problem, points, 0, 1))


def _reason_class(reason: str) -> str:
    """A short class of a placement failure, for the statistics."""
    for key in ("precondition", "do not meet", "too close", "too far", "existing points", "infinity"):
        if key in reason:
            return key
    return "degenerate"
