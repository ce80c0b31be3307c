"""The staged search: mix with the shipped model for a share of the budget, then the heuristics alone."""

from __future__ import annotations

import pytest
from conftest import CLASSICS

import search.modes as modes
from ddar import check_proof, load_problem
from search.modes import SearchOptions, solve

NEWCLID = CLASSICS.parent.parent.parent / "shared" / "benchmarks" / "newclid" / "imo_102_requires_aux.txt"
NAME = "orthocentre_distance_twice_centre"


def test_a_proof_the_model_finds_early_comes_from_the_mix_stage():
    if not NEWCLID.exists():
        pytest.skip(f"benchmark file {NEWCLID} not present")
    problem = load_problem(NEWCLID, "imo_sl_2007_g3")  # the heuristics alone do not solve it in 60 s
    result = solve(problem, SearchOptions("staged"), timeout=60)
    assert result.solved and result.mode.startswith("staged (mix: model")
    assert result.seconds < 60 * modes.STAGED_MIX_SHARE
    assert check_proof(result.proof.problem, result.proof).ok


def test_the_heuristics_take_over_with_the_rest_of_the_budget(monkeypatch):
    log: list[dict] = []
    monkeypatch.setattr(modes, "STAGED_MIX_SHARE", 0.0)  # no time for mix: its stage times out at once
    result = solve(load_problem(CLASSICS, NAME), SearchOptions("staged"), timeout=60, log=log.append)
    assert result.solved and result.mode == "staged (heuristic)"
    assert check_proof(result.proof.problem, result.proof).ok
    assert [r["depth"] for r in log].count(0) == 1  # the problem itself is logged once, not once per stage


def test_staged_needs_the_model_like_mix(tmp_path):
    with pytest.raises(Exception, match="no such checkpoint"):
        solve(load_problem(CLASSICS, NAME), SearchOptions("staged", model=str(tmp_path / "none")), timeout=10)
