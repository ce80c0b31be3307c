"""Isogonal and harmonic candidates: each lands where its clause builds the point, and each is the point the
classical theorem names (the orthocentre's isogonal conjugate is the circumcentre, the median's isogonal is the
symmedian, the external bisector's foot is the harmonic conjugate of the internal one's)."""

from __future__ import annotations

import numpy as np
import pytest

from ddar import build_diagram, parse_problem
from ddar.geometry import circumcenter, cross, norm
from ddar.numeric import distinct_points
from ddar.predicates import diagram_scale
from search.conjugates import harmonic_candidates, isogonal_candidates
from search.figure import figure_circles, figure_lines
from search.proposers import HeuristicProposer, SearchState, validate


def _figure(text: str):
    problem = parse_problem("t", text)
    points = dict(build_diagram(problem, 0).points)
    scale = diagram_scale(points)
    names = distinct_points(points, scale)
    return problem, points, names, scale


def _builds_its_point(problem, points, candidate, scale) -> bool:
    built = validate(SearchState(problem, points), candidate.clause("x"))
    return built is not None and norm(built["x"] - candidate.xy) <= 1e-6 * scale


def test_isogonal_conjugate_of_the_orthocentre_is_the_circumcentre():
    problem, points, names, scale = _figure("a b c = triangle a b c; h = orthocenter h a b c ? perp a h b c")
    (conjugate,) = [c for c in isogonal_candidates(points, names, [("a", "b", "c")], [], scale)
                    if c.kind == "isogonal conjugate"]
    assert norm(conjugate.xy - circumcenter(points["a"], points["b"], points["c"])) <= 1e-9 * scale
    assert _builds_its_point(problem, points, conjugate, scale)


def test_isogonal_of_the_median_is_the_symmedian():
    problem, points, names, scale = _figure("a b c = triangle a b c; m = midpoint m b c ? cong m b m c")
    circles = figure_circles(points, names, scale, {frozenset("abc")})
    candidates = [c for c in isogonal_candidates(points, names, [("a", "b", "c")], circles, scale)
                  if c.spec.constructions[0] == ("on_aline", "a", "b", "c", "a", "m")]
    assert len(candidates) == 2  # on side BC and on the circumcircle
    a, b, c = points["a"], points["b"], points["c"]
    on_side = next(x for x in candidates if x.spec.constructions[1] == ("on_line", "b", "c"))
    bk, kc = norm(on_side.xy - b), norm(c - on_side.xy)
    assert bk / kc == pytest.approx(norm(a - b) ** 2 / norm(a - c) ** 2, rel=1e-9)
    for candidate in candidates:
        assert _builds_its_point(problem, points, candidate, scale)


def test_harmonic_conjugate_is_the_external_bisectors_foot():
    problem, points, names, scale = _figure(
        "a b c = triangle a b c; d = on_line d b c, angle_bisector d b a c ? eqangle a b a d a d a c")
    lines = figure_lines(points, names, scale)
    found = [c for c in harmonic_candidates(points, names, lines, scale) if c.parents == frozenset("abcd")]
    assert found
    b, c, d = points["b"], points["c"], points["d"]
    for candidate in found:
        e = candidate.xy
        assert abs(np.dot(e - points["a"], d - points["a"])) <= 1e-9 * scale ** 2
        assert norm(e - b) / norm(e - c) == pytest.approx(norm(d - b) / norm(d - c), rel=1e-9)
        assert _builds_its_point(problem, points, candidate, scale)


@pytest.mark.parametrize("text", [
    # circles around a named centre (built with on_circle), the orthocentre and a median's foot
    "a b c = triangle a b c; o = circle o a b c; h = orthocenter h a b c; m = midpoint m b c ? cong o a o b",
    # an obtuse triangle with points outside it: some rays point away, conjugates from the other two vertices
    "a b c = triangle a b c; d = mirror d a b; e = mirror e c a; f = foot f e b c ? coll d a b",
    # a bisector's foot on a line with more points, for harmonic conjugates
    "a b c = triangle a b c; d = on_line d a c, angle_bisector d a b c; m = midpoint m a c; o = circle o a b c "
    "? cong o a o b",
])
def test_every_candidate_is_built_where_it_was_scored(text):
    problem, points, names, scale = _figure(text)
    triangles = [t for t in (("a", "b", "c"), ("a", "c", "d"), ("b", "c", "e")) if set(t) <= set(names)
                 and abs(cross(points[t[1]] - points[t[0]], points[t[2]] - points[t[0]])) > 1e-3 * scale ** 2]
    circles = figure_circles(points, names, scale, {frozenset(t) for t in triangles})
    candidates = [*isogonal_candidates(points, names, triangles, circles, scale),
                  *harmonic_candidates(points, names, figure_lines(points, names, scale), scale)]
    new = [c for c in candidates if min(norm(c.xy - xy) for xy in points.values()) > 1e-3 * scale]
    # the proposer drops candidates at a point of the figure (the conjugates of O and H are H and O)
    assert any(c.kind == "isogonal" and c.spec.constructions[1][0] in ("on_circle", "on_circum") for c in new)
    for candidate in new:
        assert _builds_its_point(problem, points, candidate, scale), candidate


def test_no_harmonic_conjugate_without_a_bisector():
    _, points, names, scale = _figure("a b c = triangle a b c; d = on_line d b c ? coll d b c")
    assert not list(harmonic_candidates(points, names, figure_lines(points, names, scale), scale))


def test_the_proposer_ranks_isogonal_and_harmonic_points_among_the_rest():
    """An isogonal point with no coincidence is proposed, below the points that carry one."""
    text = "a b c = triangle a b c; m = midpoint m b c; d = on_line d a c, angle_bisector d a b c ? cong m b m c"
    problem = parse_problem("t", text)
    state = SearchState(problem, dict(build_diagram(problem, 0).points))
    proposals = HeuristicProposer().propose(state, 100_000)
    texts = [str(clause).split(" = ", 1)[1] for clause, _ in proposals]
    symmedian = texts.index("on_aline x a b c a m, on_line x b c")
    assert proposals[symmedian][1] < proposals[0][1]
    assert "on_line x a c, on_tline x b b d" in texts  # the harmonic conjugate of D
