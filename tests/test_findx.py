"""'Find x' goals (acompute, rcompute, lcompute): the engine finds the value by algebra and proves it, the proof
passes the checker, a value that does not follow is reported as such, and a forged value is rejected."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from ddar import ProblemError, check_proof, load_problems, parse_problem, prove
from ddar.checker import bind_to_problem
from ddar.compute import answer_lines, answers, unresolved, value_text
from ddar.facts import Fact
from search.cli import main
from search.modes import SearchOptions, solve
from conftest import ROOT

FINDX = ROOT / "problems" / "findx.txt"

# Every problem of problems/findx.txt with the value its proof must print (directed angles, modulo 180°).
EXPECTED = {
    "square_diagonal_angle": "∠(AC, AB) = 45°",
    "square_diagonal_ratio": "AC:AB = √2:1",  # with an auxiliary point the search adds
    "equilateral_triangle_angle": "∠(AC, AB) = 60°",
    "regular_hexagon_angle": "∠(BA, BC) = 120°",
    "regular_hexagon_diagonal": "AD:AB = 2:1",
    "regular_pentagon_angle": "∠(AB, AC) = 36°",
    "semicircle_right_angle": "∠(CA, CB) = 90°",
    "tangent_chord_angle": "∠(AB, AT) = 30°",
    "thirty_sixty_ninety_ratio": "AB:BM = 2:1",
    "thirty_sixty_ninety_angle": "∠(AM, AB) = 30°",
    "isosceles_right_hypotenuse": "BC:AB = √2:1",
    "midline_ratio": "MN:BC = 1:2",
    "centroid_ratio": "AG:GX = 2:1",
    "median_to_hypotenuse": "AM:BC = 1:2",
    "half_length": "AM = 3/2",
    "equilateral_triangle_side": "BC = 3",
}


def _proved(problem):
    """The proof the default search finds (the engine alone, unless the value needs an auxiliary point)."""
    result = solve(problem, SearchOptions("heuristic"), timeout=30)
    assert result.status == "proved", result.status
    return result.proof


def test_every_shipped_problem_is_listed():
    assert [p.name for p in load_problems(FINDX)] == list(EXPECTED)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_value_is_found_printed_and_checked(name):
    (problem,) = load_problems(FINDX, [name])
    proof = _proved(problem)
    assert proof.text().splitlines()[-1] == f"Answer: {EXPECTED[name]}"
    assert answers(problem.goal, proof.goal)
    assert bind_to_problem(proof.problem, proof.constructions, problem) == []  # the problem, plus what it adds
    check = check_proof(proof.problem, proof)
    assert check.ok, check.errors
    assert check_proof(proof.problem, json.loads(proof.dumps())).ok


def test_several_values_in_one_problem():
    """Newclid's acompute test: the two directed angles between AB and BC of an equilateral triangle."""
    problem = parse_problem("eq", "a = free a; b = lconst b a 3; c = eq_triangle c a b "
                                  "? acompute a b b c; acompute b c a b")
    proof = _proved(problem)
    answers_given = answer_lines(problem.goals, [s.fact for s in proof.steps])
    assert answers_given in (["Answer: ∠(AB, BC) = 120°", "Answer: ∠(BC, AB) = 60°"],
                             ["Answer: ∠(AB, BC) = 60°", "Answer: ∠(BC, AB) = 120°"])
    assert check_proof(problem, proof).ok


@pytest.mark.parametrize("statement, value", [
    ("a b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? acompute m n b c", "∠(MN, BC) = 0°"),
    ("a b c = triangle a b c; h = orthocenter h a b c ? acompute a h b c", "∠(AH, BC) = 90°"),
    ("a b = segment a b; c = s_angle a b c 30o ? acompute b c b a", "∠(BC, BA) = 30°"),  # a given value
])
def test_parallel_perpendicular_and_given_angles(statement, value):
    problem = parse_problem("angle", statement)
    proof = _proved(problem)
    assert proof.text().splitlines()[-1] == f"Answer: {value}"
    assert check_proof(problem, proof).ok


@pytest.mark.parametrize("statement, why", [
    ("a b c = triangle a b c ? acompute a b a c", "the value of ∠(AB, AC) does not follow: it is not constant"),
    ("a b c = triangle a b c ? rcompute a b a c", "the value of AB:AC does not follow: it is not constant"),
    ("a b c = triangle a b c; m = midpoint m b c ? lcompute a m", "the value of AM does not follow"),
    ("a b = segment a b; c d = square a b c d ? rcompute a c a b",
     "the value of AC:AB does not follow from what the engine proves (1.414 in the diagram, close to √2)"),
])
def test_a_value_that_does_not_follow_is_reported(statement, why):
    problem = parse_problem("open", statement)
    assert prove(problem, timeout=10).proof is None
    (message,) = unresolved(problem, 0)
    assert message.startswith(why)


