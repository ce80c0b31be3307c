"""Training: packed sequences from synthetic shards, AdamW with warm-up and cosine decay,
gradient clipping, held-out loss at intervals, checkpoints with exact resumption, and
several GPUs through torchrun (DistributedDataParallel)."""

from __future__ import annotations

import json
import math
import os
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from itertools import islice
from pathlib import Path

import torch

from . import checkpoint
from .data import HELDOUT_PERCENT, PackedStream, heldout_batches, records
from .model import GPT, config_for
from .tokenizer import DEFAULT_VOCAB, Tokenizer, train_tokenizer

TOKENIZER_EXAMPLES = 20000


@dataclass
class TrainConfig:
    data: str
    out: str
    size: str = "tiny"
    steps: int = 1000
    batch_tokens: int = 16384
    block: int = 512
    lr: float = 1e-3
    warmup: int = 50
    min_lr_ratio: float = 0.1
    weight_decay: float = 0.1
    grad_clip: float = 1.0
    eval_interval: int = 100
    eval_batches: int = 8
    checkpoint_interval: int = 500
    device: str = "cpu"
    aux_only: bool = False
    init: str | None = None
    seed: int = 0
    vocab_size: int = DEFAULT_VOCAB
    ema: tuple[float, ...] = (0.99, 0.998)  # decays of the weight averages kept beside the weights (post-hoc choice)
    mix_shards: int = 16  # shards whose examples are shuffled together (lm.data.PackedStream); 1: as written


def learning_rate(config: TrainConfig, step: int) -> float:
    """Linear warm-up, then cosine decay to ``min_lr_ratio`` of the peak."""
    if step < config.warmup:
        return config.lr * (step + 1) / config.warmup
    progress = (step - config.warmup) / max(1, config.steps - config.warmup)
    return config.lr * (config.min_lr_ratio + (1 - config.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))


