"""Constant angles, ratios and lengths and linear equations, as construction facts and as goals: each is proved
by DD+AR with a checked proof, and each false variant does not even draw."""

from __future__ import annotations

import pytest

from ddar import DiagramError, ProblemError, build_diagram, check_proof, parse_problem, prove

PROVED = {
    "equilateral_60": "a b c = ieq_triangle a b c ? aconst a c a b 1pi/3",
    "equilateral_degrees": "a b c = ieq_triangle a b c ? aconst a b a c 120o",
    "s_angle_30": "a b = segment a b; c = s_angle a b c 30o ? aconst b c b a 1pi/6",
    "s_angle_foot": "a b = segment a b; c = s_angle a b c 30o; d = foot d a b c ? aconst d a b a 2pi/3",
    "square_diagonal": "a b = segment a b; c d = square a b c d ? aconst a c a b 1pi/4",
    "half_length": "a = free a; b = lconst b a 3; m = midpoint m a b ? lconst a m 3/2",
    "segments_add_to_a_length": "a = free a; b = lconst b a 3; c = on_line c a b, lconst c b 1 "
                                "? lequation 1/1 a c 1/1 c b 3",
    "between_adds": "c a b = between c a b ? lequation 1/1 a c 1/1 c b -1/1 a b 0",
    "triangle_angle_sum": "a b c = triangle a b c; d = on_line d b c "
                          "? aequation 1/1 b a b d 1/1 d b d a 1/1 a d a b 0",
    "quarter_ratio": "a b = segment a b; m = midpoint m a b; n = midpoint n a m ? rconst a b a n 4",
    "zero_angle": "a b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? aconst m n b c 0o",
}


@pytest.mark.parametrize("name", sorted(PROVED))
def test_constant_goal_is_proved_and_checked(name):
    problem = parse_problem(name, PROVED[name])
    result = prove(problem, timeout=20)
    assert result.status == "proved"
    assert check_proof(problem, result.proof).ok


@pytest.mark.parametrize("statement", [
    "a b c = ieq_triangle a b c ? aconst a c a b 1pi/4",
    "a = free a; b = lconst b a 3; m = midpoint m a b ? lconst a m 2",
    "c a b = between c a b ? lequation 1/1 a c 1/1 c b -2/1 a b 0",
])
def test_a_false_constant_goal_does_not_draw(statement):
    with pytest.raises(DiagramError, match="false in the diagram"):
        build_diagram(parse_problem("false", statement), 0)


@pytest.mark.parametrize("statement, message", [
    ("a b = segment a b ? lequation 1/1 a b * a 1", "a product of lengths is written a b \\* c d"),
    ("a b = segment a b ? lequation 1/1 a b", "then a constant"),
    ("a b = segment a b ? lequation x a b 1", "malformed coefficient"),
    ("a b = segment a b ? aconst a b a b 45x", "malformed angle"),
])
def test_malformed_constants_are_one_line_errors(statement, message):
    with pytest.raises(ProblemError, match=message) as e:
        parse_problem("bad", statement)
    assert "\n" not in str(e.value)


def test_equations_over_squared_lengths_draw_but_are_never_proved():
    """Pythagoras holds in the diagram, but the linear tables cannot express it: the engine saturates."""
    problem = parse_problem("pythagoras", "a b c = r_triangle a b c ? lequation 1/1 a b * a b 1/1 a c * a c "
                                          "-1/1 b c * b c 0")
    assert build_diagram(problem, 0).holds(problem.goal)
    assert prove(problem, timeout=10).status == "saturated"


def test_degrees_and_radians_are_the_same_fact():
    degrees = parse_problem("d", "a b c = ieq_triangle a b c ? aconst a c a b 60o")
    radians = parse_problem("r", "a b c = ieq_triangle a b c ? aconst a c a b 1pi/3")
    assert degrees.goal == radians.goal
