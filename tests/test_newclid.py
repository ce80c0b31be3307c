"""Newclid's dialect: given auxiliary clauses, several goals, comments, its constructions and constants.

The problem files are read from ``../shared/benchmarks/newclid/``; those tests skip when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ddar import GeoproverError, ProblemError, build_diagram, parse_problem, parse_problems
from ddar.facts import Fact
from ddar.predicates import holds
from ddar.problem import read_statements
from conftest import ROOT

NEWCLID = ROOT.parent / "shared" / "benchmarks" / "newclid"
FILES = ("imo.txt", "testing_minimal_rules.txt", "larger_imo_eval.txt", "imo_sl.txt", "usamo.txt",
         "examples.txt", "large_examples.txt", "imo_95.txt", "imo_102_requires_aux.txt")

_ACONST = "is false in the diagram"  # Newclid's aconst goals read with the reference's sign (see the module doc)
EXPECTED_FAILURES: dict[tuple[str, str], str] = {
    # Newclid's aconst a b c d r is the reference's aconst c d a b r; the reference's meaning is kept.
    ("examples.txt", "suplementary_angles"): _ACONST,
    ("examples.txt", "ar_two_triangles_angle_chasing"): _ACONST,
    ("examples.txt", "ar_three_triangles_angle_chasing"): _ACONST,
    ("examples.txt", "ar_construction_tester"): _ACONST,
    ("large_examples.txt", "worlds_hardest_easy_geometry_problem1"): _ACONST,
    ("large_examples.txt", "worlds_hardest_easy_geometry_problem1_with_construction"): _ACONST,
    ("large_examples.txt", "worlds_hardest_easy_geometry_problem2"): _ACONST,
    ("large_examples.txt", "regular_pentagon"): _ACONST,
    # Newclid's tests of impossible configurations: no common tangent exists, or the goal is false.
    ("examples.txt", "breaking_cc_tangent"): "no tangent",
    ("examples.txt", "breaking_cc_tangent_by_kiss"): "no tangent",
    ("examples.txt", "breaking_cc_itangent"): "goal perp x y y o is false",
    ("examples.txt", "breaking_cc_itangent_by_kiss"): "goal perp x y y o is false",
    # a false goal: with M the midpoint of AB, 2AM² = 2BC² + 2AC² − AB² is not the median formula
    ("testing_minimal_rules.txt", "r89"): "is false in the diagram",
}


def _path(name: str) -> Path:
    path = NEWCLID / name
    if not path.exists():
        pytest.skip(f"Newclid problem file {path} not present")
    return path


@pytest.mark.parametrize("file", FILES)
def test_every_problem_parses_and_builds_or_fails_in_one_line(file):
    failures = {}
    for name, statement in read_statements(_path(file)):
        try:
            diagram = build_diagram(parse_problem(name, statement), seed=0)
        except GeoproverError as e:
            failures[name] = str(e)
            continue
        assert diagram.failed_facts() == [], name
    expected = {name: reason for (f, name), reason in EXPECTED_FAILURES.items() if f == file}
    assert set(failures) == set(expected)
    for name, message in failures.items():
        assert "\n" not in message and expected[name] in message, message


def test_given_aux_clauses_round_trip():
    p = parse_problem("p", "a b c = triangle a b c; o = circle o a b c | m = midpoint m a b; n = midpoint n b c "
                           "? perp o m a b")
    assert p.given == 2 and [c.points for c in p.clauses] == [("a", "b", "c"), ("o",), ("m",), ("n",)]
    assert " | m = midpoint m a b; n = midpoint n b c ? " in p.statement()
    again = parse_problem("p", p.statement())
    assert again == p and again.given == 2 and again.statement() == p.statement()


def test_imo_file_given_clauses_round_trip():
    for name, statement in read_statements(_path("imo.txt")):
        p = parse_problem(name, statement)
        assert bool(p.given) == ("|" in statement)
        again = parse_problem(name, p.statement())
        assert again == p and again.given == p.given


def test_several_goals_round_trip_and_all_are_checked():
    p = parse_problem("p", "a b = segment a b; m = midpoint m a b ? cong m a m b; coll m a b")
    assert p.goal == Fact("cong", ("m", "a", "m", "b")) and len(p.goals) == 2
    assert p.statement().endswith("? cong m a m b; coll m a b")
    assert parse_problem("p", p.statement()) == p
    false_second = parse_problem("q", "a b c = triangle a b c; m = midpoint m a b ? cong m a m b; coll m a c")
    with pytest.raises(GeoproverError, match="the goal coll m a c is false"):
        build_diagram(false_second, 0, max_attempts=20)


def test_comments_and_dialect_lines():
    text = "# dialect: newclid\n# a comment\np\na b = segment a b ? cong a b b a\n\n# another\nq\na = free a\n"
    assert [p.name for p in parse_problems(text)] == ["p", "q"]
    assert len(parse_problems("# dialect: alphageometry\np\na = free a\n")) == 1
    with pytest.raises(ProblemError, match="unknown dialect 'euclid'"):
        parse_problems("# dialect: euclid\np\na = free a\n")


def test_newclid_argument_order_reads_as_the_reference():
    newclid = parse_problem("p", "a b c = triangle a b c; d = parallelogram d a b c")
    reference = parse_problem("p", "a b c = triangle a b c; d = parallelogram a b c d")
    assert newclid == reference
    assert parse_problem("s", "a b = segment a b; x y = square x y a b") == \
        parse_problem("s", "a b = segment a b; x y = square a b x y")


def test_constants_are_normalised():
    s = "a b = segment a b; x = s_angle a b x {}"
    assert parse_problem("p", s.format("30o")) == parse_problem("p", s.format("30")) == \
        parse_problem("p", s.format("1pi/6"))
    p = parse_problem("p", "a b c = triangle a b c ? aconst a b a c 45o")
    assert p.goal.args[-1] == "1pi/4"
    assert parse_problem("p", "a b c d = quadrangle a b c d ? rconst a b c d 2").goal.args[-1] == "2/1"
    assert parse_problem("p", "a = free a; x = lconst x a 5/2").facts() == [Fact("lconst", ("x", "a", "5/2"))]
    assert parse_problem("p", "a b c = triangle a b c; p q r = triangle p q r ? simtrir a b c p q r").goal.pred \
        == "simtri2"


@pytest.mark.parametrize("seed", range(3))
def test_lconst_and_rconst_constructions_hold(seed):
    p = parse_problem("p", "a = free a; b = lconst b a 3; c = free c; d = rconst a b c d 3/4 ? lconst c d 4")
    diagram = build_diagram(p, seed)
    assert diagram.failed_facts() == []
    assert not holds(Fact("lconst", ("c", "d", "5")), diagram.points)


MALFORMED = [
    ("a b = segment a b | ? cong a b b a", "no auxiliary clause after '|'"),
    ("a = free a | b = free b | c = free c", "more than one '|'"),
    ("a b = segment a b ? cong a b b a;", "empty goal"),
    ("a = free a; x = lconst x a 0", "malformed length '0'"),
    ("a b = segment a b; x = s_angle a b x 1pi/7", "angle '1pi/7' is not a whole number of degrees"),
    ("a b c = triangle a b c; x = rconst a b c x 2pi/3", "malformed ratio '2pi/3'"),
    ("a b c = triangle a b c ? aconst a b a c 45deg", "malformed angle '45deg'"),
    ("c a b = between c a b ? lequation 1/1 a c * a 1/1 c b 0", "expected terms of a coefficient"),
]


@pytest.mark.parametrize("statement,reason", MALFORMED)
def test_malformed_newclid_input(statement, reason):
    with pytest.raises(ProblemError) as info:
        parse_problem("bad", statement)
    assert "\n" not in str(info.value) and reason in str(info.value)
