"""Theorems of a sample: run the engine to closure, then turn each derived, non-trivial
fact into a standalone example with its minimal premises, auxiliary constructions and proof."""

from __future__ import annotations

import hashlib
import math
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from ddar import Clause, Construction, Fact, Problem
from ddar.engine import PREMISE, Engine
from ddar.numeric import distinct_points
from ddar.proof import traceback

from .format import training_text
from .sampler import Sample, point_name
from .validate import validate

GOAL_PREDICATES = ("coll", "cyclic", "cong", "para", "perp", "eqangle", "midp")
ROUND = 9  # decimals kept when bucketing numeric values


@dataclass
class Example:
    """One theorem as a standalone problem: premises, auxiliary clauses, goal, proof and training text."""

    problem: str
    aux: list[str]
    goal: str
    proof: list[str]
    text: str
    key: str
    seed: list[int] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"problem": self.problem, "aux": self.aux, "goal": self.goal, "proof": self.proof,
                "text": self.text, "seed": self.seed, "key": self.key}


@dataclass
class SampleReport:
    examples: list[Example]
    candidates: int = 0
    dropped: Counter = field(default_factory=Counter)


# -- numerically true facts worth proving ------------------------------------------------


def _bucket(items, key):
    buckets: dict = {}
    for item in items:
        buckets.setdefault(key(item), []).append(item)
    return [group for group in buckets.values() if len(group) > 1]


def numeric_facts(engine: Engine) -> list[Fact]:
    """Facts of the goal predicates that hold numerically, in a deterministic order."""
    points, scale = engine.points, engine.diagram.scale
    names = distinct_points(points, scale)
    cands = engine.candidates
    facts: list[Fact] = []
    facts += [Fact("coll", t) for line in cands.lines for t in combinations(line, 3)]
    facts += [Fact("cyclic", q) for on, _ in cands.circles if len(on) >= 4 for q in combinations(on, 4)]
    facts += [Fact("midp", t) for t in cands.midpoints]
    segments = list(combinations(names, 2))
    length = {s: math.dist(points[s[0]], points[s[1]]) / scale for s in segments}
    for group in _bucket(segments, lambda s: round(length[s], ROUND)):
        facts += [Fact("cong", (*s, *t)) for s, t in combinations(group, 2)]
    direction = {s: math.atan2(*(points[s[1]] - points[s[0]])[::-1]) % math.pi for s in segments}
    by_direction = _bucket(segments, lambda s: round(direction[s], ROUND) % round(math.pi, ROUND))
    for group in by_direction:
        facts += [Fact("para", (*s, *t)) for s, t in combinations(group, 2) if not set(s) & set(t)]
    index = {}
    for s in segments:
        index.setdefault(round(direction[s], ROUND - 2), []).append(s)
    for d, group in sorted(index.items()):
        other = index.get(round((d + math.pi / 2) % math.pi, ROUND - 2), [])
        if d < math.pi / 2:
            facts += [Fact("perp", (*s, *t)) for s in group for t in other]
    angles = [(b, a, c) for b in names for a, c in combinations([n for n in names if n != b], 2)]
    value = {t: (direction[tuple(sorted((t[0], t[2])))] - direction[tuple(sorted((t[0], t[1])))]) % math.pi
             for t in angles}
    for group in _bucket([t for t in angles if 1e-6 < value[t] < math.pi - 1e-6], lambda t: round(value[t], ROUND)):
        facts += [Fact("eqangle", (b, a, b, c, e, d, e, f)) for (b, a, c), (e, d, f) in combinations(group, 2)
                  if b != e]
    return facts


# -- canonical forms ----------------------------------------------------------------------


def _sorted_pairs(args: tuple[str, ...]) -> list[tuple[str, str]]:
    return [tuple(sorted(args[i:i + 2])) for i in range(0, len(args), 2)]


def canonical_fact(fact: Fact) -> str:
    """One text for all symmetric restatements of a fact."""
    p, a = fact.pred, fact.args
    if p in ("coll", "cyclic"):
        return f"{p} {' '.join(sorted(set(a)))}"
    if p in ("para", "perp", "cong"):
        pairs = sorted(_sorted_pairs(a))
        return f"{p} {' '.join(x for pair_ in pairs for x in pair_)}"
    if p == "midp":
        return f"midp {a[0]} {' '.join(sorted(a[1:]))}"
    if p in ("eqangle", "eqratio"):
        ab, cd, ef, gh = _sorted_pairs(a)
        forms = [(ab, cd, ef, gh), (ef, gh, ab, cd), (cd, ab, gh, ef), (gh, ef, cd, ab)]
        if p == "eqangle":
            forms += [(ab, ef, cd, gh), (cd, gh, ab, ef), (ef, ab, gh, cd), (gh, cd, ef, ab)]
        best = min(forms)
        return f"{p} {' '.join(x for pair_ in best for x in pair_)}"
    return str(fact)


