"""Learnability-based selection of training examples: score each training example by how much worse the
learner does on it than a reference model does (learner loss − reference loss, mean nats per token: what the
learner still gets wrong but can learn), keep the best share, and write them as a data folder that
``geoprover train --init LEARNER --data OUT`` fine-tunes on. Held-out examples are copied unchanged, so
held-out losses stay comparable.

    python -m lm.select --data data/aux --learner ckpt/tiny --reference ckpt/ref --keep 0.5 --out data/aux-learnable
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F

from . import checkpoint
from .data import is_heldout, records, shard_paths
from .model import GPT
from .tokenizer import EOS, PAD, Tokenizer


@torch.no_grad()
def example_losses(model: GPT, tokenizer: Tokenizer, texts: list[str], batch: int = 32) -> list[float]:
    """Each text's mean loss per token (nats), read alone after an EOS as in training, its closing EOS included
    (a text longer than the model's context: its first ``max_seq`` tokens)."""
    model.eval()
    encoded = [([EOS] + tokenizer.encode(t) + [EOS])[:model.config.max_seq + 1] for t in texts]
    order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))  # similar lengths share a batch
    out = [0.0] * len(texts)
    for start in range(0, len(order), batch):
        rows = [encoded[i] for i in order[start:start + batch]]
        width = max(len(r) for r in rows) - 1
        x = torch.full((len(rows), width), PAD, dtype=torch.long)
        y = torch.full((len(rows), width), -1, dtype=torch.long)
        for j, r in enumerate(rows):
            x[j, :len(r) - 1], y[j, :len(r) - 1] = torch.tensor(r[:-1]), torch.tensor(r[1:])
        logits, _ = model(x)
        nll = F.cross_entropy(logits.float().transpose(1, 2), y, ignore_index=-1, reduction="none")
        means = nll.sum(1) / (y >= 0).sum(1)
        for j, value in enumerate(means.tolist()):
            out[order[start + j]] = value
    return out


def training_records(data: str | Path, aux_only: bool = True) -> list[dict]:
    """The training (not held-out) examples of a data folder, with aux only if ``aux_only``."""
    return list(records(data, heldout=False, aux_only=aux_only))


def learnability(learner: str | Path, reference: str | Path, examples: list[dict], batch: int = 32,
                 progress: Callable[[int], None] | None = None) -> list[float]:
    """learner loss − reference loss of each example's text (the two checkpoints must share a tokenizer)."""
    (model_l, tok_l, _), (model_r, tok_r, _) = checkpoint.load(learner), checkpoint.load(reference)
    if tok_l.model_bytes != tok_r.model_bytes:
        raise ValueError(f"{learner} and {reference} use different tokenizers")
    texts, scores, chunk = [r["text"] for r in examples], [], 1024
    for start in range(0, len(texts), chunk):
        part = texts[start:start + chunk]
        scores += [a - b for a, b in zip(example_losses(model_l, tok_l, part, batch),
                                          example_losses(model_r, tok_r, part, batch))]
        if progress:
            progress(len(scores))
    return scores


def write_selection(data: str | Path, out: str | Path, keep: set[str]) -> int:
    """A copy of the data folder with every held-out example and the training examples whose key is in ``keep``
    (shard by shard, in order); returns the training examples written."""
    data, out = Path(data), Path(out)
    if out.exists():
        raise FileExistsError(f"{out} exists: choose a new folder")
    out.mkdir(parents=True)
    if (data / "config.json").exists():
        shutil.copy(data / "config.json", out / "config.json")
    written = 0
    for path in shard_paths(data):
        with gzip.open(path, "rt", encoding="utf-8") as f, gzip.open(out / path.name, "wt", encoding="utf-8") as g:
            for line in f:
                record = json.loads(line)
                if is_heldout(record) or record["key"] in keep:
                    g.write(line)
                    written += not is_heldout(record)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lm.select", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="data folder written by 'geoprover synth'")
    parser.add_argument("--learner", required=True, help="checkpoint being trained (e.g. the pre-trained one)")
    parser.add_argument("--reference", required=True, help="reference checkpoint with the same tokenizer")
    parser.add_argument("--keep", type=float, default=0.5, help="share of the training examples kept (default 0.5)")
    parser.add_argument("--out", required=True, help="new data folder for the kept examples")
    parser.add_argument("--all", action="store_true", help="score every example, not only those with aux")
    args = parser.parse_args(argv)
    if not 0 < args.keep <= 1:
        parser.error("--keep must be in (0, 1]")
    examples = training_records(args.data, aux_only=not args.all)
    if not examples:
        parser.error(f"{args.data}: no training examples to score")
    scores = learnability(args.learner, args.reference, examples,
                          progress=lambda n: print(f"scored {n}/{len(examples)}", file=sys.stderr))
    ranked = sorted(range(len(examples)), key=lambda i: (-scores[i], examples[i]["key"]))
    kept = ranked[:max(1, round(args.keep * len(examples)))]
    written = write_selection(args.data, args.out, {examples[i]["key"] for i in kept})
    (Path(args.out) / "selection.json").write_text(json.dumps(
        {"learner": str(args.learner), "reference": str(args.reference), "keep": args.keep, "scored": len(examples),
         "kept": written, "score_kept_min": scores[kept[-1]], "score_mean": sum(scores) / len(scores)}, indent=1))
    print(f"kept {written} of {len(examples)} training examples in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
