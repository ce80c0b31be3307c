"""An independent proof checker.

It trusts nothing the engine computed: every premise must be a construction fact of the
problem or an earlier step; every rule step must re-match its rule (side conditions read
off the diagram the proof was found on, after checking that its coordinates satisfy every
construction fact); every algebra step's combination is recomputed exactly; the last step
must be the goal (for a 'find x' goal, a fact stating a value of its quantity, checked like
any other step); and all stated facts must hold numerically in a fresh diagram drawn
with another seed (one of a few, as a fresh diagram may take another branch).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np

from .compute import answers
from .diagram import CHECK_SECONDS, Diagram, build_diagram, misplaced
from .engine import ALGEBRA, PREMISE, Step
from .equations import diagram_dependence, fact_equations, fact_system, is_identity
from .errors import GeoproverError
from .facts import PREDICATES
from .linear import add_scaled
from .problem import Clause, Problem
from .proof import Proof, step_from_json
from .rules import check_rule, side_conditions

FRESH_DIAGRAMS = 8
FRESH_SECONDS = 4.0  # drawing time allowed for all fresh diagrams together (at least one gets CHECK_SECONDS)


@dataclass
class CheckResult:
    errors: list[str] = field(default_factory=list)
    dependences: list[str] = field(default_factory=list)  # what the proof takes from its diagram, in words

    @property
    def ok(self) -> bool:
        return not self.errors


def check_proof(problem: Problem, proof: Proof | dict) -> CheckResult:
    """Check ``proof`` (a Proof or its JSON form) of ``problem``; the result lists every error found."""
    result = CheckResult()
    try:
        data = proof.to_json() if isinstance(proof, Proof) else proof
        steps = [step_from_json(s) for s in data["steps"]]
        seed = int(data["seed"])
        points = {name: np.array([float(x), float(y)]) for name, (x, y) in data.get("points", {}).items()}
    except (KeyError, ValueError, TypeError) as e:
        result.errors.append(f"malformed proof: {e!r}")
        return result
    if not steps:
        result.errors.append("the proof has no steps")
        return result
    if not problem.goals:
        result.errors.append("the statement has no goal: a proof must end with the goal it proves")
        return result
    try:
        diagram = _proof_diagram(problem, points, seed)
    except GeoproverError as e:
        result.errors.append(f"no diagram: {e}")
        return result
    premises = set(problem.facts())
    by_id: dict[int, Step] = {}
    for step in steps:
        error = _check_step(step, by_id, premises, diagram)
        if error:
            result.errors.append(f"step ({step.id}) {step.fact}: {error}")
        by_id[step.id] = step
    result.dependences = _dependences(steps, by_id, diagram)
    if not result.errors:
        result.errors += _check_fresh(problem, [s for s in steps if not _malformed(s.fact)], diagram)
    stated = {s.fact for s in steps}
    result.errors += [f"no step states the goal {goal}" for goal in problem.goals
                      if not any(answers(goal, fact) for fact in stated)]
    if not any(answers(goal, steps[-1].fact) for goal in problem.goals):
        goals = " or ".join(str(g) for g in problem.goals)
        result.errors.append(f"the last step ({steps[-1].id}) states {steps[-1].fact}, not the goal {goals}")
    return result


def bind_to_problem(proved: Problem, added: list[str], problem: Problem) -> list[str]:
    """What keeps a proof of ``proved`` (``problem`` plus the clauses ``added`` by a search) from being a proof of
    ``problem``: another name, other goals, other clauses, or clauses beyond the problem's it does not list."""
    errors = []
    if proved.name != problem.name:
        errors.append(f"the proof is about {proved.name!r}, not {problem.name!r}")
    if proved.goals != problem.goals:
        errors.append(f"the proof's goal {'; '.join(map(str, proved.goals)) or '(none)'} is not the problem's goal "
                      f"{'; '.join(map(str, problem.goals))}")
    if proved.clauses[:len(problem.clauses)] != problem.clauses:
        errors.append("the proof's statement does not begin with the problem's clauses")
    extra = [str(c) for c in proved.clauses[len(problem.clauses):] if str(c) not in added]
    if extra:
        errors.append(f"the proof's statement adds {extra[0]!r}, which it does not list as a construction")
    return errors


