"""A search tries each set of constructions once: in another order, and again when it restarts wider."""

from __future__ import annotations

import pytest

from ddar import Clause, build_diagram, load_problems
from ddar.problem import parse_clause
from search.beam import search
from search.modes import SearchOptions, solve
from search.proposers import SearchState, validate
from search.tried import aux_key, key_cell
from conftest import CLASSICS

ORTHOCENTRE = "orthocentre_distance_twice_centre"  # AH = 2 OM: one foot from b (or c) proves it


@pytest.fixture(scope="module")
def orthocentre():
    (problem,) = load_problems(CLASSICS, [ORTHOCENTRE])
    return problem


class _Listed:
    """Proposes the listed constructions (``#`` for the new point), in order, at the root; ``deeper`` below it."""

    def __init__(self, bodies: list[str], deeper: list[str] | None = None):
        self.bodies, self.deeper = bodies, deeper

    def propose(self, state: SearchState, k: int) -> list[tuple[Clause, float]]:
        added = state.problem.clauses[len(state.problem.clauses) - state.problem.given:]
        bodies = self.bodies if not added or self.deeper is None else self.deeper
        have = {str(c).split(" = ", 1)[1].replace(c.points[0], "#") for c in added}
        name = state.fresh_name()
        fresh = [b for b in bodies if b not in have]
        return [(parse_clause(f"{name} = {b.replace('#', name)}", set(state.points), "t"), -float(i))
                for i, b in enumerate(fresh)][:k]


def _key(problem, texts: list[str]) -> tuple[str, ...]:
    """``aux_key`` of constructions added in this order (as a log record lists them)."""
    points = dict(build_diagram(problem, 0).points)
    cell, clauses = key_cell(points), []
    for text in texts:
        clauses.append(parse_clause(text, set(points), "t"))
        points.update(validate(SearchState(problem, points), clauses[-1]))
    return aux_key(tuple(clauses), points, cell)


def test_the_key_ignores_order_and_names_but_not_what_is_built(orthocentre):
    key = lambda *texts: _key(orthocentre, list(texts))  # noqa: E731
    assert key("x = foot x b a c", "x1 = mirror x1 a o") == key("x = mirror x a o", "x1 = foot x1 b a c")
    assert key("x = foot x b a c") != key("x = foot x c a b")
    assert key("x = foot x b a c", "x1 = midpoint x1 x b") != key("x = mirror x a o", "x1 = midpoint x1 x b")
    # a point placed freely on a line lands elsewhere when another new point is there first
    assert key("x = on_line x b c", "x1 = foot x1 b a c") != key("x = foot x b a c", "x1 = on_line x1 b c")


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


def test_a_restart_goes_deeper_from_a_node_it_tried_before(orthocentre, monkeypatch):
    """The second round keeps both root children of the first in its beam without trying them again: their engines
    are rebuilt, and the proof comes from below one of them."""
    listed = _Listed(["reflect # h a b", "reflect # h a c"], deeper=["foot # b a c"])
    monkeypatch.setattr("search.modes.make_proposer", lambda options: listed)
    records = []
    result = solve(orthocentre, SearchOptions("heuristic", beam=1, depth=1, per_node=2), timeout=60,
                   log=records.append)
    assert result.solved and result.constructions == ["x = reflect x h a b", "x1 = foot x1 b a c"]
    assert result.attempts == 3 and [r["depth"] for r in records] == [0, 1, 1, 2]


def test_beam_keeps_the_engine_of_every_child_it_selects_even_with_tied_facts_and_nan_scores(monkeypatch):
    """A one-process beam keeps only the engines its beam can select: with facts tied and some scores NaN, every
    attempt still starts from a kept engine, and the wider restart too."""
    import pickle
    import zlib

    import search.beam as beam_module
    from search.proposers import HeuristicProposer

    def attempt(job, pickled=True):
        blob, clause, _, _, _ = job
        assert blob, f"attempt from a dropped engine: {clause}"
        path = pickle.loads(blob) + (str(clause),)
        facts = zlib.crc32(repr(path).encode()) % 3  # few values: many ties
        return {"status": "saturated", "facts": facts, "seconds": 0.0,
                "engine": pickle.dumps(path) if pickled else path}

    class Tied(HeuristicProposer):
        def propose(self, state, k):
            return [(c, float("nan") if i % 3 == 1 else round(s)) for i, (c, s) in enumerate(super().propose(state, k))]

    monkeypatch.setattr(beam_module, "_attempt", attempt)
    for problem in load_problems(CLASSICS)[:3]:
        points = dict(build_diagram(problem, 0).points)
        for beam, depth in ((1, 3), (2, 3), (3, 2)):
            tried: dict = {}
            for width in (beam, 2 * beam):
                result = search(problem, Tied(), beam=width, depth=depth, per_node=8, timeout=600,
                                root=(pickle.dumps(()), points, 0), tried=tried)
                assert result.status == "exhausted" and result.attempts > 0
