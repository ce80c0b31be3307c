"""Search workers: solved problems against time with 1 worker (measured) and with more (simulated from the
1-worker run's log), beside a measured run with --measure workers.

    python bench/workers_bench.py [--set FILE] [--timeout 30] [--simulate 1 2 4 8 16] [--measure 2]

Each problem is solved with one search worker while every attempt is logged with the time its result came
back. That run is a sequence of serial stretches (the engine on the problem, proposing, the parent's own
bookkeeping) and attempts. With N workers the attempts of one level of the beam run N at a time, in order
(``search.beam`` hands them to a pool and reads the results in order), while the serial stretches stay as
they are. The simulation replays the log that way. It leaves out what more processes cost (sending engine
states to them), which the measured run shows, and counts a worker's own pickling of its result as serial
(which makes it pessimistic there); a restarted search that begins at the depth the last one ended on
would be read as one level. A problem the 1-worker run does not solve counts as
unsolved for every N: the simulation cannot say what a longer search would have found.
"""

from __future__ import annotations

import argparse
import heapq
import time
from pathlib import Path

from ddar.problem import parse_problem, read_statements
from search.modes import SearchOptions, solve

BENCHMARK = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "imo_ag_30.txt"
BUDGETS = (1, 3, 10, 30, 100, 300)


def logged_solve(name: str, statement: str, timeout: float, workers: int = 1) -> tuple[float | None, list]:
    """Solve one problem; (seconds to the proof or None, [(seconds at which a result came back, record)])."""
    events = []
    start = time.perf_counter()
    result = solve(parse_problem(name, statement), SearchOptions("heuristic", workers=workers), timeout,
                   log=lambda record: events.append((time.perf_counter() - start, record)))
    return (result.seconds if result.solved else None), events


def simulated_seconds(seconds: float, events: list, workers: int) -> float:
    """The time a solved 1-worker run would take with ``workers``: serial stretches as measured, the attempts
    of each level (consecutive attempts at one depth) N at a time, in order."""
    serial, levels, last_end, last_depth = 0.0, [], 0.0, None
    for at, record in events:
        if record["depth"] == 0:  # the engine on the problem itself
            serial += at - last_end
            last_end, last_depth = at, None
            continue
        duration = min(record["seconds"], at - last_end)
        serial += at - last_end - duration  # what the parent did between two results: proposing, bookkeeping
        if record["depth"] != last_depth:
            levels.append([])
            last_depth = record["depth"]
        levels[-1].append(duration)
        last_end = at
    serial += max(0.0, seconds - last_end)  # the traceback after the last result
    return serial + sum(_makespan(level, workers) for level in levels)


def _makespan(durations: list[float], workers: int) -> float:
    """When the last of ``durations`` finishes with ``workers`` taking them in order, each the next free."""
    free = [0.0] * workers
    end = 0.0
    for d in durations:
        start = heapq.heappop(free)
        end = max(end, start + d)
        heapq.heappush(free, start + d)
    return end


def curve(times: list[float | None], budgets: list[float]) -> str:
    return "  ".join(f"{sum(t is not None and t <= b for t in times):>3}" for b in budgets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=BENCHMARK)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--simulate", type=int, nargs="+", default=[1, 2, 4, 8, 16])
    parser.add_argument("--measure", type=int, nargs="*", default=[2], help="worker counts to measure too")
    args = parser.parse_args()
    problems = read_statements(args.set)
    runs = []
    for name, statement in problems:
        seconds, events = logged_solve(name, statement, args.timeout)
        runs.append((name, seconds, events))
        print(f"{name:34} {'-' if seconds is None else f'{seconds:.2f}':>7} s, {len(events) - 1} attempts", flush=True)
    budgets = [b for b in BUDGETS if b <= args.timeout] or [args.timeout]
    print(f"\nsolved within {', '.join(f'{b:g}' for b in budgets)} s ({len(problems)} problems, "
          f"{args.timeout:g} s each):")
    for n in args.simulate:
        times = [None if s is None else simulated_seconds(s, e, n) for _, s, e in runs]
        print(f"  {n:>2} workers (simulated) {curve(times, budgets)}")
    for n in args.measure:
        times = [logged_solve(name, statement, args.timeout, n)[0] for name, statement in problems]
        print(f"  {n:>2} workers (measured)  {curve(times, budgets)}")
        faster = [(a, b) for (_, a, _), b in zip(runs, times) if a is not None and b is not None and a > 1]
        if faster:
            print(f"     on the {len(faster)} problems both solve after 1 s: {sum(a for a, _ in faster):.1f} s with 1 "
                  f"worker, {sum(b for _, b in faster):.1f} s with {n}")


if __name__ == "__main__":
    main()
