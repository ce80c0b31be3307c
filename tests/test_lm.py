"""The language model on CPU: tokenizer, KV cache, checkpoints, exact resumption, memorisation."""

from __future__ import annotations

import json
import shutil

import pytest
import torch

import lm
from ddar import ProblemError
from lm.checkpoint import CheckpointError
from lm.checkpoint import load as load_checkpoint
from lm.model import GPT, ModelConfig
from lm.tokenizer import train_tokenizer
from lm.train import TrainConfig, train
from synth.dataset import SynthConfig, generate

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    generate(folder, 200, SynthConfig(seed=7, max_clauses=5, budget=1.0, samples_per_shard=8), workers=1)
    return folder


def _texts(folder):
    from lm.data import records

    return [r["text"] for r in records(folder)]


def test_tokenizer_round_trips_and_keeps_markers_whole(dataset):
    tokenizer = train_tokenizer(_texts(dataset), 300)
    text = _texts(dataset)[0]
    ids = tokenizer.encode(text)
    assert tokenizer.decode(ids) == text
    pieces = [tokenizer.sp.id_to_piece(i) for i in ids]
    assert "{aux}" in pieces and "{proof}" in pieces and ";" in pieces
    assert len(ids) < len(text.split()) * 1.6


def test_kv_cache_gives_the_same_logits_as_recomputing():
    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=50, n_layer=2, n_head=2, d_model=32, max_seq=64)).eval()
    tokens = torch.randint(0, 50, (3, 20))
    full, _ = model(tokens)
    cache = model.new_cache(3)
    prefix, _ = model(tokens[:, :12], cache=cache)
    steps = [model(tokens[:, i:i + 1], cache=cache)[0] for i in range(12, 20)]
    cached = torch.cat([prefix] + steps, dim=1)
    assert torch.allclose(full, cached, atol=1e-5)



def test_a_branched_cache_gives_each_row_the_logits_of_recomputing_it():
    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=50, n_layer=2, n_head=2, d_model=32, max_seq=64)).eval()
    prompt, rows = torch.randint(0, 50, (1, 10)), torch.randint(0, 50, (3, 8))
    cache = model.new_cache(1, length=20)
    model(prompt, cache=cache)
    cache.branch()  # the prompt is kept once; the rows' own tokens follow it
    cache.reorder(torch.zeros(3, dtype=torch.long))
    several, _ = model(rows[:, :4], cache=cache)  # several tokens at once, each seeing only those before it
    order = torch.tensor([2, 0, 0])  # as beam search does: reordered and duplicated
    cache.reorder(order)
    one, _ = model(rows[order, 4:5], cache=cache)
    more, _ = model(rows[order, 5:8], cache=cache)  # several again, after the rows' own cached tokens
    whole, _ = model(torch.cat([prompt.expand(3, -1), rows], dim=1))
    assert torch.allclose(whole[:, 10:14], several, atol=1e-5)
    assert torch.allclose(whole[order, 14], one[:, 0], atol=1e-5)
    assert torch.allclose(whole[order, 15:18], more, atol=1e-5)
    with pytest.raises(ValueError, match="branch"):
        cache.branch()


def test_beam_search_gives_each_beam_its_whole_sequence_log_probability():
    from lm.decode import beam_search

    torch.manual_seed(1)
    model = GPT(ModelConfig(vocab_size=12, n_layer=2, n_head=2, d_model=32, max_seq=64)).eval()
    prompt, stops = [1, 7, 9, 3, 5, 4], {0, 2}
    beams = beam_search(model, prompt, beam=6, stop_ids=stops, max_new=8)
    assert len(beams) == 6 and len({tuple(ids) for ids, _ in beams}) == 6
    assert [value for _, value in beams] == sorted((value for _, value in beams), reverse=True)
    for ids, value in beams:
        assert ids[-1] in stops
        logprobs = torch.log_softmax(model(torch.tensor([prompt + ids]))[0][0], dim=-1)
        assert value == pytest.approx(sum(float(logprobs[len(prompt) - 1 + j, t]) for j, t in enumerate(ids)), abs=1e-4)


