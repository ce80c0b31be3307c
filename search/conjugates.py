"""Isogonal and harmonic auxiliary points, for the heuristic proposer.

- Isogonal: at a vertex V of one of the problem's triangles VXZ, the line VP through a figure point P reflected in
  the bisector of angle XVZ (``on_aline y v x z v p``: ∠(VY, VX) = ∠(VZ, VP)). Proposed where it meets the opposite
  side XZ and the circles through V (the symmedian point on a side, the second meet with a circumcircle, ...), and
  where the isogonals of P meet (P's isogonal conjugate). An ``on_aline`` is a ray from V, so a point is proposed
  only where the ray reaches it: a conjugate needs two vertices whose rays reach it.
- Harmonic: on a line through A, C, B, where a figure point V sees CA : CB = VA : VB (VC bisects angle AVB, the
  cheap test that the harmonic conjugate is promising), the point D of line AB with VD ⟂ VC, so that
  (A, B; C, D) = −1 (``on_line d a b, on_tline d v v c``).

Like every heuristic candidate they are ranked by the coincidences they carry, not filtered away.
"""

from __future__ import annotations

from collections.abc import Iterator

from ddar.geometry import Point, cross, direction, norm, perp, polar
from search.figure import Candidate, Circ, circle_spec, meet_line_circle_xy, meet_lines_xy, point_spec


def isogonal_ray(points: dict[str, Point], v: str, x: str, z: str, p: str) -> Point:
    """The direction of ``on_aline y v x z v p``'s ray from V: the isogonal of VP in angle XVZ."""
    pv, px, pz, pp = points[v], points[x], points[z], points[p]
    return polar(direction(px - pv) + direction(pz - pv) - direction(pp - pv))


def _ahead(origin: Point, direction: Point, xy: Point, scale: float) -> bool:
    """Whether ``xy`` lies on the ray from ``origin`` along ``direction``, clear of its start."""
    return float((xy - origin) @ direction) > 1e-6 * scale * norm(direction)


def _off_line(points: dict[str, Point], p: str, a: str, b: str, scale: float) -> bool:
    d = points[b] - points[a]
    return abs(cross(d, points[p] - points[a])) > 1e-6 * scale * norm(d)


def isogonal_candidates(points, names: list[str], triangles: list[tuple[str, str, str]], circles: list[Circ],
                        scale: float) -> Iterator[Candidate]:
    """For each triangle, vertex V and figure point P off the sides at V: the isogonal of VP met with the opposite
    side and with the circles through V; and P's isogonal conjugate (its isogonals at two vertices met)."""
    for tri in triangles:
        for p in names:
            if p in tri:
                continue
            rays = []
            for v, x, z in ((tri[0], tri[1], tri[2]), (tri[1], tri[2], tri[0]), (tri[2], tri[0], tri[1])):
                if not (_off_line(points, p, v, x, scale) and _off_line(points, p, v, z, scale)):
                    continue
                origin, direction = points[v], isogonal_ray(points, v, x, z, p)
                aline = ("on_aline", v, x, z, v, p)
                rays.append((v, aline, direction))
                parents = frozenset((v, x, z, p))
                side = meet_lines_xy(origin, direction, points[x], points[z] - points[x])
                if side is not None and _ahead(origin, direction, side, scale):
                    yield Candidate(point_spec(aline, ("on_line", x, z)), side, parents, "isogonal")
                for circle in circles:
                    if v not in circle.points:
                        continue
                    for xy in meet_line_circle_xy(origin, direction, circle):
                        if _ahead(origin, direction, xy, scale) and norm(xy - origin) > 1e-3 * scale:  # not V
                            yield Candidate(point_spec(aline, circle_spec(circle), xy=xy), xy,
                                            parents | frozenset(circle.points), "isogonal")
            if len(rays) == 3:  # P off every side line: its three isogonals meet at its conjugate
                (v, _, d1), (w, _, d2) = rays[:2]
                xy = meet_lines_xy(points[v], d1, points[w], d2)
                reaching = [aline for u, aline, d in rays if xy is not None and _ahead(points[u], d, xy, scale)]
                if len(reaching) >= 2:  # an ``on_aline`` is a ray: build it from two vertices whose rays reach it
                    yield Candidate(point_spec(*reaching[:2]), xy, frozenset((*tri, p)), "isogonal conjugate")


def harmonic_candidates(points, names: list[str], lines: list[tuple[str, ...]], scale: float) -> Iterator[Candidate]:
    """On each line of three or more figure points A, C, B: where a figure point V off the line has VC bisecting
    angle AVB (internally or externally), the harmonic conjugate D of C with respect to A and B, on AB with VD ⟂ VC."""
    for line in lines:
        if len(line) < 3:
            continue
        for v in names:
            if v in line:
                continue
            pv = points[v]
            for c in line:
                for a, b in ((a, b) for a in line for b in line if a < b and c not in (a, b)):
                    ca, cb = norm(points[a] - points[c]), norm(points[b] - points[c])
                    va, vb = norm(points[a] - pv), norm(points[b] - pv)
                    if abs(ca * vb - cb * va) > 1e-9 * scale * scale:
                        continue  # VC does not bisect angle AVB
                    xy = meet_lines_xy(pv, perp(points[c] - pv), points[a], points[b] - points[a])
                    if xy is not None:
                        yield Candidate(point_spec(("on_line", a, b), ("on_tline", v, v, c)), xy,
                                        frozenset((a, b, c, v)), "harmonic conjugate")
