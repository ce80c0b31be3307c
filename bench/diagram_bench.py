"""Time to parse and build numeric diagrams: per problem and in total, over several seeds.

    python bench/diagram_bench.py [FILE] [--seeds N]

FILE defaults to ../shared/benchmarks/imo_ag_30.txt.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from ddar import build_diagram, load_problems

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "imo_ag_30.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT))
    parser.add_argument("--seeds", type=int, default=10)
    args = parser.parse_args()
    problems = load_problems(args.file)
    print(f"{'problem':32s} {'points':>6s} {'attempts':>9s} {'ms/diagram':>10s}")
    per_problem = []
    for problem in problems:
        start = time.perf_counter()
        attempts = sum(build_diagram(problem, seed).attempts for seed in range(args.seeds))
        ms = (time.perf_counter() - start) * 1000 / args.seeds
        per_problem.append(ms)
        print(f"{problem.name:32s} {len(problem.points):6d} {attempts / args.seeds:9.1f} {ms:10.2f}")
    print(f"median {statistics.median(per_problem):.2f} ms/diagram, total {sum(per_problem):.1f} ms per pass "
          f"over {len(problems)} problems ({args.seeds} seeds)")


if __name__ == "__main__":
    main()
