"""Proof search: heuristic proposals, beam search over constructions, the model end to end, eval resumption."""

from __future__ import annotations

import gzip
import json

import pytest

from ddar import check_proof, load_problems, parse_problem
from search.beam import search
from search.cli import main
from search.modes import SearchOptions, solve
from search.proposers import (HeuristicProposer, ModelProposer, RankedProposer, SearchState, _rename, model_prompt,
                              validate)
from synth.sampler import point_name
from conftest import CLASSICS, ROOT

ORTHOCENTRE = "orthocentre_distance_twice_centre"  # AH = 2 OM: the engine alone saturates; one foot solves it


@pytest.fixture(scope="module")
def orthocentre():
    (problem,) = load_problems(CLASSICS, [ORTHOCENTRE])
    return problem


def test_engine_alone_fails_where_search_succeeds(orthocentre):
    alone = solve(orthocentre, SearchOptions("ddar"), timeout=30)
    assert alone.status == "saturated" and alone.proof is None
    found = solve(orthocentre, SearchOptions("heuristic"), timeout=30)
    assert found.solved and found.mode == "heuristic" and found.seconds < 30
    assert found.constructions and found.proof.constructions == found.constructions
    assert check_proof(found.proof.problem, found.proof).ok
    assert "Constructions:" in found.proof.text()


def test_heuristic_proposals_are_valid_coincident_and_ranked(orthocentre):
    from ddar import build_diagram

    state = SearchState(orthocentre, dict(build_diagram(orthocentre, 0).points))
    proposals = HeuristicProposer().propose(state, 30)
    assert 5 <= len(proposals) <= 30
    scores = [s for _, s in proposals]
    assert scores == sorted(scores, reverse=True) and all(s <= 0 for s in scores)
    kinds = {c.constructions[0].name for c, _ in proposals}
    assert "foot" in kinds
    for clause, _ in proposals:
        new = validate(state, clause)
        assert new is not None and not set(new) & set(state.points)
    assert [str(c) for c, _ in proposals] == [str(c) for c, _ in HeuristicProposer().propose(state, 30)]


def test_search_log_and_determinism(tmp_path, orthocentre):
    problem = parse_problem("centroid", "a b c = triangle a b c; d = midpoint d b c; e = midpoint e c a; "
                                        "g = on_line g a d, on_line g b e ? para d e a b")
    records = []
    result = search(problem, HeuristicProposer(), beam=2, depth=1, per_node=5, timeout=30, log=records.append)
    assert result.solved and result.constructions == [] and records[0]["depth"] == 0
    runs = [search(orthocentre, HeuristicProposer(), beam=2, depth=2, per_node=8, timeout=30, log=lambda r: None)
            for _ in range(2)]
    assert runs[0].constructions == runs[1].constructions
    log = tmp_path / "log.jsonl"
    assert main(["prove", str(CLASSICS), ORTHOCENTRE, "--mode", "heuristic", "--log", str(log)]) == 0
    nodes = [json.loads(line) for line in log.read_text().splitlines()]
    assert nodes[0]["status"] == "saturated" and nodes[-1]["status"] == "proved"
    assert {"depth", "constructions", "score", "status", "seconds"} <= set(nodes[-1])


