"""Turn a training checkpoint into a model that ships with the package: the weights, the tokenizer
and the config (no optimizer state), with a size check against the package limits.

    python -m lm.export CHECKPOINT [--name default] [--weights best|last|DECAY]

``--weights best`` ships whichever of the last weights and the weight averages kept during training
(``lm.train.WeightAverages``) had the lowest held-out loss at the last evaluation.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from . import SHIPPED
from .checkpoint import CheckpointError, load, load_tensors, read_config, save_tensors

MAX_FILE_BYTES = 16 * 2**20
MAX_TOTAL_BYTES = 32 * 2**20


def best_weights(checkpoint: Path) -> tuple[str, float | None]:
    """``"last"`` or the decay of the weight average with the lowest held-out loss at the last evaluation."""
    trainer = checkpoint / "trainer.json"
    if not trainer.exists():
        return "last", None
    evaluated = [h for h in json.loads(trainer.read_text())["history"] if h.get("heldout_loss") is not None]
    if not evaluated:
        return "last", None
    last = evaluated[-1]
    losses = {"last": last["heldout_loss"], **last.get("heldout_loss_ema", {})}
    choice = min(losses, key=lambda k: (losses[k], k != "last"))
    return choice, losses[choice]


def export(checkpoint: str | Path, name: str = "default", root: Path = SHIPPED, weights: str = "best") -> Path:
    """Copy a checkpoint's weights (``best``: the last weights or a weight average, whichever had the lowest
    held-out loss; ``last``: the last weights), tokenizer and config to ``root/name``; raises CheckpointError
    on a missing file or one over the package limits (16 MiB a file, 32 MiB for all shipped models)."""
    source = Path(checkpoint)
    read_config(source)
    weight_files = sorted(p.name for p in source.glob("model-*.safetensors"))
    files = [f for f in ("config.json", "tokenizer.model", "model.index.json", *weight_files) if (source / f).exists()]
    too_big = [f for f in files if (source / f).stat().st_size > MAX_FILE_BYTES]
    if too_big:
        raise CheckpointError(f"{source / too_big[0]} is over {MAX_FILE_BYTES >> 20} MiB: too big to ship")
    load(source)  # the whole checkpoint reads and fits together
    target = root / name
    if target.resolve() == source.resolve():
        raise CheckpointError(f"{source} is the shipped model {name!r} itself")
    choice = best_weights(source)[0] if weights == "best" else weights  # "last" or a decay, e.g. "0.99"
    averaged = {}
    if choice != "last":
        prefix = f"ema.{choice}."
        averaged = {n[len(prefix):]: t for n, t in load_tensors(source, "trainer").items() if n.startswith(prefix)}
    others = sum(f.stat().st_size for f in root.glob("*/*") if f.parent != target) if root.is_dir() else 0
    if others + sum((source / f).stat().st_size for f in files) > MAX_TOTAL_BYTES:
        raise CheckpointError(f"shipped models would be over {MAX_TOTAL_BYTES >> 20} MiB in all")
    target.mkdir(parents=True, exist_ok=True)
    for old in {*target.glob("model-*.safetensors"), *(target / f for f in files if (target / f).exists())}:
        old.unlink()  # the model card beside them stays
    for f in files:
        shutil.copyfile(source / f, target / f)
    if choice != "last":
        model, _, _ = load(source)
        missing = [n for n, _ in model.named_parameters() if n not in averaged]
        if missing:
            raise CheckpointError(f"{source}: the weight average {choice} lacks {missing[0]}")
        model.load_state_dict(averaged, strict=False)
        for old in target.glob("model-*.safetensors"):
            old.unlink()
        save_tensors(target, "model", model.state_dict())
    config = json.loads((target / "config.json").read_text())
    config.setdefault("info", {})["weights"] = "last" if choice == "last" else f"ema {choice}"
    (target / "config.json").write_text(json.dumps(config, indent=1, sort_keys=True))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lm.export", description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint", help="a checkpoint folder written by 'geoprover train'")
    parser.add_argument("--name", default="default", help="the name it is loaded by (default: default)")
    parser.add_argument("--weights", default="best",
                        help="best: the last weights or a weight average, by held-out loss (default); last; "
                             "or the decay of an average, e.g. 0.99")
    args = parser.parse_args(argv)
    try:
        print(export(args.checkpoint, args.name, weights=args.weights))
    except CheckpointError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
