"""A proof as one self-contained HTML page: the diagram as inline SVG beside the numbered steps.

The page needs nothing but itself (no network, fonts or scripts from elsewhere). Added constructions are
drawn in their own colour and the goal in red. Hovering a step, or selecting it (a click, Enter, the arrow
keys from a step, or ``#step=N`` in the address), highlights in the diagram the points, segments, lines,
circles, angles and triangles its fact mentions, and marks the steps it cites.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .diagram import Diagram, build_diagram
from .draw import circles_of, line_extent, lines_of, segments, unique_circles
from .engine import PREMISE, Step
from .facts import Fact, linear_terms
from .geometry import Circle, Line, circumcircle, cross, intersect, norm
from .labels import LINE_WEIGHT, choose_offsets
from .problem import Clause
from .proof import Proof, describe, describe_clause, describe_reason

WIDTH = 800.0
"""Width of the diagram in SVG units (its height follows the figure, between MIN_HEIGHT and MAX_HEIGHT)."""
MIN_HEIGHT, MAX_HEIGHT = 520.0, 900.0
PAD = 36.0
FONT = 19.0
BORDER_WEIGHT = 50.0  # per pixel of the picture's border under a label (the part outside is cut off)
ARC = 34.0
"""Radius of an angle mark, in SVG units."""

_ANGLES = {"eqangle": (0, 4), "eqangle6": (0, 4), "aconst": (0,), "acompute": (0,), "perp": (0,)}
_TRIANGLES = ("simtri", "simtri2", "simtri*", "contri", "contri2", "contri*")


@dataclass(frozen=True)
class _Frame:
    """The map from diagram coordinates to SVG coordinates (y downwards)."""

    left: float
    top: float
    k: float
    height: float

    def __call__(self, p: np.ndarray) -> np.ndarray:
        return np.array([PAD + (p[0] - self.left) * self.k, PAD + (self.top - p[1]) * self.k])


def _frame(diagram: Diagram, ends: list[np.ndarray], circles: list[Circle]) -> _Frame:
    """A frame that fits the points, the drawn lines and the circles not much larger than the figure."""
    pts = list(diagram.points.values())
    size = float(np.ptp(np.array(pts), axis=0).max()) if len(pts) > 1 else 1.0
    xy = pts + ends
    for c in circles:
        if c.radius <= 1.5 * size:
            xy += [c.center - c.radius, c.center + c.radius]
    lo, hi = np.min(xy, axis=0), np.max(xy, axis=0)
    w, h = max(hi[0] - lo[0], 1e-9), max(hi[1] - lo[1], 1e-9)
    height = min(max(WIDTH * h / w, MIN_HEIGHT), MAX_HEIGHT)
    k = min((WIDTH - 2 * PAD) / w, (height - 2 * PAD) / h)
    left = lo[0] - ((WIDTH - 2 * PAD) / k - w) / 2
    top = hi[1] + ((height - 2 * PAD) / k - h) / 2
    return _Frame(left, top, k, height)


def _num(x: float) -> str:
    return f"{x:.1f}"


def _line(p: np.ndarray, q: np.ndarray, cls: str) -> str:
    return f'<line class="{cls}" x1="{_num(p[0])}" y1="{_num(p[1])}" x2="{_num(q[0])}" y2="{_num(q[1])}"/>'


def _circle(c: Circle, frame: _Frame, cls: str) -> str:
    x, y = frame(c.center)
    return f'<circle class="{cls}" cx="{_num(x)}" cy="{_num(y)}" r="{_num(c.radius * frame.k)}"/>'


def _path(points: list[np.ndarray], cls: str, closed: bool = False) -> str:
    d = "M" + " L".join(f"{_num(p[0])} {_num(p[1])}" for p in points) + (" Z" if closed else "")
    return f'<path class="{cls}" d="{d}"/>'


def _angle_slots(fact: Fact) -> list[tuple[str, str, str, str]]:
    """The angles a fact mentions, each as the two lines (a, b) and (c, d) that make it."""
    a = fact.args
    if fact.pred in _ANGLES:
        return [tuple(a[i:i + 4]) for i in _ANGLES[fact.pred]]
    if fact.pred in ("s_angle", "obtuse_angle"):
        return [(a[1], a[0], a[1], a[2])]
    if fact.pred == "aequation":
        return [pts for _, pts in linear_terms(fact)[0]]
    return []


def _angle_mark(s: dict[str, np.ndarray], height: float, a: str, b: str, c: str, d: str, cls: str) -> str | None:
    """An arc, in SVG coordinates ``s``, at the meeting point of lines AB and CD between the rays towards the
    farther point of each pair; None when the lines are parallel or meet outside the picture."""
    if a == c:
        vertex = s[a]
    else:
        meet = intersect(Line(s[a], s[b] - s[a]), Line(s[c], s[d] - s[c]))
        if not meet:
            return None
        vertex = meet[0]
    if not (0 <= vertex[0] <= WIDTH and 0 <= vertex[1] <= height):
        return None
    rays = []
    for p, q in ((a, b), (c, d)):
        far = max((s[p], s[q]), key=lambda x: norm(x - vertex))
        if norm(far - vertex) < 1e-6:
            return None
        rays.append((far - vertex) / norm(far - vertex))
    start = math.atan2(rays[0][1], rays[0][0])
    sweep = math.atan2(cross(rays[0], rays[1]), float(np.dot(rays[0], rays[1])))
    nearest = min(norm(s[p] - vertex) for p in (a, b, c, d) if norm(s[p] - vertex) > 1e-6)
    radius = max(14.0, min(ARC, 0.45 * nearest))  # inside the shorter side unless that is tiny
    arc = [vertex + radius * np.array([math.cos(t), math.sin(t)]) for t in np.linspace(start, start + sweep, 12)]
    return _path([vertex, *arc, vertex], cls, closed=True)


def _fact_shapes(fact: Fact, diagram: Diagram, frame: _Frame, s: dict[str, np.ndarray], cls: str) -> list[str]:
    """SVG elements drawing what ``fact`` mentions: its segments and lines, angles, circles and triangles (none
    when it names a point the diagram lacks, as a broken proof may)."""
    out = []
    if not set(fact.points) <= set(s):
        return out
    if fact.pred in _TRIANGLES:
        out += [_path([s[p] for p in tri], f"{cls} tri", closed=True) for tri in (fact.args[:3], fact.args[3:6])]
    for group in segments(fact):
        names = list(dict.fromkeys(group))
        if len(names) == 2 and norm(s[names[0]] - s[names[1]]) > 1e-6:
            out.append(_line(s[names[0]], s[names[1]], f"{cls} seg"))
        elif len(names) > 2:
            out.append(_line(*map(frame, line_extent(diagram, names)), f"{cls} seg"))
    for slot in _angle_slots(fact):
        mark = _angle_mark(s, frame.height, *slot, cls=f"{cls} angle")
        if mark:
            out.append(mark)
    if fact.pred in ("cyclic", "circle"):
        on = fact.args[1:4] if fact.pred == "circle" else fact.args[:3]
        try:
            out.append(_circle(circumcircle(*(diagram.points[p] for p in on)), frame, f"{cls} ring"))
        except ZeroDivisionError:
            pass
    return out


def _place_labels(s: dict[str, np.ndarray], texts: dict[str, str], height: float,
                  lines: list[tuple[np.ndarray, np.ndarray]], circles: list[tuple[np.ndarray, float]]
                  ) -> dict[str, np.ndarray]:
    """Label centres, placed by ``labels.choose_offsets`` (as in ``geoprover draw``) against the other labels,
    the points, the lines, the circles and the picture's border; y is flipped for it, as it prefers up."""
    anchors = {n: (float(x), -float(y)) for n, (x, y) in s.items()}
    sizes = {n: (0.66 * FONT * len(texts[n]) + 4, FONT) for n in s}
    segments = [(p[0], -p[1], q[0], -q[1]) for p, q in lines]
    for centre, radius in circles:
        turn = np.linspace(0, 2 * math.pi, 49)
        ring = np.stack([centre[0] + radius * np.cos(turn), -centre[1] - radius * np.sin(turn)], axis=1)
        segments += [(*u, *v) for u, v in zip(ring[:-1], ring[1:])]
    weights = [LINE_WEIGHT] * len(segments)
    corners = [(0, 0), (WIDTH, 0), (WIDTH, -height), (0, -height), (0, 0)]
    segments += [(*u, *v) for u, v in zip(corners[:-1], corners[1:])]  # a label across the border is cut off
    weights += [BORDER_WEIGHT] * 4
    offsets = choose_offsets(anchors, sizes, np.array(segments, dtype=float).reshape(-1, 4), np.array(weights),
                             marker=4.5)
    return {n: np.array([s[n][0] + dx, s[n][1] - dy]) for n, (dx, dy) in offsets.items()}


