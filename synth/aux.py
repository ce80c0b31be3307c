"""Theorems whose auxiliary constructions are really needed.

The closure of a sample is built clause by clause (``Engine.extend``), so the closure of
every prefix of its clauses is seen on the way. A numerically true fact over a prefix's
points that the prefix's closure does not prove is *open*. An open fact that a later stage
proves needs clauses beyond the prefix: an aux theorem by construction (its statement, the
clauses that build its points, lies inside the prefix, and DD+AR is monotone in premises).
Where a prefix has new open facts, random clauses (drawn from the sampler's catalogue, built
on the points of one open fact) are also tried as auxiliary constructions on a copy of the
saturated state; more of them once one has worked. Most clauses are tried only when their new
point is a coincidence (on a line or circle of the figure its construction does not put it on):
such points give the rules something to use, so each engine run is far likelier to prove an
open fact (3x in our measurements).

Each such theorem is then made minimal (``minimize``: no aux clause can be dropped) and
checked as a user of the data would (``check_needed``): rebuilt from its own text, the
engine saturates on its statement alone without the goal, and proves it with its aux.
Every engine run has the same budget; a run that stops on time rather than saturating
drops the theorem, so what is kept does not depend on the machine's speed.
"""

from __future__ import annotations

import pickle
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from ddar import Clause, DiagramError, Fact, Problem, ProblemError, parse_problem
from ddar.diagram import Diagram, PlacementError, build_diagram, place_clause
from ddar.engine import PREMISE, Engine, Result, Step
from ddar.geometry import Point
from ddar.proof import traceback

from .sampler import Sample, draw_clause

RESOLVABLE_TRIALS = 4
COINCIDENCE_TOLERANCE = 1e-6  # relative to the diagram's scale


WORK_PER_SECOND = 6000  # deadline checks the engine makes per CPU second, measured on this project's machine


class WorkDeadline:
    """A deadline counted in the engine's own deadline checks, given to ``Engine.run`` in place of a
    ``perf_counter`` one (the engine's ``perf_counter() > deadline`` falls back on ``__lt__`` here). The engine's
    work is deterministic, so a run stops at the same point on any machine and under any load, and the same
    seed gives the same examples; ``seconds`` are converted at ``WORK_PER_SECOND``."""

    def __init__(self, seconds: float):
        self.left = int(seconds * WORK_PER_SECOND)

    def __lt__(self, other: float) -> bool:
        self.left -= 1
        return self.left < 0

    def __gt__(self, other: float) -> bool:
        self.left -= 1
        return self.left >= 0


def run_engine(problem: Problem, goal: Fact | None, budget: float, seed: int = 0,
               points: dict[str, Point] | None = None) -> tuple[Engine, Result]:
    """The engine on ``problem``'s diagram (drawn with ``seed``, or at ``points``), run for ``budget`` CPU seconds."""
    diagram = build_diagram(problem, seed) if points is None else \
        Diagram(problem, {p: points[p] for p in problem.points}, 0, 1)
    engine = Engine(diagram)
    return engine, engine.run(goal, WorkDeadline(budget))


@dataclass
class AuxTheorem:
    """A fact of ``problem`` that its statement's closure does not prove, with a proof using other clauses."""

    problem: Problem
    points: dict[str, Point]
    goal: Fact
    proof: list[Step]


@dataclass
class PrefixReport:
    engine: Engine | None  # the closure of the whole sample (None: over budget)
    theorems: list[AuxTheorem] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)
    trials: int = 0


def sub_problem(problem: Problem, indices: Iterable[int]) -> Problem:
    """The problem made of the clauses at ``indices`` (kept in order), without a goal."""
    keep = set(indices)
    return Problem(problem.name, tuple(c for i, c in enumerate(problem.clauses) if i in keep))


def cone(problem: Problem, points: Iterable[str]) -> set[int]:
    """Indices of the clauses that build ``points`` and everything they are built from."""
    needed = problem.built_from(points)
    return {i for i, c in enumerate(problem.clauses) if needed & set(c.points)}


def premise_clauses(problem: Problem, proof: list[Step]) -> set[int]:
    """Indices of the clauses whose facts the proof cites as premises."""
    clause_of_fact: dict[Fact, int] = {}
    for i, clause in enumerate(problem.clauses):
        for f in clause.facts():
            clause_of_fact.setdefault(f, i)
    return {clause_of_fact[s.fact] for s in proof if s.reason == PREMISE}


def _proof(engine: Engine, problem: Problem, fact: Fact) -> list[Step]:
    return traceback(problem, 0, engine.steps, engine.prove(fact)).steps


