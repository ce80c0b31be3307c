"""What the diagram suggests (``ddar.numeric``), against brute force on random and constructed figures."""

from __future__ import annotations

from itertools import combinations, permutations

import numpy as np
import pytest

from ddar.numeric import _circles, _intercepts, _lines, _similar, distinct_points, nearest_within
from ddar.predicates import diagram_scale


def _figure(seed: int) -> dict[str, np.ndarray]:
    """Random points plus, for triangle p0 p1 p2, a rotated and scaled copy and a mirrored one."""
    rng = np.random.default_rng(seed)
    points = {f"p{i}": rng.normal(size=2) for i in range(4)}
    turn, shift = complex(*rng.normal(size=2)), complex(*rng.normal(size=2))
    for k in range(3):
        w = complex(*points[f"p{k}"])
        direct, mirrored = turn * w + shift, turn * w.conjugate() + shift
        points[f"d0{k}"] = np.array([direct.real, direct.imag])
        points[f"m0{k}"] = np.array([mirrored.real, mirrored.imag])
    return points


def _correspondence(t: tuple[str, ...], s: tuple[str, ...]) -> tuple:
    """The vertex correspondence of triangles t and s, the same read either way round."""
    return min(tuple(sorted(zip(t, s))), tuple(sorted(zip(s, t))))


def _similar_brute(points, names) -> set[tuple[tuple, int]]:
    """Each pair of similar triangles, as its vertex correspondence and the orientation."""
    z = {n: complex(*points[n]) for n in names}
    found = set()
    for t, s in combinations(combinations(names, 3), 2):
        for order in permutations(s):
            a, b, c = (z[n] for n in t)
            p, q, r = (z[n] for n in order)
            if abs((b - a) * (c - a).conjugate()) < 1e-6 or abs((q - p) * (r - p).conjugate()) < 1e-6:
                continue
            ratio_t, ratio_s = (c - a) / (b - a), (r - p) / (q - p)
            for sign, other in ((1, ratio_s), (-1, ratio_s.conjugate())):
                if abs(ratio_t - other) < 1e-7:
                    found.add((_correspondence(t, order), sign))
    return found


@pytest.mark.parametrize("seed", range(4))
def test_similar_finds_every_similar_pair_with_its_correspondence(seed):
    points = _figure(seed)
    names = distinct_points(points, diagram_scale(points))
    pairs = _similar(points, names, diagram_scale(points))
    found = {(_correspondence(t, s), sign) for t, s, sign in pairs}
    assert found == _similar_brute(points, names)
    assert (_correspondence(("p0", "p1", "p2"), ("d00", "d01", "d02")), 1) in found
    assert (_correspondence(("p0", "p1", "p2"), ("m00", "m01", "m02")), -1) in found
    assert len(found) == len(pairs)  # each pair once


def _thales(seed: int) -> dict[str, np.ndarray]:
    """Lines through o cut by four parallel transversals (a_i on one, b_i on the other), plus random points."""
    rng = np.random.default_rng(seed)
    along, across = rng.normal(size=2), rng.normal(size=2)
    points = {"o": np.zeros(2)}
    for i, x in enumerate(rng.uniform(0.5, 3, size=4)):
        a = np.array([x, 0.0])
        t, _ = np.linalg.solve(np.array([along, -across]).T, a)  # a + s·across = t·along
        points[f"a{i}"], points[f"b{i}"] = a, t * along
    points.update({f"r{i}": rng.normal(size=2) for i in range(3)})
    return points


def _intercepts_brute(points, lines) -> set[tuple[str, ...]]:
    def parallel(a, b, c, d):
        u, v = points[b] - points[a], points[d] - points[c]
        return abs(u[0] * v[1] - u[1] * v[0]) <= 1e-9 * np.hypot(*u) * np.hypot(*v)

    found = set()
    for l1, l2 in combinations(lines, 2):
        for a, m, d in permutations(l1, 3):
            for b, n, c in permutations(l2, 3):
                if (l1.index(a) < l1.index(d) and len({a, m, d, b, n, c}) == 6
                        and parallel(a, b, m, n) and parallel(m, n, d, c)):
                    found.add((a, m, d, b, n, c))
    return found