def _aux_clauses(proof: Proof) -> list[Clause]:
    added = set(proof.constructions)
    return [c for c in proof.problem.clauses if str(c) in added]


def diagram_svg(proof: Proof, diagram: Diagram) -> str:
    """The diagram as inline SVG: lines, circles, the goal, one hidden highlight group per step, points, labels."""
    aux = _aux_clauses(proof)
    aux_points = {p for c in aux for p in c.points}
    aux_facts = [f for c in aux for f in c.facts()]
    base_facts = [f for c in proof.problem.clauses if c not in aux for f in c.facts()]
    base_lines = lines_of(diagram, base_facts)
    known = {frozenset(names) for names in base_lines}
    lines = [(names, "") for names in base_lines]
    lines += [(names, " aux") for names in lines_of(diagram, aux_facts) if frozenset(names) not in known]
    base_circles = unique_circles(circles_of(diagram, [c for c in proof.problem.clauses if c not in aux]),
                                  diagram.scale)
    circles = unique_circles(base_circles + circles_of(diagram, aux), diagram.scale)  # aux ones after the base
    extents = [line_extent(diagram, list(names)) for names, _ in lines]
    frame = _frame(diagram, [e for ends in extents for e in ends], circles)
    s = {name: frame(p) for name, p in diagram.points.items()}
    screen_lines = [(frame(p), frame(q)) for p, q in extents]
    body = ['<g id="base">'] + [_line(p, q, "ln" + extra) for (p, q), (_, extra) in zip(screen_lines, lines)]
    for i, c in enumerate(circles):
        body.append(_circle(c, frame, "cc" + (" aux" if i >= len(base_circles) else "")))
    for goal in proof.problem.goals:
        body += _fact_shapes(goal, diagram, frame, s, "goal")
    body.append('</g><g id="marks">')
    for step in proof.steps:
        shapes = _fact_shapes(step.fact, diagram, frame, s, "hl")
        body.append(f'<g class="hl-group" id="hl-{step.id}">' + "".join(shapes) + "</g>")
    body.append('</g><g id="points">')
    goal_points = {p for g in proof.problem.goals for p in g.points}
    texts = {name: name.upper() for name in s}
    labels = _place_labels(s, texts, frame.height, screen_lines,
                           [(frame(c.center), c.radius * frame.k) for c in circles])
    for i, (name, (x, y)) in enumerate(s.items()):  # ids by position: names need not be valid ids
        kind = " aux" if name in aux_points else " goal" if name in goal_points else ""
        body.append(f'<circle class="pt{kind}" id="pt-{i}" data-name="{html.escape(name)}" cx="{_num(x)}" '
                    f'cy="{_num(y)}" r="4.5"/>')
        lx, ly = labels[name]
        body.append(f'<text class="lb{kind}" id="lb-{i}" x="{_num(lx)}" y="{_num(ly)}">'
                    f'{html.escape(texts[name])}</text>')
    body.append("</g>")
    return (f'<svg id="fig" viewBox="0 0 {_num(WIDTH)} {_num(frame.height)}" role="img" '
            f'aria-label="diagram of {html.escape(proof.problem.name)}">' + "".join(body) + "</svg>")


