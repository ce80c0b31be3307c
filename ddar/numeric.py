"""What the diagram suggests: numerically true lines, circles, similar triangles and more.

The engine only ever tries to prove what these candidate lists contain, so the diagram
acts as the oracle that keeps the search small.
"""

from __future__ import annotations

import cmath
import math
from dataclasses import dataclass, field
from bisect import bisect_left
from fractions import Fraction
from itertools import combinations

from .geometry import Point, circumcenter, cross, dot, norm
from .predicates import TOL

Triangle = tuple[str, str, str]
Segment = tuple[str, str]
RATIOS = sorted({Fraction(p, q) for q in range(1, 7) for p in range(q + 1, 13)})  # constant ratios looked for


@dataclass
class Candidates:
    """Numerically true configurations, in a deterministic order."""

    names: list[str] = field(default_factory=list)  # the points, one name per numerically distinct point
    lines: list[tuple[str, ...]] = field(default_factory=list)
    circles: list[tuple[tuple[str, ...], str | None]] = field(default_factory=list)
    similar: list[tuple[Triangle, Triangle, int]] = field(default_factory=list)
    midpoints: list[tuple[str, str, str]] = field(default_factory=list)
    right_angles_on_midpoint_circles: list[tuple[str, str, str, str]] = field(default_factory=list)
    bisectors: list[tuple[str, str, str, str]] = field(default_factory=list)
    equal_chords: list[tuple[tuple[str, ...], str, str, str, str]] = field(default_factory=list)
    intercepts: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)
    equal_segments: list[list[Segment]] = field(default_factory=list)
    proportional_segments: list[tuple[Segment, Segment, Fraction]] = field(default_factory=list)
    derived: dict = field(default_factory=dict)  # further candidate lists, computed once by whoever needs them


def distinct_points(points: dict[str, Point], scale: float) -> list[str]:
    """Names of points, leaving out any that coincides numerically with an earlier one."""
    kept: list[str] = []
    for name, p in points.items():
        if all(norm(p - points[k]) > TOL * scale for k in kept):
            kept.append(name)
    return kept


def _on_line(p: Point, a: Point, b: Point, scale: float) -> bool:
    return abs(cross(b - a, p - a)) / norm(b - a) <= TOL * scale


def find_candidates(points: dict[str, Point], scale: float) -> Candidates:
    names = distinct_points(points, scale)
    out = Candidates(names)
    out.lines = _lines(points, names, scale)
    out.circles = _circles(points, names, scale)
    out.similar = _similar(points, names, scale)
    out.midpoints = [(m, a, b) for a, b in combinations(names, 2) for m in names
                     if m not in (a, b) and norm(points[m] - (points[a] + points[b]) / 2) <= TOL * scale]
    out.right_angles_on_midpoint_circles = [
        (m, a, b, x) for m, a, b in out.midpoints for x in names
        if x not in (m, a, b) and abs(norm(points[x] - points[m]) - norm(points[a] - points[m])) <= TOL * scale]
    out.bisectors = _bisectors(points, names, out.lines, scale)
    out.equal_chords = _equal_chords(points, out.circles, scale)
    out.intercepts = _intercepts(points, out.lines, scale)
    out.equal_segments, out.proportional_segments = _segments(points, names, scale)
    return out


def _segments(points, names, scale) -> tuple[list[list[Segment]], list[tuple[Segment, Segment, Fraction]]]:
    """Groups of segments of equal length, and pairs (S, T, r) with |S| = r·|T| for a small ratio r > 1."""
    segments = sorted(((norm(points[a] - points[b]), (a, b)) for a, b in combinations(names, 2)))
    lengths = [length for length, _ in segments]
    tol = TOL * scale
    groups: list[list[Segment]] = []
    for i, (length, segment) in enumerate(segments):
        if i and length - lengths[i - 1] <= tol:
            groups[-1].append(segment)
        else:
            groups.append([segment])
    proportional = []
    for length, t in segments:
        for r in RATIOS:
            target = float(r) * length
            j = bisect_left(lengths, target - tol)
            while j < len(lengths) and lengths[j] <= target + tol:
                proportional.append((segments[j][1], t, r))
                j += 1
    return [g for g in groups if len(g) > 1], proportional


def _equal_chords(points, circles, scale) -> list[tuple[tuple[str, ...], str, str, str, str]]:
    """(circle points, A, B, P, Q): chords AB and PQ of one circle with |AB| = |PQ|."""
    out = []
    for on, _ in circles:
        chords = list(combinations(on, 2))
        for i, (a, b) in enumerate(chords):
            for p, q in chords[i + 1:]:
                if abs(norm(points[a] - points[b]) - norm(points[p] - points[q])) <= TOL * scale:
                    out.append((on, a, b, p, q))
    return out


