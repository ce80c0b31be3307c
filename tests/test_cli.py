"""The geoprover command line: check, draw, list, errors and help."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from search.cli import main
from search.modes import default_mode
from conftest import CLASSICS, ROOT
from test_errors import MALFORMED


def test_check_classics_all_ok(capsys):
    assert main(["check", str(CLASSICS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all("  ok  " in line for line in lines[:-1])
    assert lines[-1].startswith(f"{len(lines) - 1}/{len(lines) - 1} ok")


def test_check_benchmark_json(benchmark_file, capsys):
    assert main(["check", str(benchmark_file), "--seed", "1", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 30 and all(r["ok"] and r["error"] is None for r in records)
    assert set(records[0]) == {"name", "ok", "points", "seconds", "attempts", "error"}


def test_check_selected_names(capsys):
    assert main(["check", str(CLASSICS), "simson_line", "thales"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out[:-1]] == ["simson_line", "thales"]


def test_check_reports_each_malformed_problem_on_one_line(tmp_path, capsys):
    path = tmp_path / "bad.txt"
    path.write_text("".join(f"bad{i}\n{statement}\n" for i, (statement, _, _) in enumerate(MALFORMED)))
    assert main(["check", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(MALFORMED) + 1
    for i, line in enumerate(lines[:-1]):
        assert line.startswith(f"bad{i}  error: problem 'bad{i}'")
        assert "Traceback" not in line
    assert lines[-1].startswith(f"0/{len(MALFORMED)} ok")


def test_list(capsys):
    assert main(["list", str(CLASSICS)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "simson_line  5 clauses" in lines


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_draw(tmp_path, suffix, capsys):
    out = tmp_path / f"picture{suffix}"
    assert main(["draw", str(CLASSICS), "nine_point_circle_foot", "--out", str(out), "--seed", "2"]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data
    assert len(data) > 5000


def test_draw_bad_suffix_is_an_error(tmp_path, capsys):
    assert main(["draw", str(CLASSICS), "thales", "--out", str(tmp_path / "x.jpg")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "must end in .png or .svg" in err


def test_unknown_problem_and_missing_file_exit_2(tmp_path, capsys):
    assert main(["draw", str(CLASSICS), "simson", "--out", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "no problem named 'simson'" in err and "did you mean simson_line" in err
    assert main(["check", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot read problem file" in err and "Traceback" not in err


def test_debug_shows_traceback(tmp_path, capsys):
    assert main(["--debug", "check", str(tmp_path / "missing.txt")]) == 2
    assert "Traceback" in capsys.readouterr().err


@pytest.mark.parametrize("command", [[], ["check"], ["draw"], ["list"], ["prove"], ["verify"], ["eval"]])
def test_help(command):
    result = subprocess.run([sys.executable, "-m", "search.cli", *command, "--help"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "usage: geoprover" in result.stdout


def test_prove_out_and_verify(tmp_path, capsys):
    out = tmp_path / "proof.json"
    assert main(["prove", str(CLASSICS), "simson_line", "--out", str(out), "--draw", str(tmp_path / "d.png")]) == 0
    text = capsys.readouterr().out
    assert "∎" in text and "proved in" in text
    assert (tmp_path / "d.png").stat().st_size > 5000
    assert main(["verify", str(out)]) == 0
    assert "simson_line: ok" in capsys.readouterr().out
    data = json.loads(out.read_text())
    data["steps"][-1]["fact"] = "coll x y a"
    out.write_text(json.dumps(data))
    assert main(["verify", str(out)]) == 1
    assert "not the goal coll x y z" in capsys.readouterr().out


def test_prove_reports_saturation(capsys):
    assert main(["prove", str(CLASSICS), "pappus", "--json", "--mode", "ddar"]) == 1
    record = json.loads(capsys.readouterr().out)
    assert record["solved"] is False and record["status"] == "saturated"


def test_prove_searches_for_constructions_by_default(capsys):
    assert main(["prove", str(CLASSICS), "orthocentre_distance_twice_centre", "--mode", "ddar"]) == 1
    capsys.readouterr()
    assert main(["prove", str(CLASSICS), "orthocentre_distance_twice_centre"]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert f"({default_mode()}" in last and "constructions tried" in last  # mix adds which proposer: "(mix: ..."


def test_eval_writes_json_lines_and_summary(tmp_path, capsys):
    out = tmp_path / "eval.jsonl"
    assert main(["eval", str(CLASSICS), "thales", "pappus", "midline_parallel", "--workers", "2", "--timeout", "30",
                 "--json", str(out), "--mode", "ddar"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "solved 2/3"
    records = {r["name"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert set(records) == {"thales", "pappus", "midline_parallel"}
    assert records["thales"]["solved"] and records["thales"]["status"] == "proved" and records["thales"]["steps"] > 0
    assert records["pappus"]["status"] == "saturated"
    assert {"name", "solved", "seconds", "steps", "status", "error"} <= set(records["pappus"])


@pytest.mark.parametrize("mode, imports_torch", [("ranked", True), ("heuristic", False)])
def test_eval_imports_the_model_library_once_before_its_workers_fork(mode, imports_torch):
    """A model mode's workers inherit torch from the parent instead of each importing it against its budget
    (seconds each); the heuristic mode never imports it."""
    script = ("import sys; from search.evaluate import evaluate; from search.modes import SearchOptions; "
              f"from ddar.problem import read_statements; out = evaluate(read_statements({str(CLASSICS)!r}, ['orthocentre_distance_twice_centre']), "
              f"60, 1, options=SearchOptions({mode!r})); print('torch' in sys.modules, out[0].solved)")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.stdout.split() == [str(imports_torch), "True"], run.stderr


def test_wrong_model_path_is_one_line(capsys):
    assert main(["prove", str(CLASSICS), "thales", "--model", "/no/such/model"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no such checkpoint folder" in err
