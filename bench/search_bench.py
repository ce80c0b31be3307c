"""Proof search on a problem file (default IMO-AG-30): solved problems against the time budget.

    python bench/search_bench.py [--set FILE] [--mode heuristic] [--timeout 300] [--workers 2] [--results FILE]
    python bench/search_bench.py --compare RESULTS.jsonl ... [--plot PNG]  # solved per file, what each alone
                                                                         # solves, and the curves

Runs every problem (each in its own process, --workers at a time) with the full budget,
appending outcomes to --results (default: a temporary file; an existing file is reused and
only missing problems run), then prints per problem the mode, constructions and seconds,
and how many were solved within each smaller budget (a problem proved after t seconds
counts for every budget of at least t).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from ddar.problem import read_statements
from search.evaluate import evaluate
from search.modes import SearchOptions

BENCHMARK = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "imo_ag_30.txt"
BUDGETS = (1, 5, 10, 30, 60, 100, 120, 300)


def compare(paths: list[Path], plot: Path | None = None) -> None:
    """Solved problems per results file (one per mode), those only one file solves, and (``plot``) a picture of
    solved against the budget, one curve per file."""
    solved, seconds = {}, {}
    for path in paths:
        records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        solved[path.name] = {r["name"] for r in records if r["solved"]}
        budget = max((r["seconds"] for r in records), default=1.0)  # a run's timeouts end at about its budget
        seconds[path.stem] = (sorted(r["seconds"] for r in records if r["solved"]), len(records), budget)
        print(f"{path.name}: solved {len(solved[path.name])}/{len(records)}")
    for name, mine in solved.items():
        others = set().union(*(s for n, s in solved.items() if n != name))
        print(f"only {name}: {', '.join(sorted(mine - others)) or '-'}")
    if plot:
        plot_curves(seconds, plot)


def plot_curves(seconds: dict[str, tuple[list[float], int, float]], out: Path) -> None:
    """Solved against the budget per problem (log scale), each curve up to its run's budget: a problem proved
    after t seconds counts from t on."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4))
    for label, (times, total, budget) in seconds.items():
        xs = [0.01] + [max(t, 0.01) for t in times] + [budget]
        ys = [0] + list(range(1, len(times) + 1)) + [len(times)]
        ax.step(xs, ys, where="post", label=f"{label} ({len(times)}/{total})")
    ax.set_xscale("log")
    ax.set_xlabel("seconds per problem")
    ax.set_ylabel("problems solved")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print(f"plot in {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", type=Path, nargs="+", help="results files to compare (nothing is run)")
    parser.add_argument("--plot", type=Path, help="with --compare: draw solved against the budget to this PNG")
    parser.add_argument("--set", type=Path, default=BENCHMARK, help="problem file (default: IMO-AG-30)")
    parser.add_argument("--mode", default="heuristic")
    parser.add_argument("--model")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--results")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare, args.plot)
        return
    results = Path(args.results or tempfile.mkstemp(suffix=".jsonl")[1])
    done = {}
    if results.exists():
        for line in results.read_text().splitlines():
            if line.strip():
                record = json.loads(line)
                done[record["name"]] = record
    pairs = read_statements(args.set)
    todo = [(n, s) for n, s in pairs if n not in done]
    with results.open("a") as f:
        def write(outcome) -> None:
            f.write(json.dumps(outcome.to_json()) + "\n")
            f.flush()
            done[outcome.name] = outcome.to_json()

        evaluate(todo, args.timeout, args.workers, 0, write, SearchOptions(args.mode, args.model))
    records = [done[n] for n, _ in pairs]
    for r in records:
        print(f"{r['name']:30s} {'yes' if r['solved'] else r['status']:>10s} {r.get('mode') or '-':>22s} "
              f"{r['seconds']:8.2f}s  {'; '.join(r.get('constructions') or [])}")
    solved = [r for r in records if r["solved"]]
    print(f"solved {len(solved)}/{len(records)} with --mode {args.mode} at {args.timeout:.0f}s per problem "
          f"({sum(r.get('mode') == 'ddar' for r in solved)} by the engine alone)")
    curve = ", ".join(f"{b}s: {sum(r['seconds'] <= b for r in solved)}" for b in BUDGETS if b <= args.timeout)
    print(f"solved within budget: {curve}")
    print(f"results in {results}")


if __name__ == "__main__":
    main()