def test_cli_prints_the_value_and_a_checked_proof(tmp_path, capsys):
    out = tmp_path / "proof.json"
    assert main(["prove", str(FINDX), "tangent_chord_angle", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Answer: ∠(AB, AT) = 30°" in printed and "∎" in printed
    assert main(["verify", str(out), "--problems", str(FINDX)]) == 0
    assert "Answer: ∠(AB, AT) = 30°" in capsys.readouterr().out


def test_cli_says_the_value_does_not_follow(tmp_path, capsys):
    path = tmp_path / "open.txt"
    path.write_text("open_angle\na b c = triangle a b c ? acompute a b a c\n", encoding="utf-8")
    assert main(["prove", str(path), "open_angle", "--timeout", "30"]) == 1
    printed = capsys.readouterr().out
    assert "not proved" in printed and "the value of ∠(AB, AC) does not follow: it is not constant" in printed
    assert "0 constructions tried" in printed  # no construction makes a varying value constant


def _forged(proof: dict, fact: str) -> dict:
    forged = json.loads(json.dumps(proof))
    forged["steps"][-1]["fact"] = fact
    return forged


def test_a_forged_value_is_rejected():
    (problem,) = load_problems(FINDX, ["square_diagonal_angle"])
    proof = _proved(problem).to_json()
    assert proof["steps"][-1]["fact"] == "aconst a c a b 1pi/4"
    errors = check_proof(problem, _forged(proof, "aconst a c a b 1pi/3")).errors
    assert any("false in the proof's own diagram" in e for e in errors)


def test_a_forged_certificate_is_rejected():
    """The right value with a tampered combination: the checker recomputes the algebra and it does not add up."""
    (problem,) = load_problems(FINDX, ["midline_ratio"])
    proof = _proved(problem).to_json()
    terms = next(t for t in proof["steps"][-1]["combination"] if t)
    terms[0][2] = str(2 * Fraction(terms[0][2]))
    errors = check_proof(problem, proof).errors
    assert any("does not add up" in e for e in errors), errors


@pytest.mark.parametrize("fact, error", [
    ("aconst a c b d 1pi/2", "not the goal"),  # a value, but of another angle
    ("aconst a b a c 1pi/4", "not the goal"),  # the same value of another angle
    ("acompute a c a b", "algebra can only prove"),  # the question itself is not an answer
])
def test_a_step_that_does_not_answer_the_question_is_rejected(fact, error):
    (problem,) = load_problems(FINDX, ["square_diagonal_angle"])
    proof = _proved(problem).to_json()
    errors = check_proof(problem, _forged(proof, fact)).errors
    assert errors and any(error in e for e in errors), errors


def test_answers_and_values_in_words():
    goal = Fact("rcompute", ("a", "b", "c", "d"))
    assert answers(goal, Fact("rconst", ("a", "b", "c", "d", "1/2")))
    assert answers(goal, Fact("r2const", ("a", "b", "c", "d", "3/4")))
    assert not answers(goal, Fact("rconst", ("c", "d", "a", "b", "2/1")))
    assert not answers(goal, Fact("aconst", ("a", "b", "c", "d", "1pi/2")))
    assert value_text(Fact("r2const", ("a", "b", "c", "d", "3/4"))) == "AB:CD = √3:2"
    assert value_text(Fact("aconst", ("a", "b", "c", "d", "1pi/8"))) == "∠(AB, CD) = 22.5°"
    assert value_text(Fact("aconst", ("a", "b", "c", "d", "1pi/7"))) == "∠(AB, CD) = 180/7°"
    assert value_text(Fact("lconst", ("a", "b", "5/2"))) == "AB = 5/2"


@pytest.mark.parametrize("goal", ["acompute a b b a", "rcompute a b a b", "lcompute a a", "acompute a b c"])
def test_questions_about_degenerate_quantities_are_refused(goal):
    with pytest.raises(ProblemError):
        parse_problem("bad", f"a b c = triangle a b c ? {goal}")


def test_statement_with_a_question_round_trips():
    problem = parse_problem("q", "a b c = triangle a b c; m = midpoint m b c ? rcompute a m b c; lcompute a b")
    assert parse_problem("q", problem.statement()) == problem


def _mirrored(proof: dict, fact: str) -> dict:
    """The proof's diagram reflected in the x-axis (every construction fact still holds there), with the value
    the mirror image shows."""
    forged = _forged(proof, fact)
    forged["points"] = {p: [x, -y] for p, (x, y) in proof["points"].items()}
    return forged


def test_a_mirror_image_of_an_oriented_figure_is_rejected():
    """psquare turns +90° (nsquare has the same facts, turned the other way) and ieq_triangle is drawn
    counter-clockwise: a diagram turned the other way is not one the problem's constructions draw."""
    problem = parse_problem("psq", "a b = segment a b; c = psquare c a b ? acompute b c b a")
    proof = _proved(problem).to_json()
    assert proof["steps"][-1]["fact"] == "aconst b c b a 3pi/4"
    errors = check_proof(problem, _mirrored(proof, "aconst b c b a 1pi/4")).errors
    assert any("not where psquare puts it" in e for e in errors)
    (triangle,) = load_problems(FINDX, ["equilateral_triangle_angle"])
    proof = _proved(triangle).to_json()
    assert proof["steps"][-1]["fact"] == "aconst a c a b 1pi/3"
    errors = check_proof(triangle, _mirrored(proof, "aconst a c a b 2pi/3")).errors
    assert any("turn the other way from ieq_triangle" in e for e in errors)


def test_a_value_of_one_configuration_says_so(tmp_path, capsys):
    """risos is drawn turning either way: the value proved is that of the diagram's configuration."""
    path = tmp_path / "either.txt"
    path.write_text("either\na b c = risos a b c ? acompute b c b a\n", encoding="utf-8")
    assert main(["prove", str(path), "either"]) == 0
    printed = capsys.readouterr().out
    assert "Answer: ∠(BC, BA) = 45°" in printed
    assert "note: ∠(BC, BA) is 135° in another diagram of this statement" in printed
    assert main(["prove", str(FINDX), "tangent_chord_angle"]) == 0
    assert "note:" not in capsys.readouterr().out


def test_answers_are_printed_in_lowest_terms_and_within_a_half_turn():
    assert value_text(Fact("aconst", ("a", "c", "a", "b", "4pi/3"))) == "∠(AC, AB) = 60°"
    assert value_text(Fact("aconst", ("a", "c", "a", "b", "-2pi/3"))) == "∠(AC, AB) = 60°"
    assert value_text(Fact("lconst", ("a", "m", "6/4"))) == "AM = 3/2"
