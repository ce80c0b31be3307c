"""Slow tests (run with ``python -m pytest -q -m slow``): the proof search on IMO problems."""

from __future__ import annotations

import pytest

from ddar import check_proof, load_problems
from search.modes import SearchOptions, solve

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", ["translated_imo_2000_p6", "translated_imo_2008_p1a", "translated_imo_2009_p2",
                                  "translated_imo_2010_p2", "translated_imo_2012_p5", "translated_imo_2018_p1"])
def test_heuristic_search_solves_imo_problem_the_engine_alone_cannot(benchmark_file, name):
    (problem,) = load_problems(benchmark_file, [name])
    assert solve(problem, SearchOptions("ddar"), timeout=60).proof is None
    result = solve(problem, SearchOptions("heuristic"), timeout=300)
    assert result.solved and result.constructions
    assert check_proof(result.proof.problem, result.proof).ok
