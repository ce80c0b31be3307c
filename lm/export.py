"""Turn a training checkpoint into a model that ships with the package: the weights, the tokenizer
and the config (no optimizer state), with a size check against the package limits.

    python -m lm.export CHECKPOINT [--name default]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from . import SHIPPED
from .checkpoint import CheckpointError, load, read_config

MAX_FILE_BYTES = 16 * 2**20
MAX_TOTAL_BYTES = 32 * 2**20


def export(checkpoint: str | Path, name: str = "default", root: Path = SHIPPED) -> Path:
    """Copy a checkpoint's weights, tokenizer and config to ``root/name``; raises CheckpointError on a
    missing file or one over the package limits (16 MiB a file, 32 MiB for all shipped models)."""
    source = Path(checkpoint)
    read_config(source)
    weights = sorted(p.name for p in source.glob("model-*.safetensors"))
    files = [f for f in ("config.json", "tokenizer.model", "model.index.json", *weights) if (source / f).exists()]
    too_big = [f for f in files if (source / f).stat().st_size > MAX_FILE_BYTES]
    if too_big:
        raise CheckpointError(f"{source / too_big[0]} is over {MAX_FILE_BYTES >> 20} MiB: too big to ship")
    load(source)  # the whole checkpoint reads and fits together
    target = root / name
    others = sum(f.stat().st_size for f in root.glob("*/*") if f.parent != target) if root.is_dir() else 0
    if others + sum((source / f).stat().st_size for f in files) > MAX_TOTAL_BYTES:
        raise CheckpointError(f"shipped models would be over {MAX_TOTAL_BYTES >> 20} MiB in all")
    if target.is_dir():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for f in files:
        shutil.copyfile(source / f, target / f)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lm.export", description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint", help="a checkpoint folder written by 'geoprover train'")
    parser.add_argument("--name", default="default", help="the name it is loaded by (default: default)")
    args = parser.parse_args(argv)
    try:
        print(export(args.checkpoint, args.name))
    except CheckpointError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
