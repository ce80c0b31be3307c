"""Synthetic theorems: sampling, extraction, the training format, shards, resumption after a kill."""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter

import numpy as np
import pytest

from ddar import Fact, ProblemError, build_diagram, parse_problem
from ddar.engine import PREMISE, Step
from ddar.proof import traceback
from synth.aux import AuxTheorem, check_needed, coincides, run_engine
from synth.dataset import SHARD, SynthConfig, generate
from synth.extract import aux_example, canonical_fact, extract
from synth.format import parse_aux_clause, parse_training_text, prompt
from synth.sampler import Rejected, sample_problem
from synth.validate import validate
from conftest import ROOT

SMALL = SynthConfig(seed=5, max_clauses=6, budget=1.0, samples_per_shard=4)
AUX_RUN = SynthConfig(seed=1, budget=2.0, samples_per_shard=8, aux_trials=16)


def _sample(i: int, max_clauses: int = 8):
    return sample_problem(np.random.default_rng([11, i]), f"s{i}", max_clauses)


def test_sampling_is_deterministic_and_varied():
    assert _sample(0).problem.statement() == _sample(0).problem.statement()
    assert len({_sample(i).problem.statement() for i in range(5)}) == 5


def test_sample_has_3_to_k_clauses_after_the_free_configuration_and_true_facts():
    for i in range(10):
        sample = _sample(i, max_clauses=5)
        assert 4 <= len(sample.problem.clauses) <= 6
        assert sample.diagram.failed_facts() == []
        again = build_diagram(parse_problem("again", sample.problem.statement()), 0)
        assert set(again.points) == set(sample.diagram.points)


def test_unknown_weight_is_rejected():
    with pytest.raises(ValueError, match="unknown construction in weights: midpont"):
        sample_problem(np.random.default_rng(0), "x", 5, {"midpont": 1.0})


def test_impossible_weights_reject_the_sample():
    with pytest.raises(Rejected):
        sample_problem(np.random.default_rng(0), "x", 5, {"e5128": 1.0})


@pytest.fixture(scope="module")
def examples():
    out = []
    for i in range(12):
        out += extract(_sample(i), 2.0, [11, i]).examples
    return out


def test_examples_are_nontrivial_and_rebuild_with_their_goal_true(examples):
    assert len(examples) > 30
    assert len({e.key for e in examples}) == len(examples)
    for e in examples:
        assert len(e.proof) >= 2 and e.proof[-1].startswith(e.goal)
        body, _, goal = e.problem.partition(" ? ")
        problem = parse_problem("e", "; ".join([body, *e.aux]) + f" ? {goal}")
        for seed in (1, 2):
            assert build_diagram(problem, seed).holds(problem.goal)


@pytest.fixture(scope="module")
def aux_run(tmp_path_factory):
    """A fresh run grown until it holds a few examples with needed aux."""
    out = tmp_path_factory.mktemp("aux-run")
    stats = generate(out, None, AUX_RUN, workers=1, aux=4)
    return stats, _records(out)


def test_aux_examples_fail_without_their_aux_and_are_proved_with_it(aux_run):
    stats, records = aux_run
    with_aux = [r for r in records if r["aux"]]
    assert len(with_aux) >= 4 and stats["examples_with_needed_aux"] == len(with_aux)
    assert all(r["aux_check"] == "needed" for r in with_aux)
    assert all(r["aux_check"] == "none" for r in records if not r["aux"])
    for r in random.Random(0).sample(with_aux, 4):
        assert check_needed(r["problem"], 10.0).status == "saturated", r
        assert validate(r, timeout=10.0).proved, r
        points = parse_problem("p", r["problem"].partition(" ? ")[0]).points
        aux_points = {p for clause in r["aux"] for p in clause.split(" = ")[0].split()}
        assert not aux_points & set(points) and not aux_points & set(r["goal"].split()[1:])
    assert sum(stats["aux_clauses_per_example"].values()) == len(with_aux)
    assert sum(stats["aux_goal_predicates"].values()) == len(with_aux)


def test_coincidence_filter_sees_new_points_on_other_lines_and_circles():
    problem = parse_problem("p", "a b c = triangle a b c; h = orthocenter h a b c; m = midpoint m a b")
    here = {p: xy for p, xy in build_diagram(problem, 0).points.items() if p != "m"}
    scale = max(np.hypot(*(here[p] - here[q])) for p in here for q in here)
    reflection = parse_problem("q", "a b c = triangle a b c; h = orthocenter h a b c; x = reflect x h b c").clauses[-1]
    x = 2 * (here["b"] + np.dot(here["h"] - here["b"], here["c"] - here["b"]) / np.dot(
        here["c"] - here["b"], here["c"] - here["b"]) * (here["c"] - here["b"])) - here["h"]
    assert coincides({"x": x}, here, reflection, scale)  # H reflected in BC lies on circle ABC
    midpoint = problem.clauses[-1]
    assert not coincides({"m": (here["a"] + here["b"]) / 2}, here, midpoint, scale)  # only on its own line AB