def fit_warmup(steps: int, warmup: int | None) -> tuple[int, str | None]:
    """The warm-up for a run of ``steps`` (``warmup`` None: the default, shortened to a tenth of a run it would
    fill) and a warning when the run would never leave warm-up."""
    shorter = max(1, steps // 10)
    if warmup is None:
        default = TrainConfig.warmup
        if steps > default:
            return default, None
        return shorter, f"{steps} steps do not outlast the default warm-up of {default}: warming up for {shorter}"
    if warmup >= steps:
        return warmup, (f"--warmup {warmup} is not less than --steps {steps}: the learning rate never leaves warm-up "
                        f"nor decays (try --warmup {shorter})")
    return warmup, None


def _optimizer(model: GPT, config: TrainConfig) -> torch.optim.AdamW:
    decay = [p for p in model.parameters() if p.dim() >= 2]
    other = [p for p in model.parameters() if p.dim() < 2]
    groups = [{"params": decay, "weight_decay": config.weight_decay}, {"params": other, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=config.lr, betas=(0.9, 0.95), eps=1e-8)


def _optimizer_tensors(optimizer: torch.optim.Optimizer) -> tuple[dict[str, torch.Tensor], dict]:
    state = optimizer.state_dict()
    tensors = {f"opt.{index}.{key}": value for index, entry in state["state"].items() for key, value in entry.items()}
    return tensors, {"param_groups": state["param_groups"]}


def _restore_optimizer(optimizer: torch.optim.Optimizer, tensors: dict[str, torch.Tensor], meta: dict) -> None:
    state: dict[int, dict] = {}
    for name, value in tensors.items():
        if not name.startswith("opt."):
            continue
        _, index, key = name.split(".", 2)
        state.setdefault(int(index), {})[key] = value
    optimizer.load_state_dict({"state": state, "param_groups": meta["param_groups"]})


@torch.no_grad()
def heldout_loss(model: torch.nn.Module, batches, device, autocast) -> float | None:
    model.eval()
    losses = []
    for x, y in batches:
        with autocast():
            _, loss = model(x.to(device), y.to(device))
        losses.append(float(loss))
    model.train()
    return sum(losses) / len(losses) if losses else None


def _setup(config: TrainConfig, resume: bool):
    out = Path(config.out)
    if resume:
        model, tokenizer, _ = checkpoint.load(out)
        trainer = json.loads((out / "trainer.json").read_text())
        saved = TrainConfig(**{"mix_shards": 1, **trainer["config"]})  # runs saved before mixing read shards as written
        config = replace(saved, steps=config.steps, device=config.device)
        return config, model, tokenizer, trainer
    if (out / "config.json").exists():
        raise FileExistsError(f"{out} already holds a checkpoint: pass --resume to continue it, or choose a new folder")
    if config.init:
        model, tokenizer, _ = checkpoint.load(config.init)
    else:
        texts = (r["text"] for r in records(config.data))
        tokenizer = train_tokenizer(islice(texts, TOKENIZER_EXAMPLES), config.vocab_size)
        torch.manual_seed(config.seed)
        model = GPT(config_for(config.size, tokenizer.vocab_size))
    return config, model, tokenizer, None


def train(config: TrainConfig, resume: bool = False, progress: Callable[[dict], None] | None = None) -> list[dict]:
    """Train (or continue with ``resume``) and return the log: one record per step (with held-out loss at intervals)."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    config, model, tokenizer, trainer = _setup(config, resume)
    device = torch.device(config.device)
    if world > 1:
        torch.distributed.init_process_group("nccl" if device.type == "cuda" else "gloo")
        if device.type == "cuda":
            device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
            torch.cuda.set_device(device)
    model = model.to(device).train()
    optimizer = _optimizer(model, config)
    stream = PackedStream(config.data, tokenizer, config.block, config.seed, config.aux_only, config.mix_shards)
    history: list[dict] = []
    start_step = 0
    if trainer is not None:
        tensors = checkpoint.load_tensors(Path(config.out), "trainer")
        _restore_optimizer(optimizer, {k: v.to(device) for k, v in tensors.items()}, trainer["optimizer"])
        stream.load_state(trainer["stream"])
        start_step, history = trainer["step"], trainer["history"]
    wrapped = torch.nn.parallel.DistributedDataParallel(model) if world > 1 else model
    batch = max(1, config.batch_tokens // (config.block * world))
    use_bf16 = device.type == "cuda"

    def autocast():
        return torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_bf16)

    averages = WeightAverages(model, config.ema)
    if trainer is not None:
        averages.load(tensors)
    heldout = heldout_batches(config.data, tokenizer, config.block, batch, config.eval_batches, config.aux_only)
    if not heldout:
        warnings.warn(f"{config.data}: no held-out example{' with aux' if config.aux_only else ''} (a fixed "
                      f"{HELDOUT_PERCENT}% of the examples, chosen by key), so no held-out loss is reported: "
                      "make a larger dataset")
    last_time, tokens_since = time.perf_counter(), 0
    for step in range(start_step, config.steps):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(config, step)
        for r in range(world):  # every rank reads the same stream and keeps its own share
            x, y = stream.next_batch(batch)
            if r == rank:
                mine = (x.to(device), y.to(device))
        with autocast():
            _, loss = wrapped(*mine)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        averages.update(model)
        tokens_since += batch * config.block * world
        record = {"step": step + 1, "loss": round(loss.item(), 5), "lr": learning_rate(config, step)}
        last = step + 1 == config.steps
        if (step + 1) % config.eval_interval == 0 or last:
            loss_value = heldout_loss(model, heldout, device, autocast)
            record["heldout_loss"] = None if loss_value is None else round(loss_value, 5)
            if averages.decays and loss_value is not None:
                record["heldout_loss_ema"] = {str(d): round(averages.heldout_loss(model, d, heldout, device, autocast), 5)
                                              for d in averages.decays}
            now = time.perf_counter()
            record["tokens_per_second"] = round(tokens_since / (now - last_time), 1)
            last_time, tokens_since = now, 0
        history.append(record)
        if rank == 0 and ((step + 1) % config.checkpoint_interval == 0 or last):
            save(config, model, tokenizer, optimizer, stream, step + 1, history, averages)
        if progress and rank == 0:
            progress(record)
    if world > 1:
        torch.distributed.destroy_process_group()
    return history


def save(config: TrainConfig, model: GPT, tokenizer: Tokenizer, optimizer, stream: PackedStream, step: int,
         history: list[dict], averages: "WeightAverages") -> None:
    tensors, meta = _optimizer_tensors(optimizer)
    tensors.update(averages.tensors())
    trainer = {"tensors": tensors, "json": {"step": step, "stream": stream.state(), "optimizer": meta,
                                             "config": asdict(config), "history": history}}
    info = {"step": step, "size": config.size, "data": config.data, "aux_only": config.aux_only,
            "heldout_loss": next((h["heldout_loss"] for h in reversed(history) if "heldout_loss" in h), None)}
    checkpoint.save(config.out, model, tokenizer, info, trainer)


class WeightAverages:
    """Exponential moving averages of the weights, one per decay, kept beside them (and saved with the
    trainer state, so a resumed run is exact). Which average, or the last weights, to ship is chosen after
    training on held-out loss (``python -m lm.export --weights best``): post-hoc averaging."""

    def __init__(self, model: GPT, decays: tuple[float, ...]):
        self.decays = tuple(float(d) for d in decays)
        self.values = {d: {n: p.detach().clone() for n, p in model.named_parameters()} for d in self.decays}

    @torch.no_grad()
    def update(self, model: GPT) -> None:
        for d, average in self.values.items():
            for n, p in model.named_parameters():
                average[n].mul_(d).add_(p.detach(), alpha=1 - d)

    def tensors(self) -> dict[str, torch.Tensor]:
        return {f"ema.{d}.{n}": t for d, average in self.values.items() for n, t in average.items()}

    def load(self, tensors: dict[str, torch.Tensor]) -> None:
        for d, average in self.values.items():
            for n in average:
                if f"ema.{d}.{n}" in tensors:
                    average[n] = tensors[f"ema.{d}.{n}"].to(average[n].device)

    @torch.no_grad()
    def heldout_loss(self, model: GPT, decay: float, batches, device, autocast) -> float:
        """Held-out loss with the weights swapped for an average (and back)."""
        saved = {n: p.detach().clone() for n, p in model.named_parameters()}
        model.load_state_dict(self.values[decay], strict=False)
        loss = heldout_loss(model, batches, device, autocast)
        model.load_state_dict(saved, strict=False)
        return loss


def checkpoint_heldout_losses(data: str, folder: str | Path, aux_only: bool = True, batches: int = 64
                              ) -> dict[str, float | int]:
    """Held-out loss of a saved checkpoint's last weights (``"last"``) and of each weight average kept beside
    them (by decay), on up to ``batches`` batches of 8 x 512 held-out tokens of ``data`` (``aux_only``: the
    examples with needed aux only), with their count (``"tokens"``): how to choose between checkpoints that
    share a tokenizer (a pre-trained one and its fine-tuned one)."""
    from contextlib import nullcontext

    folder = Path(folder)
    model, tokenizer, _ = checkpoint.load(folder)
    held = heldout_batches(data, tokenizer, 512, 8, batches, aux_only=aux_only)
    if not held:
        raise ValueError(f"{data}: no held-out example{' with aux' if aux_only else ''} to measure on")
    out = {"tokens": sum(x.numel() for x, _ in held), "last": heldout_loss(model, held, "cpu", nullcontext)}
    tensors = checkpoint.load_tensors(folder, "trainer")
    decays = [d for d in json.loads((folder / "trainer.json").read_text())["config"].get("ema", ())
              if any(name.startswith(f"ema.{float(d)}.") for name in tensors)]  # averages saved with the weights
    averages = WeightAverages(model, tuple(decays))
    averages.load(tensors)
    for decay in averages.decays:
        out[str(decay)] = averages.heldout_loss(model, decay, held, "cpu", nullcontext)
    return out
