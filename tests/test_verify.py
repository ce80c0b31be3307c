"""`verify` binds a proof to its problem, prints what it checked, and names the diagram checks a proof depends on."""

from __future__ import annotations

import json

import pytest

from search.cli import main
from conftest import BENCHMARK, CLASSICS

BISECTOR = ("a b c = triangle a b c; e = angle_bisector e b a c; d = on_circle d a b, on_line d a c ? {goal}")


@pytest.fixture(scope="module")
def proofs(tmp_path_factory):
    if not BENCHMARK.exists():
        pytest.skip(f"benchmark file {BENCHMARK} not present")
    folder = tmp_path_factory.mktemp("proofs")
    out = {}
    for file, name in ((BENCHMARK, "translated_imo_2004_p5"), (CLASSICS, "simson_line")):
        path = folder / f"{name}.json"
        assert main(["prove", str(file), name, "--out", str(path)]) == 0
        out[name] = json.loads(path.read_text())
    return out


def _verify(tmp_path, data: dict, capsys, *extra: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(data))
    code = main(["verify", str(path), *extra])
    return code, capsys.readouterr().out.splitlines()


def _goal_replaced(data: dict) -> dict:
    forged = json.loads(json.dumps(data))
    premise = next(s for s in forged["steps"] if s["reason"] == "premise")
    body = forged["statement"].split(" ? ")[0]
    forged["statement"] = f"{body} ? {premise['fact']}"
    forged["steps"] = [s for s in forged["steps"] if s["id"] <= premise["id"]]
    return forged


def _goal_deleted(data: dict) -> dict:
    forged = json.loads(json.dumps(data))
    forged["statement"] = forged["statement"].split(" ? ")[0]
    forged["steps"] = forged["steps"][:-1]
    return forged


def _relabelled(data: dict) -> dict:
    forged = json.loads(json.dumps(data))
    forged["problem"] = "translated_imo_2013_p4"
    return forged


@pytest.mark.parametrize("source, forge", [
    ("translated_imo_2004_p5", _goal_replaced),
    ("translated_imo_2004_p5", _goal_deleted),
    ("simson_line", _relabelled),
])
def test_forged_statements_are_rejected_against_the_problem_file(tmp_path, capsys, proofs, source, forge):
    forged = forge(proofs[source])
    code, lines = _verify(tmp_path, forged, capsys, "--problems", str(BENCHMARK))
    assert code == 1, lines
    code, lines = _verify(tmp_path, forged, capsys)
    assert lines[0] == f"statement checked: {forged['statement']}"
    assert "not compared with a problem file" in lines[1]


def test_real_proof_is_bound_to_its_problem(tmp_path, capsys, proofs):
    code, lines = _verify(tmp_path, proofs["translated_imo_2004_p5"], capsys, "--problems", str(BENCHMARK))
    assert code == 0 and lines[0].startswith("translated_imo_2004_p5: ok,"), lines


def test_a_goal_less_statement_is_rejected(tmp_path, capsys, proofs):
    code, lines = _verify(tmp_path, _goal_deleted(proofs["translated_imo_2004_p5"]), capsys)
    assert code == 1 and any("no goal" in line for line in lines)


def test_halving_an_angle_names_the_branch_it_depends_on(tmp_path, capsys):
    """perp and para of the same figure are each true on one of the two places D can be: a proof of either is
    only accepted with the diagram check that tells the two apart."""
    problems = tmp_path / "bisector.txt"
    problems.write_text("perp\n" + BISECTOR.format(goal="perp b d a e") + "\npara\n"
                        + BISECTOR.format(goal="para b d a e") + "\n")
    checks = {}
    for name in ("perp", "para"):
        out = tmp_path / f"{name}.json"
        assert main(["prove", str(problems), name, "--out", str(out)]) == 0
        capsys.readouterr()
        assert main(["verify", str(out), "--problems", str(problems)]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == f"{name}: ok, 7 steps checked" and "depends on" in lines[1]
        checks[name] = {line for line in lines[2:] if "divides it by 2" in line}
        assert checks[name]
    assert checks["perp"] != checks["para"]
