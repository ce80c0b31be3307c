"""Malformed problems raise one ProblemError whose message names the problem, the clause and the fault."""

from __future__ import annotations

import pytest

from ddar import ProblemError, parse_problem, parse_problems

MALFORMED = [
    # (statement, the clause the message names, what the message says)
    ("a b = segment a b; x = on_lin x a b", "x = on_lin x a b", "unknown construction 'on_lin'; did you mean on_line"),
    ("a b = segment a b; x = midpoint x a", "x = midpoint x a", "midpoint needs 3 arguments (x a b: the new point, then two points); got 2: x a"),
    ("a b = segment a b; a = free a", "a = free a", "point 'a' is declared twice"),
    ("a b = segment a b; x = midpoint x a c", "x = midpoint x a c", "undeclared point 'c'"),
    ("a b c = triangle a b c; x = on_line x a b, on_circle x a b, on_bline x b c",
     "x = on_line x a b, on_circle x a b, on_bline x b c", "3 loci intersected; at most two can be"),
    ("a b = segment a b; x = midpoint x a b, on_line x a b", "x = midpoint x a b, on_line x a b",
     "midpoint places its points by itself and must stand alone"),
    ("a b c = triangle a b c ? colinear a b c", "colinear a b c", "unknown goal predicate 'colinear'; did you mean coll"),
    ("x@1.5_abc = free x", "x@1.5_abc = free x", "malformed number 'abc'"),
    ("a b = segment a b; x = s_angle a b x 3d", "x = s_angle a b x 3d", "malformed angle in degrees '3d'"),
    ("a b c = triangle a b c ? aconst a b a c pi3", "aconst a b a c pi3", "malformed angle 'pi3'"),
    ("a b segment a b", "a b segment a b", "expected 'points = construction ...'"),
    ("a b = segment a b;; c = free c", None, "empty clause"),
    ("a b = segment a b; x = on_line x a x", "x = on_line x a x", "point 'x' is used before it is constructed"),
    ("a b c = triangle a b c ? cong a b a", "cong a b a", "cong takes 4 arguments, got 3"),
    ("a b = segment a b; x y = midpoint x a b", "x y = midpoint x a b", "point 'y' is declared but no construction places it"),
    ("a b = segment a b ? coll a b z", "coll a b z", "undeclared point 'z' in the goal"),
]


@pytest.mark.parametrize("statement,clause,reason", MALFORMED)
def test_malformed_statement(statement, clause, reason):
    with pytest.raises(ProblemError) as info:
        parse_problem("bad_problem", statement)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("problem 'bad_problem'")
    if clause is not None:
        assert f"clause {clause!r}" in message
    assert reason in message


def test_odd_number_of_lines():
    with pytest.raises(ProblemError, match="odd number of non-empty lines"):
        parse_problems("p1\na b = segment a b\np2\n")


def test_duplicate_problem_name():
    with pytest.raises(ProblemError, match="problem name 'p' appears twice"):
        parse_problems("p\na = free a\np\nb = free b\n")


@pytest.mark.parametrize("clause,message", [
    ("d = midpoint d b", "midpoint needs 3 arguments (x a b: the new point, then two points); got 2: d b"),
    ("d = midpoint b", "midpoint needs 2 arguments after the new point (a b: two points), "
                       "or 3 arguments (x a b: the new point, then two points); got 1: b"),
    ("d = s_angle a b", "s_angle needs 3 arguments after the new point (a b y: two points, then an angle in degrees), "
                        "or 4 arguments (a b x y: two points, the new point, then an angle in degrees); got 2: a b"),
])
def test_wrong_argument_count_says_which_form_was_meant(clause, message):
    """An argument naming the new point means the full form was written, so the message is about that form."""
    with pytest.raises(ProblemError) as info:
        parse_problem("p", f"a b = segment a b; {clause}")
    assert str(info.value) == f"problem 'p', clause {clause!r}: {message}"
