"""Training data from synthetic shards: a deterministic, resumable stream of packed token blocks."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch

from .tokenizer import EOS, Tokenizer

HELDOUT_PERCENT = 2


def shard_paths(folder: str | Path) -> list[Path]:
    paths = sorted(Path(folder).glob("shard-*.jsonl.gz"))
    if not paths:
        raise FileNotFoundError(f"no shard-*.jsonl.gz files in {folder}")
    return paths


def is_heldout(record: dict) -> bool:
    """A fixed 2% of the examples, chosen by their key, never trained on."""
    return int(record["key"][:8], 16) % 100 < HELDOUT_PERCENT


def records(folder: str | Path, heldout: bool = False, aux_only: bool = False) -> Iterator[dict]:
    for path in shard_paths(folder):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                if is_heldout(record) == heldout and (record["aux"] or not aux_only):
                    yield record


class PackedStream:
    """Endless blocks of ``block + 1`` tokens from the training examples, texts joined by EOS.

    The order is fixed by the seed: shards are shuffled per epoch and read ``mix_shards`` at a time, their
    examples shuffled together (1: each shard's examples in the order written). A sample's examples share
    their premises and sit side by side in a shard; packed unmixed, the model learns to copy them from the
    previous example in its context. ``state()`` and ``load_state()`` make a resumed run read exactly what
    an uninterrupted one would."""

    def __init__(self, folder: str | Path, tokenizer: Tokenizer, block: int, seed: int = 0, aux_only: bool = False,
                 mix_shards: int = 1):
        if mix_shards < 1:
            raise ValueError(f"mix_shards must be at least 1, not {mix_shards}")
        self.paths = shard_paths(folder)
        self.tokenizer, self.block, self.seed, self.aux_only = tokenizer, block, seed, aux_only
        self.mix_shards = mix_shards
        self.epoch, self.shard, self.line = 0, 0, 0
        self.buffer: list[int] = []
        self._lines: Iterator[str] | None = None

    def state(self) -> dict:
        return {"epoch": self.epoch, "shard": self.shard, "line": self.line, "buffer": list(self.buffer)}

    def load_state(self, state: dict) -> None:
        self.epoch, self.shard, self.line = state["epoch"], state["shard"], state["line"]
        self.buffer = list(state["buffer"])
        self._lines = None

    def _order(self) -> list[int]:
        return list(np.random.default_rng([self.seed, self.epoch]).permutation(len(self.paths)))

    def _group_lines(self) -> list[str]:
        """The lines of the ``mix_shards`` shards from ``self.shard`` on in this epoch's order, shuffled together."""
        lines: list[str] = []
        for index in self._order()[self.shard:self.shard + self.mix_shards]:
            with gzip.open(self.paths[index], "rt", encoding="utf-8") as f:
                lines += f.readlines()
        if self.mix_shards > 1:
            rng = np.random.default_rng([self.seed, self.epoch, self.shard, 1])  # 1: not the shard order's stream
            permutation = rng.permutation(len(lines))
            lines = [lines[i] for i in permutation]
        return lines

    def _next_text(self) -> str:
        wraps = 0
        while True:
            if self._lines is None:
                self._lines = iter(self._group_lines()[self.line:])
            for raw in self._lines:
                self.line += 1
                record = json.loads(raw)
                if not is_heldout(record) and (record["aux"] or not self.aux_only):
                    return record["text"]
            self._lines, self.line = None, 0
            self.shard += self.mix_shards
            if self.shard >= len(self.paths):
                self.shard, self.epoch, wraps = 0, self.epoch + 1, wraps + 1
                if wraps > 1:  # a whole pass found nothing
                    raise ValueError("no training examples in the data (with --aux-only: none with aux)")

    def next_block(self) -> list[int]:
        while len(self.buffer) < self.block + 1:
            self.buffer += self.tokenizer.encode(self._next_text()) + [EOS]
        out = self.buffer[: self.block + 1]
        self.buffer = self.buffer[self.block:]
        return out

    def next_batch(self, batch: int) -> tuple[torch.Tensor, torch.Tensor]:
        blocks = torch.tensor([self.next_block() for _ in range(batch)], dtype=torch.long)
        return blocks[:, :-1], blocks[:, 1:]


def heldout_batches(folder: str | Path, tokenizer: Tokenizer, block: int, batch: int, count: int,
                    aux_only: bool = False) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """A fixed list of at most ``count`` held-out batches (one short one when the held-out set is small, a single
    sequence shorter than ``block`` when it holds fewer tokens than that)."""
    tokens: list[int] = []
    need = count * batch * block + 1
    for record in records(folder, heldout=True, aux_only=aux_only):
        tokens += tokenizer.encode(record["text"]) + [EOS]
        if len(tokens) >= need:
            break
    out = []
    for i in range(count):
        chunk = tokens[i * batch * block: (i + 1) * batch * block + 1]
        rows = min(batch, (len(chunk) - 1) // block)  # a small held-out set still gives one short batch
        if rows < 1 and not out and len(chunk) > 1:
            t = torch.tensor(chunk, dtype=torch.long)
            out.append((t[None, :-1], t[None, 1:]))
        if rows < 1 or (rows < batch and out):
            break
        t = torch.tensor(chunk[:rows * block + 1], dtype=torch.long)
        out.append((t[:-1].view(rows, block), t[1:].view(rows, block)))
    return out
