"""The length table: segments add along a line, constant ratios pass between the ratio and length tables,
and the checker re-derives every length step exactly, rejecting tampered ones with the step named."""

from __future__ import annotations

import copy

import pytest

from ddar import check_proof, parse_problem, prove

MIDPOINT_CHAIN = "a b = segment a b; m = midpoint m a b; n = midpoint n a m; p = midpoint p m b ? cong n p a m"


@pytest.fixture(scope="module")
def chain():
    problem = parse_problem("chain", MIDPOINT_CHAIN)
    result = prove(problem)
    assert result.status == "proved"
    return problem, result.proof.to_json()


def _length_step(data: dict) -> dict:
    return next(s for s in data["steps"] if s["reason"] == "algebra" and s.get("combination")
                and s["combination"][0] is None)


def test_sums_of_segments_prove_a_midpoint_chain(chain):
    problem, data = chain
    step = _length_step(data)
    assert step["fact"] == "cong n p a m"  # NP = NM + MP = AM/2 + MB/2 = AM, from the length table alone
    assert check_proof(problem, data).ok
    assert "length chase" in prove(problem).proof.text()


@pytest.mark.parametrize("statement, value", [
    ("a b = segment a b; m = midpoint m a b; n = midpoint n a m ? rconst a b a n 4/1", "4/1"),
    ("a b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? rconst b c m n 2/1", "2/1"),
    ("a b = segment a b; m = midpoint m a b; n = midpoint n m b ? rconst a n n b 3/1", "3/1"),
])
def test_constant_ratios_from_either_table(statement, value):
    problem = parse_problem("ratio", statement)
    result = prove(problem)
    assert result.status == "proved"
    assert result.proof.steps[-1].fact.args[-1] == value
    assert check_proof(problem, result.proof).ok


def _tampered(data: dict, change) -> dict:
    forged = copy.deepcopy(data)
    change(_length_step(forged))
    return forged


def _coefficient(step):
    step["combination"][1][0][2] = "-1/3"


def _equation_index(step):
    step["combination"][1][0][1] = 0  # a cong's first equation is a ratio equation, not a length one


def _no_view(step):
    step["combination"][1] = None


def _dropped_term(step):
    del step["combination"][1][-1]


def _undeclared_premise(step):
    step["premises"].remove(step["combination"][1][0][0])


def _other_fact(step):
    step["fact"] = "cong n p a b"


def _ratio_instead(step):
    step["combination"] = [step["combination"][1], None]


@pytest.mark.parametrize("change, message", [
    (_coefficient, "does not add up"),
    (_equation_index, "no such length equation"),
    (_no_view, "no complete view"),
    (_dropped_term, "does not add up"),
    (_undeclared_premise, "not among the premises"),
    (_other_fact, "false in the proof's own diagram"),
    (_ratio_instead, "no such ratio equation"),
])
def test_tampered_length_steps_are_rejected_with_the_step_named(chain, change, message):
    problem, data = chain
    step_id = _length_step(data)["id"]
    errors = check_proof(problem, _tampered(data, change)).errors
    assert errors and any(e.startswith(f"step ({step_id})") and message in e for e in errors), errors
