"""Numeric diagrams: determinism per seed, rejection of impossible clauses, tolerances."""

from __future__ import annotations

import pytest

from ddar import DiagramError, Fact, build_diagram, load_problems, parse_problem
from conftest import CLASSICS


def _coordinates(problem, seed):
    return {n: p.tobytes() for n, p in build_diagram(problem, seed).points.items()}


def test_same_seed_same_coordinates_bit_for_bit():
    for problem in load_problems(CLASSICS):
        assert _coordinates(problem, 7) == _coordinates(problem, 7)


def test_different_seeds_differ():
    (problem,) = load_problems(CLASSICS, ["euler_line"])
    assert _coordinates(problem, 0) != _coordinates(problem, 1)


def test_false_goal_gives_diagram_error_naming_the_goal():
    problem = parse_problem("false_goal", "a b c = triangle a b c; m = midpoint m a b ? perp c m a b")
    with pytest.raises(DiagramError, match=r"problem 'false_goal'.*goal perp c m a b is false"):
        build_diagram(problem, 0, max_attempts=20)


def test_failed_precondition_names_clause():
    problem = parse_problem("same", "a b = segment a b; x = midpoint x a a")
    with pytest.raises(DiagramError, match=r"clause 'x = midpoint x a a'.*precondition diff a a"):
        build_diagram(problem, 0, max_attempts=5)


def test_parallel_loci_do_not_meet():
    problem = parse_problem("para", "a b c = triangle a b c; x = on_pline x c a b, on_line x a b")
    with pytest.raises(DiagramError, match=r"clause 'x = on_pline x c a b, on_line x a b'.*do not meet"):
        build_diagram(problem, 0, max_attempts=5)


def test_tangent_circles_meet_in_one_point():
    problem = parse_problem("tan", "o b = segment o b; p = mirror p o b; q = on_circle q o p; "
                                   "x = on_circle x o b, eqdistance x q o b")
    diagram = build_diagram(problem, 0)
    pts = diagram.points
    assert diagram.failed_facts() == []
    assert pts["x"] == pytest.approx((pts["o"] + pts["q"]) / 2, abs=1e-9)


def test_holds_distinguishes_near_misses():
    problem = parse_problem("t", "a b c = triangle a b c; m = midpoint m a b")
    diagram = build_diagram(problem, 0)
    assert diagram.holds(Fact("cong", ("m", "a", "m", "b")))
    diagram.points["m"] = diagram.points["m"] + 1e-6
    assert not diagram.holds(Fact("cong", ("m", "a", "m", "b")))
