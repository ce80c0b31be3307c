"""The HTML proof page (``prove --html``, ``verify --html``): self-contained, the diagram as SVG, one element per
step, the goal and the added constructions marked, labels apart; in headless Chromium (skipped when none is
installed), selecting a step highlights what its fact mentions and the steps it cites."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import CLASSICS
from ddar.html_view import FONT
from search.cli import main

PROBLEM = "orthocentre_distance_twice_centre"  # proved with one added construction, x = foot x b a c


class _Elements(HTMLParser):
    """Every start tag as a dict of its attributes (plus ``tag``, ``classes`` and the text right after it)."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        item = {"tag": tag, **{k: v or "" for k, v in attrs}}
        item["classes"] = set(item.get("class", "").split())
        item["text"] = ""
        self.items.append(item)

    def handle_data(self, data: str) -> None:
        if self.items:
            self.items[-1]["text"] += data


def elements(text: str) -> list[dict]:
    parser = _Elements()
    parser.feed(text)
    return parser.items


def by_id(items: list[dict]) -> dict[str, dict]:
    return {e["id"]: e for e in items if "id" in e}


@pytest.fixture(scope="module")
def proved(tmp_path_factory) -> tuple[dict, str, Path]:
    """The proof as JSON, its page's text and the page's path."""
    folder = tmp_path_factory.mktemp("html")
    out, page = folder / "proof.json", folder / "proof.html"
    assert main(["prove", str(CLASSICS), PROBLEM, "--mode", "heuristic", "--out", str(out), "--html", str(page)]) == 0
    return json.loads(out.read_text(encoding="utf-8")), page.read_text(encoding="utf-8"), page


def test_page_is_self_contained(proved):
    _, text, _ = proved
    assert not re.search(r"https?:|ftp:|file:|//[a-z]", text, re.I)
    assert "<link" not in text and "@import" not in text and "url(" not in text
    items = elements(text)
    assert not [e for e in items if "src" in e]  # no external scripts, images or frames
    assert all(e["href"].startswith("#step=") for e in items if "href" in e)
    assert [e["tag"] for e in items].count("svg") == 1 and [e["tag"] for e in items].count("script") == 1


def test_one_element_and_one_highlight_per_step(proved):
    data, text, _ = proved
    items = elements(text)
    steps = [e for e in items if e["tag"] == "li" and "step" in e["classes"]]
    assert sorted(int(e["data-step"]) for e in steps) == sorted(s["id"] for s in data["steps"])
    groups = [e for e in items if "hl-group" in e["classes"]]
    assert sorted(e["id"] for e in groups) == sorted(f"hl-{s['id']}" for s in data["steps"])
    names = {e["id"].removeprefix("pt-"): e["data-name"] for e in items if "pt" in e["classes"]}
    ids = by_id(items)
    for step in data["steps"]:  # each step names the points of its fact and the steps it cites
        li = ids[f"s{step['id']}"]
        fact_points = {a for a in step["fact"].split()[1:] if a in names.values()}
        assert {names[i] for i in li["data-pts"].split()} == fact_points
        assert li["data-cites"].split() == [str(p) for p in step["premises"]]


def test_step_highlight_draws_its_figure(proved):
    data, text, _ = proved
    similar = next(s for s in data["steps"] if s["fact"].startswith("simtri "))
    group = re.search(rf'<g class="hl-group" id="hl-{similar["id"]}">(.*?)</g>', text).group(1)
    shapes = elements(group)
    assert sum("tri" in e["classes"] for e in shapes) == 2  # both triangles filled
    assert sum("seg" in e["classes"] for e in shapes) == 6  # and their sides
    perp = next(s for s in data["steps"] if s["fact"].startswith("perp "))
    group = re.search(rf'<g class="hl-group" id="hl-{perp["id"]}">(.*?)</g>', text).group(1)
    assert any("angle" in e["classes"] for e in elements(group))  # the right angle is marked


def test_goal_is_marked(proved):
    data, text, _ = proved
    items = elements(text)
    steps = [e for e in items if e["tag"] == "li" and "step" in e["classes"]]
    assert [e["data-step"] for e in steps if "goal" in e["classes"]] == [str(data["steps"][-1]["id"])]
    centre = {e["data-name"]: (float(e["cx"]), float(e["cy"])) for e in items if "pt" in e["classes"]}
    goal_lines = [e for e in items if e["tag"] == "line" and "goal" in e["classes"]]
    ends = {frozenset([(float(e["x1"]), float(e["y1"])), (float(e["x2"]), float(e["y2"]))]) for e in goal_lines}
    assert ends == {frozenset([centre["a"], centre["h"]]), frozenset([centre["o"], centre["m"]])}  # AH = 2·OM
    assert "Goal:" in text and "AH:OM = 2:1" in text


