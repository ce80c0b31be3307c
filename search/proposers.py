"""Proposers of auxiliary constructions, behind one interface: ``propose(state, k)`` returns
up to k (clause, score) pairs, best first, each clause valid on the state's diagram.

- ``HeuristicProposer``: standard auxiliary points built from the problem's own objects
  (midpoints, feet, reflections, centres, intersections of lines and circles, among them the
  circumcircles of the problem's triangles, tangents, arc midpoints; isogonal and harmonic points from
  ``search.conjugates``), first those that carry a coincidence (the point lands on a line or
  circle it was not built from, or three objects meet there), deduplicated numerically and
  ranked by a cheap score that prefers coincidences and objects near the goal (points without
  a coincidence come last).
- ``ModelProposer``: the language model's beam search, its text turned into a clause.
- ``MixProposer``: both, interleaved.
- ``RankedProposer``: the heuristics' candidates, reordered by the model's log-likelihood plus their own log-score.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, combinations

import numpy as np

from ddar import Clause, Construction, Problem, ProblemError
from ddar.diagram import PlacementError, place_clause
from ddar.geometry import Point, circumcenter, cross, norm
from ddar.numeric import distinct_points
from ddar.predicates import diagram_scale
from ddar.problem import parse_clause
from search.conjugates import harmonic_candidates, isogonal_candidates
from search.figure import (Candidate, Circ, circle_spec, figure_circles, figure_lines, meet_line_circle,
                           meet_circles, meet_line_circle_xy, meet_lines, meet_lines_xy, point_spec,
                           salient_triangles)

COINCIDENCE = 1e-7  # relative distance for a point to lie on a line or circle


@dataclass
class SearchState:
    """A search node's problem (original clauses plus the constructions added so far) and diagram."""

    problem: Problem
    points: dict[str, Point]
    placed: dict[str, dict[str, Point] | None] = field(default_factory=dict, repr=False, compare=False)  # validate's

    def fresh_name(self) -> str:
        taken = set(self.points)
        i = 0
        while True:
            name = f"x{i}" if i else "x"
            if name not in taken:
                return name
            i += 1


def validate(state: SearchState, clause: Clause) -> dict[str, Point] | None:
    """The new point(s) if the clause builds on the state's diagram without degeneracy, else None (kept on the
    state: a proposer checks its proposals and the search places them again; so neither the state's points nor
    the returned points may be changed afterwards)."""
    text = str(clause)
    if text not in state.placed:
        state.placed[text] = _place(state, clause)
    return state.placed[text]


def _place(state: SearchState, clause: Clause) -> dict[str, Point] | None:
    if any(p in state.points for p in clause.points):
        return None
    try:
        return place_clause(clause, state.points, np.random.default_rng(0))
    except (PlacementError, ZeroDivisionError, ValueError):
        return None


