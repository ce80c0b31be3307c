"""Check examples as a user of the dataset would: each rebuilds from its own text, its goal
holds numerically, and the engine proves it with its auxiliary clauses."""

from __future__ import annotations

import time
from dataclasses import dataclass

from ddar import DiagramError, ProblemError, parse_problem, prove


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
    start = time.perf_counter()
    try:
        problem = parse_problem("example", full_problem_text(record))
        result = prove(problem, timeout, seed)
    except (ProblemError, DiagramError) as e:
        return Validation(record["key"], False, False, time.perf_counter() - start, str(e))
    error = None if result.solved else f"engine {result.status}"
    return Validation(record["key"], True, result.solved, time.perf_counter() - start, error)
