"""What a new user meets on a first run: hints when a problem is not proved, progress of long commands, drawings
of proofs with their constructions and with legible labels, one-line errors, counts that match the log, the
statuses documented, and training runs too short for the default warm-up."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import numpy as np
import pytest
import torch

from ddar import build_diagram, load_problems
from search.beam import saturate
from search.cli import main
from search.feedback import STATUSES, next_step
from search.modes import SearchOptions, solve
from conftest import CLASSICS, ROOT

ORTHOCENTRE = "orthocentre_distance_twice_centre"  # the engine alone saturates; one foot solves it


# 1. a hint of what to try next, for the mode used

def test_saturated_engine_suggests_a_search(capsys):
    assert main(["prove", str(CLASSICS), "pappus", "--mode", "ddar"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "not proved (saturated)" in lines[0]
    assert len(lines) == 2 and lines[1].startswith("hint:") and "--mode heuristic" in lines[1] and "--hint" in lines[1]
    assert main(["prove", str(CLASSICS), "pappus", "--mode", "ddar", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["status"] == "saturated"  # --json prints the record alone


def test_hints_depend_on_status_and_mode():
    assert "--mode mix" in next_step("exhausted", SearchOptions("heuristic"), 30)
    assert "--mode mix" in next_step("timeout", SearchOptions("heuristic"), 30)
    assert "--mode heuristic" in next_step("exhausted", SearchOptions("model"), 30)
    assert "--mode mix" not in next_step("exhausted", SearchOptions("mix"), 30)  # never the mode just used
    assert "--depth 2" in next_step("saturated", SearchOptions("heuristic", depth=0), 30)
    timeout = next_step("timeout", SearchOptions("mix"), 30)
    assert "--timeout (it was 30 s)" in timeout and "--workers 2" in timeout
    assert next_step("proved", SearchOptions("heuristic"), 30) is None


# 6. the counts printed are the log's; 1. and the hint after a search that ran out of time

def test_failed_search_prints_the_counts_of_its_log_and_a_hint(tmp_path, capsys):
    log = tmp_path / "log.jsonl"
    assert main(["prove", str(CLASSICS), "pappus", "--mode", "heuristic", "--timeout", "2", "--log", str(log)]) == 1
    message, hint = capsys.readouterr().out.splitlines()
    nodes = [json.loads(line) for line in log.read_text().splitlines()]
    assert [n["depth"] for n in nodes].count(0) == 1
    tried = sum(n["depth"] > 0 for n in nodes)
    assert tried > 0 and f", {nodes[0]['facts']} facts, {tried} constructions tried" in message
    assert hint.startswith("hint: try a longer --timeout (it was 2 s)")


class _NothingToPropose:
    def propose(self, state, k):
        return []


def test_search_with_no_proposal_reports_the_engine_facts_once(monkeypatch, tmp_path, capsys):
    """A model that proposes nothing makes the search restart, deeper, until depth 4: the problem is saturated and
    logged once, and its facts (not 0) are printed."""
    from search import modes

    monkeypatch.setattr("search.modes.make_proposer", lambda options: _NothingToPropose())
    saturations = []
    for module in ("modes", "beam", "best_first"):  # wherever a search may saturate the problem
        monkeypatch.setattr(f"search.{module}.saturate", lambda *args: saturations.append(args) or saturate(*args))
    (problem,) = load_problems(CLASSICS, [ORTHOCENTRE])
    assert modes.MAX_DEPTH > SearchOptions().depth  # so the search restarts
    for strategy in ("best-first", "beam"):
        saturations.clear()
        records = []
        result = solve(problem, SearchOptions("model", strategy=strategy), timeout=30, log=records.append)
        assert result.status == "exhausted" and result.attempts == 0
        assert len(saturations) == 1  # every restart searches from the first saturation
        assert len(records) == 1 and result.facts == records[0]["facts"] > 0
    log = tmp_path / "log.jsonl"
    assert main(["prove", str(CLASSICS), ORTHOCENTRE, "--mode", "model", "--log", str(log)]) == 1
    (node,) = map(json.loads, log.read_text().splitlines())
    assert "(exhausted) after" in (out := capsys.readouterr().out)
    assert f", {node['facts']} facts, 0 constructions tried" in out and "--mode heuristic" in out


# 2. progress of a search, a synthesis and a training run on stderr

def test_search_progress_is_shown_on_request_and_keeps_json_clean(capsys):
    assert main(["prove", str(CLASSICS), ORTHOCENTRE, "--mode", "heuristic", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""  # not a terminal: quiet unless asked
    json.loads(captured.out)
    assert main(["prove", str(CLASSICS), ORTHOCENTRE, "--mode", "heuristic", "--json", "--progress"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["problem"] == ORTHOCENTRE
    assert "constructions tried" in captured.err and "depth 1" in captured.err
    assert "engine saturated with" in captured.err


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory):
    """A small dataset made by the command line, with --progress (its bar goes to stderr)."""
    folder = tmp_path_factory.mktemp("data")
    result = subprocess.run([sys.executable, "-m", "search.cli", "synth", "--out", str(folder), "--n", "150",
                             "--seed", "1", "--max-clauses", "5", "--budget", "1", "--samples-per-shard", "8",
                             "--workers", "1", "--progress"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "synth: 100%" in result.stderr and "150/150" in result.stderr
    assert json.loads(result.stdout)["examples"] == 150
    return folder


def test_short_training_warns_lowers_warmup_and_reports_heldout_loss(tiny_data, tmp_path, capsys):
    out = tmp_path / "model"
    assert main(["train", "--data", str(tiny_data), "--out", str(out), "--size", "mini", "--steps", "6",
                 "--batch-tokens", "1024", "--eval-interval", "100", "--progress"]) == 0
    err = capsys.readouterr().err
    assert "geoprover train: warning: 6 steps do not outlast the default warm-up of 50: warming up for 1" in err
    assert "loss=" in err  # the bar shows the loss
    history = [json.loads(line) for line in (out / "log.jsonl").read_text().splitlines()]
    rates = [h["lr"] for h in history]
    assert len(history) == 6 and max(rates) == 1e-3 and rates[-1] < rates[1]  # out of warm-up, then decaying
    assert isinstance(history[-1]["heldout_loss"], float)  # at the end, though eval-interval is longer than the run
    assert json.loads((out / "config.json").read_text())["info"]["heldout_loss"] == history[-1]["heldout_loss"]


def test_warmup_is_fitted_to_the_steps():
    from lm.train import fit_warmup

    assert fit_warmup(1000, None) == (50, None)
    assert fit_warmup(30, None)[0] == 3 and "warming up for 3" in fit_warmup(30, None)[1]
    assert fit_warmup(30, 10) == (10, None)
    kept, note = fit_warmup(30, 40)
    assert kept == 40 and "never leaves warm-up" in note and "--warmup 3" in note


def test_a_heldout_set_shorter_than_a_block_still_gives_a_loss(tiny_data):
    from lm.data import heldout_batches, records
    from lm.tokenizer import train_tokenizer

    tokenizer = train_tokenizer((r["text"] for r in records(tiny_data)), 200)
    (x, y), = heldout_batches(tiny_data, tokenizer, block=100_000, batch=2, count=4)
    assert x.shape == y.shape and x.shape[0] == 1 and 10 < x.shape[1] < 100_000
    assert torch.equal(x[0, 1:], y[0, :-1])


def test_data_without_heldout_examples_is_warned_about(tmp_path):
    from lm.train import TrainConfig, train

    data = tmp_path / "data"
    data.mkdir()
    with gzip.open(data / "shard-00000.jsonl.gz", "wt") as f:  # key ffffffff... is never held out
        for _ in range(4):
            f.write(json.dumps({"text": "a b c = triangle ? perp a b a c {proof} x {end}", "aux": [],
                                "key": "f" * 40}) + "\n")
    config = TrainConfig(data=str(data), out=str(tmp_path / "m"), size="mini", steps=2, batch_tokens=64, block=16,
                         warmup=1, eval_interval=2, eval_batches=1, checkpoint_interval=2, vocab_size=40)
    with pytest.warns(UserWarning, match="no held-out example .* so no held-out loss is reported"):
        history = train(config)
    assert history[-1]["heldout_loss"] is None


# 3. prove --draw draws the constructions the proof added

def test_prove_draws_the_added_construction(monkeypatch, tmp_path, capsys):
    drawn = []
    monkeypatch.setattr("ddar.draw.draw", lambda diagram, out: drawn.append(diagram))
    assert main(["prove", str(CLASSICS), ORTHOCENTRE, "--mode", "heuristic", "--out", str(tmp_path / "p.json"),
                 "--draw", str(tmp_path / "d.png")]) == 0
    capsys.readouterr()
    proof = json.loads((tmp_path / "p.json").read_text())
    (construction,) = proof["constructions"]
    (diagram,) = drawn
    assert construction in [str(c) for c in diagram.problem.clauses]
    assert set(proof["auxiliary_points"]) <= set(diagram.points)
    for name, xy in proof["points"].items():
        assert diagram.points[name] == pytest.approx(xy)


# 4. labels clear of each other and of the goal's lines

def _label_report(problem) -> tuple[list, list, list]:
    """(pairs of overlapping labels, labels on the goal's lines, labels nearer another point than their own)."""
    import matplotlib.pyplot as plt

    from ddar.draw import figure
    from ddar.labels import _distances, _inside_lengths

    fig = figure(build_diagram(problem, 0))
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    boxes = {t.get_text(): t.get_window_extent(renderer) for t in ax.texts}
    names = list(boxes)
    overlapping = [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if boxes[a].overlaps(boxes[b])]
    goal = [ax.transData.transform(line.get_xydata()) for line in ax.lines if line.get_color() == "tab:red"
            and line.get_linestyle() == "-"]
    segments = np.array([np.concatenate([p, q]) for xy in goal for p, q in zip(xy[:-1], xy[1:])]).reshape(-1, 4)
    on_goal = [n for n, b in boxes.items() if _inside_lengths(segments, (b.x0, b.y0, b.x1, b.y1)).sum() > 0]
    anchors = np.array([ax.transData.transform(t.xy) for t in ax.texts])
    misleading = [n for i, n in enumerate(names)
                  if np.argmin(_distances(anchors, tuple(boxes[n].extents))) != i]
    plt.close(fig)
    return overlapping, on_goal, misleading


def test_labels_of_a_crowded_diagram_do_not_overlap(benchmark_file):
    (problem,) = load_problems(benchmark_file, ["translated_imo_2000_p6"])  # t1, h1 and x1 nearly coincide
    overlapping, on_goal, misleading = _label_report(problem)
    assert overlapping == [] and on_goal == [] and misleading == []


def test_labels_of_the_classics_do_not_overlap():
    for problem in load_problems(CLASSICS):
        overlapping, on_goal, _ = _label_report(problem)
        assert overlapping == [] and on_goal == [], problem.name


# 5. a wrong --model is one line, whatever is wrong with it

@pytest.mark.parametrize("content,reason", [(None, "not a checkpoint (no config.json)"),
                                            ("{bad", "config.json is not valid JSON"),
                                            ("[1]", "config.json does not hold an object")])
def test_a_folder_that_is_not_a_model_is_one_line(tmp_path, capsys, content, reason):
    if content is not None:
        (tmp_path / "config.json").write_text(content)
    assert main(["prove", str(CLASSICS), "thales", "--mode", "ranked", "--model", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and reason in err and "Traceback" not in err


# 7. every status is documented in --help

def test_help_documents_every_status():
    result = subprocess.run([sys.executable, "-m", "search.cli", "prove", "--help"], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    epilog = result.stdout.split("statuses")[1]
    for status in ("proved", "saturated", "exhausted", "timeout", "unsound"):
        assert f"\n  {status} " in epilog
    assert set(STATUSES) == {"proved", "saturated", "exhausted", "timeout", "unsound"}
    result = subprocess.run([sys.executable, "-m", "search.cli", "eval", "--help"], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    for status in ("exhausted", "killed", "crashed", "error"):
        assert f"\n  {status} " in result.stdout


def test_a_statement_without_a_goal_is_one_line(tmp_path, capsys):
    path = tmp_path / "nogoal.txt"
    path.write_text("figure\na b c = triangle a b c; h = orthocenter h a b c\n", encoding="utf-8")
    assert main(["prove", str(path), "figure"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["geoprover prove: error: problem 'figure' has no goal to prove (a statement ends with '? goal')"]


def test_verify_gives_its_verdict_even_when_the_page_cannot_be_drawn(tmp_path, capsys):
    out = tmp_path / "proof.json"
    assert main(["prove", str(CLASSICS), "thales", "--out", str(out)]) == 0
    proof = json.loads(out.read_text())
    proof["steps"][-1]["fact"] = "perp q a c b"  # a point the problem does not have
    out.write_text(json.dumps(proof))
    capsys.readouterr()
    assert main(["verify", str(out), "--html", str(tmp_path / "page.html")]) == 1
    assert "thales:" in capsys.readouterr().out

