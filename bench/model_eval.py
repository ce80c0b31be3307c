"""Proposals that work: on held-out synthetic problems whose auxiliary constructions are needed, the share
whose goal the engine proves after adding one of the top-k proposals (k = 1, 8, 32), for the model, the
heuristics, their mix and the heuristics' candidates ordered by the model's likelihood alone (``likelihood``)
and plus the heuristics' log-score (``ranked``, as the search mode), with the median rank of the first proposal
that works.

    python bench/model_eval.py --data FOLDER [--train FOLDER] [--model default] [--n 500] [--budget 2] [--json OUT]

FOLDER is a dataset made with a seed that training never saw (e.g. ``python -m synth --out FOLDER
--aux 500 --seed 1``); its first --n examples with needed aux are used, in order, leaving out those whose
premises occur in the training set given with --train. Each proposal runs the
engine on a copy of the statement's saturated closure for --budget CPU seconds (counted in the engine's
own work, so the figures do not depend on the machine's load). Benchmarks at equal time budget:
``bench/search_bench.py --mode heuristic|mix``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import statistics
import sys
import time
from pathlib import Path

from ddar import parse_problem
from ddar.diagram import build_diagram
from ddar.engine import Engine
from lm.data import shard_paths
from search.proposers import HeuristicProposer, MixProposer, ModelProposer, RankedProposer, SearchState, validate
from synth.aux import WorkDeadline

KS = (1, 8, 32)


class _Fixed:
    """A proposer that returns a list already made (so the mix reuses the model's and heuristics' lists)."""

    def __init__(self, proposals):
        self.proposals = proposals

    def propose(self, state, k):
        return self.proposals[:k]


def first_working_rank(statement: str, proposals: dict[str, list], budget: float, cache: dict
                       ) -> dict[str, int | None] | None:
    """For each proposer, the 1-based rank of its first proposal with which the engine proves the goal;
    None if the statement alone does not saturate within the budget (then nothing is measured)."""
    problem = parse_problem("heldout", statement)
    diagram = build_diagram(problem, 0)
    engine = Engine(diagram)
    if engine.run(problem.goals, WorkDeadline(budget)).status != "saturated":
        return None
    state = pickle.dumps(engine)
    search_state = SearchState(problem, diagram.points)
    out: dict[str, int | None] = {}
    for name, clauses in proposals.items():
        out[name] = None
        for rank, (clause, _) in enumerate(clauses, 1):
            key = str(clause)
            if key not in cache:
                new = validate(search_state, clause)
                cache[key] = False
                if new is not None:
                    trial: Engine = pickle.loads(state)
                    try:
                        trial.extend(clause, new)
                        cache[key] = trial.run(problem.goals, WorkDeadline(budget)).status == "proved"
                    except (ValueError, ZeroDivisionError):
                        pass
            if cache[key]:
                out[name] = rank
                break
    return out


def all_records(folder: str) -> list[dict]:
    """Every record of a dataset folder, in shard order (held-out split included)."""
    return [json.loads(line) for path in shard_paths(folder) for line in gzip.open(path, "rt", encoding="utf-8")]


def premises(record: dict) -> str:
    return record["problem"].split(" ? ")[0]


def evaluate(data: str, model: str | None, n: int, budget: float, progress=None, train: str | None = None) -> dict:
    """Ranks of the first working proposal per example and proposer, and the summary figures."""
    proposers = {"heuristic": HeuristicProposer()}
    if model:
        import lm

        loaded = lm.load(model)
        proposers["model"] = ModelProposer(loaded)
        proposers["likelihood"] = RankedProposer(loaded, proposers["heuristic"], prior=0.0)  # the model's order alone
        proposers["ranked"] = RankedProposer(loaded, proposers["heuristic"])  # as --mode ranked: plus the heuristics'
    seen = {premises(r) for r in all_records(train)} if train else set()
    candidates = [r for r in all_records(data) if r["aux"]]
    examples = [r for r in candidates if premises(r) not in seen][:n]
    overlap = sum(premises(r) in seen for r in candidates)
    if len(examples) < n:
        print(f"note: {data} holds {len(examples)} examples with aux, fewer than --n {n}", file=sys.stderr)
    ranks: dict[str, list[int | None]] = {name: [] for name in [*proposers, "mix"] if name != "mix" or model}
    unsaturated = 0
    seconds = {name: 0.0 for name in proposers}
    for i, record in enumerate(examples):
        problem = parse_problem("heldout", record["problem"])
        state = SearchState(problem, build_diagram(problem, 0).points)
        lists = {}
        for name, proposer in proposers.items():
            start = time.process_time()
            lists[name] = proposer.propose(state, max(KS))
            seconds[name] += time.process_time() - start
        if model:
            lists["mix"] = MixProposer(_Fixed(lists["model"]), _Fixed(lists["heuristic"])).propose(state, max(KS))
        found = first_working_rank(record["problem"], lists, budget, {})
        if found is None:
            unsaturated += 1
            continue
        for name in ranks:
            ranks[name].append(found[name])
        if progress:
            progress(i + 1, len(examples), {k: sum(r is not None for r in v) for k, v in ranks.items()})
    summary = {}
    for name, found in ranks.items():
        hit = [r for r in found if r is not None]
        summary[name] = {f"top{k}": round(sum(r <= k for r in hit) / max(1, len(found)), 4) for k in KS}
        summary[name]["median_first_rank"] = statistics.median(hit) if hit else None
        if name in seconds:
            summary[name]["cpu_seconds_per_call"] = round(seconds[name] / max(1, len(found)), 3)
    return {"examples": len(examples) - unsaturated, "statement_over_budget": unsaturated,
            "left_out_as_in_training": overlap, "premise_sets": len({premises(r) for r in examples}),
            "budget": budget, "summary": summary, "ranks": ranks}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="held-out dataset folder (a seed training never saw)")
    parser.add_argument("--train", help="training dataset: held-out examples with premises found there are left out")
    parser.add_argument("--model", default="default", help="shipped model name or checkpoint ('' for none)")
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--budget", type=float, default=2.0, help="engine CPU seconds per proposal tried")
    parser.add_argument("--json", help="write the ranks and summary here")
    args = parser.parse_args()

    def progress(done: int, total: int, solved: dict) -> None:
        if done % 25 == 0 or done == total:
            print(f"{done}/{total} {solved}", file=sys.stderr, flush=True)

    out = evaluate(args.data, args.model or None, args.n, args.budget, progress, args.train)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    print(f"{out['examples']} held-out examples with needed aux from {args.data} ({out['premise_sets']} premise sets; "
          f"{out['left_out_as_in_training']} left out as their premises occur in training, "
          f"{out['statement_over_budget']} as the statement alone ran out of budget); engine {args.budget:g} CPU s "
          f"per proposal")
    print(f"{'proposer':<12} {'top1':>6} {'top8':>6} {'top32':>6} {'median rank':>12} {'s/call':>7}")
    for name, s in out["summary"].items():
        rank = "-" if s["median_first_rank"] is None else f"{s['median_first_rank']:g}"
        print(f"{name:<12} {s['top1']:>6.1%} {s['top8']:>6.1%} {s['top32']:>6.1%} {rank:>12} "
              f"{s.get('cpu_seconds_per_call', 0):>7.3f}")


if __name__ == "__main__":
    main()