def test_scoring_over_a_shared_prompt_cache_equals_scoring_each_sequence_whole():
    from lm.decode import score

    torch.manual_seed(0)
    model = GPT(ModelConfig(vocab_size=50, n_layer=2, n_head=2, d_model=32, max_seq=64)).eval()
    prompt, stops = [1, 7, 9, 3, 22, 5], {0, 2}
    continuations = [[4], [11, 12, 13, 14, 15], [30, 31], [], list(range(3, 63))]  # one empty, one too long
    got = score(model, prompt, continuations, stops)
    for c, value in zip(continuations[:3], got):
        logprobs = torch.log_softmax(model(torch.tensor([prompt + c]))[0][0], dim=-1)
        expected = sum(float(logprobs[len(prompt) - 1 + j, t]) for j, t in enumerate(c))
        expected += float(torch.logsumexp(logprobs[len(prompt) + len(c) - 1, sorted(stops)], dim=0))
        assert value == pytest.approx(expected, abs=1e-4)
    assert got[3] == got[4] == float("-inf")

def _config(dataset, out, **changes):
    base = dict(data=str(dataset), out=str(out), size="tiny", steps=4, batch_tokens=512, block=64, lr=3e-3, warmup=2,
                eval_interval=2, eval_batches=1, checkpoint_interval=2, vocab_size=300)
    base.update(changes)
    return TrainConfig(**base)


def test_resuming_gives_the_same_next_step_loss(dataset, tmp_path):
    straight = train(_config(dataset, tmp_path / "straight"))
    train(_config(dataset, tmp_path / "stopped", steps=2))
    resumed = train(_config(dataset, tmp_path / "stopped", steps=4), resume=True)
    assert [h["loss"] for h in resumed] == [h["loss"] for h in straight]
    with pytest.raises(FileExistsError, match="--resume"):
        train(_config(dataset, tmp_path / "stopped"))


def test_a_run_saved_before_shard_mixing_resumes_as_it_began(dataset, tmp_path):
    straight = train(_config(dataset, tmp_path / "straight", mix_shards=1))
    train(_config(dataset, tmp_path / "old", steps=2, mix_shards=1))
    trainer = json.loads((tmp_path / "old" / "trainer.json").read_text())
    del trainer["config"]["mix_shards"]  # as written before the option existed
    (tmp_path / "old" / "trainer.json").write_text(json.dumps(trainer))
    resumed = train(_config(dataset, tmp_path / "old", steps=4), resume=True)
    assert [h["loss"] for h in resumed] == [h["loss"] for h in straight]


def test_mixed_shards_keep_every_example_once_and_part_siblings(dataset):
    import gzip

    from lm.data import PackedStream, is_heldout, records, shard_paths

    tokenizer = train_tokenizer(_texts(dataset), 300)
    expected = sorted(r["text"] for r in records(dataset))
    paths = shard_paths(dataset)
    assert len(paths) >= 4

    def one_epoch(mix: int) -> list[str]:
        stream = PackedStream(dataset, tokenizer, 64, seed=3, mix_shards=mix)
        return [stream._next_text() for _ in expected]

    def siblings_side_by_side(texts: list[str]) -> int:
        return sum(a.split(" ? ")[0] == b.split(" ? ")[0] for a, b in zip(texts, texts[1:]))

    as_written, mixed = one_epoch(1), one_epoch(4)
    order = PackedStream(dataset, tokenizer, 64, seed=3)._order()
    in_shards = [r["text"] for i in order for r in map(json.loads, gzip.open(paths[i], "rt")) if not is_heldout(r)]
    assert as_written == in_shards  # 1: each shard's examples as written (how the shipped model was trained)
    assert sorted(mixed) == expected  # each training example once per pass
    assert siblings_side_by_side(mixed) < siblings_side_by_side(as_written) / 2
    assert one_epoch(4) == mixed  # the seed fixes the order
    with pytest.raises(ValueError, match="at least 1"):
        PackedStream(dataset, tokenizer, 64, mix_shards=0)