class HeuristicProposer:
    """Classic auxiliary points with a coincidence, ranked; see the module docstring."""

    KIND_PRIOR = {"midpoint": 1.0, "foot": 1.0, "line∩line": 0.8, "line∩circle": 0.8, "circumcentre": 0.7,
                  "reflection": 0.6, "circle∩circle": 0.6, "tangents": 0.5, "arc midpoint": 0.6, "mirror": 0.5,
                  "triangle centre": 0.6, "bisector∩line": 0.5, "bisector∩circle": 0.6, "touch point": 0.5,
                  "isogonal": 0.5, "isogonal conjugate": 0.5, "harmonic conjugate": 0.5}

    def propose(self, state: SearchState, k: int) -> list[tuple[Clause, float]]:
        points, scale = state.points, diagram_scale(state.points)
        names = distinct_points(points, scale)
        lines = figure_lines(points, names, scale)
        salient = salient_triangles(state.problem)
        circles = figure_circles(points, names, scale, salient)
        goal = state.problem.built_from(state.problem.goal.points)
        triangles = [t for t in _ordered(salient, names) if _proper(points, t, scale)]
        candidates = list(chain(self._candidates(state, names, lines, circles),
                                _triangle_candidates(points, triangles, lines, circles, scale),
                                _touch_points(points, names, circles),
                                isogonal_candidates(points, names, triangles, circles, scale),
                                harmonic_candidates(points, names, lines, scale)))
        kept = _new_points(candidates, np.array([points[n] for n in names]), scale)
        hits = _incidences(kept, _Objects.of(points, lines, circles), scale)
        scored: list[tuple[float, Candidate]] = []
        for cand, count in zip(kept, hits):
            relevance = len(cand.parents & goal) / max(1, len(cand.parents))
            scored.append((1.5 * min(count, 3) + relevance + self.KIND_PRIOR.get(cand.kind, 0.5), cand))
        if not scored:
            return []
        raws = sorted((raw for raw, _ in scored), reverse=True)
        total = math.log(sum(math.exp(raw) for raw in raws))  # summed best first, as scores are compared exactly
        cutoff = raws[min(k, len(raws)) - 1]
        name = state.fresh_name()
        head = [(raw, cand.clause(name)) for raw, cand in scored if raw >= cutoff]  # ties broken by the clause's text
        head.sort(key=lambda t: (-t[0], str(t[1])))
        return [(clause, raw - total) for raw, clause in head[:k] if validate(state, clause) is not None]

    def _candidates(self, state, names, lines, circles) -> Iterator[Candidate]:
        points = state.points
        clause = point_spec

        for a, b in combinations(names, 2):
            yield Candidate(clause(("midpoint", a, b)), (points[a] + points[b]) / 2, frozenset((a, b)), "midpoint")
            for p, q in ((a, b), (b, a)):
                yield Candidate(clause(("mirror", p, q)), 2 * points[q] - points[p], frozenset((p, q)), "mirror")
        for line in lines:
            a, b = line[0], line[1]
            d = points[b] - points[a]
            for p in names:
                if p in line:
                    continue
                foot = points[a] + d * float(np.dot(points[p] - points[a], d) / np.dot(d, d))
                yield Candidate(clause(("foot", p, a, b)), foot, frozenset((p, *line)), "foot")
                yield Candidate(clause(("reflect", p, a, b)), 2 * foot - points[p], frozenset((p, *line)), "reflection")
        for l1, l2 in combinations(lines, 2):
            xy = meet_lines(points, l1, l2)
            if xy is not None:
                yield Candidate(clause(("on_line", l1[0], l1[1]), ("on_line", l2[0], l2[1])), xy,
                                 frozenset(l1 + l2), "line∩line")
        for circle in circles:
            spec = circle_spec(circle)
            if circle.centre is None:
                yield Candidate(clause(("circle", *circle.points[:3])), np.array(circle.center_xy),
                                 frozenset(circle.points), "circumcentre")
            for line in lines:
                for xy in meet_line_circle(points, line, circle):
                    yield Candidate(clause(("on_line", line[0], line[1]), spec, xy=xy), xy,
                                     frozenset(line + circle.points), "line∩circle")
            if circle.centre is not None:
                o = circle.centre
                for b, c in combinations(circle.points, 2):
                    xy = meet_lines_xy(points[b], points[b] - points[o], points[c], points[c] - points[o], True)
                    if xy is not None:
                        yield Candidate(clause(("on_tline", b, o, b), ("on_tline", c, o, c)), xy,
                                         frozenset((b, c, o)), "tangents")
                    mid = (points[b] + points[c]) / 2 - np.array(circle.center_xy)
                    if norm(mid) > 1e-9:
                        for sign in (1, -1):
                            xy = np.array(circle.center_xy) + sign * circle.radius * mid / norm(mid)
                            yield Candidate(clause(("on_bline", b, c), ("on_circle", o, b), xy=xy), xy,
                                             frozenset((b, c, o)), "arc midpoint")
        for c1, c2 in combinations(circles, 2):
            for xy in meet_circles(c1, c2):
                yield Candidate(clause(circle_spec(c1), circle_spec(c2), xy=xy), xy,
                                 frozenset(c1.points + c2.points), "circle∩circle")


