"""A decoder-only transformer in plain PyTorch: pre-norm, rotary positions,
scaled_dot_product_attention, SwiGLU MLP, tied embeddings, an optional key-value cache."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass(frozen=True)
class ModelConfig:
    vocab_size: int
    n_layer: int
    n_head: int
    d_model: int
    max_seq: int = 1024

    def to_dict(self) -> dict:
        return asdict(self)


SIZES = {  # name -> (layers, heads, width)
    "mini": (4, 4, 96),  # about 0.5M (the shipped model)
    "tiny": (4, 4, 128),  # about 0.9M
    "small": (12, 6, 384),  # about 21M
    "base": (16, 10, 640),  # about 79M
}


def config_for(size: str, vocab_size: int, max_seq: int = 1024) -> ModelConfig:
    if size not in SIZES:
        raise ValueError(f"unknown model size {size!r}; choose one of {', '.join(SIZES)}")
    layers, heads, width = SIZES[size]
    return ModelConfig(vocab_size, layers, heads, width, max_seq)


def _rotary(head_dim: int, max_seq: int) -> tuple[torch.Tensor, torch.Tensor]:
    inv = 1.0 / (10000 ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))
    angles = torch.outer(torch.arange(max_seq, dtype=torch.float32), inv)
    return angles.cos(), angles.sin()


def _apply_rotary(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    x1, x2 = x[..., 0::2], x[..., 1::2]
    out = torch.stack((x1 * cos - x2 * sin, x1 * sin + x2 * cos), dim=-1)
    return out.flatten(-2).type_as(x)


class KVCache:
    """Keys and values of every layer for a batch, grown one step at a time. After ``branch`` what was cached
    is a prefix kept once for every row (a prompt shared by the beams), and only later tokens are kept per row."""

    def __init__(self, n_layer: int, batch: int, n_head: int, head_dim: int, max_seq: int, device, dtype):
        shape = (batch, n_head, max_seq, head_dim)
        self.keys = [torch.zeros(shape, device=device, dtype=dtype) for _ in range(n_layer)]
        self.values = [torch.zeros(shape, device=device, dtype=dtype) for _ in range(n_layer)]
        self.length = 0
        self.prefix: list[tuple[torch.Tensor, torch.Tensor]] = []  # per layer: (keys, values) of the shared prefix

    @property
    def prefix_length(self) -> int:
        return self.prefix[0][0].shape[1] if self.prefix else 0

    def branch(self) -> None:
        """Make the cached tokens of the one row a prefix shared by all rows to come (``reorder`` then copies only
        the tokens after it)."""
        if self.keys[0].shape[0] != 1 or self.prefix:
            raise ValueError("only a one-row cache without a prefix can branch")
        n = self.length
        self.prefix = [(k[0, :, :n], v[0, :, :n]) for k, v in zip(self.keys, self.values)]
        self.keys = [k[:, :, n:] for k in self.keys]
        self.values = [v[:, :, n:] for v in self.values]

    def reorder(self, index: torch.Tensor) -> None:
        """Keep the batch rows ``index`` (beam search reorders and duplicates beams)."""
        self.keys = [k.index_select(0, index) for k in self.keys]
        self.values = [v.index_select(0, index) for v in self.values]


class Attention(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        self.n_head, self.head_dim = config.n_head, config.d_model // config.n_head
        self.qkv = nn.Linear(config.d_model, 3 * config.d_model, bias=False)
        self.proj = nn.Linear(config.d_model, config.d_model, bias=False)

    def forward(self, x, cos, sin, cache: KVCache | None, layer: int):
        b, t, d = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.n_head, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k = _apply_rotary(q, cos, sin), _apply_rotary(k, cos, sin)
        if cache is None:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            start = cache.length - cache.prefix_length
            cache.keys[layer][:, :, start:start + t] = k
            cache.values[layer][:, :, start:start + t] = v
            keys, values = cache.keys[layer][:, :, :start + t], cache.values[layer][:, :, :start + t]
            mask = None if t == 1 else torch.ones(t, start + t, dtype=torch.bool, device=x.device).tril(diagonal=start)
            if cache.prefix:
                y = _attend_after_prefix(q, *cache.prefix[layer], keys, values, mask)
            else:
                y = F.scaled_dot_product_attention(q, keys, values, attn_mask=mask)
        return self.proj(y.transpose(1, 2).reshape(b, t, d))


def _attend_after_prefix(q, prefix_keys, prefix_values, keys, values, mask):
    """Attention of ``q`` (batch, heads, t, dim) over a prefix shared by the batch (heads, length, dim), read once
    for all rows, then over each row's own ``keys`` and ``values`` (``mask``: which of those each query sees)."""
    b, h, t, dim = q.shape
    rows = q.transpose(0, 1).reshape(h, b * t, dim)  # every row's queries against the one prefix
    shared = torch.bmm(rows, prefix_keys.transpose(1, 2)).view(h, b, t, -1).transpose(0, 1)
    own = q @ keys.transpose(-1, -2)
    if mask is not None:
        own = own.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(torch.cat((shared, own), dim=-1) / math.sqrt(dim), dim=-1)
    n = prefix_keys.shape[1]
    from_prefix = torch.bmm(weights[..., :n].transpose(0, 1).reshape(h, b * t, n), prefix_values)
    return from_prefix.view(h, b, t, dim).transpose(0, 1) + weights[..., n:] @ values