def test_aux_that_is_not_needed_gives_a_plain_example():
    problem = parse_problem("p", "a b c = triangle a b c; d = midpoint d a b; e = midpoint e a c; "
                                 "f = midpoint f b c ? para d e b c")
    engine, result = run_engine(problem, problem.goal, 10.0)
    proof = traceback(problem, 0, result.steps, result.goal_steps).steps
    aux_fact = problem.clauses[3].facts()[0]  # pretend the proof used f, as a traceback in a larger closure may
    proof = [Step(0, aux_fact, PREMISE)] + proof
    theorem = AuxTheorem(problem, engine.points, problem.goal, proof)
    dropped = Counter()
    example = aux_example(theorem, 10.0, [0, 0], 2, dropped)
    assert example is not None and example.aux == [] and example.aux_check == "none"
    assert example.proof[-1].startswith("para") and dropped["aux not needed: plain example"] == 1
    assert "f" not in example.problem.split(" ? ")[0].split()


def test_engine_proves_examples_with_their_aux(examples):
    for e in examples[:20] + [e for e in examples if e.aux][:10]:
        result = validate(e.to_json(), timeout=30)
        assert result.rebuilt and result.proved, (result.error, e.problem, e.aux)


def test_training_text_round_trips(examples):
    for e in examples:
        premises, goal, aux, proof = parse_training_text(e.text)
        assert str(goal) == e.goal
        assert [str(c) for c in aux] == e.aux
        assert [str(f) for f in proof] == [p.split(" [")[0] for p in e.proof]
        assert parse_problem("p", "; ".join(map(str, premises)) + f" ? {goal}").statement() == e.problem
        assert prompt(e.text).endswith("{aux}") and e.goal in prompt(e.text)


def test_parse_aux_clause():
    clause = parse_aux_clause("e = on_line a c, on_circle o a;", ["a", "b", "c", "o"])
    assert str(clause) == "e = on_line e a c, on_circle e o a"
    with pytest.raises(ProblemError, match="undeclared point 'z'"):
        parse_aux_clause("e = midpoint a z", ["a", "b"])


def test_canonical_fact_ignores_symmetries():
    assert canonical_fact(Fact("cong", ("b", "a", "d", "c"))) == canonical_fact(Fact("cong", ("c", "d", "a", "b")))
    assert canonical_fact(Fact("eqangle", ("a", "b", "c", "d", "e", "f", "g", "h"))) == \
        canonical_fact(Fact("eqangle", ("d", "c", "b", "a", "h", "g", "f", "e")))
    assert canonical_fact(Fact("coll", ("c", "a", "b"))) == canonical_fact(Fact("coll", ("a", "b", "c")))
    assert canonical_fact(Fact("cong", ("a", "b", "a", "c"))) != canonical_fact(Fact("cong", ("a", "b", "b", "c")))


def _records(folder):
    out = []
    k = 0
    while (folder / SHARD.format(k)).exists():
        with gzip.open(folder / SHARD.format(k), "rt") as f:
            out += [json.loads(line) for line in f]
        k += 1
    return out


def _shard_bytes(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.glob("shard-*.jsonl.gz"))}


def test_dataset_is_deterministic_across_workers_and_resumable(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    stats = generate(one, 60, SMALL, workers=1)
    generate(two, 60, SMALL, workers=2)
    assert _shard_bytes(one) == _shard_bytes(two)
    assert stats["examples"] == 60 == len(_records(one))
    assert sum(stats["goal_predicates"].values()) == 60
    first = _shard_bytes(one)
    stats = generate(one, 100, SMALL, workers=2)
    assert stats["examples"] == 100
    records = _records(one)
    assert len({r["key"] for r in records}) == len(records) == 100
    assert all(_shard_bytes(one)[name] == data for name, data in first.items() if name != max(first))
    assert json.loads((one / "stats.json").read_text())["examples"] == 100


def test_other_settings_need_a_new_folder(tmp_path):
    generate(tmp_path, 10, SMALL, workers=1)
    with pytest.raises(ValueError, match="other settings"):
        generate(tmp_path, 10, SynthConfig(seed=6, samples_per_shard=4), workers=1)


def test_killed_run_resumes_without_truncated_shards_or_duplicates(tmp_path):
    command = [sys.executable, "-m", "search.cli", "synth", "--n", "400", "--workers", "2", "--seed", "5",
               "--max-clauses", "6", "--budget", "1", "--samples-per-shard", "4"]
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    process = subprocess.Popen(command + ["--out", str(killed)], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while not (killed / SHARD.format(3)).exists() and time.time() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    for child in killed.glob("*"):  # no half-written shard under a final name
        if child.name.endswith(".jsonl.gz"):
            with gzip.open(child, "rt") as f:
                assert all(json.loads(line)["key"] for line in f)
    subprocess.run(command + ["--out", str(killed)], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(command + ["--out", str(clean)], cwd=ROOT, check=True, capture_output=True)
    records = _records(killed)
    assert len(records) == 400 and len({r["key"] for r in records}) == 400
    assert _shard_bytes(killed) == _shard_bytes(clean)
    assert not list(killed.glob("*.tmp"))