def _ordered(triangles: set[frozenset[str]], names: list[str]) -> list[tuple[str, str, str]]:
    """Triangles of distinct points as name-ordered triples, in a deterministic order."""
    index = {n: i for i, n in enumerate(names)}
    return sorted(tuple(sorted(t, key=index.__getitem__)) for t in triangles if len(t) == 3 and t <= index.keys())


def _proper(points, t: tuple[str, str, str], scale: float) -> bool:
    a, b, c = (points[n] for n in t)
    return abs(cross(b - a, c - a)) > 1e-6 * scale * scale


def _triangle_candidates(points, triangles, lines, circles, scale: float) -> Iterator[Candidate]:
    """For the problem's triangles: their incentre, excentres and orthocentre, and where each internal angle
    bisector meets the figure's other lines and circles (an arc midpoint, an incentre-excentre line, ...)."""
    for a, b, c in triangles:
        pa, pb, pc = points[a], points[b], points[c]
        la, lb, lc = norm(pb - pc), norm(pc - pa), norm(pa - pb)
        parents = frozenset((a, b, c))
        yield Candidate(point_spec(("incenter", a, b, c)), (la * pa + lb * pb + lc * pc) / (la + lb + lc),
                         parents, "triangle centre")
        for x, y, z, lx, ly, lz in ((a, b, c, la, lb, lc), (b, c, a, lb, lc, la), (c, a, b, lc, la, lb)):
            px, py, pz = points[x], points[y], points[z]
            yield Candidate(point_spec(("excenter", x, y, z)),
                             (-lx * px + ly * py + lz * pz) / (-lx + ly + lz), parents, "triangle centre")
        o = circumcenter(pa, pb, pc)
        yield Candidate(point_spec(("orthocenter", a, b, c)), pa + pb + pc - 2 * o, parents,
                         "triangle centre")
        for x, vertex, z in ((b, a, c), (a, b, c), (a, c, b)):
            p = points[vertex]
            direction = (points[x] - p) / norm(points[x] - p) + (points[z] - p) / norm(points[z] - p)
            bisector = ("angle_bisector", x, vertex, z)
            for line in lines:
                if vertex in line:
                    continue
                q = points[line[0]]
                xy = meet_lines_xy(p, direction, q, points[line[1]] - q)
                if xy is not None:
                    yield Candidate(point_spec(bisector, ("on_line", line[0], line[1])), xy,
                                     parents | frozenset(line), "bisector∩line")
            for circle in circles:
                for xy in meet_line_circle_xy(p, direction, circle):
                    if norm(xy - p) <= 1e-6 * scale:
                        continue  # the vertex itself
                    yield Candidate(point_spec(bisector, circle_spec(circle), xy=xy), xy,
                                     parents | frozenset(circle.points), "bisector∩circle")


def _touch_points(points, names: list[str], circles: list[Circ]) -> Iterator[Candidate]:
    """Where the tangents from a point outside a circle with a named centre touch it."""
    for circle in circles:
        if circle.centre is None:
            continue
        o, through = circle.centre, next(p for p in circle.points if p != circle.centre)
        centre = points[o]
        for p in names:
            if p == o or p in circle.points:
                continue
            v = points[p] - centre
            dist = norm(v)
            if dist <= circle.radius * (1 + 1e-6):
                continue
            u, w = v / dist, np.array([-v[1], v[0]]) / dist
            along, across = circle.radius ** 2 / dist, circle.radius * math.sqrt(1 - (circle.radius / dist) ** 2)
            for sign in (1, -1):
                xy = centre + along * u + sign * across * w
                yield Candidate(point_spec(("on_circle", o, through), ("on_dia", p, o), xy=xy), xy,
                                 frozenset((p, o, *circle.points)), "touch point")