def _dependences(steps: list[Step], by_id: dict[int, Step], diagram: Diagram) -> list[str]:
    """What the steps take from the proof's diagram, recomputed from the steps (never read from the file)."""
    out: list[str] = []
    for step in steps:
        if step.reason == ALGEBRA:
            for terms in step.combination:
                for sid, index, c in terms or ():
                    if sid in by_id:
                        try:
                            out.append(diagram_dependence(by_id[sid].fact, index, Fraction(c), diagram.points))
                        except (ValueError, IndexError, KeyError):
                            continue
        elif step.reason != PREMISE:
            out += side_conditions(step.reason, step.fact)
    return list(dict.fromkeys(d for d in out if d))


def _check_fresh(problem: Problem, steps: list[Step], diagram: Diagram) -> list[str]:
    """In fresh diagrams of the statement drawn from scratch (every pin dropped, free points re-sampled, the
    goal not required), every step whose premises and recorded diagram checks hold there must hold there too.

    A rule step's checks are its rule's side conditions, re-read on the fresh diagram; an algebra step's are
    the equations it cites exactly as the proof's diagram gave them (which multiple of 180° an angle
    equation is, the order of points on a line). A fact true by coincidence in the proof's diagram, or
    true only on another branch than the one its checks name, fails here."""
    statement = replace(problem, clauses=tuple(Clause(c.points, c.constructions) for c in problem.clauses),
                        goal=None, goals=())
    by_id = {s.id: s for s in steps}
    failed: dict[int, str] = {}
    built = 0
    first = int.from_bytes(hashlib.sha256(problem.statement().encode()).digest()[:4], "big")
    deadline = time.monotonic() + FRESH_SECONDS
    for fresh_seed in range(first, first + FRESH_DIAGRAMS):  # seeds the proof file cannot choose
        left = deadline - time.monotonic()
        if left <= (0 if built else -CHECK_SECONDS):
            break
        try:
            fresh = build_diagram(statement, fresh_seed, max_seconds=max(left, CHECK_SECONDS if not built else 0.0))
        except GeoproverError:
            continue
        built += 1
        for step in steps:
            if step.id not in failed and _applies(step, by_id, diagram, fresh) and not fresh.holds(step.fact):
                failed[step.id] = (f"step ({step.id}) {step.fact}: false in a fresh diagram (seed {fresh_seed}) "
                                   "where its premises and diagram checks hold")
    if not built:
        return ["no fresh diagram of the statement could be drawn"]
    return list(failed.values())


def _applies(step: Step, by_id: dict[int, Step], diagram: Diagram, fresh: Diagram) -> bool:
    """Whether the step's premises and recorded diagram checks hold in ``fresh``."""
    if step.reason == PREMISE or any(p not in fresh.points for p in step.fact.points):
        return False
    cited = [by_id[p].fact for p in step.premises if p in by_id]
    if len(cited) != len(step.premises) or not all(fresh.holds(f) for f in cited):
        return False
    if step.reason == ALGEBRA:
        for terms in step.combination:
            for sid, index, _ in terms or ():
                try:
                    if (fact_equations(by_id[sid].fact, fresh.points)[index]
                            != fact_equations(by_id[sid].fact, diagram.points)[index]):
                        return False
                except (ValueError, IndexError):
                    return False
        return True
    return check_rule(step.reason, step.fact, cited, fresh.points, fresh.scale) is None