# -- from a derived fact to an example ------------------------------------------------------


def _clauses_of(problem: Problem, points) -> set[int]:
    """Indices of the clauses that build ``points`` and everything they are built from."""
    needed = problem.built_from(points)
    return {i for i, c in enumerate(problem.clauses) if needed & set(c.points)}


def _rename_clause(clause: Clause, names: dict[str, str]) -> Clause:
    constructions = tuple(Construction(c.name, tuple(names.get(a, a) for a in c.args)) for c in clause.constructions)
    return Clause(tuple(names[p] for p in clause.points), constructions)


def _rename_fact(fact: Fact, names: dict[str, str]) -> Fact:
    return Fact(fact.pred, tuple(names.get(a, a) for a in fact.args))


def make_example(problem: Problem, goal: Fact, proof_steps, seed: list[int]) -> Example:
    """The standalone example of ``goal`` proved by ``proof_steps`` (a traced-back proof) within ``problem``."""
    clause_of_fact: dict[Fact, int] = {}
    for i, clause in enumerate(problem.clauses):
        for f in clause.facts():
            clause_of_fact.setdefault(f, i)
    used = {clause_of_fact[s.fact] for s in proof_steps if s.reason == PREMISE}
    statement = _clauses_of(problem, goal.points)
    aux = _clauses_of(problem, [p for i in used for p in problem.clauses[i].points]) - statement
    names: dict[str, str] = {}
    for i in sorted(statement) + sorted(aux):
        for p in problem.clauses[i].points:
            names[p] = point_name(len(names))
    premises = [_rename_clause(problem.clauses[i], names) for i in sorted(statement)]
    aux_clauses = [_rename_clause(problem.clauses[i], names) for i in sorted(aux)]
    new_goal = _rename_fact(goal, names)
    derived = [s for s in proof_steps if s.reason != PREMISE]
    proof_facts = [_rename_fact(s.fact, names) for s in derived]
    statement_text = "; ".join(str(c) for c in premises) + f" ? {new_goal}"
    key_text = " ; ".join(sorted(str(c) for c in premises)) + " ? " + canonical_fact(new_goal) + " | " + \
        " ; ".join(sorted(str(c) for c in aux_clauses))
    return Example(
        problem=statement_text,
        aux=[str(c) for c in aux_clauses],
        goal=str(new_goal),
        proof=[f"{f} [{s.reason}]" for f, s in zip(proof_facts, derived)],
        text=training_text(premises, new_goal, aux_clauses, proof_facts),
        key=hashlib.sha1(key_text.encode()).hexdigest(),
        seed=seed,
    )


def extract(sample: Sample, budget: float, seed: list[int], per_predicate: int = 3, min_steps: int = 2) -> SampleReport:
    """Run the engine to closure on the sample and return its best theorems as examples."""
    engine = Engine(sample.diagram)
    report = SampleReport([])
    if engine.run(None, time.perf_counter() + budget).status == "timeout":
        # A partial closure would make the output depend on the machine's speed: drop the sample.
        report.dropped["sample over the engine budget"] += 1
        return report
    premises = {canonical_fact(f) for f in sample.problem.facts()}
    seen: set[str] = set()
    found: dict[str, list[tuple[int, str, Example]]] = {p: [] for p in GOAL_PREDICATES}
    for fact in numeric_facts(engine):
        canonical = canonical_fact(fact)
        if canonical in seen or canonical in premises:
            continue
        seen.add(canonical)
        if not engine.implied(fact):
            continue
        report.candidates += 1
        proof = traceback(sample.problem, 0, engine.steps, engine.prove(fact))
        derived = sum(s.reason != PREMISE for s in proof.steps)
        if derived < min_steps:
            report.dropped["short proof"] += 1
            continue
        example = make_example(sample.problem, fact, proof.steps, seed)
        found[fact.pred].append((not example.aux, -derived, example.key, example))
    for pred in GOAL_PREDICATES:  # per predicate: those with auxiliary constructions first, then longer proofs
        for *_, example in sorted(found[pred], key=lambda t: t[:3])[:per_predicate]:
            check = validate(example.to_json(), timeout=budget)
            if check.proved:
                report.examples.append(example)
            else:
                report.dropped["not reproved standalone" if check.rebuilt else "does not rebuild"] += 1
    return report