def prefix_closures(sample: Sample, facts: dict[str, Fact], budget: float, rng: np.random.Generator,
                    weights: dict[str, float], trials: int, per_trial: int, plain_share: float = 1.0) -> PrefixReport:
    """Close the sample clause by clause; collect open facts of each prefix that a later stage, or a
    random clause tried on that prefix, proves. ``facts`` (canonical text -> fact) are the candidates."""
    problem, points = sample.problem, sample.diagram.points
    clauses = problem.clauses
    deadline = WorkDeadline(budget)
    first = Problem(problem.name, clauses[:1])
    engine = Engine(Diagram(first, {p: points[p] for p in first.points}, 0, 1))
    report = PrefixReport(None)
    have: set[str] = set()
    settled: set[str] = set()
    open_facts: dict[str, Fact] = {}
    for k, clause in enumerate(clauses):
        try:
            if k:
                engine.extend(clause, {p: points[p] for p in clause.points})
            status = engine.run(None, deadline).status
        except (ValueError, ZeroDivisionError):
            report.dropped["sample numerically unstable"] += 1
            return report
        if status == "timeout":
            report.dropped["sample over the engine budget"] += 1
            return report
        prefix = Problem(problem.name, clauses[:k + 1])
        have.update(clause.points)
        unstable: list[str] = []
        for text, fact in list(open_facts.items()):
            implied = _implied(engine, fact)
            if implied is None:
                del open_facts[text]
                unstable.append(text)
            elif implied:
                del open_facts[text]
                settled.add(text)
                report.theorems.append(AuxTheorem(prefix, points, fact, _proof(engine, prefix, fact)))
        fresh: list[Fact] = []
        for text, fact in facts.items():
            if text in settled or text in open_facts or text in unstable or not set(fact.points) <= have:
                continue
            implied = _implied(engine, fact)
            if implied is None:
                unstable.append(text)
            elif implied:
                settled.add(text)
            else:
                open_facts[text] = fact
                fresh.append(fact)
        for text in unstable:  # never a theorem (the caller's candidates lose it too)
            del facts[text]
            report.dropped["candidate fact numerically unstable"] += 1
        if fresh and k and trials:
            report.theorems += _trials(engine, prefix, points, list(open_facts.values()), fresh, budget, rng,
                                       weights, trials, per_trial, plain_share, len(problem.points), report)
    report.engine = engine
    return report


def _implied(engine: Engine, fact: Fact) -> bool | None:
    """Whether the engine proves ``fact``; None when the fact is true to the candidates' rounding but not
    to the engine's angle tolerance (such a fact is never a theorem)."""
    try:
        return engine.implied(fact)
    except ValueError:
        return None


def _inputs(rng: np.random.Generator, fresh: list[Fact], names: tuple[str, ...]) -> list[str]:
    """The points an aux clause is built on: those of one new open fact, made up to four with other points."""
    target = fresh[int(rng.integers(len(fresh)))]
    inputs = sorted(set(target.points), key=names.index)
    others = [p for p in names if p not in inputs]
    return inputs + [others[i] for i in rng.permutation(len(others))[:max(0, 4 - len(inputs))]]


class Figure:
    """The lines through two points and the circles through three of a prefix's diagram, computed once
    for all the clauses tried on it."""

    def __init__(self, here: dict[str, Point], scale: float):
        self.names, self.scale = list(here), scale
        xy = np.array([here[p] for p in self.names], dtype=float).reshape(-1, 2)
        self.pairs = np.array(list(combinations(range(len(self.names)), 2)), dtype=int).reshape(-1, 2)
        self.start = xy[self.pairs[:, 0]]
        self.direction = xy[self.pairs[:, 1]] - self.start
        self.length = np.hypot(self.direction[:, 0], self.direction[:, 1])
        self.triples = np.array(list(combinations(range(len(self.names)), 3)), dtype=int).reshape(-1, 3)
        a, b, c = (xy[self.triples[:, i]] for i in range(3))
        d = 2 * (a[:, 0] * (b[:, 1] - c[:, 1]) + b[:, 0] * (c[:, 1] - a[:, 1]) + c[:, 0] * (a[:, 1] - b[:, 1]))
        sa, sb, sc = (a ** 2).sum(1), (b ** 2).sum(1), (c ** 2).sum(1)
        with np.errstate(divide="ignore", invalid="ignore"):
            self.ox = (sa * (b[:, 1] - c[:, 1]) + sb * (c[:, 1] - a[:, 1]) + sc * (a[:, 1] - b[:, 1])) / d
            self.oy = (sa * (c[:, 0] - b[:, 0]) + sb * (a[:, 0] - c[:, 0]) + sc * (b[:, 0] - a[:, 0])) / d
            self.radius = np.hypot(a[:, 0] - self.ox, a[:, 1] - self.oy)
        self.proper = (np.abs(d) > 1e-12) & (self.radius < 1e3 * scale)  # nearly flat triangles left out

    def coincides(self, new: dict[str, Point], clause: Clause) -> bool:
        """Whether a new point lies on a line through two points, or a circle through three, that its
        construction does not put it on (not all of them its clause's inputs): a coincidence the rules use."""
        parents = np.array([n in {a for c in clause.constructions for a in c.args} for n in self.names], dtype=bool)
        lines = ~parents[self.pairs].all(axis=1)
        circles = self.proper & ~parents[self.triples].all(axis=1)
        tol = COINCIDENCE_TOLERANCE * self.scale
        for x in new.values():
            v = np.asarray(x) - self.start
            cross = np.abs(self.direction[:, 0] * v[:, 1] - self.direction[:, 1] * v[:, 0])
            if np.any(lines & (cross <= tol * self.length)):
                return True
            with np.errstate(invalid="ignore"):
                off = np.abs(np.hypot(x[0] - self.ox, x[1] - self.oy) - self.radius)
            if np.any(circles & (off <= tol)):
                return True
        return False


