"""Synthetic data: unique theorems per CPU-second, the dataset statistics, and a validity check
of random examples (each rebuilds from its text, its goal holds, the engine proves it with its aux).

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
from pathlib import Path

from synth.dataset import SHARD, SynthConfig, existing_shards, generate
from synth.validate import validate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--validate", type=int, default=200, help="random examples to validate")
    parser.add_argument("--out", help="dataset folder (default: a temporary one)")
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="synth-bench-"))
    start = time.perf_counter()
    stats = generate(out, args.n, SynthConfig(seed=args.seed), args.workers)
    wall = time.perf_counter() - start
    histogram = stats.pop("proof_length_histogram")
    print(json.dumps(stats, indent=1, sort_keys=True))
    print(f"proof lengths (steps: count): {', '.join(f'{k}: {v}' for k, v in list(histogram.items())[:20])} ...")
    top = max(stats["goal_predicates"].items(), key=lambda kv: kv[1])
    print(f"unique examples per CPU-second: {stats['examples_per_cpu_second']}; wall {wall:.1f}s with {args.workers} "
          f"workers; largest goal predicate {top[0]} {top[1] / stats['examples']:.1%}; "
          f"with aux {stats['share_with_aux']:.1%}; median proof length {stats['median_proof_length']}")
    records = [json.loads(line) for k in existing_shards(out)
               for line in gzip.open(out / SHARD.format(k), "rt", encoding="utf-8")]
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