@pytest.mark.parametrize("mix", [1, 3, 100])
def test_stream_resumes_exactly_across_groups_and_epochs(dataset, mix):
    from lm.data import PackedStream, records

    tokenizer = train_tokenizer(_texts(dataset), 300)
    epoch_tokens = sum(len(tokenizer.encode(r["text"])) + 1 for r in records(dataset))

    def stream() -> PackedStream:
        return PackedStream(dataset, tokenizer, 16, seed=5, mix_shards=mix)

    straight = stream()
    blocks = [straight.next_block() for _ in range(epoch_tokens // 16 + 40)]  # past an epoch, partial groups
    for stop in (5, 37, len(blocks) - 3):
        first = stream()
        head = [first.next_block() for _ in range(stop)]
        again = stream()
        again.load_state(json.loads(json.dumps(first.state())))  # as saved in trainer.json
        assert head + [again.next_block() for _ in range(len(blocks) - stop)] == blocks
    assert straight.epoch >= 1


def test_checkpoint_round_trips_and_loading_checks_it(dataset, tmp_path):
    out = tmp_path / "ck"
    train(_config(dataset, out, steps=2))
    model, tokenizer, info = load_checkpoint(out)
    again, _, _ = load_checkpoint(out)
    x = torch.tensor([tokenizer.encode(_texts(dataset)[0])[:30]])
    assert torch.equal(model(x)[0], again(x)[0])
    assert info["step"] == 2
    assert all(p.stat().st_size <= 16 * 1024 * 1024 for p in out.iterdir())
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    config = json.loads((broken / "config.json").read_text())
    config["model"]["d_model"] = 256
    (broken / "config.json").write_text(json.dumps(config))
    with pytest.raises(CheckpointError, match="shape"):
        load_checkpoint(broken)
    (broken / "tokenizer.model").unlink()
    with pytest.raises(CheckpointError, match="missing tokenizer.model"):
        load_checkpoint(broken)
    config["format_version"] = 99
    (broken / "config.json").write_text(json.dumps(config))
    with pytest.raises(CheckpointError, match="format version 99"):
        lm.load(broken)


def test_tiny_model_memorises_and_decodes_aux_constructions(dataset, tmp_path):
    from lm.data import records

    memo = tmp_path / "memo"
    memo.mkdir()
    with_aux = [r for r in records(dataset) if r["aux"]][:4]
    assert with_aux, "the small dataset should contain examples with auxiliary constructions"
    import gzip

    with gzip.open(memo / "shard-00000.jsonl.gz", "wt") as f:
        for r in with_aux * 2:
            r = dict(r, key="f" * 40)  # not held out
            f.write(json.dumps(r) + "\n")
    torch.manual_seed(0)
    train(_config(memo, tmp_path / "model", steps=150, batch_tokens=1024, block=128, lr=3e-3, warmup=10,
                  eval_interval=150, checkpoint_interval=150, vocab_size=200))
    model = lm.load(tmp_path / "model")
    hits = 0
    for r in with_aux:
        prompt = r["text"].split(" {aux}")[0]
        proposals = model.propose(prompt, k=4)
        assert proposals == sorted(proposals, key=lambda p: -p[1])
        hits += proposals[0][0] == r["text"].split("{aux} ")[1].split(" {proof}")[0].split(";")[0].strip()
    assert hits >= len(with_aux) - 1
    ranked = 0
    for r in with_aux:  # the memorised aux is likelier than another example's
        prompt = r["text"].split(" {aux}")[0]
        mine = r["text"].split("{aux} ")[1].split(" {proof}")[0].split(";")[0].strip()
        others = [o["text"].split("{aux} ")[1].split(" {proof}")[0].split(";")[0].strip() for o in with_aux]
        others = [o for o in others if o != mine]
        scores = model.likelihood(prompt, [mine, *others])
        ranked += scores[0] == max(scores) and all(s < 0 for s in scores)
    assert ranked >= len(with_aux) - 1
    assert model.propose(prompt, k=4) == model.propose(prompt, k=4)  # deterministic on CPU
    sampled = model.propose(prompt, k=3, temperature=0.7, seed=1)
    assert sampled and all(logprob <= 0 for _, logprob in sampled)


def test_checkpoint_heldout_losses_score_the_last_weights_and_each_average(dataset, tmp_path):
    from lm.train import checkpoint_heldout_losses

    out = tmp_path / "ck"
    train(_config(dataset, out, steps=30, eval_interval=30, checkpoint_interval=30))
    losses = checkpoint_heldout_losses(str(dataset), out, aux_only=False)
    assert set(losses) == {"tokens", "last", "0.99", "0.998"} and losses["tokens"] > 0
    assert losses["last"] < losses["0.99"] < losses["0.998"]  # after 30 steps the slow averages lag behind
    assert checkpoint_heldout_losses(str(dataset), out, aux_only=False) == losses  # the weights are put back


def test_export_ships_weights_only_within_the_limits(dataset, tmp_path):
    from lm.checkpoint import load_tensors
    from lm.export import best_weights, export

    out = tmp_path / "ck"
    train(_config(dataset, out, steps=3, block=16, batch_tokens=64, eval_interval=3))
    shipped = export(out, "mine", root=tmp_path / "models", weights="last")
    assert sorted(p.name for p in shipped.iterdir()) == ["config.json", "model-00001.safetensors", "model.index.json",
                                                         "tokenizer.model"]
    x = torch.tensor([[3, 5, 7]])
    assert torch.equal(load_checkpoint(out)[0](x)[0], load_checkpoint(shipped)[0](x)[0])
    (shipped / "MODEL_CARD.md").write_text("card")
    assert export(out, "mine", root=tmp_path / "models", weights="last") == shipped  # a new model over an old one
    assert (shipped / "MODEL_CARD.md").read_text() == "card"
    assert torch.equal(load_checkpoint(out)[0](x)[0], load_checkpoint(shipped)[0](x)[0])
    trainer_json = json.loads((out / "trainer.json").read_text())
    trainer_json["history"][-1]["heldout_loss_ema"]["0.99"] = 0.0  # make an average the best on held-out data
    (out / "trainer.json").write_text(json.dumps(trainer_json))
    averaged = export(out, "averaged", root=tmp_path / "models", weights="best")  # the lowest held-out loss
    choice, loss = best_weights(out)
    assert (choice, loss) == ("0.99", 0.0)
    history = json.loads((out / "trainer.json").read_text())["history"]
    losses = [history[-1]["heldout_loss"], *history[-1]["heldout_loss_ema"].values()]
    assert loss == min(losses) and len(losses) == 3
    model = load_checkpoint(averaged)[0]
    trainer = load_tensors(out, "trainer")
    expected = load_checkpoint(out)[0].state_dict() if choice == "last" else \
        {n[len(f"ema.{choice}."):]: t for n, t in trainer.items() if n.startswith(f"ema.{choice}.")}
    assert all(torch.equal(model.state_dict()[n], t) for n, t in expected.items())
    assert json.loads((averaged / "config.json").read_text())["info"]["weights"] == "ema 0.99"
    assert not torch.equal(model.state_dict()["embed.weight"], load_checkpoint(out)[0].state_dict()["embed.weight"])
    big = tmp_path / "big"
    shutil.copytree(out, big)
    with open(big / "model-00001.safetensors", "ab") as f:
        f.truncate(17 * 2**20)
    with pytest.raises(CheckpointError, match="too big to ship"):
        export(big, "big", root=tmp_path / "models")


def test_unknown_model_name_says_what_is_shipped():
    with pytest.raises(CheckpointError, match="no shipped model of that name"):
        lm.load("no-such-model")


@pytest.mark.skipif("default" not in lm.shipped_models(), reason="no model shipped in this checkout")
def test_shipped_model_loads_offline_and_proposes_valid_constructions():
    from synth.format import parse_aux_clause

    model = lm.load("default")
    prompt = "a b c = triangle; d = midpoint b c; e = midpoint a c ? para d e a b"  # the short form it was trained on
    proposals = model.propose(prompt, k=8)
    assert proposals and proposals == sorted(proposals, key=lambda p: -p[1])
    parsed = 0
    for text, _ in proposals:
        try:
            parse_aux_clause(text, ["a", "b", "c", "d", "e"])
            parsed += 1
        except ProblemError:
            pass
    assert parsed >= len(proposals) // 2
    assert all(p.stat().st_size <= 16 * 2**20 for p in lm.SHIPPED.glob("*/*"))
    assert sum(p.stat().st_size for p in lm.SHIPPED.glob("*/*")) <= 32 * 2**20


def test_train_command_fine_tunes_on_aux_after_pretraining(dataset, tmp_path):
    from search.cli import main

    out = tmp_path / "ck"
    assert main(["train", "--data", str(dataset), "--out", str(out), "--steps", "2", "--aux-steps", "2", "--block", "32",
                 "--batch-tokens", "128", "--eval-interval", "1"]) == 0
    tuned = json.loads((tmp_path / "ck-aux" / "trainer.json").read_text())["config"]
    assert tuned["aux_only"] and tuned["init"] == str(out) and tuned["steps"] == 2
    assert (out / "log.jsonl").exists() and (tmp_path / "ck-aux" / "log.jsonl").exists()


def test_learnability_selection_keeps_what_the_learner_gets_wrong_and_every_heldout_example(dataset, tmp_path):
    from lm.data import records
    from lm.select import example_losses, learnability, main, training_records

    train(_config(dataset, tmp_path / "learner", steps=2))
    train(_config(dataset, tmp_path / "reference", steps=30, eval_interval=30, checkpoint_interval=30))
    model, tokenizer, _ = load_checkpoint(tmp_path / "reference")
    texts = [r["text"] for r in training_records(dataset, aux_only=False)[:9]]
    alone = [example_losses(model, tokenizer, [t])[0] for t in texts]
    assert example_losses(model, tokenizer, texts, batch=4) == pytest.approx(alone, rel=1e-4)  # padding is inert
    assert len(tokenizer.encode(" ".join(texts * 4))) > model.config.max_seq
    assert example_losses(model, tokenizer, [" ".join(texts * 4)])[0] > 0  # past the context: its first part
    assert all(s == 0 for s in learnability(tmp_path / "reference", tmp_path / "reference",
                                            [{"text": t} for t in texts]))

    out = tmp_path / "selected"
    assert main(["--data", str(dataset), "--learner", str(tmp_path / "learner"), "--reference",
                 str(tmp_path / "reference"), "--keep", "0.25", "--out", str(out), "--all"]) == 0
    everything = training_records(dataset, aux_only=False)
    kept = training_records(out, aux_only=False)
    assert len(kept) == round(0.25 * len(everything))
    scores = learnability(tmp_path / "learner", tmp_path / "reference", everything)
    threshold = sorted(scores, reverse=True)[len(kept) - 1]
    assert {r["key"] for r in kept} == {r["key"] for r, s in zip(everything, scores) if s >= threshold}
    assert [r["key"] for r in records(out, heldout=True)] == [r["key"] for r in records(dataset, heldout=True)]
    with pytest.raises(FileExistsError):
        main(["--data", str(dataset), "--learner", str(tmp_path / "learner"), "--reference",
              str(tmp_path / "reference"), "--out", str(out)])