def coincides(new: dict[str, Point], here: dict[str, Point], clause: Clause, scale: float) -> bool:
    """``Figure.coincides`` on the diagram ``here``."""
    return Figure(here, scale).coincides(new, clause)


def _trials(engine: Engine, prefix: Problem, points: dict[str, Point], open_facts: list[Fact], fresh: list[Fact],
            budget: float, rng: np.random.Generator, weights: dict[str, float], trials: int, per_trial: int,
            plain_share: float, first_name: int, report: PrefixReport) -> list[AuxTheorem]:
    """Random clauses built on the points of a new open fact, each added to a copy of the prefix's saturated
    closure: ``trials`` drawn, and ``RESOLVABLE_TRIALS`` times as many once one has proved an open fact
    (others often can too). A clause runs the engine only if its point is a coincidence (``coincides``), or
    else with probability ``plain_share``: coincidences are what the rules feed on."""
    state = pickle.dumps(engine)
    names = prefix.points
    found: list[AuxTheorem] = []
    attempt, limit = 0, trials
    here = {p: points[p] for p in names}
    figure = Figure(here, engine.scale)
    while attempt < limit:
        attempt += 1
        clause = draw_clause(rng, weights, _inputs(rng, fresh, names), first_name)
        if clause is None:
            continue
        try:
            new = place_clause(clause, here, rng)
        except PlacementError:
            continue
        if rng.random() >= plain_share and not figure.coincides(new, clause):
            continue
        report.trials += 1
        trial: Engine = pickle.loads(state)
        trial.system_cache = dict(engine.system_cache)  # equations worked out already (points never move)
        try:
            trial.extend(clause, new)
            status = trial.run(None, WorkDeadline(budget)).status
            hits = [f for f in open_facts if trial.implied(f)]
        except (ValueError, ZeroDivisionError):  # a near-degenerate placement the engine refuses
            report.dropped["aux trial numerically unstable"] += 1
            continue
        if status == "timeout":
            report.dropped["aux trial over the engine budget"] += 1
            continue
        problem = Problem(prefix.name, prefix.clauses + (clause,))
        by_predicate: dict[str, Fact] = {}
        for fact in hits:  # one fact per predicate, at most per_trial
            by_predicate.setdefault(fact.pred, fact)
        for fact in list(by_predicate.values())[:per_trial]:
            found.append(AuxTheorem(problem, {**here, **new}, fact, _proof(trial, problem, fact)))
        if hits:
            limit = RESOLVABLE_TRIALS * trials
    return found


def minimize(theorem: AuxTheorem, statement: set[int], aux: set[int], budget: float
             ) -> tuple[list[int], list[Step]] | None:
    """Drop aux clauses (with the aux clauses built on them) one at a time, last first, while the engine
    still proves the goal; returns the minimal aux clauses and a proof, or None if a run ran out of time."""
    problem, kept, proof = theorem.problem, sorted(aux), theorem.proof
    for a in sorted(aux, reverse=True):
        if a not in kept:
            continue
        gone = {a} | {b for b in kept if a in cone(problem, problem.clauses[b].points)}
        rest = statement | (set(kept) - gone)
        sub = sub_problem(problem, rest)
        try:
            result = run_engine(sub, theorem.goal, budget, points=theorem.points)[1]
        except (ValueError, ZeroDivisionError):
            return None
        if result.status == "timeout":
            return None
        if result.status == "proved":
            kept = sorted(set(kept) - gone)
            proof = traceback(sub, 0, result.steps, result.goal_steps).steps
    return kept, proof


@dataclass
class NeedCheck:
    """The rebuilt statement alone: ``saturated`` (the aux is needed), ``proved`` (with ``proof``), ``timeout``
    or ``unbuildable``."""

    status: str
    proof: list[Step] | None = None


def check_needed(statement_text: str, budget: float) -> NeedCheck:
    """Rebuild the example's statement (without its aux) from its text and run the engine on it."""
    try:
        problem = parse_problem("statement", statement_text)
        result = run_engine(problem, problem.goal, budget)[1]
    except (ProblemError, DiagramError, ValueError, ZeroDivisionError):
        return NeedCheck("unbuildable")
    if result.status == "proved":
        return NeedCheck("proved", traceback(problem, 0, result.steps, result.goal_steps).steps)
    return NeedCheck(result.status)


def aux_kinds(aux: list[str]) -> set[str]:
    """Construction names used by an example's aux clauses (``e = on_line e a b, on_circle e o a``)."""
    return {part.split()[0] for clause in aux for part in clause.split(" = ", 1)[1].split(", ")}