def _proof_diagram(problem: Problem, points: dict, seed: int) -> Diagram:
    """The diagram the proof was found on, if it gives one and it fits the problem; else the seed's."""
    if not points:
        return build_diagram(problem, seed, max_seconds=CHECK_SECONDS)
    missing = [p for p in problem.points if p not in points]
    if missing:
        raise GeoproverError(f"the proof's diagram lacks point {missing[0]}")
    diagram = Diagram(problem, {p: points[p] for p in problem.points}, seed, 0)
    failed = diagram.failed_facts()
    failed += [f for c in problem.clauses for k in c.constructions for f in k.preconditions() if not diagram.holds(f)]
    if failed:
        raise GeoproverError(f"the proof's diagram does not satisfy {failed[0]}")
    wrong = next(filter(None, (misplaced(c, diagram.points) for c in problem.clauses)), None)
    if wrong:
        raise GeoproverError(f"the proof's diagram is not one its constructions draw: {wrong}")
    return diagram


def _malformed(fact) -> str | None:
    """What is wrong with a fact's shape: unknown predicate, wrong arity, too few distinct points."""
    info = PREDICATES.get(fact.pred)
    if info is None:
        return f"unknown predicate {fact.pred}"
    if info.points is None:
        distinct = len(set(fact.args[1:] if fact.pred == "circle" else fact.args))
        need = info.min_points - (1 if fact.pred == "circle" else 0)
        if distinct < need:
            return f"{fact.pred} needs {need} distinct points"
    elif len(fact.args) != info.points + (1 if info.constant else 0):
        return f"{fact.pred} takes {info.points} points"
    return None


def _check_step(step: Step, earlier: dict[int, Step], premises: set, diagram) -> str | None:
    if step.id in earlier:
        return "step number used twice"
    shape = _malformed(step.fact)
    if shape:
        return shape
    if any(p not in diagram.points for p in step.fact.points):
        return "not a fact about the problem's points"
    if not diagram.holds(step.fact):
        return "false in the proof's own diagram"
    later = [p for p in step.premises if p not in earlier]
    if later:
        return f"premise ({later[0]}) is not an earlier step"
    if step.reason == PREMISE:
        if step.fact not in premises:
            return "not a construction fact of the problem"
    elif step.reason == ALGEBRA:
        error = _check_algebra(step, earlier, diagram)
        if error:
            return error
    else:
        cited = [earlier[p].fact for p in step.premises]
        error = check_rule(step.reason, step.fact, cited, diagram.points, diagram.scale)
        if error:
            return f"{step.reason}: {error}"
    return None


def _check_algebra(step: Step, earlier: dict[int, Step], diagram) -> str | None:
    try:
        targets, views = fact_system(step.fact, diagram.points)
    except ValueError as e:
        return str(e)
    if not targets:
        return None if is_identity(step.fact) else "algebra can only prove a fact that is a linear equation"
    if len(step.combination) != len(targets):
        return f"{len(targets)} equations but {len(step.combination)} combinations"
    derived = {i for i, terms in enumerate(step.combination) if terms is not None}
    if not any(view <= derived for view in views):
        return "the combinations derive no complete view of the fact (all its angle equations, with its ratio " \
               "or its length equations)"
    for (system, target), terms in zip(targets, step.combination):
        if terms is None:
            continue
        total: dict = {}
        for sid, index, coefficient in terms:
            if sid not in step.premises:
                return f"combination cites ({sid}), which is not among the premises"
            try:
                equations = fact_equations(earlier[sid].fact, diagram.points)
            except (ValueError, KeyError, IndexError) as e:
                return f"cited step ({sid}) has no equations on the proof's diagram ({type(e).__name__}: {e})"
            if not 0 <= index < len(equations) or equations[index][0] != system:
                return f"combination cites equation {index} of ({sid}), which has no such {system} equation"
            add_scaled(total, Fraction(coefficient), equations[index][1])
        add_scaled(total, Fraction(-1), target)
        if total:
            return f"the {system} combination does not add up (residue {_show(total)})"
    return None


def _show(expr: dict) -> str:
    return " + ".join(f"{c}*{v if v else 1}" for v, c in sorted(expr.items(), key=repr)[:4])
