"""What the diagram suggests: numerically true lines, circles, similar triangles and more.

The engine only ever tries to prove what these candidate lists contain, so the diagram
acts as the oracle that keeps the search small.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations

import numpy as np

from .geometry import Point, cross, dot, norm
from .predicates import TOL

Triangle = tuple[str, str, str]
Segment = tuple[str, str]
RATIOS = sorted({Fraction(p, q) for q in range(1, 7) for p in range(q + 1, 13)})  # constant ratios looked for
_RATIO_VALUES = np.array([float(r) for r in RATIOS])
PREFILTER_SLACK = 2.0  # numpy prefilters pass a superset (this many tolerances); the exact scalar test decides


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
    out.midpoints = _midpoints(points, names, scale)
    out.right_angles_on_midpoint_circles = [
        (m, a, b, x) for m, a, b in out.midpoints for x in names
        if x not in (m, a, b) and abs(norm(points[x] - points[m]) - norm(points[a] - points[m])) <= TOL * scale]
    out.bisectors = _bisectors(points, names, out.lines, scale)
    out.equal_chords = _equal_chords(points, out.circles, scale)
    out.intercepts = _intercepts(points, out.lines, scale)
    out.equal_segments, out.proportional_segments = _segments(points, names, scale)
    return out


def _midpoints(points, names, scale) -> list[tuple[str, str, str]]:
    """(M, A, B): M is the midpoint of AB."""
    if len(names) < 3:
        return []
    xy = np.array([points[n] for n in names], dtype=float)
    pairs = list(combinations(range(len(names)), 2))
    ia, ib = np.array(pairs).T
    off = np.abs(xy[None, :, :] - ((xy[ia] + xy[ib]) / 2)[:, None, :]).max(2)  # (pairs, points)
    close = off <= PREFILTER_SLACK * TOL * scale
    out = []
    for (i, j), row in zip(pairs, close):
        a, b = names[i], names[j]
        out += [(names[k], a, b) for k in np.flatnonzero(row).tolist()
                if k not in (i, j) and norm(points[names[k]] - (points[a] + points[b]) / 2) <= TOL * scale]
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
    if segments:
        sorted_lengths = np.array(lengths)
        targets = sorted_lengths[:, None] * _RATIO_VALUES[None, :]  # (segment T, ratio r): r·|T|
        low = np.searchsorted(sorted_lengths, targets - tol, "left")
        high = np.searchsorted(sorted_lengths, targets + tol, "right")
        for i, k in zip(*np.nonzero(high > low)):
            t, r = segments[i][1], RATIOS[k]
            proportional += [(segments[j][1], t, r) for j in range(low[i, k], high[i, k])]
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


def _intercepts(points, lines, scale) -> list[tuple[str, str, str, str, str, str]]:
    """(A, M, D, B, N, C): A, M, D on one line, B, N, C on another, AB ∥ MN ∥ DC (six distinct points)."""
    out = []
    for l1, l2 in combinations(lines, 2):
        parallel = _transversals_parallel(points, l1, l2)
        if parallel is None:
            continue
        at1, at2 = {x: i for i, x in enumerate(l1)}, {x: j for j, x in enumerate(l2)}

        def par(a: str, b: str, c: str, d: str) -> bool:
            return parallel[at1[a]][at2[b]][at1[c]][at2[d]]

        pairs = [(b, n) for b in l2 for n in l2 if b != n]
        for a, m, d in _triples(l1):
            for b, n in pairs:  # with c below: every ordered triple of l2, in _triples' order
                if b in (a, m, d) or n in (a, m, d) or not par(a, b, m, n):
                    continue
                out += [(a, m, d, b, n, c) for c in l2 if c not in (b, n, a, m, d) and par(m, n, d, c)]
    return out


def _transversals_parallel(points, l1: tuple[str, ...], l2: tuple[str, ...]) -> list[list[list[list[bool]]]] | None:
    """``[i][j][k][l]``: the segment u from l1[i] to l2[j] is parallel to the one v from l1[k] to l2[l]
    (|u × v| ≤ TOL·|u|·|v|); None when no two such segments with four distinct ends are, as for most pairs of
    lines."""
    one, two = np.array([points[x] for x in l1]), np.array([points[x] for x in l2])
    u = two[None, :, :] - one[:, None, :]  # (i, j): l2[j] - l1[i]
    length = np.array([[math.hypot(x, y) for x, y in row] for row in u.tolist()])  # as geometry.norm, to the bit
    sine = u[:, :, None, None, 0] * u[None, None, :, :, 1] - u[:, :, None, None, 1] * u[None, None, :, :, 0]
    with np.errstate(invalid="ignore"):
        parallel = np.abs(sine) <= TOL * length[:, :, None, None] * length[None, None, :, :]
    if parallel.sum() > len(l1) * len(l2):  # more than each segment with itself
        for i, j, k, m in np.argwhere(parallel).tolist():
            if len({l1[i], l2[j], l1[k], l2[m]}) == 4:
                return parallel.tolist()
    return None


def _triples(line: tuple[str, ...], ordered: bool = False):
    """Triples (x, m, y) of a line's points: with ``ordered``, every order; else x < y by position."""
    for x, m, y in ((x, m, y) for x in line for m in line for y in line if len({x, m, y}) == 3):
        if ordered or line.index(x) < line.index(y):
            yield x, m, y


