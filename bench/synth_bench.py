"""Synthetic data: unique theorems per CPU-second, the dataset statistics, the necessity check of every
example with aux (not proved without it, proved with it, both within 10x the extraction budget) and a
validity check of random examples (each rebuilds from its text and the engine proves it with its aux).

    python bench/synth_bench.py [--n 2000] [--workers 2] [--seed 0] [--validate 200] [--out DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from synth.aux import check_needed
from synth.dataset import SHARD, SynthConfig, existing_shards, generate
from synth.validate import validate


def necessity(records: list[dict], budget: float) -> None:
    """Every example with aux: the engine on its statement alone, then with its aux, ``budget`` CPU seconds each."""
    with_aux = [r for r in records if r["aux"]]
    without = Counter(check_needed(r["problem"], budget).status for r in with_aux)
    proved_with = sum(validate(r, timeout=budget).proved for r in with_aux)
    not_proved = len(with_aux) - without["proved"]
    print(f"necessity ({budget:g} CPU s per run): {len(with_aux)} examples with aux; without their aux "
          f"{not_proved} not proved ({not_proved / max(1, len(with_aux)):.1%}; {dict(without)}); "
          f"with it {proved_with} proved ({proved_with / max(1, len(with_aux)):.1%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--validate", type=int, default=200, help="random examples to validate")
    parser.add_argument("--out", help="dataset folder (default: a temporary one)")
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="synth-bench-"))
    config = SynthConfig(seed=args.seed)
    start = time.perf_counter()
    stats = generate(out, args.n, config, args.workers)
    wall = time.perf_counter() - start
    histogram = stats.pop("proof_length_histogram")
    print(json.dumps(stats, indent=1, sort_keys=True))
    print(f"proof lengths (steps: count): {', '.join(f'{k}: {v}' for k, v in list(histogram.items())[:20])} ...")
    top = max(stats["goal_predicates"].items(), key=lambda kv: kv[1])
    print(f"unique examples per CPU-second: {stats['examples_per_cpu_second']}; wall {wall:.1f}s with {args.workers} "
          f"workers; largest goal predicate {top[0]} {top[1] / stats['examples']:.1%}; median proof length "
          f"{stats['median_proof_length']}")
    print(f"needed aux: {stats['examples_with_needed_aux']} examples ({stats['share_with_needed_aux']:.1%}) on "
          f"{stats['premises_of_needed_aux_examples']} distinct premise sets, "
          f"{stats['needed_aux_per_cpu_second']} per CPU-second; largest aux kind "
          f"{stats['largest_aux_kind_share']:.1%}; aux clauses per example {stats['aux_clauses_per_example']}")
    records = [json.loads(line) for k in existing_shards(out)
               for line in gzip.open(out / SHARD.format(k), "rt", encoding="utf-8")]
    necessity(records, 10 * config.budget)
    chosen = random.Random(args.seed).sample(records, min(args.validate, len(records)))
    results = [validate(r, timeout=30) for r in chosen]
    failed = [(v, r) for v, r in zip(results, chosen) if not v.proved]
    seconds = [v.seconds for v in results]
    print(f"validated {len(results)} random examples: {len(results) - len(failed)} rebuild and are proved "
          f"(median {statistics.median(seconds):.3f}s, max {max(seconds):.2f}s); "
          f"{sum(bool(r['aux']) for r in chosen)} of them with aux")
    for v, r in failed[:10]:
        print(f"  FAILED {v.error}: {r['problem']} aux={r['aux']}")
    print(f"dataset in {out}")


if __name__ == "__main__":
    main()
