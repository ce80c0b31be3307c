"""Debug mode over problem sets: every fact the engine derives is checked on its diagram as it is added
(``GEOPROVER_CHECK_FACTS=1``), with the engine alone and with the heuristic search; prints, per set, the
problems run, the facts checked, any false fact found, and any proof that failed the checker.

    python bench/soundness_bench.py [--sets FILE ...] [--mode ddar|heuristic] [--timeout 5] [--workers 2]

Default sets: IMO-AG-30 and every Newclid file in ../shared/benchmarks/newclid/.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks"


def _run(job: tuple[str, str, str, float]) -> tuple[str, str, int, str | None, bool]:
    """(name, status, facts checked, error, whether the proof records diagram checks) of one problem."""
    name, statement, mode, timeout = job
    from ddar import GeoproverError, parse_problem
    from ddar import engine
    from ddar.engine import UnsoundFactError
    from search.modes import SearchOptions, solve

    before, checks = engine.facts_checked, False
    try:
        result = solve(parse_problem(name, statement), SearchOptions(mode), timeout)
        status, error = result.status, result.error
        checks = result.proof is not None and any(s.checks for s in result.proof.steps)
    except UnsoundFactError as e:
        status, error = "false fact", str(e)
    except GeoproverError as e:
        status, error = "unreadable", str(e)
    return name, status, engine.facts_checked - before, error, checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", type=Path,
                        default=[SHARED / "imo_ag_30.txt", *sorted((SHARED / "newclid").glob("*.txt"))])
    parser.add_argument("--mode", default="heuristic", choices=("ddar", "heuristic"))
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    os.environ["GEOPROVER_CHECK_FACTS"] = "1"
    from ddar.problem import read_statements

    totals = {"problems": 0, "facts": 0, "false": 0, "unsound": 0}
    start = time.perf_counter()
    with mp.get_context("fork").Pool(args.workers, maxtasksperchild=20) as pool:
        for path in args.sets:
            if not path.exists():
                print(f"{path}: not present, skipped")
                continue
            jobs = [(n, s, args.mode, args.timeout) for n, s in read_statements(path)]
            results = pool.map(_run, jobs, chunksize=1)
            facts = sum(r[2] for r in results)
            false = [r for r in results if r[1] == "false fact"]
            unsound = [r for r in results if r[1] == "unsound"]
            proved = sum(r[1] == "proved" for r in results)
            with_checks = sum(r[4] for r in results)
            print(f"{path.name:28s} {len(results):4d} problems  {proved:4d} proved ({with_checks} with diagram checks)  "
                  f"{facts:8d} facts checked  {len(false)} false facts  {len(unsound)} unsound proofs", flush=True)
            for name, status, _, error, _ in false + unsound:
                print(f"    {name}: {status}: {error}")
            totals["problems"] += len(results)
            totals["facts"] += facts
            totals["false"] += len(false)
            totals["unsound"] += len(unsound)
    print(f"total: {totals['problems']} problems, {totals['facts']} derived facts checked, {totals['false']} false, "
          f"{totals['unsound']} unsound proofs ({args.mode}, {args.timeout:g} s per problem, "
          f"{time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
