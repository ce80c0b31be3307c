"""lm: the language model that proposes auxiliary constructions.

    import lm
    model = lm.load("checkpoints/tiny")
    model.propose("a b c = triangle; d = midpoint b c ? cong a d b d", k=8)
    # -> [("e = on_line a d, on_circle d b", -1.23), ...]
"""

from __future__ import annotations

from pathlib import Path

import torch

from .checkpoint import CheckpointError
from .checkpoint import load as load_checkpoint
from .decode import beam_search, sample
from .model import GPT
from .tokenizer import EOS, Tokenizer

AUX_MARKER = "{aux}"


class LanguageModel:
    """A trained model with its tokenizer, proposing auxiliary constructions as text."""

    def __init__(self, model: GPT, tokenizer: Tokenizer):
        self.model, self.tokenizer = model, tokenizer

    def prompt_ids(self, problem_text: str) -> list[int]:
        """Premises and goal in the training-string form, up to and including ``{aux}``."""
        text = problem_text.strip()
        if not text.endswith(AUX_MARKER):
            text = f"{text} {AUX_MARKER}"
        return [EOS] + self.tokenizer.encode(text)

    def propose(self, problem_text: str, k: int = 8, temperature: float | None = None, max_new: int = 64,
                seed: int = 0) -> list[tuple[str, float]]:
        """Up to ``k`` constructions (text of one clause) with their log-probabilities, best first.
        Beam search by default; with ``temperature``, that many samples instead."""
        prompt = self.prompt_ids(problem_text)
        stops = self.tokenizer.stop_ids
        if temperature is None:
            found = beam_search(self.model, prompt, k, stops, max_new)
        else:
            found = sample(self.model, prompt, k, stops, temperature, max_new, seed)
        out: dict[str, float] = {}
        for ids, logprob in sorted(found, key=lambda f: -f[1]):
            text = self.tokenizer.decode(ids[:-1]).strip()
            if text and text not in out:
                out[text] = logprob
        return list(out.items())


def load(path: str | Path, device: str = "cpu") -> LanguageModel:
    """Load a checkpoint folder written by ``geoprover train``; raises CheckpointError if it is incomplete."""
    model, tokenizer, _ = load_checkpoint(path, torch.device(device))
    return LanguageModel(model, tokenizer)


__all__ = ["CheckpointError", "LanguageModel", "load"]
