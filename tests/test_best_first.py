"""Best-first search: the most promising (node, construction) pair next, at any depth."""

from __future__ import annotations

import pytest

from ddar import check_proof, load_problems
from ddar.problem import parse_clause
from search import best_first as best_first_module
from search.beam import search
from search.best_first import best_first
from search.cli import main
from search.modes import SearchOptions, solve
from search.proposers import HeuristicProposer, SearchState
from conftest import CLASSICS

ORTHOCENTRE = "orthocentre_distance_twice_centre"  # AH = 2 OM: the engine alone saturates; one foot solves it


@pytest.fixture(scope="module")
def orthocentre():
    (problem,) = load_problems(CLASSICS, [ORTHOCENTRE])
    return problem


class Scripted:
    """Proposes fixed clauses with fixed scores: two at the root, one on a node that has the point x."""

    def propose(self, state: SearchState, k: int):
        points = set(state.points)
        if "x" in points:
            texts = [("x1 = midpoint x1 o m", -0.5)] if "x1" not in points else []
        else:
            texts = [("x = midpoint x a o", -1.0), ("x = midpoint x h o", -5.0)]
        return [(parse_clause(text, points, "t"), score) for text, score in texts][:k]


def test_a_promising_child_goes_before_a_poor_sibling(orthocentre):
    """Best-first tries the child of the best root proposal (-1 - 0.5 plus what it taught the engine) before the
    root's poor second proposal (-5); the beam search finishes the level first."""
    order = []
    result = best_first(orthocentre, Scripted(), per_node=8, depth=2, timeout=60, log=order.append)
    assert not result.solved and result.status == "exhausted" and result.attempts == 4
    assert [r["constructions"] for r in order[1:]] == [
        ["x = midpoint x a o"], ["x = midpoint x a o", "x1 = midpoint x1 o m"], ["x = midpoint x h o"],
        ["x = midpoint x h o", "x1 = midpoint x1 o m"]]
    level = []
    search(orthocentre, Scripted(), beam=2, depth=2, per_node=8, timeout=60, log=level.append)
    assert [r["depth"] for r in level[1:]] == [1, 1, 2, 2]


def test_nodes_over_the_open_limit_are_never_expanded(orthocentre, monkeypatch):
    monkeypatch.setattr(best_first_module, "OPEN_NODES", 0)
    order = []
    result = best_first(orthocentre, Scripted(), per_node=8, depth=2, timeout=60, log=order.append)
    assert result.status == "exhausted" and [r["depth"] for r in order[1:]] == [1, 1]


def test_best_first_proves_and_is_deterministic(orthocentre):
    runs = [solve(orthocentre, SearchOptions("heuristic", strategy="best-first"), timeout=60) for _ in range(2)]
    assert runs[0].solved and runs[0].constructions == runs[1].constructions
    assert runs[0].attempts == runs[1].attempts
    assert check_proof(runs[0].proof.problem, runs[0].proof).ok
    beam = solve(orthocentre, SearchOptions("heuristic"), timeout=60)
    assert beam.solved  # the same first proposals: both find a foot


def test_strategy_on_the_command_line(capsys):
    assert main(["prove", str(CLASSICS), ORTHOCENTRE, "--strategy", "best-first"]) == 0
    assert "Constructions:" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["prove", str(CLASSICS), ORTHOCENTRE, "--strategy", "sideways"])


def test_heuristic_proposer_is_the_default_proposer_of_best_first(orthocentre):
    result = best_first(orthocentre, HeuristicProposer(), per_node=16, depth=2, timeout=60)
    assert result.solved and result.mode == "heuristic"
