"""Theorems of a sample: close it prefix by prefix (``synth/aux.py``), then turn derived, non-trivial
facts into standalone examples: plain ones proved from their own statement, and aux ones whose
auxiliary constructions are checked as needed and minimal."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from ddar import Clause, Construction, Fact, Problem, parse_problem
from ddar.diagram import Diagram
from ddar.engine import PREMISE
from ddar.numeric import distinct_points, find_candidates
from ddar.proof import traceback

from .aux import AuxTheorem, check_needed, cone, minimize, prefix_closures, premise_clauses
from .format import training_text
from .sampler import Sample, point_name
from .validate import holds_rebuilt, validate

GOAL_PREDICATES = ("coll", "cyclic", "cong", "para", "perp", "eqangle", "midp")
ROUND = 9  # decimals kept when bucketing numeric values
PLAIN_TRACED = 4  # proofs traced per plain example wanted, per goal predicate


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
    aux_check: str = "none"  # "needed": aux checked as needed (see synth/aux.py); "none": no aux

    def to_json(self) -> dict:
        return {"problem": self.problem, "aux": self.aux, "goal": self.goal, "proof": self.proof,
                "text": self.text, "seed": self.seed, "key": self.key, "aux_check": self.aux_check}


@dataclass
class SampleReport:
    examples: list[Example]
    candidates: int = 0
    aux_candidates: int = 0
    aux_examples: int = 0
    trials: int = 0
    dropped: Counter = field(default_factory=Counter)


# -- numerically true facts worth proving ------------------------------------------------


def _bucket(items, key):
    buckets: dict = {}
    for item in items:
        buckets.setdefault(key(item), []).append(item)
    return [group for group in buckets.values() if len(group) > 1]


def numeric_facts(diagram: Diagram) -> list[Fact]:
    """Facts of the goal predicates that hold numerically, in a deterministic order."""
    points, scale = diagram.points, diagram.scale
    names = distinct_points(points, scale)
    cands = find_candidates(points, scale)
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


def _rename_clause(clause: Clause, names: dict[str, str]) -> Clause:
    constructions = tuple(Construction(c.name, tuple(names.get(a, a) for a in c.args)) for c in clause.constructions)
    return Clause(tuple(names[p] for p in clause.points), constructions)


def _rename_fact(fact: Fact, names: dict[str, str]) -> Fact:
    return Fact(fact.pred, tuple(names.get(a, a) for a in fact.args))


def make_example(problem: Problem, goal: Fact, statement: set[int], aux: Iterable[int], proof_steps, seed: list[int],
                 aux_check: str = "none") -> Example:
    """The standalone example of ``goal``: the ``statement`` clauses, the ``aux`` clauses and the derived
    steps of ``proof_steps`` (a traced-back proof in ``problem``), points renamed canonically."""
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
        aux_check=aux_check,
    )


def _derived(proof_steps) -> int:
    return sum(s.reason != PREMISE for s in proof_steps)


def aux_example(theorem: AuxTheorem, budget: float, seed: list[int], min_steps: int,
                 dropped: Counter) -> Example | None:
    """A checked example of an aux theorem: minimal aux, statement alone saturated without the goal,
    proved with the aux; a statement that proves its goal alone gives a plain example instead."""
    problem, goal = theorem.problem, theorem.goal
    statement = cone(problem, goal.points)
    aux = cone(problem, [p for i in premise_clauses(problem, theorem.proof) for p in problem.clauses[i].points])
    aux -= statement
    if not aux:
        dropped["aux theorem proved by its statement"] += 1
        return None
    minimal = minimize(theorem, statement, aux, budget)
    if minimal is None:
        dropped["aux minimization over the engine budget or unstable"] += 1
        return None
    kept, proof = minimal
    if _derived(proof) < min_steps:
        dropped["short proof"] += 1
        return None
    example = make_example(problem, goal, statement, kept, proof, seed, "needed")
    check = check_needed(example.problem, budget)
    if check.status == "proved":
        dropped["aux not needed: plain example"] += 1
        plain = parse_problem("statement", example.problem)
        if check.proof is None or _derived(check.proof) < min_steps:
            return None
        return make_example(plain, plain.goal, set(range(len(plain.clauses))), [], check.proof, seed)
    if check.status != "saturated" or not kept:
        dropped[f"statement alone: {check.status if kept else 'proved only on the sample'}"] += 1
        return None
    if not validate(example.to_json(), timeout=budget).proved:
        dropped["not reproved with its aux"] += 1
        return None
    return example


def extract(sample: Sample, budget: float, seed: list[int], per_predicate: int = 3, min_steps: int = 2,
            rng: np.random.Generator | None = None, weights: dict[str, float] | None = None, aux_trials: int = 0,
            aux_per_trial: int = 2, aux_per_sample: int = 6, aux_plain_share: float = 1.0) -> SampleReport:
    """Close the sample prefix by prefix; return its best plain theorems and its checked aux theorems."""
    report = SampleReport([])
    premises = {canonical_fact(f) for f in sample.problem.facts()}
    facts: dict[str, Fact] = {}
    for fact in numeric_facts(sample.diagram):
        facts.setdefault(canonical_fact(fact), fact)
    for text in premises:
        facts.pop(text, None)
    rng = rng if rng is not None else np.random.default_rng(seed)
    prefixes = prefix_closures(sample, facts, budget, rng, weights or {}, aux_trials, aux_per_trial, aux_plain_share)
    report.dropped.update(prefixes.dropped)
    report.trials = prefixes.trials
    engine = prefixes.engine
    if engine is None:  # a partial closure would make the output depend on the machine's speed
        return report
    keys: set[str] = set()
    for theorem in prefixes.theorems:
        if report.aux_examples >= aux_per_sample:
            break
        report.aux_candidates += 1
        example = aux_example(theorem, budget, seed, min_steps, report.dropped)
        if example is not None and example.key not in keys:
            keys.add(example.key)
            report.examples.append(example)
            report.aux_examples += bool(example.aux)
    found: dict[str, list[tuple[int, str, Example]]] = {p: [] for p in GOAL_PREDICATES}
    problem = sample.problem
    implied = [f for f in facts.values() if engine.implied(f)]
    report.candidates = len(implied)
    traced: Counter = Counter()
    for index in rng.permutation(len(implied)):  # trace a random few per predicate, keep the longest
        fact = implied[int(index)]
        if traced[fact.pred] >= PLAIN_TRACED * per_predicate:
            continue
        traced[fact.pred] += 1
        proof = traceback(problem, 0, engine.steps, engine.prove(fact)).steps
        derived = _derived(proof)
        if derived < min_steps:
            report.dropped["short proof"] += 1
            continue
        statement = cone(problem, fact.points)
        if not premise_clauses(problem, proof) <= statement:
            report.dropped["proof leaves its statement"] += 1
            continue
        example = make_example(problem, fact, statement, [], proof, seed)
        found[fact.pred].append((-derived, example.key, example))
    for pred in GOAL_PREDICATES:  # per predicate: longer proofs first
        for *_, example in sorted(found[pred], key=lambda t: t[:2])[:per_predicate]:
            if example.key in keys:
                continue
            if holds_rebuilt(example.to_json()):
                keys.add(example.key)
                report.examples.append(example)
            else:
                report.dropped["does not rebuild with its proof true"] += 1
    return report
