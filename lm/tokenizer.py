"""A sentencepiece tokenizer for training strings (synth/FORMAT.md).

Model type BPE over whitespace-split words: the language is a few hundred words
(construction and predicate names, point names like a, b1, markers), so a small
vocabulary makes nearly every word one piece and leaves point names with digits as
letter + digit, which keeps unseen names (z7) expressible. Markers and separators are
user-defined symbols so they are always single pieces (``;`` ends a proposed clause).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import sentencepiece as spm

SPECIAL = ["{aux}", "{proof}", "{end}", ";"]
PAD, UNK, BOS, EOS = 0, 1, 2, 3
DEFAULT_VOCAB = 512


class Tokenizer:
    """Encode and decode training strings with a trained sentencepiece model."""

    def __init__(self, model_bytes: bytes):
        self.model_bytes = model_bytes
        self.sp = spm.SentencePieceProcessor(model_proto=model_bytes)
        self.stop_ids = {self.sp.piece_to_id(p) for p in (";", "{proof}", "{end}")} | {EOS}

    @property
    def vocab_size(self) -> int:
        return self.sp.get_piece_size()

    def encode(self, text: str) -> list[int]:
        return self.sp.encode(text)

    def decode(self, ids: list[int]) -> str:
        return self.sp.decode(ids)

    def save(self, path: str | Path) -> None:
        Path(path).write_bytes(self.model_bytes)

    @classmethod
    def load(cls, path: str | Path) -> "Tokenizer":
        return cls(Path(path).read_bytes())


def train_tokenizer(texts: Iterable[str], vocab_size: int = DEFAULT_VOCAB) -> Tokenizer:
    """Train on an iterable of training strings; deterministic for the same input."""
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(texts)), model_writer=buffer, model_type="bpe", vocab_size=vocab_size,
        character_coverage=1.0, user_defined_symbols=SPECIAL, pad_id=PAD, unk_id=UNK, bos_id=BOS, eos_id=EOS,
        hard_vocab_limit=False, num_threads=1, max_sentence_length=1 << 16, minloglevel=2, split_digits=True,
        split_by_unicode_script=False,
    )
    return Tokenizer(buffer.getvalue())
