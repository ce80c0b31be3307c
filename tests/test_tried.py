"""A search tries each set of constructions once: in another order, and again when it restarts wider."""

from __future__ import annotations

import pytest

from ddar import Clause, build_diagram, load_problems
from ddar.problem import parse_clause
from search.beam import search
from search.modes import SearchOptions, solve
from search.proposers import SearchState
from search.tried import aux_key
from conftest import CLASSICS

ORTHOCENTRE = "orthocentre_distance_twice_centre"  # AH = 2 OM: one foot from b (or c) proves it


@pytest.fixture(scope="module")
def orthocentre():
    (problem,) = load_problems(CLASSICS, [ORTHOCENTRE])
    return problem


class _Listed:
    """Proposes the listed constructions, in order, each named by the node and skipped where the node has it."""

    def __init__(self, bodies: list[str]):
        self.bodies = bodies

    def propose(self, state: SearchState, k: int) -> list[tuple[Clause, float]]:
        have = {str(c).split(" = ", 1)[1].replace(c.points[0], "#") for c in state.problem.clauses}
        out = []
        for body in self.bodies:
            name = state.fresh_name()
            if body.replace("#", name).replace(name, "#") not in have:
                out.append((parse_clause(f"{name} = {body.replace('#', name)}", set(state.points), "t"), -len(out)))
        return out[:k]


def _clause(text: str, points) -> Clause:
    return parse_clause(text, set(points), "t")


def _key(problem, texts: list[str]) -> tuple[str, ...]:
    """``aux_key`` of a log record's constructions."""
    points, clauses = set(build_diagram(problem, 0).points), []
    for text in texts:
        clauses.append(_clause(text, points))
        points |= set(clauses[-1].points)
    return aux_key(tuple(clauses))


def test_the_key_ignores_order_and_names_but_not_what_is_built(orthocentre):
    points = set(build_diagram(orthocentre, 0).points)
    foot, mirror = _clause("x = foot x b a c", points), _clause("x1 = mirror x1 a o", points | {"x"})
    mirror_first, foot_second = _clause("x = mirror x a o", points), _clause("x1 = foot x1 b a c", points | {"x"})
    assert aux_key((foot, mirror)) == aux_key((mirror_first, foot_second))
    assert aux_key((foot,)) != aux_key((_clause("x = foot x c a b", points),))
    built_on = _clause("x1 = midpoint x1 x a", points | {"x"})  # uses the first new point: order matters
    assert aux_key((foot, built_on)) != aux_key((mirror_first, built_on))
    pinned = [_clause(f"x@{x}_0.5 = on_line x a b, on_circle x o a", points) for x in (0.1, 0.9)]
    assert aux_key(pinned[:1]) != aux_key(pinned[1:])  # two branches of one locus are two points


def test_a_pair_added_in_either_order_is_tried_once(orthocentre):
    listed = _Listed(["reflect # h a b", "reflect # h a c", "midpoint # a h"])  # none of them proves the goal
    records = []
    result = search(orthocentre, listed, beam=2, depth=2, per_node=3, timeout=60, log=records.append)
    assert not result.solved
    tried = [_key(orthocentre, r["constructions"]) for r in records[1:]]
    assert len(tried) == len(set(tried))
    assert result.attempts == 3 + 3  # three alone; of the four pairs below two nodes, one is the same as another


def test_a_wider_restart_skips_what_the_first_round_tried(orthocentre, monkeypatch):
    listed = _Listed(["reflect # h a b", "reflect # h a c", "midpoint # a h", "foot # b a c"])
    monkeypatch.setattr("search.modes.make_proposer", lambda options: listed)
    records = []
    result = solve(orthocentre, SearchOptions("heuristic", beam=1, depth=1, per_node=2), timeout=60,
                   log=records.append)
    assert result.solved and result.constructions == ["x = foot x b a c"]
    firsts = [r["constructions"] for r in records[1:]]
    assert firsts == [["x = reflect x h a b"], ["x = reflect x h a c"], ["x = midpoint x a h"], ["x = foot x b a c"]]
    assert result.attempts == 4  # the second round (two constructions a node, two deep) skips the first two