@pytest.mark.parametrize("seed", range(3))
def test_intercepts_are_exactly_the_parallel_transversals(seed):
    points = _thales(seed)
    scale = diagram_scale(points)
    lines = _lines(points, distinct_points(points, scale), scale)
    found = _intercepts(points, lines, scale)
    assert len(found) == len(set(found))
    assert set(found) == _intercepts_brute(points, lines)
    assert ("a0", "a1", "a2", "b0", "b1", "b2") in found or ("a0", "a1", "a2", "b0", "b1", "b2") in {
        (d, m, a, c, n, b) for a, m, d, b, n, c in found}


def _concyclic(seed: int) -> dict[str, np.ndarray]:
    """Five points on a circle with its centre o, four on a circle without its centre, three on a circle with
    its centre q, and random points (v shares its x with r0)."""
    rng = np.random.default_rng(seed)
    points = {"o": rng.normal(size=2)}
    for i, angle in enumerate(rng.uniform(0, 2 * np.pi, size=5)):
        points[f"a{i}"] = points["o"] + 1.5 * np.array([np.cos(angle), np.sin(angle)])
    centre = rng.normal(size=2) + 3
    for i, angle in enumerate(rng.uniform(0, 2 * np.pi, size=4)):
        points[f"b{i}"] = centre + 0.8 * np.array([np.cos(angle), np.sin(angle)])
    points["q"] = rng.normal(size=2) - 3
    for i, angle in enumerate(rng.uniform(0, 2 * np.pi, size=3)):
        points[f"c{i}"] = points["q"] + 0.6 * np.array([np.cos(angle), np.sin(angle)])
    points.update({f"r{i}": rng.normal(size=2) * 2 for i in range(4)})
    points["v"] = np.array([points["r0"][0], points["r0"][1] + 0.5])
    return points


def _circles_brute(points, names, scale) -> set[tuple[frozenset, str | None]]:
    found = set()
    for a, b, c in combinations(names, 3):
        pa, pb, pc = (points[n] for n in (a, b, c))
        m = 2 * np.array([pb - pa, pc - pa])
        if abs(np.linalg.det(m)) < 1e-9:
            continue
        o = np.linalg.solve(m, [pb @ pb - pa @ pa, pc @ pc - pa @ pa])
        r = np.hypot(*(pa - o))
        on = frozenset(n for n in names if abs(np.hypot(*(points[n] - o)) - r) <= 1e-9 * max(scale, r))
        centre = next((n for n in names if np.hypot(*(points[n] - o)) <= 1e-9 * scale), None)
        if len(on) >= 4 or centre is not None:
            found.add((on, centre))
    return found


@pytest.mark.parametrize("seed", range(4))
def test_circles_are_exactly_those_with_four_points_or_a_centre(seed):
    points = _concyclic(seed)
    scale = diagram_scale(points)
    names = distinct_points(points, scale)
    found = _circles(points, names, scale)
    assert len({frozenset(on) for on, _ in found}) == len(found)  # each circle once
    assert {(frozenset(on), centre) for on, centre in found} == _circles_brute(points, names, scale)
    circles = {(frozenset(on), c) for on, c in found}
    assert (frozenset(f"a{i}" for i in range(5)), "o") in circles and (frozenset(("c0", "c1", "c2")), "q") in circles


@pytest.mark.parametrize("seed", range(4))
def test_nearest_within_matches_every_point_measured(seed):
    rng = np.random.default_rng(seed)
    xy = rng.normal(size=(30, 2))
    xy[5:10, 0] = xy[4, 0]  # points on one vertical line: many in the same window along x
    at = rng.normal(size=(200, 2))
    at[:40] = xy[rng.integers(0, 30, size=40)] + rng.normal(scale=1e-9, size=(40, 2))  # near a point
    at[40:45] = xy[4:9] + np.array([0, 1e-6])  # on the vertical line, just off its points
    at[45:48] = [np.nan, 0], [np.inf, 1], [0, np.nan]
    tol = 1e-7
    hit, nearest = nearest_within(at, xy, tol)
    distance = np.linalg.norm(at[:, None, :] - xy[None, :, :], axis=2)
    distance[np.isnan(distance)] = np.inf
    expected = distance.min(axis=1) <= tol
    assert hit.tolist() == expected.tolist()
    assert nearest[hit].tolist() == distance.argmin(axis=1)[hit].tolist()
    assert hit[:40].all() and not hit[40:48].any()


def test_nearest_within_is_not_blinded_by_a_point_without_coordinates():
    hit, nearest = nearest_within(np.array([[2.0, 0.7]]), np.array([[1.8, 1.0], [1.0, np.nan]]), 1.0)
    assert hit.tolist() == [True] and nearest.tolist() == [0]
