"""The language documentation: ``geoprover constructions`` and ``docs/LANGUAGE.md`` agree with the catalogue,
the parser and ``geoprover check``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT
from ddar import parse_problem
from ddar.catalogue_doc import markdown_table
from ddar.construction_notes import NOTES
from ddar.constructions import CONSTRUCTIONS
from ddar.facts import PREDICATE_ALIASES, PREDICATES
from ddar.problem import split_statements
from search.cli import main

DOC = ROOT / "docs" / "LANGUAGE.md"
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)
_TABLE = re.compile(r"<!-- constructions table: begin -->\n(.*?)\n<!-- constructions table: end -->", re.S)


def _blocks() -> list[tuple[str, str]]:
    """(info string, text) of every fenced block of the doc, in order."""
    return [(m.group(1), m.group(2)) for m in _BLOCK.finditer(DOC.read_text(encoding="utf-8"))]


def _mistakes() -> list[tuple[str, str]]:
    """(problem file text, expected message) of each ``mistake`` block and the ``error`` block after it."""
    blocks = _blocks()
    pairs = []
    for i, (info, text) in enumerate(blocks):
        if info == "mistake":
            assert i + 1 < len(blocks) and blocks[i + 1][0] == "error", f"mistake block {text!r} has no error block"
            pairs.append((text, blocks[i + 1][1].strip()))
    return pairs


PROBLEM_BLOCKS = [text for info, text in _blocks() if info == "problem"]
MISTAKES = _mistakes()


def _check_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "problems.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_construction_has_notes():
    assert set(NOTES) == set(CONSTRUCTIONS)
    assert all(builds and example for builds, example in NOTES.values())


def test_constructions_lists_every_construction(capsys):
    assert main(["constructions"]) == 0
    blocks = capsys.readouterr().out.strip().split("\n\n")
    assert [block.split()[0] for block in blocks] == list(CONSTRUCTIONS)
    assert all("  builds  " in b and "  asserts  " in b and "  example  " in b for b in blocks)


def test_constructions_json_is_read_from_the_catalogue(capsys):
    assert main(["constructions", "--json"]) == 0
    records = {r["name"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert list(records) == list(CONSTRUCTIONS)
    for name, definition in CONSTRUCTIONS.items():
        assert records[name]["arguments"] == list(definition.args)
        assert records[name]["new"] == list(definition.new)
        assert len(records[name]["asserts"]) == sum(len(group) for _, group in definition.fact_groups)
    midpoint = records["midpoint"]
    assert midpoint["kind"] == "point" and midpoint["short_form"] == "x = midpoint a b"
    assert midpoint["asserts"] == ["coll x a b", "cong x a x b"] and midpoint["needs"] == ["diff a b"]
    assert "perp x c a b" in records["orthocenter"]["asserts"]  # a completing fact is shown too
    assert records["on_circle"]["kind"] == "locus" and records["triangle"]["kind"] == "free"
    assert records["square"]["short_form"] == "x y = square a b"
    assert records["lconst"]["numbers"] == {"l": "length"} and records["lconst"]["dialect"] == "newclid"
    assert records["s_angle"]["numbers"] == {"y": "degrees"} and records["s_angle"]["dialect"] == "reference"


def test_constructions_selected_names_and_unknown_name(capsys):
    assert main(["constructions", "foot", "midpoint"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("foot x a b c  (point; new: x)") and "\n\nmidpoint x a b" in out
    assert "  asserts     perp x a b c, coll x b c\n" in out
    assert main(["constructions", "midpiont"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown construction 'midpiont'; did you mean midpoint" in err


def test_every_construction_example_uses_it_and_passes_check(tmp_path, capsys):
    for name, (_, example) in NOTES.items():
        problem = parse_problem(name, example)
        assert name in {c.name for clause in problem.clauses for c in clause.constructions}, name
        assert problem.goals, f"the example of {name} has no goal"
    path = _check_file(tmp_path, "".join(f"{name}\n{example}\n" for name, (_, example) in NOTES.items()))
    assert main(["check", str(path)]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out.splitlines()[-1].startswith(f"{len(NOTES)}/{len(NOTES)} ok")


def test_doc_table_is_the_generated_one(capsys):
    table = _TABLE.search(DOC.read_text(encoding="utf-8"))
    assert table, "docs/LANGUAGE.md has no constructions table between its markers"
    assert main(["constructions", "--markdown"]) == 0
    assert table.group(1) == capsys.readouterr().out.rstrip("\n") == markdown_table()


def test_doc_names_every_construction_and_goal_predicate():
    text = DOC.read_text(encoding="utf-8")
    missing = [name for name in CONSTRUCTIONS if f"| `{name}` |" not in text]
    assert not missing
    predicates = [*PREDICATES, *PREDICATE_ALIASES]
    missing = [p for p in predicates if not re.search(rf"`{re.escape(p)}[ `]", text)]
    assert not missing, f"goal predicates not documented: {missing}"


def test_doc_has_examples_and_mistakes():
    assert sum(len(split_statements(text)) for text in PROBLEM_BLOCKS) >= 20 and len(MISTAKES) >= 10


@pytest.mark.parametrize("text", PROBLEM_BLOCKS, ids=[t.split()[0] for t in PROBLEM_BLOCKS])
def test_doc_problem_passes_check(text, tmp_path, capsys):
    assert main(["check", str(_check_file(tmp_path, text))]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("text,message", MISTAKES, ids=[t.split()[0] for t, _ in MISTAKES])
def test_doc_mistake_gives_the_documented_message(text, message, tmp_path, monkeypatch, capsys):
    _check_file(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    status = main(["check", "--json", "problems.txt"])
    out, err = capsys.readouterr()
    if status == 2:  # the file itself cannot be read: one line on stderr
        assert err.removeprefix("geoprover check: error: ").rstrip("\n") == message
    else:
        records = [json.loads(line) for line in out.splitlines()]
        assert status == 1 and len(records) == 1 and not records[0]["ok"]
        assert records[0]["error"] == message
