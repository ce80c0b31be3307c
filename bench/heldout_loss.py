"""Held-out loss of training checkpoints, for the last weights and each weight average kept during training:
how to choose between a pre-trained and a fine-tuned checkpoint, on the same held-out tokens.

    python bench/heldout_loss.py --data DATA CHECKPOINT ... [--all]

By default only the held-out examples with needed aux count (the model's task); ``--all`` counts every
held-out example. Each checkpoint reads the held-out split with its own tokenizer.
"""

from __future__ import annotations

import argparse

from lm.train import checkpoint_heldout_losses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoints", nargs="+", help="checkpoint folders written by 'geoprover train'")
    parser.add_argument("--data", required=True, help="the dataset the checkpoints were trained on")
    parser.add_argument("--all", action="store_true", help="every held-out example, not only those with aux")
    args = parser.parse_args()
    for folder in args.checkpoints:
        result = checkpoint_heldout_losses(args.data, folder, aux_only=not args.all)
        print(folder, " ".join(f"{k}={v}" if k == "tokens" else f"{k}={v:.4f}" for k, v in result.items()))


if __name__ == "__main__":
    main()