def test_added_construction_has_its_own_colour(proved):
    data, text, _ = proved
    assert data["constructions"] == ["x = foot x b a c"]
    items = elements(text)
    aux = {e["data-name"] for e in items if "pt" in e["classes"] and "aux" in e["classes"]}
    assert aux == {"x"}
    assert [e["text"] for e in items if e.get("class", "").startswith("lb") and "aux" in e["classes"]] == ["X"]
    aux_steps = {e["data-step"] for e in items if e["tag"] == "li" and "aux" in e["classes"]}
    assert aux_steps == {str(s["id"]) for s in data["steps"] if s["fact"] in ("perp x b a c", "coll x a c")}
    colours = dict(re.findall(r"--([a-z]+): (#[0-9a-f]{3,6})\b", text))
    assert colours["aux"] not in {colours["ink"], colours["line"], colours["circle"], colours["goal"], colours["hl"]}
    assert re.search(r"\.pt\.aux[^{]*\{[^}]*var\(--aux\)", text)
    assert "Construct X, the foot of the perpendicular from B to AC" in text


def test_labels_do_not_pile_up(proved):
    _, text, _ = proved
    items = elements(text)
    dots = [(float(e["cx"]), float(e["cy"])) for e in items if "pt" in e["classes"]]
    boxes = [(float(e["x"]), float(e["y"]), 0.33 * FONT * len(e["text"]) + 2, 0.5 * FONT)
             for e in items if "lb" in e["classes"]]
    assert len(boxes) == len(dots) > 5
    for i, (x, y, w, h) in enumerate(boxes):
        for (x2, y2, w2, h2) in boxes[i + 1:]:
            assert abs(x - x2) >= w + w2 - 1 or abs(y - y2) >= h + h2 - 1, "two labels overlap"
        covered = [d for d in dots if abs(d[0] - x) < w - 1 and abs(d[1] - y) < h - 1]
        assert not covered, "a label covers a point"


def test_verify_html_renders_the_proof_file(proved, tmp_path, capsys):
    data, text, _ = proved
    proof = tmp_path / "proof.json"
    proof.write_text(json.dumps(data), encoding="utf-8")
    page = tmp_path / "verified.html"
    assert main(["verify", str(proof), "--html", str(page)]) == 0
    mine = elements(page.read_text(encoding="utf-8"))
    theirs = elements(text)
    shown = lambda items: [(e["id"], e["data-pts"]) for e in items if e["tag"] == "li" and "step" in e["classes"]]
    assert shown(mine) == shown(theirs)
    assert "checked by geoprover verify: ok" in page.read_text(encoding="utf-8")
    data["steps"][-1]["premises"] = data["steps"][-1]["premises"][:1]  # the goal no longer follows
    proof.write_text(json.dumps(data), encoding="utf-8")
    assert main(["verify", str(proof), "--html", str(page)]) == 1
    assert "REJECTED" in page.read_text(encoding="utf-8")


def _chromium() -> str | None:
    for name in (os.environ.get("GEOPROVER_CHROMIUM"), "chromium", "chromium-browser", "google-chrome",
                 "google-chrome-stable"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def _browse(browser: str, url: str, profile: Path, *flags: str) -> subprocess.CompletedProcess:
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               f"--user-data-dir={profile}", "--window-size=1400,900", *flags, url]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.skip(f"{browser} did not finish in 120 s")
    if done.returncode != 0:
        pytest.skip(f"{browser} does not run here: {done.stderr.strip().splitlines()[-1:]}")
    return done


def test_browser_selecting_a_step_highlights_it(proved, tmp_path, capsys):
    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium found (apt-get install chromium, or set GEOPROVER_CHROMIUM)")
    data, _, page = proved
    step = next(s for s in data["steps"] if s["fact"].startswith("simtri "))
    url = page.resolve().as_uri() + f"#step={step['id']}"
    items = elements(_browse(browser, url, tmp_path / "profile", "--dump-dom").stdout)
    assert items, "the browser printed no page"
    ids = by_id(items)
    selected = [e["id"] for e in items if "sel" in e["classes"]]
    assert selected == [f"s{step['id']}"] and "on" in ids[f"s{step['id']}"]["classes"]
    assert sorted(e["id"] for e in items if "cited" in e["classes"]) == sorted(f"s{p}" for p in step["premises"])
    assert [e["id"] for e in items if "hl-group" in e["classes"] and "on" in e["classes"]] == [f"hl-{step['id']}"]
    lit = {e["data-name"] for e in items if "pt" in e["classes"] and "on" in e["classes"]}
    assert lit == set(step["fact"].split()[1:])
    assert "focus" in ids["fig"]["classes"]

    plain = elements(_browse(browser, page.resolve().as_uri(), tmp_path / "profile", "--dump-dom").stdout)
    assert not [e for e in plain if e["classes"] & {"on", "sel", "cited", "focus"}]  # nothing selected

    shot = tmp_path / "proof-step.png"
    _browse(browser, url, tmp_path / "profile", f"--screenshot={shot}")
    import matplotlib.image

    pixels = (matplotlib.image.imread(shot)[..., :3] * 255).round()
    highlight = (abs(pixels[..., 0] - 0xEF) < 12) & (abs(pixels[..., 1] - 0x6C) < 12) & (pixels[..., 2] < 20)
    assert highlight[:, : pixels.shape[1] // 2].sum() > 500  # the step's figure is drawn in the diagram
    with capsys.disabled():
        print(f"\nscreenshot of step {step['id']} selected: {shot}")
