"""The deduction engine: geometric deduction (DD) on the diagram's candidates, chained
through exact linear algebra (AR) over angles and log-lengths, to a fixed point.

Every fact the engine knows is a ``Step``: a construction premise, a geometric rule
applied to earlier steps, or an algebra step that combines earlier steps' equations
with exact rational coefficients. The geometric rules only ever try what the numeric
diagram suggests (``numeric.find_candidates``); the algebra makes angle and ratio
chasing, transitivity and parallels free.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from fractions import Fraction

from .compute import computed_value
from .deductions import RULES
from .diagram import Diagram
from .equations import ANGLE, LENGTH, RATIO, fact_equations, fact_system, pair
from .facts import COMPUTE_GOALS, Fact
from .geometry import Point
from .linear import HASH_PRIME, LinearSystem
from .numeric import Candidates, find_candidates
from .predicates import holds
from .problem import Clause
from .rules import CENTRE, DIAGRAM, DIAGRAM_PREDICATES, SAME_CIRCLE, SAME_LINE

PREMISE = "premise"
ALGEBRA = "algebra"
CHECK_FACTS_ENV = "GEOPROVER_CHECK_FACTS"  # set to 1: every derived fact is checked on the diagram as it is added
facts_checked = 0  # derived facts checked numerically in this process (debug mode)


class UnsoundFactError(AssertionError):
    """Debug mode: the engine derived a fact that is false in its own diagram (a bug, never expected)."""


@dataclass(frozen=True)
class Step:
    """One known fact and why: premises are earlier step ids; algebra steps give, per
    equation of ``fact``, the (step id, equation index, coefficient) terms that sum to it."""

    id: int
    fact: Fact
    reason: str
    premises: tuple[int, ...] = ()
    combination: tuple[tuple[tuple[int, int, Fraction], ...], ...] = ()
    checks: tuple[str, ...] = ()


@dataclass
class Result:
    status: str  # "proved", "saturated" or "timeout"
    steps: list[Step]
    goal_step: int | None  # the last goal's step
    rounds: int
    seconds: float
    goal_steps: tuple[int, ...] = ()  # one step per goal, in the problem's order


def _is_log(var) -> bool:
    return isinstance(var, tuple) and len(var) == 2 and var[0] == "log"


class Engine:
    """Deduction state for one problem on one diagram."""

    def __init__(self, diagram: Diagram, check_facts: bool | None = None):
        self.diagram = diagram
        self.check_facts = os.environ.get(CHECK_FACTS_ENV) == "1" if check_facts is None else check_facts
        self.points = diagram.points
        self.scale = diagram.scale  # the points never move, so neither does the scale
        self.system_cache: dict[Fact, tuple[list, list[frozenset[int]]]] = {}
        self.candidates: Candidates = find_candidates(diagram.points, self.scale)
        self.systems = {ANGLE: LinearSystem(), RATIO: LinearSystem(is_constant=_is_log), LENGTH: LinearSystem()}
        self.steps: list[Step] = []
        self.by_fact: dict[Fact, int] = {}
        self.lines: list[tuple[frozenset[str], int]] = []
        self.circles: list[tuple[frozenset[str], int]] = []  # concyclic sets (cyclic or circle facts)
        self.centres: list[tuple[str, frozenset[str], int]] = []
        self.done: set = set()
        self.deadline = float("inf")
        for fact in diagram.problem.facts():
            if fact not in self.by_fact:
                self.add_step(fact, PREMISE)

    def __getstate__(self) -> dict:
        """Pickled without the equations cache (it doubles the size; a copy rebuilds or is handed it)."""
        return {**self.__dict__, "system_cache": {}}

    def extend(self, clause: Clause, new_points: dict[str, Point]) -> None:
        """Add an auxiliary clause to this (saturated) state: its points, its facts, new candidates.
        Sound because nothing known changes: old points keep their coordinates."""
        problem = self.diagram.problem
        extended = replace(problem, clauses=problem.clauses + (clause,), given=problem.given + 1)
        self.diagram = Diagram(extended, {**self.points, **new_points}, self.diagram.seed, self.diagram.attempts)
        self.points = self.diagram.points
        self.scale = self.diagram.scale
        self.candidates = find_candidates(self.points, self.scale)
        for fact in clause.facts():
            if fact not in self.by_fact:
                self.add_step(fact, PREMISE)

    # -- steps ---------------------------------------------------------------

    def add_step(self, fact: Fact, reason: str, premises: tuple[int, ...] = (), combination=(),
                 checks: tuple[str, ...] = ()) -> Step:
        """Record a fact, feed its equations to the algebra and keep lines and circles maximal."""
        if self.check_facts and reason != PREMISE:
            self._check_numerically(fact, reason)
        step = Step(len(self.steps), fact, reason, premises, combination, checks)
        self.steps.append(step)
        self.by_fact.setdefault(fact, step.id)
        for index, (system, expr) in enumerate(fact_equations(fact, self.points)):
            self.systems[system].add(expr, (step.id, index))
        if fact.pred == "coll":
            self._merge(self.lines, frozenset(fact.args), step.id, 2, "coll", SAME_LINE)
        elif fact.pred == "cyclic":
            self._merge(self.circles, frozenset(fact.args), step.id, 3, "cyclic", SAME_CIRCLE)
        elif fact.pred == "circle":
            self._merge_centre(fact.args[0], frozenset(fact.args[1:]), step.id)
        if fact.pred in ("cyclic", "circle"):
            self._extend_centres()
        return step

    def _check_numerically(self, fact: Fact, reason: str) -> None:
        global facts_checked
        facts_checked += 1
        if not self.holds(fact):
            raise UnsoundFactError(f"{self.diagram.problem.name}: derived {fact} ({reason}) is false in the diagram")

    def _extend_centres(self) -> None:
        """A centre of three points of a circle is the centre of all its points."""
        for centre, points, sid in self.centres:
            if len(points) < 3:
                continue
            for cyclic, cid in self.circles:
                if len(points & cyclic) >= 3 and not cyclic <= points:
                    self.add_step(Fact("circle", (centre, *sorted(points | cyclic))), CENTRE, (sid, cid))
                    return

    def _merge(self, sets: list, new: frozenset[str], step_id: int, overlap: int, pred: str, rule: str) -> None:
        for i, (existing, sid) in enumerate(sets):
            if new <= existing:
                return
            if len(new & existing) >= overlap:
                del sets[i]
                self.add_step(Fact(pred, tuple(sorted(existing | new))), rule, (sid, step_id))
                return
        sets.append((new, step_id))

    def _merge_centre(self, centre: str, new: frozenset[str], step_id: int) -> None:
        for i, (o, existing, sid) in enumerate(self.centres):
            if o == centre and new & existing:
                if new <= existing:
                    return
                del self.centres[i]
                self.add_step(Fact("circle", (centre, *sorted(existing | new))), SAME_CIRCLE, (sid, step_id))
                return
        self.centres.append((centre, new, step_id))
        if len(new) >= 3:
            self._merge(self.circles, new, step_id, 3, "cyclic", SAME_CIRCLE)

    def holds(self, fact: Fact) -> bool:
        """Whether ``fact`` is numerically true on the diagram."""
        return holds(fact, self.points, self.scale)

    def _known(self, system: str, expr: dict) -> bool:
        return self.systems[system].implies(expr)

    def _view(self, fact: Fact) -> tuple[list, frozenset[int] | None]:
        """The fact's equations and the first of its views whose equations all follow (None: no view does)."""
        cached = self.system_cache.get(fact)
        if cached is None:  # the points of a fact never move, so neither do its equations
            cached = self.system_cache[fact] = fact_system(fact, self.points, order=False)
        equations, views = cached
        known: dict[int, bool] = {}
        for view in views:
            if all(known.setdefault(i, self._known(*equations[i])) for i in view):
                return equations, view
        return equations, None

    def implied(self, fact: Fact) -> bool:
        """Whether ``fact`` follows from what is known: every equation of one of its views (a fact about
        the configuration, such as ``sameclock``, is read off the diagram)."""
        if fact.pred in DIAGRAM_PREDICATES:
            return self.holds(fact)
        return self._view(fact)[1] is not None

    def known_everywhere(self, fact: Fact) -> bool:
        """Whether every equation of ``fact``, in every table, already follows."""
        return all(self._known(system, expr) for system, expr in fact_equations(fact, self.points))

    def prove(self, fact: Fact) -> int:
        """The id of a step stating ``fact``: an existing one, or a new algebra step (which then feeds the
        fact's equations of its other views to their tables)."""
        existing = self.by_fact.get(fact)
        if existing is not None:
            return existing
        if fact.pred in DIAGRAM_PREDICATES:
            return self.add_step(fact, DIAGRAM).id
        equations, view = self._view(fact)
        if view is None:
            raise ValueError(f"{fact} does not follow from what is known")
        combination, premises = [], set()
        for index, (system, expr) in enumerate(fact_equations(fact, self.points)):
            if index not in view:
                combination.append(None)
                continue
            cert = self.systems[system].certificate(expr)
            terms = tuple(sorted((sid, idx, c) for (sid, idx), c in cert.items()))
            combination.append(terms)
            premises.update(sid for sid, _, _ in terms)
        return self.add_step(fact, ALGEBRA, tuple(sorted(premises)), tuple(combination)).id

    def exchange(self, fact: Fact) -> bool:
        """Record ``fact`` if one table knows it and another does not yet (a cong found by lengths, say)."""
        if fact in self.by_fact or not self.implied(fact) or self.known_everywhere(fact):
            return False
        self.prove(fact)
        return True

    def derive(self, fact: Fact, rule: str, premise_facts: list[Fact], checks: tuple[str, ...] = (),
               force: bool = False) -> bool:
        """Add ``fact`` by ``rule`` from ``premise_facts`` (all implied) unless its equations are
        already known; ``force`` records it anyway (a new line or circle is worth knowing as such)."""
        if not force and self.implied(fact):
            return False
        premises = tuple(self.prove(f) for f in premise_facts)
        self.add_step(fact, rule, premises, checks=checks)
        return True

    # -- fast equality tests on reduced forms --------------------------------

    def angle_key(self, a: str, b: str, c: str, d: str) -> tuple[int, Fraction]:
        """Key of d(AB) - d(CD) modulo pi."""
        system = self.systems[ANGLE]
        h1, c1 = system.key(pair(a, b))
        h2, c2 = system.key(pair(c, d))
        return ((h1 - h2) % HASH_PRIME, (c1 - c2) % 1)

    def _ratio_key(self, a: str, b: str, c: str, d: str) -> int:
        system = self.systems[RATIO]
        return (system.key(pair(a, b))[0] - system.key(pair(c, d))[0]) % HASH_PRIME

    def same_angle(self, x: tuple[str, str, str, str], y: tuple[str, str, str, str]) -> bool:
        """∠(x0x1, x2x3) = ∠(y0y1, y2y3) follows from what is known."""
        return self.angle_key(*x) == self.angle_key(*y) and self.implied(Fact("eqangle", (*x, *y)))

    def same_ratio(self, x: tuple[str, str, str, str], y: tuple[str, str, str, str]) -> bool:
        """x0x1 : x2x3 = y0y1 : y2y3 follows from what is known."""
        return self._ratio_key(*x) == self._ratio_key(*y) and self.implied(Fact("eqratio", (*x, *y)))

    def same_direction(self, a: str, b: str, c: str, d: str) -> bool:
        system = self.systems[ANGLE]
        (h1, c1), (h2, c2) = system.key(pair(a, b)), system.key(pair(c, d))
        return h1 == h2 and (c1 - c2) % 1 == 0 and self.implied(Fact("para", (a, b, c, d)))

    def same_length(self, a: str, b: str, c: str, d: str) -> bool:
        equal = any(self.systems[s].key(pair(a, b)) == self.systems[s].key(pair(c, d)) for s in (RATIO, LENGTH))
        return equal and self.implied(Fact("cong", (a, b, c, d)))

    def settle(self, goals: tuple[Fact, ...]) -> tuple[Fact, ...]:
        """The facts that settle all ``goals`` (none if one is not settled): a goal that follows, or for a
        'find x' goal, the value the algebra reduces its quantity to (``ddar/compute.py``)."""
        out = []
        for goal in goals:
            fact = computed_value(goal, self.systems) if goal.pred in COMPUTE_GOALS else \
                goal if self.implied(goal) else None
            if fact is None:
                return ()
            out.append(fact)
        return tuple(out)

    # -- the fixed point ---------------------------------------------------------

    def late(self) -> bool:
        return time.perf_counter() > self.deadline

    def run(self, goals: Fact | tuple[Fact, ...] | None, deadline: float) -> Result:
        """Alternate the rules and the algebra until the goals follow, nothing new appears or the deadline passes."""
        goals = (goals,) if isinstance(goals, Fact) else tuple(goals or ())
        start = time.perf_counter()
        self.deadline = deadline
        rounds = 0
        while True:
            settled = self.settle(goals)
            if settled:
                goal_steps = tuple(self.prove(f) for f in settled)
                return Result("proved", self.steps, max(goal_steps), rounds, time.perf_counter() - start, goal_steps)
            if time.perf_counter() > deadline:
                return Result("timeout", self.steps, None, rounds, time.perf_counter() - start)
            rounds += 1
            added = 0
            for rule in RULES:
                added += rule(self)
                if time.perf_counter() > deadline:
                    break
            if not added:  # a fixed point, unless the deadline cut the rules short
                status = "timeout" if time.perf_counter() > deadline else "saturated"
                return Result(status, self.steps, None, rounds, time.perf_counter() - start)

