"""DD+AR on IMO-AG-30: per problem solved, seconds (parse, diagram, deduction, traceback), proof steps
and peak memory, beside the reference engines' figures; then the medians.

    python bench/ddar_bench.py [--timeout 120] [--seed 0] [--profile NAME]

Each problem runs in its own process (one at a time, so the timings do not compete).
With --profile NAME, runs that problem under cProfile in this process and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import pstats
import statistics
import time
from pathlib import Path

from ddar import load_problems, prove
from ddar.problem import read_statements
from search.evaluate import evaluate

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
BENCHMARK = SHARED / "benchmarks" / "imo_ag_30.txt"
ANCHORS = SHARED / "anchors" / "imo_ag_30.tsv"


def _reference() -> dict[str, dict]:
    if not ANCHORS.exists():
        return {}
    with ANCHORS.open() as f:
        return {row["problem"]: row for row in csv.DictReader(f, delimiter="\t")}


def _profile(name: str, timeout: float, seed: int) -> None:
    (problem,) = load_problems(BENCHMARK, [name])
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        prove(problem, timeout, seed)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", metavar="NAME")
    args = parser.parse_args()
    if not BENCHMARK.exists():
        raise SystemExit(f"benchmark file not found: {BENCHMARK}")
    if args.profile:
        _profile(args.profile, args.timeout, args.seed)
        return
    reference = _reference()
    pairs = read_statements(BENCHMARK)
    start = time.perf_counter()
    outcomes = evaluate(pairs, args.timeout, workers=1, seed=args.seed)
    wall = time.perf_counter() - start
    print(f"{'problem':26s} {'solved':>6s} {'seconds':>8s} {'steps':>6s} {'MiB':>6s} | {'ref1 s':>7s} {'ref1 ok':>7s} {'ref2 s':>7s}")
    ours_on_ref, ref_on_ref = [], []
    for o in outcomes:
        ref = reference.get(o.name, {})
        ref_ok = ref.get("ref1_ddar_solved") == "1"
        if ref_ok:
            ours_on_ref.append(o.seconds)
            ref_on_ref.append(float(ref["ref1_ddar_seconds"]))
        steps = "-" if o.steps is None else str(o.steps)
        print(f"{o.name:26s} {('yes' if o.solved else o.status):>6s} {o.seconds:8.3f} {steps:>6s} {o.peak_mib or 0:6.0f} | "
              f"{ref.get('ref1_ddar_seconds', '-'):>7s} {('yes' if ref_ok else 'no'):>7s} "
              f"{ref.get('ref2_ddar_seconds_no_proof') or '-':>7s}")
    solved = [o for o in outcomes if o.solved]
    print(f"solved {len(solved)}/{len(outcomes)}: {', '.join(o.name for o in solved)}")
    if ours_on_ref:
        ours, ref = statistics.median(ours_on_ref), statistics.median(ref_on_ref)
        print(f"median seconds on the {len(ours_on_ref)} problems reference engine 1 proves: ours {ours:.3f}, "
              f"reference {ref:.1f} ({ref / ours:.0f}x)")
    print(f"median seconds over all solved: {statistics.median(o.seconds for o in solved):.3f}; "
          f"largest peak memory {max(o.peak_mib or 0 for o in outcomes):.0f} MiB; wall {wall:.1f}s")


if __name__ == "__main__":
    main()
