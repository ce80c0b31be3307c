"""Prove a problem with the deduction engine: diagram, fixed point, traceback."""

from __future__ import annotations

import time
from dataclasses import dataclass

from .diagram import build_diagram
from .engine import Engine
from .problem import Problem
from .proof import Proof, traceback


@dataclass
class ProveResult:
    """What one run of the engine found: a proof, or why not (``saturated`` / ``timeout``)."""

    problem: Problem
    status: str
    proof: Proof | None
    seconds: float
    facts: int
    rounds: int

    @property
    def solved(self) -> bool:
        return self.proof is not None


def prove(problem: Problem, timeout: float = 120.0, seed: int = 0) -> ProveResult:
    """Build the diagram with ``seed`` and run the engine until the goal, saturation or ``timeout`` seconds."""
    start = time.perf_counter()
    if problem.goal is None:
        raise ValueError(f"problem {problem.name!r} has no goal to prove")
    diagram = build_diagram(problem, seed)
    engine = Engine(diagram)
    result = engine.run(problem.goals, start + timeout)
    proof = None
    if result.goal_step is not None:
        proof = traceback(problem, seed, result.steps, result.goal_steps, diagram.points)
    return ProveResult(problem, result.status, proof, time.perf_counter() - start, len(result.steps), result.rounds)