def _parallel(points, a, b, c, d) -> bool:
    u, v = points[b] - points[a], points[d] - points[c]
    return abs(cross(u, v)) <= TOL * norm(u) * norm(v)


def _intercepts(points, lines, scale) -> list[tuple[str, str, str, str, str, str]]:
    """(A, M, D, B, N, C): A, M, D on one line, B, N, C on another, AB ∥ MN ∥ DC (six distinct points)."""
    out = []
    for l1, l2 in combinations(lines, 2):
        for a, m, d in _triples(l1):
            for b, n, c in _triples(l2, ordered=True):
                if len({a, m, d, b, n, c}) == 6 and _parallel(points, a, b, m, n) and _parallel(points, m, n, d, c):
                    out.append((a, m, d, b, n, c))
    return out


def _triples(line: tuple[str, ...], ordered: bool = False):
    """Triples (x, m, y) of a line's points: with ``ordered``, every order; else x < y by position."""
    for x, m, y in ((x, m, y) for x in line for m in line for y in line if len({x, m, y}) == 3):
        if ordered or line.index(x) < line.index(y):
            yield x, m, y


def _lines(points, names, scale) -> list[tuple[str, ...]]:
    seen: set[frozenset[str]] = set()
    lines = []
    for a, b in combinations(names, 2):
        on = tuple(n for n in names if _on_line(points[n], points[a], points[b], scale))
        key = frozenset(on)
        if len(on) >= 3 and key not in seen:
            seen.add(key)
            lines.append(on)
    return lines


def _circles(points, names, scale) -> list[tuple[tuple[str, ...], str | None]]:
    """Circles through three or more points: kept with four or more, or with a point at the centre."""
    seen: set[frozenset[str]] = set()
    circles = []
    for a, b, c in combinations(names, 3):
        if _on_line(points[c], points[a], points[b], scale):
            continue
        o = circumcenter(points[a], points[b], points[c])
        r = norm(points[a] - o)
        if r > 1e3 * scale:
            continue
        on = tuple(n for n in names if abs(norm(points[n] - o) - r) <= TOL * max(scale, r))
        key = frozenset(on)
        if key in seen:
            continue
        seen.add(key)
        centre = next((n for n in names if norm(points[n] - o) <= TOL * scale), None)
        if len(on) >= 4 or centre is not None:
            circles.append((on, centre))
    return circles


def _shape_key(points, t: Triangle, mirrored: bool) -> tuple[float, float]:
    a, b, c = (complex(*points[n]) for n in t)
    z = (c - a) / (b - a)
    if mirrored:
        z = z.conjugate()
    return (round(math.log(abs(z)), 7), round(cmath.phase(z), 7))


def _similar(points, names, scale) -> list[tuple[Triangle, Triangle, int]]:
    """Pairs of numerically similar triangles with their correspondence and orientation (+1 same, -1 mirrored)."""
    buckets: dict[tuple[float, float], list[tuple[int, Triangle, int]]] = {}
    canonical: list[Triangle] = []
    for a, b, c in combinations(names, 3):
        pa, pb, pc = points[a], points[b], points[c]
        area = cross(pb - pa, pc - pa)
        if abs(area) <= 1e-6 * max(norm(pb - pa), norm(pc - pa)) ** 2:
            continue
        t = (a, b, c) if area > 0 else (a, c, b)  # counter-clockwise
        index = len(canonical)
        canonical.append(t)
        rotations = [t, (t[1], t[2], t[0]), (t[2], t[0], t[1])]
        for r in rotations:
            buckets.setdefault(_shape_key(points, r, False), []).append((index, r, 1))
            mirror = (r[0], r[2], r[1])
            buckets.setdefault(_shape_key(points, mirror, True), []).append((index, mirror, -1))
    pairs = []
    for index, t in enumerate(canonical):
        for other, order, sign in buckets[_shape_key(points, t, False)]:
            if other < index or (other == index and order != t):
                pairs.append((t, order, sign))
    return pairs


def _bisectors(points, names, lines, scale) -> list[tuple[str, str, str, str]]:
    """(A, B, C, D): D on line BC, A off it, DB/DC = AB/AC (AD bisects angle BAC, inside or outside)."""
    out = []
    for line in lines:
        for b, c in combinations(line, 2):
            for d in line:
                if d in (b, c):
                    continue
                db, dc = norm(points[d] - points[b]), norm(points[d] - points[c])
                for a in names:
                    if a in line:
                        continue
                    ab, ac = norm(points[a] - points[b]), norm(points[a] - points[c])
                    if abs(db * ac - dc * ab) <= TOL * scale * scale:
                        out.append((a, b, c, d))
    return out


def between(points: dict[str, Point], m: str, a: str, b: str) -> bool:
    """M lies strictly inside segment AB (numerically)."""
    return dot(points[a] - points[m], points[b] - points[m]) < 0
