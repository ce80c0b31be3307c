"""Every shipped and benchmark problem parses, builds for seeds 0-2, and all its facts and its goal hold."""

from __future__ import annotations

import pytest

from ddar import build_diagram, load_problems, parse_problem
from conftest import BENCHMARK, CLASSICS

SEEDS = (0, 1, 2)


def _names(path) -> list[str]:
    return [p.name for p in load_problems(path)] if path.exists() else []


def _assert_builds(problem, seed: int) -> None:
    diagram = build_diagram(problem, seed)
    assert set(diagram.points) == set(problem.points)
    assert diagram.failed_facts() == []
    assert problem.goal is None or diagram.holds(problem.goal)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", _names(BENCHMARK) or ["<absent>"])
def test_benchmark_problem_builds(benchmark_file, name, seed):
    (problem,) = load_problems(benchmark_file, [name])
    _assert_builds(problem, seed)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", _names(CLASSICS))
def test_classic_problem_builds(name, seed):
    (problem,) = load_problems(CLASSICS, [name])
    _assert_builds(problem, seed)


def test_classics_has_twenty_goals():
    problems = load_problems(CLASSICS)
    assert len(problems) >= 20
    assert all(p.goal is not None for p in problems)


def test_benchmark_has_thirty_problems(benchmark_file):
    assert len(load_problems(benchmark_file)) == 30


def test_statement_round_trips(benchmark_file):
    for problem in load_problems(benchmark_file) + load_problems(CLASSICS):
        again = parse_problem(problem.name, problem.statement())
        assert again == problem


def test_pinned_coordinates_are_used(benchmark_file):
    (problem,) = load_problems(benchmark_file, ["translated_imo_2008_p6"])
    diagram = build_diagram(problem, 0)
    assert tuple(diagram.points["x"]) == (4.96, -0.13)
    assert diagram.points["w"][0] == pytest.approx(6.9090049230038776, abs=0)
