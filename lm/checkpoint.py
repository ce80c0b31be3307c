"""Checkpoints: one folder with the weights (safetensors, split so no file exceeds 16 MiB),
the model config, the tokenizer model, a format version, and optionally the trainer state
(optimizer, step, data position) for exact resumption. Loading checks all of them."""

from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from .model import GPT, ModelConfig
from .tokenizer import Tokenizer

FORMAT_VERSION = 1
MAX_FILE_BYTES = 16 * 1024 * 1024 - 64 * 1024  # room for the safetensors header


class CheckpointError(ValueError):
    """A checkpoint folder that is missing something or does not fit together."""


def save_tensors(folder: Path, stem: str, tensors: dict[str, torch.Tensor]) -> None:
    """``stem-00001.safetensors``, ... of at most 16 MiB each, and ``stem.index.json``."""
    for old in folder.glob(f"{stem}-*.safetensors"):
        old.unlink()
    files: list[dict[str, torch.Tensor]] = [{}]
    size = 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        nbytes = t.numel() * t.element_size()
        if nbytes > MAX_FILE_BYTES:
            raise CheckpointError(f"tensor {name} has {nbytes} bytes, more than one file may hold")
        if size + nbytes > MAX_FILE_BYTES and files[-1]:
            files.append({})
            size = 0
        files[-1][name] = t
        size += nbytes
    index = {}
    for i, part in enumerate(files, 1):
        file = f"{stem}-{i:05d}.safetensors"
        save_file(part, str(folder / file))
        index.update({name: file for name in part})
    (folder / f"{stem}.index.json").write_text(json.dumps({"tensors": index}, indent=1, sort_keys=True))


def load_tensors(folder: Path, stem: str) -> dict[str, torch.Tensor]:
    index_path = folder / f"{stem}.index.json"
    if not index_path.exists():
        raise CheckpointError(f"{folder}: missing {index_path.name}")
    index = json.loads(index_path.read_text())["tensors"]
    out: dict[str, torch.Tensor] = {}
    for file in sorted(set(index.values())):
        if not (folder / file).exists():
            raise CheckpointError(f"{folder}: missing weight file {file}")
        out.update(load_file(str(folder / file)))
    missing = sorted(set(index) - set(out))
    if missing:
        raise CheckpointError(f"{folder}: tensor {missing[0]} is listed but not stored")
    return out


def save(folder: str | Path, model: GPT, tokenizer: Tokenizer, info: dict | None = None,
         trainer: dict | None = None) -> Path:
    """Write a checkpoint; ``trainer`` = {"tensors": {...}, "json": {...}} for resumption."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    save_tensors(folder, "model", model.state_dict())
    tokenizer.save(folder / "tokenizer.model")
    if trainer is not None:
        save_tensors(folder, "trainer", trainer["tensors"])
        (folder / "trainer.json").write_text(json.dumps(trainer["json"], indent=1, sort_keys=True))
    config = {"format_version": FORMAT_VERSION, "model": model.config.to_dict(), "info": info or {}}
    (folder / "config.json").write_text(json.dumps(config, indent=1, sort_keys=True))
    return folder


def read_config(folder: Path) -> dict:
    path = folder / "config.json"
    if not path.exists():
        raise CheckpointError(f"{folder}: not a checkpoint (no config.json)")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CheckpointError(f"{folder}: config.json is not valid JSON ({e})") from None
    if not isinstance(config, dict):
        raise CheckpointError(f"{folder}: config.json does not hold an object")
    if config.get("format_version") != FORMAT_VERSION:
        raise CheckpointError(f"{folder}: format version {config.get('format_version')!r}, "
                              f"this geoprover reads version {FORMAT_VERSION}")
    return config


def load(folder: str | Path, device: str | torch.device = "cpu") -> tuple[GPT, Tokenizer, dict]:
    """Model (in eval mode), tokenizer and the saved info of a checkpoint folder."""
    folder = Path(folder)
    config = read_config(folder)
    try:
        model_config = ModelConfig(**config["model"])
    except TypeError as e:
        raise CheckpointError(f"{folder}: bad model config: {e}") from None
    if not (folder / "tokenizer.model").exists():
        raise CheckpointError(f"{folder}: missing tokenizer.model")
    tokenizer = Tokenizer.load(folder / "tokenizer.model")
    if tokenizer.vocab_size != model_config.vocab_size:
        raise CheckpointError(f"{folder}: tokenizer has {tokenizer.vocab_size} pieces but the model "
                              f"{model_config.vocab_size}")
    model = GPT(model_config)
    tensors = load_tensors(folder, "model")
    expected = model.state_dict()
    for name, t in expected.items():
        if name not in tensors:
            raise CheckpointError(f"{folder}: weights lack {name}")
        if tensors[name].shape != t.shape:
            raise CheckpointError(f"{folder}: {name} has shape {tuple(tensors[name].shape)}, "
                                  f"the config wants {tuple(t.shape)}")
    extra = sorted(set(tensors) - set(expected))
    if extra:
        raise CheckpointError(f"{folder}: unexpected tensor {extra[0]}")
    model.load_state_dict(tensors)
    return model.to(device).eval(), tokenizer, config.get("info", {})