def nearest_within(at: np.ndarray, xy: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """For each row of ``at``: whether a point of ``xy`` lies within ``tol`` of it, and the nearest such point
    (the first on ties). Only the points whose x is within ``PREFILTER_SLACK`` tolerances are measured (sorted
    by x), not every point from every row. Non-finite rows, and non-finite points, hit nothing."""
    hit, nearest = np.zeros(len(at), dtype=bool), np.zeros(len(at), dtype=int)
    if not len(at) or not len(xy):
        return hit, nearest
    order = np.argsort(xy[:, 0], kind="stable")
    xs = xy[order, 0]
    with np.errstate(invalid="ignore"):
        lo = np.searchsorted(xs, at[:, 0] - PREFILTER_SLACK * tol, "left")
        hi = np.searchsorted(xs, at[:, 0] + PREFILTER_SLACK * tol, "right")
    single = np.flatnonzero(hi - lo == 1)  # the usual case: one point in the window, measured at once
    nearest[single] = order[lo[single]]
    hit[single] = np.linalg.norm(at[single] - xy[nearest[single]], axis=1) <= tol
    for row in np.flatnonzero(hi - lo > 1).tolist():
        near = np.sort(order[lo[row]:hi[row]])
        distance = np.linalg.norm(at[row][None, :] - xy[near], axis=1)
        distance[np.isnan(distance)] = np.inf  # a NaN must not hide a hit from argmin
        best = int(np.argmin(distance))
        if distance[best] <= tol:
            hit[row], nearest[row] = True, near[best]
    return hit, nearest


def _lines(points, names, scale) -> list[tuple[str, ...]]:
    if len(names) < 3:
        return []
    xy = np.array([points[n] for n in names], dtype=float)
    pairs = list(combinations(range(len(names)), 2))
    ia, ib = np.array(pairs).T
    u = xy[ib] - xy[ia]
    v = xy[None, :, :] - xy[ia][:, None, :]
    lengths = np.hypot(u[:, 0], u[:, 1])
    with np.errstate(divide="ignore", invalid="ignore"):
        near = np.abs(u[:, None, 0] * v[:, :, 1] - u[:, None, 1] * v[:, :, 0]) <= \
            PREFILTER_SLACK * TOL * scale * lengths[:, None]
    seen: set[frozenset[str]] = set()
    lines = []
    for (i, j), row in zip(pairs, near):
        if row.sum() < 3:
            continue
        a, b = points[names[i]], points[names[j]]
        on = tuple(names[k] for k in np.flatnonzero(row).tolist() if _on_line(points[names[k]], a, b, scale))
        key = frozenset(on)
        if len(on) >= 3 and key not in seen:
            seen.add(key)
            lines.append(on)
    return lines


def _circles(points, names, scale) -> list[tuple[tuple[str, ...], str | None]]:
    """Circles through three or more points: kept with four or more, or with a point at the centre."""
    if len(names) < 3:
        return []
    xy = np.array([points[n] for n in names], dtype=float)
    a, b, c = (xy[i] for i in np.array(list(combinations(range(len(names)), 3))).T)
    ab, ac = b - a, c - a
    area = ab[:, 0] * ac[:, 1] - ab[:, 1] * ac[:, 0]
    bb, cc = (ab * ab).sum(1), (ac * ac).sum(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        flat = np.abs(area) / np.hypot(ab[:, 0], ab[:, 1]) <= TOL * scale
        o = a + np.stack([ac[:, 1] * bb - ab[:, 1] * cc, ab[:, 0] * cc - ac[:, 0] * bb], 1) / (2.0 * area)[:, None]
        r = np.hypot(*(a - o).T)
        keep = ~flat & np.isfinite(r) & (r <= 1e3 * scale)
    o, r = o[keep], r[keep]
    distance = np.hypot(xy[None, :, 0] - o[:, None, 0], xy[None, :, 1] - o[:, None, 1])
    on_circle = np.abs(distance - r[:, None]) <= TOL * np.maximum(scale, r)[:, None]
    at_centre = distance <= TOL * scale
    if not len(on_circle):
        return []
    packed = np.packbits(on_circle, axis=1)
    _, first = np.unique(packed.view(np.dtype((np.void, packed.shape[1]))).ravel(), return_index=True)
    first.sort()  # each distinct set of points once, where it first occurs; kept if it makes a circle
    first = first[(on_circle[first].sum(axis=1) >= 4) | at_centre[first].any(axis=1)]
    return [(tuple(names[i] for i in np.flatnonzero(on_circle[t]).tolist()),
             names[int(at_centre[t].argmax())] if at_centre[t].any() else None) for t in first.tolist()]


SHAPE_DIGITS = 7  # decimals to which two triangles' shapes (log of modulus, argument) must agree


def _shape_keys(z: np.ndarray) -> np.ndarray:
    """One integer per complex shape ratio in ``z``: equal for ratios whose log of modulus and argument agree to
    ``SHAPE_DIGITS`` decimals (the rounding ``np.round`` does)."""
    unit = 10.0 ** SHAPE_DIGITS
    modulus = np.rint(np.log(np.abs(z)) * unit).astype(np.int64)
    argument = np.rint(np.angle(z) * unit).astype(np.int64) + (1 << 26)  # in [0, 2^27): pi·10^7 < 2^26
    return (modulus << 27) + argument


def _similar(points, names, scale) -> list[tuple[Triangle, Triangle, int]]:
    """Pairs of numerically similar triangles with their correspondence and orientation (+1 same, -1 mirrored).

    Each proper triangle (counter-clockwise, vertices in name order up to that) has six shape keys: its three
    rotations read directly and mirrored. Triangle T pairs with every entry of an earlier triangle that shares the
    key of T read directly, and with its own other rotations and mirrors that do (isosceles, equilateral)."""
    if len(names) < 3:
        return []
    z = np.array([complex(*points[n]) for n in names])
    ia, ib, ic = np.array(list(combinations(range(len(names)), 3))).T
    u, v = z[ib] - z[ia], z[ic] - z[ia]
    area = u.real * v.imag - u.imag * v.real
    size = np.maximum(np.abs(u), np.abs(v))
    proper = np.abs(area) > 1e-6 * size ** 2
    ia, ib, ic, area = ia[proper], ib[proper], ic[proper], area[proper]
    if not len(ia):
        return []
    ib, ic = np.where(area > 0, ib, ic), np.where(area > 0, ic, ib)  # counter-clockwise
    shapes = np.empty((len(ia), 6), dtype=complex)  # entry 6·t + 2·rotation + (0 direct, 1 mirrored)
    for k, (p, q, r) in enumerate(((ia, ib, ic), (ib, ic, ia), (ic, ia, ib))):
        shapes[:, 2 * k] = (z[r] - z[p]) / (z[q] - z[p])
        shapes[:, 2 * k + 1] = np.conj((z[q] - z[p]) / (z[r] - z[p]))
    _, group = np.unique(_shape_keys(shapes.ravel()), return_inverse=True)
    group = group.ravel()
    shared = np.bincount(group)[group] > 1
    members: dict[int, list[int]] = {}
    for entry in np.flatnonzero(shared).tolist():
        members.setdefault(int(group[entry]), []).append(entry)

    def triangle(t: int) -> Triangle:
        return names[ia[t]], names[ib[t]], names[ic[t]]

    pairs = []
    for index in np.flatnonzero(shared[0::6]).tolist():
        t = triangle(index)
        for entry in members[int(group[6 * index])]:
            other, rotation, mirrored = entry // 6, entry % 6 // 2, entry % 2
            if other > index:
                break
            a, b, c = triangle(other)
            order = ((a, b, c), (b, c, a), (c, a, b))[rotation]
            order, sign = ((order[0], order[2], order[1]), -1) if mirrored else (order, 1)
            if other < index or order != t:
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
