"""Check examples as a user of the dataset would: each rebuilds from its own text, its goal
holds numerically, and the engine proves it with its auxiliary clauses (budgets in engine work, see aux.WorkDeadline)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from ddar import DiagramError, Fact, ProblemError, build_diagram, parse_problem

from .aux import run_engine


@dataclass
class Validation:
    key: str
    rebuilt: bool
    proved: bool
    seconds: float
    error: str | None = None


def full_problem_text(record: dict) -> str:
    """The example's problem with its auxiliary clauses added before the goal."""
    body, _, goal = record["problem"].partition(" ? ")
    return "; ".join([body, *record["aux"]]) + f" ? {goal}"


def validate(record: dict, timeout: float = 30.0, seed: int = 0) -> Validation:
    """Rebuild the example with its aux from its text (diagram seed ``seed``) and prove its goal within
    ``timeout`` CPU seconds."""
    start = time.perf_counter()
    try:
        problem = parse_problem("example", full_problem_text(record))
        result = run_engine(problem, problem.goal, timeout, seed)[1]
    except (ProblemError, DiagramError, ValueError, ZeroDivisionError) as e:
        return Validation(record["key"], False, False, time.perf_counter() - start, str(e))
    solved = result.status == "proved"
    error = None if solved else f"engine {result.status}"
    return Validation(record["key"], True, solved, time.perf_counter() - start, error)


def holds_rebuilt(record: dict, seed: int = 0) -> bool:
    """The example rebuilds from its text and its goal and every proof fact hold on that diagram."""
    try:
        problem = parse_problem("example", full_problem_text(record))
        diagram = build_diagram(problem, seed)
    except (ProblemError, DiagramError):
        return False
    facts = [Fact(p.split()[0], tuple(p.split(" [")[0].split()[1:])) for p in record["proof"]]
    return all(diagram.holds(f) for f in [problem.goal, *facts])
