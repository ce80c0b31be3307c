"""The cost of one search attempt: continuing the parent's saturated engine with the new
clause (what the search does) against running the engine from scratch on the extended problem.

    python bench/attempt_bench.py [--proposals 30]

For each IMO-AG-30 problem the engine alone does not prove, the first --proposals heuristic
proposals at depth 1 are tried both ways; prints the median seconds per attempt.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import time
from pathlib import Path

from ddar import load_problems, build_diagram
from ddar.diagram import Diagram
from ddar.engine import Engine
from search.beam import _attempt
from search.proposers import HeuristicProposer, SearchState, validate

BENCHMARK = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "imo_ag_30.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=30)
    args = parser.parse_args()
    continued, scratch = [], []
    for problem in load_problems(BENCHMARK):
        diagram = build_diagram(problem, 0)
        engine = Engine(diagram)
        if engine.run(problem.goal, time.perf_counter() + 60).status == "proved":
            continue
        blob = pickle.dumps(engine)
        state = SearchState(problem, dict(diagram.points))
        for clause, _ in HeuristicProposer().propose(state, args.proposals):
            new = validate(state, clause)
            continued.append(_attempt((blob, clause, new, time.monotonic() + 20, 0))["seconds"])
            start = time.perf_counter()
            extended = problem.__class__(problem.name, problem.clauses + (clause,), problem.goal)
            Engine(Diagram(extended, {**diagram.points, **new}, 0, 1)).run(problem.goal, start + 20)
            scratch.append(time.perf_counter() - start)
    print(f"{len(continued)} attempts: median {statistics.median(continued) * 1000:.1f} ms continuing the parent's "
          f"state, {statistics.median(scratch) * 1000:.1f} ms from scratch "
          f"({statistics.median(scratch) / statistics.median(continued):.1f}x)")


if __name__ == "__main__":
    main()