def _step_item(step: Step, index: dict[str, int], goal: bool, aux: bool) -> str:
    points = " ".join(str(index[p]) for p in dict.fromkeys(step.fact.points) if p in index)
    cites = " ".join(map(str, step.premises))
    classes = "step" + (" goal" if goal else "") + (" aux" if aux else "")
    reason = "" if step.reason == PREMISE else re.sub(
        r"\((\d+)\)", r'<a href="#step=\1">(\1)</a>', html.escape(describe_reason(step)))
    mark = '<span class="qed" title="the goal">∎ goal</span>' if goal else ""
    return (f'<li class="{classes}" id="s{step.id}" data-step="{step.id}" data-pts="{points}" data-cites="{cites}" '
            f'tabindex="0"><span class="num">({step.id})</span> <span class="fact">{html.escape(describe(step.fact))}'
            f'</span>{mark}' + (f' <span class="why">{reason}</span>' if reason else "") + "</li>")


def proof_diagram(proof: Proof) -> Diagram:
    """The diagram the proof was found on, or (when the proof carries none) its seed's."""
    if proof.points and all(p in proof.points for p in proof.problem.points):
        return Diagram(proof.problem, {p: np.array(proof.points[p], dtype=float) for p in proof.problem.points},
                       proof.seed, 0)
    return build_diagram(proof.problem, proof.seed)