def test_proof_with_constructions_verifies(tmp_path, capsys):
    out = tmp_path / "p.json"
    assert main(["prove", str(CLASSICS), ORTHOCENTRE, "--mode", "heuristic", "--out", str(out)]) == 0
    assert main(["verify", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["constructions"] and data["statement"].split("?")[0].split("|")[1].strip() == data["constructions"][0]
    capsys.readouterr()


def test_eval_appends_and_skips_done_problems(tmp_path, capsys):
    out = tmp_path / "results.jsonl"
    args = ["eval", str(CLASSICS), ORTHOCENTRE, "thales", "--mode", "heuristic", "--timeout", "30", "--json", str(out)]
    assert main(args) == 0
    first = capsys.readouterr().out.splitlines()
    assert first[-1] == "solved 2/2"
    assert any(ORTHOCENTRE in line and "heuristic" in line and "foot" in line for line in first)
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "solved 2/2"
    assert len(out.read_text().splitlines()) == 2  # nothing ran twice


def test_eval_with_the_shipped_model_proves_in_its_workers(tmp_path):
    """A fresh ``geoprover eval`` process (as a user runs it): its forked workers load and run the model (they hung
    when the parent had loaded it first)."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "search.cli", "eval", str(CLASSICS), ORTHOCENTRE, "--mode", "ranked",
                          "--timeout", "30", "--workers", "1"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "solved 1/1"
    assert any(ORTHOCENTRE in line and "proved" in line and "ranked" in line for line in run.stdout.splitlines())


def test_model_mode_with_a_missing_checkpoint_says_so():
    with pytest.raises(ValueError, match="no such checkpoint folder"):
        solve(parse_problem("p", "a b = segment a b ? cong a b a b"), SearchOptions("model", model="/no/such"), timeout=5)


class _FavourOne:
    """A stand-in model whose log-likelihood favours one clause text by ``margin`` nats."""

    def __init__(self, favourite: str, margin: float):
        self.favourite, self.margin = favourite, margin

    def likelihood(self, prompt: str, texts: list[str]) -> list[float]:
        return [-5.0 + self.margin * (t == self.favourite) for t in texts]


def test_ranked_proposer_adds_the_heuristic_prior_to_the_model_likelihood(orthocentre):
    from ddar import build_diagram
    from synth.format import short_clause

    state = SearchState(orthocentre, dict(build_diagram(orthocentre, 0).points))
    heuristic = HeuristicProposer().propose(state, 64)
    last = heuristic[-1]
    gap = heuristic[0][1] - last[1]
    assert gap > 0
    prompt, canonical = model_prompt(state)
    names = {**canonical, **{p: point_name(len(canonical) + i) for i, p in enumerate(last[0].points)}}
    favourite = short_clause(_rename(last[0], names))
    by_model = RankedProposer(_FavourOne(favourite, 2 * gap), pool=64, prior=0.0).propose(state, 64)
    assert str(by_model[0][0]) == str(last[0])  # the model alone moves the heuristics' last candidate first
    blended = RankedProposer(_FavourOne(favourite, gap / 2), pool=64, prior=1.0).propose(state, 64)
    assert [str(c) for c, _ in blended][0] == str(heuristic[0][0])  # a smaller margin loses to the prior
    assert sorted(str(c) for c, _ in blended) == sorted(str(c) for c, _ in heuristic)  # only reordered


@pytest.mark.filterwarnings("ignore:.*no held-out example")  # its eight examples are all for training
def test_model_proposal_reaches_the_engine(tmp_path, orthocentre):
    """A tiny model trained on the construction that solves the problem proposes it, and the search proves it."""
    from lm.train import TrainConfig, train

    text = ("a b c = triangle; d = circle a b c; e = orthocenter a b c; f = midpoint b c ? rconst a e d f 2/1 "
            "{aux} g = foot b a c {proof} coll b e g; rconst a e d f 2/1 {end}")
    data = tmp_path / "data"
    data.mkdir()
    with gzip.open(data / "shard-00000.jsonl.gz", "wt") as f:
        for i in range(8):
            f.write(json.dumps({"text": text, "aux": ["g = foot g b a c"], "key": f"{i + 50:02x}" * 20}) + "\n")
    train(TrainConfig(data=str(data), out=str(tmp_path / "model"), size="tiny", steps=80, batch_tokens=512, block=64,
                      lr=3e-3, warmup=5, eval_interval=80, eval_batches=1, checkpoint_interval=80, vocab_size=120))
    import lm

    proposer = ModelProposer(lm.load(tmp_path / "model"))
    from ddar import build_diagram

    state = SearchState(orthocentre, dict(build_diagram(orthocentre, 0).points))
    proposals = proposer.propose(state, 4)
    assert proposals and str(proposals[0][0]) == "x = foot x b a c"
    ranked = RankedProposer(lm.load(tmp_path / "model")).propose(state, 4)
    assert str(ranked[0][0]) == "x = foot x b a c"  # the model (with the prior) puts the right candidate first
    result = solve(orthocentre, SearchOptions("model", model=str(tmp_path / "model")), timeout=120)
    assert result.solved and result.constructions == ["x = foot x b a c"]
    assert check_proof(result.proof.problem, result.proof).ok
    mixed = solve(orthocentre, SearchOptions("mix", model=str(tmp_path / "model")), timeout=120)
    assert mixed.solved and mixed.mode == "mix: model"  # the result says which proposer found the construction


def test_hint_adds_a_given_construction(tmp_path, capsys):
    from conftest import BENCHMARK

    if not BENCHMARK.exists():
        pytest.skip("benchmark file not present")
    name = "translated_imo_2000_p6"
    assert main(["prove", str(BENCHMARK), name, "--mode", "ddar"]) == 1
    out = tmp_path / "p.json"
    assert main(["prove", str(BENCHMARK), name, "--mode", "ddar", "--hint", "x = foot x a b i", "--out", str(out)]) == 0
    assert "Construct X, the foot of the perpendicular from A to BI" in capsys.readouterr().out
    assert main(["verify", str(out), "--problems", str(BENCHMARK)]) == 0
