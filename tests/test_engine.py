"""The deduction engine on real problems: what it proves, that proofs check, that it stops cleanly."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest

from ddar import Fact, build_diagram, check_proof, load_problems, parse_problem, prove
from ddar.engine import Step
from ddar.equations import fact_equations
from ddar.proof import auxiliary_points
from conftest import BENCHMARK, CLASSICS, ROOT

# The 14 problems the first reference engine proves with DD+AR, and translated_imo_2014_p4.
REFERENCE_SOLVED = [
    "translated_imo_2000_p1", "translated_imo_2002_p2a", "translated_imo_2002_p2b", "translated_imo_2003_p4",
    "translated_imo_2004_p5", "translated_imo_2005_p5", "translated_imo_2007_p4", "translated_imo_2010_p4",
    "translated_imo_2012_p1", "translated_imo_2013_p4", "translated_imo_2015_p4", "translated_imo_2016_p1",
    "translated_imo_2017_p4", "translated_imo_2022_p4", "translated_imo_2014_p4",
]


@pytest.mark.parametrize("name", REFERENCE_SOLVED)
def test_engine_proves_benchmark_problem_and_proof_checks(benchmark_file, name):
    (problem,) = load_problems(benchmark_file, [name])
    result = prove(problem, timeout=120)
    assert result.status == "proved"
    assert result.proof.goal == problem.goal
    check = check_proof(problem, result.proof)
    assert check.ok, check.errors
    json_check = check_proof(problem, result.proof.to_json())
    assert json_check.ok, json_check.errors


@pytest.mark.parametrize("name", ["midline_parallel", "thales", "simson_line", "miquel_point", "hypotenuse_median",
                                  "angle_bisector_theorem", "nine_point_circle_foot", "orthic_triangle_incenter",
                                  "intercept_theorem", "trapezoid_midline", "equal_chords_equal_angles"])
def test_engine_proves_classics(name):
    (problem,) = load_problems(CLASSICS, [name])
    result = prove(problem, timeout=30)
    assert result.solved and check_proof(problem, result.proof).ok


def test_unprovable_without_auxiliary_points_saturates(benchmark_file):
    (problem,) = load_problems(benchmark_file, ["translated_imo_2019_p2"])
    result = prove(problem, timeout=60)
    assert result.status == "saturated" and result.proof is None


def test_deadline_is_honoured(benchmark_file):
    (problem,) = load_problems(benchmark_file, ["translated_imo_2000_p1"])
    result = prove(problem, timeout=0.0)
    assert result.status == "timeout" and result.proof is None


def test_same_seed_same_proof_across_processes(benchmark_file):
    script = ("from ddar import load_problems, prove; import sys; "
              f"(p,) = load_problems({str(benchmark_file)!r}, ['translated_imo_2016_p1']); "
              "sys.stdout.write(prove(p).proof.text())")
    texts = {subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={"PYTHONHASHSEED": str(seed), "PATH": ""}).stdout for seed in (1, 2, 3)}
    assert len(texts) == 1 and "∎" in texts.pop()


def test_auxiliary_points_are_those_the_goal_does_not_need():
    problem = parse_problem("aux", "a b = segment a b; m = midpoint m a b; c = free c; d = midpoint d a c; "
                                   "e = on_line e m d ? cong m a m b")
    steps = [Step(1, Fact("coll", ("d", "a", "c")), "premise"), Step(2, Fact("cong", ("m", "a", "m", "b")), "premise")]
    assert auxiliary_points(problem, steps) == ["c", "d"]


def test_centre_equations_hold_numerically():
    problem = parse_problem("c", "a b c = triangle a b c; o = circle o a b c; d = on_circle d o a")
    for seed in range(5):
        diagram = build_diagram(problem, seed)
        assert len(fact_equations(Fact("circle", ("o", "a", "b", "c", "d")), diagram.points)) == 3 + 3 + 6  # radii twice


# -- tampered proofs are rejected, naming the step --------------------------------------------


@pytest.fixture(scope="module")
def proof_json():
    (problem,) = load_problems(BENCHMARK, ["translated_imo_2004_p5"]) if BENCHMARK.exists() else [None]
    if problem is None:
        pytest.skip("benchmark file not present")
    return problem, prove(problem).proof.to_json()


def _first(steps, predicate):
    return next(s for s in steps if predicate(s))


def test_untampered_proof_checks(proof_json):
    problem, data = proof_json
    assert check_proof(problem, data).ok


def test_dropped_premise_is_rejected(proof_json):
    problem, data = copy.deepcopy(proof_json)
    step = _first(data["steps"], lambda s: s["reason"].startswith("similar") and len(s["premises"]) == 2)
    step["premises"] = step["premises"][:1]
    errors = check_proof(problem, data).errors
    assert any(e.startswith(f"step ({step['id']})") and "missing premise" in e for e in errors)


def test_wrong_rule_is_rejected(proof_json):
    problem, data = copy.deepcopy(proof_json)
    step = _first(data["steps"], lambda s: s["reason"] == "similar triangles (SSS)")
    step["reason"] = "similar triangles (AA)"
    errors = check_proof(problem, data).errors
    assert any(e.startswith(f"step ({step['id']})") and "similar triangles (AA)" in e for e in errors)


def test_false_conclusion_is_rejected(proof_json):
    problem, data = copy.deepcopy(proof_json)
    step = _first(data["steps"], lambda s: s["reason"] == "algebra" and s["fact"].startswith("cong"))
    step["fact"] = "cong o a a b"
    errors = check_proof(problem, data).errors
    assert any(e.startswith(f"step ({step['id']}) cong o a a b") for e in errors)


def test_wrong_coefficient_is_rejected(proof_json):
    problem, data = copy.deepcopy(proof_json)
    step = _first(data["steps"], lambda s: s["reason"] == "algebra")
    step["combination"][0][0][2] = "7"
    errors = check_proof(problem, data).errors
    assert any(e.startswith(f"step ({step['id']})") and "does not add up" in e for e in errors)


def test_premise_must_be_a_construction_fact(proof_json):
    problem, data = copy.deepcopy(proof_json)
    data["steps"][0]["fact"] = "cong o a o c"
    errors = check_proof(problem, data).errors
    assert errors[0].startswith("step (1) cong o a o c: not a construction fact")


def test_later_premise_is_rejected(proof_json):
    problem, data = copy.deepcopy(proof_json)
    step = data["steps"][-1]
    step["premises"] = step["premises"] + [step["id"] + 1]
    assert any("is not an earlier step" in e for e in check_proof(problem, data).errors)


def test_degenerate_premises_do_not_prove_anything():
    problem = parse_problem("mid", "a b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? para m n b c")
    forged = {"seed": 0, "steps": [
        {"id": 1, "fact": "eqratio m b m b n c n c", "reason": "algebra", "premises": [], "combination": [[]]},
        {"id": 2, "fact": "coll b m b", "reason": "algebra", "premises": [], "combination": []},
        {"id": 3, "fact": "para b c b c", "reason": "algebra", "premises": [], "combination": []},
        {"id": 4, "fact": "para m n b c", "reason": "proportional segments between parallels",
         "premises": [1, 2, 3]}]}
    errors = check_proof(problem, forged).errors
    assert "step (2) coll b m b: coll needs 3 distinct points" in errors
    assert any(e.startswith("step (4)") and "six distinct points" in e for e in errors)


def test_facts_that_are_not_equations_cannot_come_from_algebra():
    problem = parse_problem("n", "a b c = triangle a b c ? ncoll a b c")
    forged = {"seed": 0, "steps": [{"id": 1, "fact": "ncoll a b c", "reason": "algebra", "premises": []}]}
    assert check_proof(problem, forged).errors == [
        "step (1) ncoll a b c: algebra can only prove a fact that is a linear equation"]
