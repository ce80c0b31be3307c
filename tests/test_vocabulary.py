"""The heuristic proposer's vocabulary (circumcircles of the problem's triangles are objects to meet; their
centres, angle bisectors and tangent touch points) and the goal-directed start from the centre of a cyclic goal's circle."""

from __future__ import annotations

import numpy as np
import pytest

from ddar import build_diagram, check_proof, load_problems, parse_problem
from search.beam import search
from search.modes import SearchOptions, goal_centre, solve
from ddar.geometry import norm
from search.proposers import HeuristicProposer, SearchState, salient_triangles, validate

IMO_2019_P2 = "translated_imo_2019_p2"  # needs the second meets of AA1 and BB1 with the circumcircle of ABC


def test_triangles_of_clauses_centres_and_goal_are_salient():
    problem = parse_problem("t", "a b c = triangle a b c; d = midpoint d b c; h = orthocenter h a b d ? cong a d h c")
    triangles = salient_triangles(problem)
    assert frozenset("abc") in triangles and frozenset("abd") in triangles
    assert frozenset("adh") in triangles and frozenset("bcd") not in triangles


def test_second_meet_with_a_triangles_circumcircle_is_proposed_and_solves(benchmark_file):
    (problem,) = load_problems(benchmark_file, [IMO_2019_P2])
    state = SearchState(problem, dict(build_diagram(problem, 0).points))
    proposals = [str(c).split(" = ", 1)[1] for c, _ in HeuristicProposer().propose(state, 64)]
    assert "on_line x a a1, on_circum x a b c" in proposals
    assert "on_line x b b1, on_circum x a b c" in proposals
    result = search(problem, HeuristicProposer(), timeout=60)
    assert result.solved and len(result.constructions) == 2
    assert all("on_circum" in c for c in result.constructions)
    assert check_proof(result.proof.problem, result.proof).ok


def test_goal_centre_is_the_missing_centre_of_a_cyclic_goal(benchmark_file):
    (problem,) = load_problems(benchmark_file, ["translated_imo_2008_p1b"])
    assert str(goal_centre(problem)).endswith("= circle x c1 c2 b1")
    centred = parse_problem("t", "a b c = triangle a b c; o = circle o a b c; d = on_circle d o a ? cyclic a b c d")
    assert goal_centre(centred) is None  # o is that centre already
    assert goal_centre(parse_problem("t", "a b c = triangle a b c; m = midpoint m b c ? cong m b m c")) is None


@pytest.mark.slow
def test_search_from_the_goal_centre_solves_imo_2008_p1b(benchmark_file):
    """The plain search fails on it within 300 s; started from the centre of the goal's circle it needs two
    reflections of H."""
    (problem,) = load_problems(benchmark_file, ["translated_imo_2008_p1b"])
    result = solve(problem, SearchOptions("heuristic"), timeout=60)
    assert result.solved and result.constructions[0].endswith("= circle x c1 c2 b1")
    assert check_proof(result.proof.problem, result.proof).ok


def _all_proposals(text: str) -> tuple[SearchState, list]:
    problem = parse_problem("t", text)
    state = SearchState(problem, dict(build_diagram(problem, 0).points))
    return state, [clause for clause, _ in HeuristicProposer().propose(state, 100_000)]


def test_centres_of_the_problems_triangles_and_their_bisectors_meeting_circles_are_proposed():
    state, proposals = _all_proposals("a b c = triangle a b c; d = midpoint d b c ? cong d b d c")
    texts = {str(c).split(" = ", 1)[1] for c in proposals}
    assert {"incenter x a b c", "orthocenter x a b c", "excenter x a b c"} <= texts
    arc = next(c for c in proposals if str(c).endswith("angle_bisector x b a c, on_circum x a b c"))
    x = validate(state, arc)["x"]  # the bisector from A meets the circumcircle again at the arc midpoint of BC
    points = state.points
    assert abs(norm(x - points["b"]) - norm(x - points["c"])) < 1e-9
    assert norm(x - points["a"]) > 1e-3


def test_tangent_touch_points_from_a_point_outside_a_circle_are_proposed():
    state, proposals = _all_proposals("a b c = triangle a b c; o = circle o a b c; p = mirror p a b ? cong o a o b")
    touches = [c for c in proposals if str(c).endswith("on_circle x o a, on_dia x p o")]
    assert len(touches) == 2
    points = state.points
    for clause in touches:
        x = validate(state, clause)["x"]
        assert abs(norm(x - points["o"]) - norm(points["a"] - points["o"])) < 1e-9  # on the circle
        assert abs(float(np.dot(x - points["o"], x - points["p"]))) < 1e-9  # OX ⟂ XP: a tangent