def render_html(proof: Proof, note: str = "") -> str:
    """The whole page: title, constructions, goal, the diagram and the numbered steps; ``note`` under the title."""
    diagram = proof_diagram(proof)
    index = {name: i for i, name in enumerate(diagram.points)}
    aux = _aux_clauses(proof)
    aux_facts = {str(f) for c in aux for f in c.facts()}
    goals = {str(g) for g in proof.problem.goals} | {str(proof.goal)}
    items = {s.id: _step_item(s, index, str(s.fact) in goals and s.reason != PREMISE, str(s.fact) in aux_facts)
             for s in proof.steps}
    premises = [items[s.id] for s in proof.steps if s.reason == PREMISE]
    derived = [items[s.id] for s in proof.steps if s.reason != PREMISE]
    title = html.escape(proof.problem.name)
    added = "".join(f"<li>Construct {html.escape(describe_clause(c))}</li>" for c in aux)
    note = f'<p class="note">{html.escape(note)}</p>' if note else ""
    parts = [f'<header><h1>{title}</h1>{note}<p class="goalline">Goal: <b>{html.escape(describe(proof.goal))}</b>'
             '</p></header>']
    if added:
        parts.append(f'<h2>Added constructions</h2><ul class="added">{added}</ul>')
    parts.append(f'<h2>Construction facts</h2><ol class="steps">{"".join(premises)}</ol>')
    parts.append(f'<h2>Proof</h2><ol class="steps">{"".join(derived)}</ol>')
    parts.append(f'<details><summary>Statement</summary><pre>{html.escape(proof.problem.statement())}</pre></details>')
    legend = ('<p class="legend"><span class="k-base">given</span> <span class="k-aux">added construction</span> '
              '<span class="k-goal">goal</span> <span class="k-hl">selected step</span> '
              '<span class="k-cited">cited steps</span></p>')
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Proof: {title}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_CSS}</style></head>'
            f'<body><main><section class="figure">{diagram_svg(proof, diagram)}{legend}</section>'
            f'<section class="proof">{"".join(parts)}</section></main><script>{_JS}</script></body></html>\n')


