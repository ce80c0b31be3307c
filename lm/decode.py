"""Decoding: batched beam search and sampling over a key-value cache."""

from __future__ import annotations

import torch

from .model import GPT


@torch.no_grad()
def beam_search(model: GPT, prompt: list[int], beam: int, stop_ids: set[int], max_new: int = 64
                ) -> list[tuple[list[int], float]]:
    """The ``beam`` best continuations of ``prompt`` that end with a stop token, best first,
    with their total log-probabilities (the stop token included in the ids)."""
    device = model.embed.weight.device
    max_new = min(max_new, model.config.max_seq - len(prompt))
    cache = model.new_cache(1, device, length=len(prompt) + max_new)
    logits, _ = model(torch.tensor([prompt], device=device), cache=cache)
    cache.branch()  # the beams share the prompt's keys and values; a reorder copies only what follows it
    logprobs = torch.log_softmax(logits[0, -1].float(), dim=-1)
    beams: list[tuple[list[int], float]] = [([], 0.0)]
    finished: list[tuple[list[int], float]] = []
    for _ in range(max_new):
        scores = torch.tensor([s for _, s in beams], device=device)[:, None] + logprobs
        top = torch.topk(scores.flatten(), min(2 * beam, scores.numel()))
        vocab = logprobs.shape[-1]
        survivors, parents = [], []
        for value, index in zip(top.values.tolist(), top.indices.tolist()):
            parent, token = divmod(index, vocab)
            ids = beams[parent][0] + [token]
            if token in stop_ids:
                finished.append((ids, value))
            elif len(survivors) < beam:
                survivors.append((ids, value))
                parents.append(parent)
        finished.sort(key=lambda b: -b[1])
        finished = finished[:beam]
        if not survivors or (len(finished) == beam and finished[-1][1] >= survivors[0][1]):
            break
        beams = survivors
        cache.reorder(torch.tensor(parents, device=device))
        logits, _ = model(torch.tensor([[ids[-1]] for ids, _ in beams], device=device), cache=cache)
        logprobs = torch.log_softmax(logits[:, -1].float(), dim=-1)
    return finished


@torch.no_grad()
def sample(model: GPT, prompt: list[int], count: int, stop_ids: set[int], temperature: float = 1.0,
           max_new: int = 64, seed: int = 0) -> list[tuple[list[int], float]]:
    """``count`` sampled continuations (in one batch) with their log-probabilities."""
    device = model.embed.weight.device
    generator = torch.Generator(device=device).manual_seed(seed)
    max_new = min(max_new, model.config.max_seq - len(prompt))
    cache = model.new_cache(count, device, length=len(prompt) + max_new)
    logits, _ = model(torch.tensor([prompt] * count, device=device), cache=cache)
    outputs: list[list[int]] = [[] for _ in range(count)]
    totals = [0.0] * count
    done = [False] * count
    for _ in range(max_new):
        logprobs = torch.log_softmax(logits[:, -1].float(), dim=-1)
        probs = torch.softmax(logits[:, -1].float() / max(temperature, 1e-6), dim=-1)
        tokens = torch.multinomial(probs, 1, generator=generator)[:, 0]
        for i, token in enumerate(tokens.tolist()):
            if not done[i]:
                outputs[i].append(token)
                totals[i] += float(logprobs[i, token])
                done[i] = token in stop_ids
        if all(done):
            break
        logits, _ = model(tokens[:, None], cache=cache)
    return [(ids, total) for ids, total, d in zip(outputs, totals, done) if d]


@torch.no_grad()
def score(model: GPT, prompt: list[int], continuations: list[list[int]], stop_ids: set[int]) -> list[float]:
    """The log-probability of each continuation after ``prompt``, then of any stop token (one batch);
    ``-inf`` for an empty one or one that does not fit in the model's context."""
    fits = [i for i, c in enumerate(continuations) if c and len(prompt) + len(c) < model.config.max_seq]
    out = [float("-inf")] * len(continuations)
    if not fits:
        return out
    for i, value in zip(fits, _score([continuations[i] for i in fits], model, prompt, stop_ids)):
        out[i] = value
    return out


def _score(continuations: list[list[int]], model: GPT, prompt: list[int], stop_ids: set[int]) -> list[float]:
    """The prompt runs once into a key-value cache shared by every continuation: the prompt is most of each
    sequence, and scoring the heuristics' 64 candidates this way takes a sixth of the time of running each whole."""
    device = model.embed.weight.device
    longest = max(len(c) for c in continuations)
    cache = model.new_cache(1, device, length=len(prompt) + longest)
    logits, _ = model(torch.tensor([prompt], device=device), cache=cache)
    first = torch.log_softmax(logits[0, -1].float(), dim=-1)  # the distribution of each continuation's first token
    cache.branch()
    cache.reorder(torch.zeros(len(continuations), dtype=torch.long, device=device))
    rows = torch.zeros((len(continuations), longest), dtype=torch.long, device=device)
    for i, c in enumerate(continuations):
        rows[i, :len(c)] = torch.tensor(c, device=device)
    logprobs = torch.log_softmax(model(rows, cache=cache)[0].float(), dim=-1)  # row i, position j: token j + 1
    stops = torch.tensor(sorted(stop_ids), device=device)
    out = []
    for i, c in enumerate(continuations):
        rest = logprobs[i, torch.arange(len(c) - 1, device=device), torch.tensor(c[1:], device=device, dtype=torch.long)]
        out.append(float(first[c[0]] + rest.sum() + torch.logsumexp(logprobs[i, len(c) - 1, stops], dim=0)))
    return out
