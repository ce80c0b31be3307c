"""``synth --ray`` and ``eval --ray``: the local path's shards and solved set from Ray tasks, a lost worker's
task run again, and a one-line error when Ray is not installed."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from search.cli import main
from search.modes import SearchOptions
from conftest import CLASSICS, ROOT

needs_ray = pytest.mark.skipif(importlib.util.find_spec("ray") is None,
                               reason="Ray is not installed (pip install 'geoprover[ray]')")
SYNTH = ["--samples-per-shard", "4", "--seed", "3", "--max-clauses", "6", "--budget", "1", "--workers", "2"]
QUICK = ["thales", "midline_parallel", "orthocentre_distance_twice_centre"]  # each proved within a second


@pytest.fixture(scope="module")
def cluster():
    """A local Ray cluster of 2 CPUs in this process, which ``--ray`` without an address then uses."""
    import ray

    ray.init(address="local", num_cpus=2, include_dashboard=False)
    yield ray
    ray.shutdown()


def _shards(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("shard-*.jsonl.gz"))}


@needs_ray
def test_synth_on_a_new_local_cluster_writes_the_local_shards(tmp_path):
    assert main(["synth", "--out", str(tmp_path / "local"), "--n", "40", *SYNTH]) == 0
    command = [sys.executable, "-m", "search.cli", "synth", "--out", str(tmp_path / "ray"), "--n", "40", *SYNTH, "--ray"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["examples"] == 40
    local = _shards(tmp_path / "local")
    assert len(local) >= 2
    assert _shards(tmp_path / "ray") == local


@needs_ray
def test_synth_on_ray_continues_a_local_folder_as_the_local_path_does(tmp_path, cluster, capsys):
    for folder, flags in (("local", []), ("ray", ["--ray"])):
        assert main(["synth", "--out", str(tmp_path / folder), "--n", "20", *SYNTH]) == 0
        assert main(["synth", "--out", str(tmp_path / folder), "--n", "40", *SYNTH, *flags]) == 0
    assert len(_shards(tmp_path / "local")) >= 3
    assert _shards(tmp_path / "ray") == _shards(tmp_path / "local")


@needs_ray
def test_eval_on_ray_solves_the_same_problems(tmp_path, cluster, capsys):
    records = {}
    for name, flags in (("local", []), ("ray", ["--ray"])):
        out = tmp_path / f"{name}.jsonl"
        assert main(["eval", str(CLASSICS), *QUICK, "--timeout", "20", "--workers", "2", "--json", str(out), *flags]) == 0
        assert capsys.readouterr().out.splitlines()[-1] == f"solved {len(QUICK)}/{len(QUICK)}"
        lines = [json.loads(line) for line in out.read_text().splitlines()]
        records[name] = sorted((r["name"], r["solved"], r["status"], r["steps"], r["mode"], r["constructions"])
                               for r in lines)
    assert records["ray"] == records["local"]
    assert [r[0] for r in records["ray"]] == sorted(QUICK)


def _kill_first(title: bytes, killed: list[int], seconds: float = 60.0) -> None:
    """SIGKILL the first process whose command line starts with ``title`` (a Ray worker running that task)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and (entry / "cmdline").read_bytes().startswith(title):
                    os.kill(int(entry.name), signal.SIGKILL)
                    killed.append(int(entry.name))
                    return
            except OSError:
                continue
        time.sleep(0.05)


@needs_ray
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the Ray worker through /proc")
def test_a_task_whose_worker_is_killed_runs_again(cluster):
    from ddar.problem import read_statements
    from search.ray_backend import ray_evaluate

    killed: list[int] = []
    killer = threading.Thread(target=_kill_first, args=(b"ray::_eval_task", killed))
    killer.start()
    outcomes = ray_evaluate("", 2, read_statements(str(CLASSICS), ["pappus"]), 2.0, 0,
                            options=SearchOptions("heuristic"))  # searches for the whole 2 s
    killer.join()
    assert killed, "no Ray worker running the task was seen"
    assert [(o.name, o.status) for o in outcomes] == [("pappus", "timeout")]  # not "crashed": it ran again


@pytest.mark.parametrize("command", [["synth", "--out", "{tmp}/data", "--n", "5"], ["eval", str(CLASSICS), "thales"]])
def test_ray_flag_without_ray_is_one_line(command, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # ``import ray`` raises ImportError
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    assert main([*args, "--ray"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].endswith("pip install 'geoprover[ray]'"), err
    assert not (tmp_path / "data").exists()