def write_html(proof: Proof, out: str | Path, note: str = "") -> Path:
    """Write ``render_html(proof, note)`` to ``out`` (UTF-8) and return the path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(proof, note), encoding="utf-8")
    return out


_CSS = """
:root { --ink: #222; --line: #8d939a; --circle: #5b84c4; --aux: #8e24aa; --goal: #d32f2f; --hl: #ef6c00;
  --cited: #fff3c4; --sel: #ffe0c2; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); }
main { display: flex; height: 100vh; overflow: hidden; }
.figure { flex: 0 0 56%; padding: 8px; display: flex; flex-direction: column; }
#fig { width: 100%; height: 0; flex: 1 1 auto; background: #fff; }
.proof { flex: 1 1 auto; padding: 0 18px 40vh 12px; min-width: 0; overflow-y: auto; }
@media (max-width: 800px) { main { display: block; height: auto; overflow: visible; } #fig { height: 90vw; } }
header { position: sticky; top: 0; background: #fff; padding-bottom: 4px; border-bottom: 1px solid #ddd; }
h1 { font-size: 20px; margin: 0; padding-top: 8px; } h2 { font-size: 15px; margin: 14px 0 4px; color: #555; }
.note { margin: 0; color: #555; } .goalline { margin: 2px 0 0; } .goalline b { color: var(--goal); }
ol.steps { list-style: none; padding: 0; margin: 0; }
li.step { padding: 2px 6px; border-left: 4px solid transparent; border-radius: 3px; cursor: pointer; }
li.step:hover, li.step.on { background: var(--sel); border-left-color: var(--hl); }
li.step.sel { outline: 2px solid var(--hl); }
li.step.cited { background: var(--cited); border-left-color: #d4a600; }
li.step.aux .fact, .added li { color: var(--aux); }
li.step.goal { border-left-color: var(--goal); } li.step.goal .fact { font-weight: bold; }
.num { color: #777; font-variant-numeric: tabular-nums; } .why { color: #666; font-size: 13px; }
.why a { color: #6a4d00; } .qed { color: var(--goal); font-weight: bold; margin-left: 8px; }
pre { white-space: pre-wrap; font-size: 12px; }
.legend span { margin-right: 12px; font-size: 13px; } .legend span::before { content: "\\25A0 "; }
.k-base::before { color: var(--line); } .k-aux::before { color: var(--aux); } .k-goal::before { color: var(--goal); }
.k-hl::before { color: var(--hl); } .k-cited::before { color: #d4a600; }
#fig .ln { stroke: var(--line); stroke-width: 1.3; }
#fig .cc { stroke: var(--circle); stroke-width: 1.3; fill: none; }
#fig .ln.aux, #fig .cc.aux { stroke: var(--aux); stroke-dasharray: 7 4; stroke-width: 1.6; }
#fig .goal { stroke: var(--goal); stroke-width: 3.5; fill: none; opacity: .75; }
#fig .goal.tri, #fig .goal.angle { fill: var(--goal); fill-opacity: .12; }
#fig.focus #base { opacity: .3; }
#fig .hl-group { display: none; } #fig .hl-group.on { display: inline; }
#fig .hl { stroke: var(--hl); stroke-width: 4.5; fill: none; stroke-linecap: round; }
#fig .hl.angle { fill: var(--hl); fill-opacity: .4; stroke-width: 2.5; }
#fig .hl.tri { fill: var(--hl); fill-opacity: .14; stroke-width: 2; }
#fig .pt { fill: var(--ink); stroke: #fff; stroke-width: 1.5; }
#fig .pt.aux, #fig .lb.aux { fill: var(--aux); } #fig .lb.goal { fill: var(--goal); }
#fig .lb { font-size: 19px; text-anchor: middle; dominant-baseline: central; paint-order: stroke;
  stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
#fig.focus .pt:not(.on), #fig.focus .lb:not(.on) { opacity: .45; }
#fig .pt.on { fill: var(--hl); r: 6.5px; } #fig .lb.on { font-weight: bold; fill: #b34700; }
#fig .pt.aux.on { stroke: var(--aux); stroke-width: 2.5; } #fig .lb.aux.on { fill: var(--aux); }
"""

_JS = """
(function () {
  const fig = document.getElementById('fig');
  const steps = Array.from(document.querySelectorAll('li.step'));
  let selected = '';
  const ids = (li, key) => (li.dataset[key] || '').split(' ').filter(Boolean);
  function paint(n) {
    document.querySelectorAll('.on, .cited').forEach(e => e.classList.remove('on', 'cited'));
    const li = document.getElementById('s' + n);
    fig.classList.toggle('focus', !!li);
    if (!li) return;
    li.classList.add('on');
    const marks = document.getElementById('hl-' + n);
    if (marks) marks.classList.add('on');
    ids(li, 'cites').forEach(p => { const c = document.getElementById('s' + p); if (c) c.classList.add('cited'); });
    ids(li, 'pts').forEach(i => ['pt-', 'lb-'].forEach(k => document.getElementById(k + i).classList.add('on')));
  }
  function select(n, scroll) {
    steps.forEach(li => li.classList.remove('sel'));
    const li = document.getElementById('s' + n);
    selected = li ? n : '';
    if (li) { li.classList.add('sel'); if (scroll) li.scrollIntoView({block: 'center'}); }
    paint(selected);
  }
  const go = n => { location.hash = n && n !== selected ? 'step=' + n : ''; };
  steps.forEach(li => {
    li.addEventListener('mouseenter', () => paint(li.dataset.step));
    li.addEventListener('mouseleave', () => paint(selected));
    li.addEventListener('click', e => { if (!e.target.closest('a')) go(li.dataset.step); });
    li.addEventListener('keydown', e => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(li.dataset.step); }
    });
  });
  document.addEventListener('keydown', e => {
    if ((e.key !== 'ArrowDown' && e.key !== 'ArrowUp') || !e.target.closest || !e.target.closest('li.step')) return;
    const i = steps.findIndex(li => li.dataset.step === selected);
    const next = steps[Math.min(Math.max(i + (e.key === 'ArrowDown' ? 1 : -1), 0), steps.length - 1)];
    if (next) { e.preventDefault(); go(next.dataset.step); next.focus(); }
  });
  const fromHash = () => { const m = /step=(\\d+)/.exec(location.hash); select(m ? m[1] : '', true); };
  window.addEventListener('hashchange', fromHash);
  fromHash();
})();
"""
