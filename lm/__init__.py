"""lm: the language model that proposes auxiliary constructions.

    import lm
    model = lm.load("default")  # the model shipped with the package; or a checkpoint folder
    model.propose("a b c = triangle; d = midpoint b c ? cong a d b d", k=8)
    # -> [("e = on_line a d, on_circle d b", -1.23), ...]
"""

from __future__ import annotations

from pathlib import Path

import torch

from .checkpoint import CheckpointError
from .checkpoint import load as load_checkpoint
from .decode import beam_search, sample, score
from .model import GPT
from .tokenizer import EOS, Tokenizer

AUX_MARKER = "{aux}"
SHIPPED = Path(__file__).resolve().parent / "models"  # models installed with the package, by name


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


    def likelihood(self, problem_text: str, clauses: list[str]) -> list[float]:
        """The model's log-probability of each clause (short form, as ``propose`` returns them) as the
        next construction: how the model ranks candidates it did not propose itself."""
        prompt = self.prompt_ids(problem_text)
        return score(self.model, prompt, [self.tokenizer.encode(c) for c in clauses], self.tokenizer.stop_ids)


def shipped_models() -> list[str]:
    """Names of the models installed with the package (``lm.load(name)``)."""
    return sorted(p.name for p in SHIPPED.iterdir() if (p / "config.json").exists()) if SHIPPED.is_dir() else []


def resolve(name_or_path: str | Path) -> Path:
    """The checkpoint folder of a shipped model's name, or the given folder; CheckpointError if neither exists."""
    if str(name_or_path) in shipped_models():  # a bare shipped name wins (a folder of that name: ./NAME)
        return SHIPPED / str(name_or_path)
    path = Path(name_or_path)
    if path.is_dir():
        return path
    shipped = ", ".join(shipped_models()) or "none"
    raise CheckpointError(f"{name_or_path}: no such checkpoint folder, and no shipped model of that name "
                          f"(shipped: {shipped})")


def load(name_or_path: str | Path = "default", device: str = "cpu") -> LanguageModel:
    """Load a shipped model by name (``"default"``) or a checkpoint folder written by ``geoprover train``;
    raises CheckpointError if there is none or it is incomplete. Works offline."""
    model, tokenizer, _ = load_checkpoint(resolve(name_or_path), torch.device(device))
    return LanguageModel(model, tokenizer)
