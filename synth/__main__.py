"""``python -m synth --out DIR --aux N``: a dataset grown by whole shards until it holds N examples with
needed aux (and the plain examples that come with them); resumable like ``geoprover synth``."""

from __future__ import annotations

import argparse
import json
import os
import sys

from .dataset import SynthConfig, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m synth", description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="output folder (a re-run into it finishes what is missing)")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--aux", type=int, help="examples with needed aux wanted")
    target.add_argument("--n", type=int, help="examples wanted")
    parser.add_argument("--workers", type=int, default=max(1, os.cpu_count() or 2))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-clauses", type=int, default=SynthConfig.max_clauses)
    parser.add_argument("--budget", type=float, default=SynthConfig.budget, help="engine CPU seconds per run")
    parser.add_argument("--samples-per-shard", type=int, default=SynthConfig.samples_per_shard)
    parser.add_argument("--aux-trials", type=int, default=SynthConfig.aux_trials,
                        help="random clauses tried on each prefix with new open facts")
    args = parser.parse_args(argv)
    config = SynthConfig(seed=args.seed, max_clauses=args.max_clauses, budget=args.budget,
                         samples_per_shard=args.samples_per_shard, aux_trials=args.aux_trials)

    def progress(_: int) -> None:
        print(".", end="", file=sys.stderr, flush=True)

    stats = generate(args.out, args.n, config, args.workers, progress, aux=args.aux)
    print(json.dumps(stats, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