class MLP(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        hidden = int(8 * config.d_model / 3 / 64 + 0.999) * 64
        self.gate_up = nn.Linear(config.d_model, 2 * hidden, bias=False)
        self.down = nn.Linear(hidden, config.d_model, bias=False)

    def forward(self, x):
        gate, up = self.gate_up(x).chunk(2, dim=-1)
        return self.down(F.silu(gate) * up)


class Block(nn.Module):
    def __init__(self, config: ModelConfig):
        super().__init__()
        self.norm1 = nn.RMSNorm(config.d_model)
        self.attn = Attention(config)
        self.norm2 = nn.RMSNorm(config.d_model)
        self.mlp = MLP(config)

    def forward(self, x, cos, sin, cache, layer):
        x = x + self.attn(self.norm1(x), cos, sin, cache, layer)
        return x + self.mlp(self.norm2(x))


class GPT(nn.Module):
    """The language model. ``forward`` returns logits (and the mean cross-entropy with targets)."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.config = config
        self.embed = nn.Embedding(config.vocab_size, config.d_model)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.n_layer))
        self.norm = nn.RMSNorm(config.d_model)
        cos, sin = _rotary(config.d_model // config.n_head, config.max_seq)
        self.register_buffer("cos", cos, persistent=False)
        self.register_buffer("sin", sin, persistent=False)
        self.apply(self._init)
        for block in self.blocks:  # scaled residual projections
            nn.init.normal_(block.attn.proj.weight, std=0.02 / math.sqrt(2 * config.n_layer))
            nn.init.normal_(block.mlp.down.weight, std=0.02 / math.sqrt(2 * config.n_layer))

    @staticmethod
    def _init(module: nn.Module) -> None:
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, std=0.02)

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def new_cache(self, batch: int, device=None, dtype=torch.float32, length: int | None = None) -> KVCache:
        """A key-value cache for ``batch`` sequences of up to ``length`` tokens (default: the context)."""
        c = self.config
        return KVCache(c.n_layer, batch, c.n_head, c.d_model // c.n_head, min(length or c.max_seq, c.max_seq),
                       device or self.embed.weight.device, dtype)

    def forward(self, idx: torch.Tensor, targets: torch.Tensor | None = None, cache: KVCache | None = None):
        t = idx.shape[1]
        start = cache.length if cache is not None else 0
        if start + t > self.config.max_seq:
            raise ValueError(f"sequence of {start + t} tokens is longer than the model's {self.config.max_seq}")
        cos, sin = self.cos[start:start + t].to(idx.device), self.sin[start:start + t].to(idx.device)
        x = self.embed(idx)
        for layer, block in enumerate(self.blocks):
            x = block(x, cos, sin, cache, layer)
        if cache is not None:
            cache.length += t
        logits = F.linear(self.norm(x), self.embed.weight)  # tied embeddings
        if targets is None:
            return logits, None
        loss = F.cross_entropy(logits.float().reshape(-1, logits.size(-1)), targets.reshape(-1), ignore_index=-1)
        return logits, loss

    def flops_per_token(self) -> float:
        """Training FLOPs per token (forward and backward): 6 N plus attention."""
        c = self.config
        return 6 * self.num_params() + 12 * c.n_layer * c.d_model * c.max_seq
