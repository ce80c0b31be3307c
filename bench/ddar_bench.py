"""DD+AR on a problem file (default IMO-AG-30): per problem solved, seconds (parse, diagram, deduction,
traceback), proof steps and peak memory, beside the reference engines' figures where known; then totals,
medians and the slowest problem.

    python bench/ddar_bench.py [--set FILE] [--timeout 120] [--seed 0] [--json OUT] [--profile NAME]

Each problem runs in its own process (one at a time, so the timings do not compete).
With --profile NAME, runs that problem under cProfile in this process and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import pstats
import statistics
import time
from collections import Counter
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


def _profile(path: Path, name: str, timeout: float, seed: int) -> None:
    (problem,) = load_problems(path, [name])
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        prove(problem, timeout, seed)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=BENCHMARK, help="problem file (default: IMO-AG-30)")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write one JSON line per problem here")
    parser.add_argument("--profile", metavar="NAME")
    args = parser.parse_args()
    if not args.set.exists():
        raise SystemExit(f"problem file not found: {args.set}")
    if args.profile:
        _profile(args.set, args.profile, args.timeout, args.seed)
        return
    reference = _reference() if args.set.resolve() == BENCHMARK.resolve() else {}
    pairs = read_statements(args.set)
    start = time.perf_counter()
    outcomes = evaluate(pairs, args.timeout, workers=1, seed=args.seed)
    wall = time.perf_counter() - start
    width = max(len(o.name) for o in outcomes)
    print(f"{'problem':{width}s} {'solved':>9s} {'seconds':>8s} {'steps':>6s} {'MiB':>6s} | {'ref1 s':>7s} {'ref1 ok':>7s} {'ref2 s':>7s}")
    ours_on_ref, ref_on_ref = [], []
    for o in outcomes:
        ref = reference.get(o.name, {})
        ref_ok = ref.get("ref1_ddar_solved") == "1"
        if ref_ok:
            ours_on_ref.append(o.seconds)
            ref_on_ref.append(float(ref["ref1_ddar_seconds"]))
        steps = "-" if o.steps is None else str(o.steps)
        print(f"{o.name:{width}s} {('yes' if o.solved else o.status):>9s} {o.seconds:8.3f} {steps:>6s} {o.peak_mib or 0:6.0f} | "
              f"{ref.get('ref1_ddar_seconds', '-'):>7s} {('yes' if ref_ok else '-'):>7s} "
              f"{ref.get('ref2_ddar_seconds_no_proof') or '-':>7s}"
              + (f"  {o.error[:100]}" if o.error else ""))
    if args.json:
        with args.json.open("w", encoding="utf-8") as f:
            f.writelines(json.dumps(o.to_json()) + "\n" for o in outcomes)
    solved = [o for o in outcomes if o.solved]
    statuses = Counter(o.status for o in outcomes)
    print(f"solved {len(solved)}/{len(outcomes)}: {', '.join(o.name for o in solved)}")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    if ours_on_ref:
        ours, ref = statistics.median(ours_on_ref), statistics.median(ref_on_ref)
        print(f"median seconds on the {len(ours_on_ref)} problems reference engine 1 proves: ours {ours:.3f}, "
              f"reference {ref:.1f} ({ref / ours:.0f}x)")
    ran = [o for o in outcomes if o.status in ("proved", "saturated", "timeout", "killed")]
    if solved:
        print(f"median seconds over all solved: {statistics.median(o.seconds for o in solved):.3f}")
    if ran:
        slowest = max(ran, key=lambda o: o.seconds)
        print(f"slowest: {slowest.name} {slowest.seconds:.2f}s ({slowest.status}); "
              f"largest peak memory {max(o.peak_mib or 0 for o in outcomes):.0f} MiB; wall {wall:.1f}s")


if __name__ == "__main__":
    main()
