"""Each construction of the language builds in random configurations and its facts hold there."""

from __future__ import annotations

import pytest

from ddar import CONSTRUCTIONS, build_diagram, parse_problem
from ddar.constructions import COMPLETING_FACTS, REFERENCE_CONSTRUCTIONS
from ddar.constructions_newclid import NEWCLID_CONSTRUCTIONS
from construction_cases import CASES


def test_catalogue_has_all_68_constructions_and_newclid_ones():
    assert len(REFERENCE_CONSTRUCTIONS) == 68
    assert not set(REFERENCE_CONSTRUCTIONS) & set(NEWCLID_CONSTRUCTIONS)
    assert set(CONSTRUCTIONS) == set(REFERENCE_CONSTRUCTIONS) | set(NEWCLID_CONSTRUCTIONS)
    assert set(CASES) == set(CONSTRUCTIONS)


def test_completing_facts_name_catalogue_entries():
    assert set(COMPLETING_FACTS) <= set(CONSTRUCTIONS)
    assert "perp x c a b" in [str(f) for f in CONSTRUCTIONS["orthocenter"].facts(("x", "a", "b", "c"))]


@pytest.mark.parametrize("name", sorted(CASES))
def test_construction_facts_hold(name):
    problem = parse_problem(f"case_{name}", CASES[name])
    assert problem.clauses[-1].constructions[0].name == name
    for seed in range(5):
        diagram = build_diagram(problem, seed)
        assert diagram.failed_facts() == []
        for clause in problem.clauses:
            for construction in clause.constructions:
                for pre in construction.preconditions():
                    assert diagram.holds(pre), (seed, pre)


def test_facts_are_not_vacuous():
    """A construction's facts fail when its point is moved: the checks can tell."""
    problem = parse_problem("moved", CASES["orthocenter"])
    diagram = build_diagram(problem, 0)
    diagram.points["x"] = diagram.points["x"] + 1e-3
    assert len(diagram.failed_facts()) == 3


def test_s_angle_fact_is_an_angle_constant():
    problem = parse_problem("s", "a b = segment a b; x = s_angle a b x 30")
    assert [str(f) for f in problem.facts()] == ["aconst b x b a 1pi/6"]


def test_short_form_fills_new_point_slots():
    full = parse_problem("p", "a b c = triangle a b c; d = parallelogram a b c d; e = on_line e a c, on_line e b d")
    short = parse_problem("p", "a b c = triangle; d = parallelogram a b c; e = on_line a c, on_line b d")
    assert short == full


def test_intersection_of_two_loci_lies_on_both():
    problem = parse_problem("x", "a b c = triangle a b c; x = on_circum x a b c, on_bline x b c")
    diagram = build_diagram(problem, 3)
    assert diagram.failed_facts() == []