@dataclass
class _Objects:
    """Lines and circles of a diagram as arrays, for fast incidence tests."""

    lines: list[tuple[str, ...]]
    circles: list[Circ]
    line_start: np.ndarray
    line_dir: np.ndarray
    centres: np.ndarray
    radii: np.ndarray

    @classmethod
    def of(cls, points, lines, circles) -> "_Objects":
        start = np.array([points[l[0]] for l in lines]).reshape(-1, 2)
        direction = np.array([points[l[1]] - points[l[0]] for l in lines]).reshape(-1, 2)
        direction = direction / np.linalg.norm(direction, axis=1, keepdims=True)
        centres = np.array([c.center_xy for c in circles]).reshape(-1, 2)
        radii = np.array([c.radius for c in circles])
        return cls(lines, circles, start, direction, centres, radii)


CHUNK = 2048  # candidates tested against all lines and circles at once


def _new_points(candidates: list[Candidate], existing: np.ndarray, scale: float) -> list[Candidate]:
    """The candidates that are new points: not at an existing point, not far outside the figure, and not the same
    point as an earlier candidate built another way."""
    if not candidates:
        return []
    xy = np.array([c.xy for c in candidates], dtype=float).reshape(-1, 2)
    centre = existing.mean(axis=0)
    ok = np.isfinite(xy).all(axis=1) & (np.linalg.norm(xy - centre, axis=1) <= 5 * scale * (1 + 1e-9))
    for i in np.flatnonzero(ok & (np.linalg.norm(xy - centre, axis=1) >= 5 * scale * (1 - 1e-9))).tolist():
        ok[i] = norm(candidates[i].xy - centre) <= 5 * scale  # at the edge: the exact test decides
    for start in range(0, len(xy), CHUNK):
        near = np.linalg.norm(xy[start:start + CHUNK, None, :] - existing[None, :, :], axis=2).min(axis=1)
        ok[start:start + CHUNK] &= near >= 1e-3 * scale
    cells = np.round(xy / (1e-7 * scale))
    kept, seen = [], set()
    for i in np.flatnonzero(ok).tolist():
        cell = (cells[i, 0], cells[i, 1])
        if cell not in seen:  # else the same point built another way
            seen.add(cell)
            kept.append(candidates[i])
    return kept


def _incidences(candidates: list[Candidate], objects: _Objects, scale: float) -> list[int]:
    """For each candidate, the lines and circles of the diagram through it other than those it was built from
    (a line holding two of its parents, a circle holding three)."""
    line_sets = [frozenset(line) for line in objects.lines]
    circle_sets = [frozenset(c.points) for c in objects.circles]
    tolerance = COINCIDENCE * np.maximum(scale, objects.radii)
    counts = []
    for start in range(0, len(candidates), CHUNK):
        chunk = candidates[start:start + CHUNK]
        xy = np.array([c.xy for c in chunk], dtype=float).reshape(-1, 2)
        rel = xy[:, None, :] - objects.line_start[None, :, :]
        off_line = np.abs(objects.line_dir[None, :, 0] * rel[:, :, 1] - objects.line_dir[None, :, 1] * rel[:, :, 0])
        on_line = off_line <= COINCIDENCE * scale
        on_circle = np.abs(np.linalg.norm(xy[:, None, :] - objects.centres[None, :, :], axis=2)
                           - objects.radii[None, :]) <= tolerance[None, :]
        for cand, lines, circles in zip(chunk, on_line, on_circle):
            counts.append(sum(len(cand.parents & line_sets[i]) < 2 for i in np.flatnonzero(lines).tolist())
                          + sum(len(cand.parents & circle_sets[i]) < 3 for i in np.flatnonzero(circles).tolist()))
    return counts


# -- the model proposer ---------------------------------------------------------------------


def model_prompt(state: SearchState) -> tuple[str, dict[str, str]]:
    """The state's problem as the model reads it (points renamed a, b, ... in order, clauses in short form)
    and the renaming."""
    from synth.format import short_clause
    from synth.sampler import point_name

    canonical = {p: point_name(i) for i, p in enumerate(state.problem.points)}
    renamed = [_rename(c, canonical) for c in state.problem.clauses]
    goal = state.problem.goal
    prompt = "; ".join(short_clause(c) for c in renamed) + \
        f" ? {goal.pred} {' '.join(canonical.get(a, a) for a in goal.args)}"
    return prompt, canonical


def _rename(clause: Clause, names: dict[str, str]) -> Clause:
    return Clause(tuple(names.get(p, p) for p in clause.points),
                  tuple(Construction(c.name, tuple(names.get(a, a) for a in c.args)) for c in clause.constructions))


class ModelProposer:
    """Clauses proposed by a trained language model (``lm.load(...)``), validated on the diagram."""

    def __init__(self, model, beam: int | None = None):
        self.model = model
        self.beam = beam
        self._decoded: dict[tuple[str, int], list[tuple[str, float]]] = {}  # a search meets a node again as it widens

    def propose(self, state: SearchState, k: int) -> list[tuple[Clause, float]]:
        prompt, canonical = model_prompt(state)
        back = {v: k_ for k_, v in canonical.items()}
        width = self.beam or k
        if (prompt, width) not in self._decoded:
            self._decoded[prompt, width] = self.model.propose(prompt, k=width)
        out = []
        for text, logprob in self._decoded[prompt, width]:
            try:
                clause = parse_clause(text, set(canonical.values()), "<model>")
            except ProblemError:
                continue
            fresh = state.fresh_name()
            mapping = {**back, **{p: fresh if i == 0 else f"{fresh}_{i}" for i, p in enumerate(clause.points)}}
            clause = _rename(clause, mapping)
            if validate(state, clause) is not None:
                out.append((clause, logprob))
            if len(out) == k:
                break
        return out


class RankedProposer:
    """The heuristics' top ``pool`` candidates, ranked by the model's log-likelihood of each as the next
    construction plus ``prior`` times the heuristics' own log-score (0: the model alone orders them; the
    model only reorders, every candidate is the heuristics'). The default, 1, found more working constructions
    in the top 8 than 0 on held-out synthetic problems (the model card)."""

    def __init__(self, model, heuristic: "HeuristicProposer | None" = None, pool: int = 64, prior: float = 1.0):
        self.model, self.heuristic, self.pool, self.prior = model, heuristic or HeuristicProposer(), pool, prior

    def propose(self, state: SearchState, k: int) -> list[tuple[Clause, float]]:
        from synth.format import short_clause
        from synth.sampler import point_name

        candidates = self.heuristic.propose(state, max(k, self.pool))
        if not candidates:
            return []
        prompt, canonical = model_prompt(state)
        texts = []
        for clause, _ in candidates:
            names = {**canonical, **{p: point_name(len(canonical) + i) for i, p in enumerate(clause.points)}}
            texts.append(short_clause(_rename(clause, names)))
        scores = [s + self.prior * h for s, (_, h) in zip(self.model.likelihood(prompt, texts), candidates)]
        ranked = sorted(zip(scores, range(len(candidates))), key=lambda t: (-t[0], t[1]))
        return [(candidates[i][0], s) for s, i in ranked[:k]]


class MixProposer:
    """The model's and the heuristics' proposals, alternating, best of each first. ``origins`` records
    which proposer made each clause (by its text), so a result can say where its constructions came from."""

    def __init__(self, *proposers, names: tuple[str, ...] = ("model", "heuristic")):
        self.proposers, self.names = proposers, names
        self.origins: dict[str, str] = {}

    def propose(self, state: SearchState, k: int) -> list[tuple[Clause, float]]:
        lists = [p.propose(state, k) for p in self.proposers]
        out, seen = [], set()
        for i in range(k):
            for name, proposals in zip(self.names, lists):
                if i < len(proposals) and str(proposals[i][0]) not in seen:
                    seen.add(str(proposals[i][0]))
                    self.origins.setdefault(str(proposals[i][0]), name)
                    out.append(proposals[i])
        return out[:k]
