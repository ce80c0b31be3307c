"""Proofs: traceback from the goal to the construction facts, readable text and JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction

from .compute import answer_lines
from .engine import ALGEBRA, PREMISE, Step
from .equations import ANGLE, LENGTH, RATIO, equation_tables
from .facts import LINEAR_EQUATIONS, Fact, linear_terms
from .problem import Problem, parse_problem

FORMAT = "geoprover-proof/1"


@dataclass
class Proof:
    """A proof of ``problem``'s goal: steps numbered from 1, each citing earlier steps only."""

    problem: Problem
    seed: int
    steps: list[Step]
    auxiliary_points: list[str] = field(default_factory=list)
    points: dict[str, tuple[float, float]] = field(default_factory=dict)  # the diagram the proof was found on
    constructions: list[str] = field(default_factory=list)  # clauses a search added to the problem

    @property
    def goal(self) -> Fact:
        return self.steps[-1].fact

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "problem": self.problem.name,
            "statement": self.problem.statement(),
            "seed": self.seed,
            "goal": str(self.goal),
            "constructions": self.constructions,
            "auxiliary_points": self.auxiliary_points,
            "points": {name: list(xy) for name, xy in self.points.items()},
            "steps": [_step_json(s) for s in self.steps],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Proof":
        """The proof of a file read by ``ddar.proof_reader.read_proof`` (the inverse of ``to_json``)."""
        return cls(parse_problem(data["problem"], data["statement"]), data["seed"],
                   [step_from_json(s) for s in data["steps"]], list(data["auxiliary_points"]),
                   {p: (xy[0], xy[1]) for p, xy in data["points"].items()}, list(data["constructions"]))

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=1)

    def text(self) -> str:
        return render_text(self)


def _step_json(step: Step) -> dict:
    out: dict = {"id": step.id, "fact": str(step.fact), "reason": step.reason, "premises": list(step.premises)}
    if step.combination:
        out["combination"] = [None if terms is None else [[sid, idx, str(c)] for sid, idx, c in terms]
                              for terms in step.combination]
    if step.checks:
        out["checks"] = list(step.checks)
    return out


def step_from_json(data: dict) -> Step:
    """A step read back from its JSON form (raises KeyError/ValueError on malformed input)."""
    pred, *args = data["fact"].split()
    combination = tuple(None if terms is None else tuple((int(s), int(i), Fraction(c)) for s, i, c in terms)
                        for terms in data.get("combination", []))
    return Step(int(data["id"]), Fact(pred, tuple(args)), data["reason"], tuple(int(p) for p in data["premises"]),
                combination, tuple(data.get("checks", [])))


def traceback(problem: Problem, seed: int, steps: list[Step], goal_steps: int | tuple[int, ...],
              points: dict | None = None) -> Proof:
    """The steps the goals need, in order, renumbered from 1 (so a goal comes last)."""
    needed, stack = set(), [goal_steps] if isinstance(goal_steps, int) else list(goal_steps)
    while stack:
        sid = stack.pop()
        if sid in needed:
            continue
        needed.add(sid)
        stack.extend(steps[sid].premises)
    order = sorted(needed)
    number = {old: new for new, old in enumerate(order, 1)}
    renumbered = []
    for old in order:
        s = steps[old]
        combination = tuple(None if terms is None else tuple((number[sid], idx, c) for sid, idx, c in terms)
                            for terms in s.combination)
        renumbered.append(Step(number[old], s.fact, s.reason, tuple(number[p] for p in s.premises),
                               combination, s.checks))
    coordinates = {name: (float(p[0]), float(p[1])) for name, p in (points or {}).items()}
    return Proof(problem, seed, renumbered, auxiliary_points(problem, renumbered), coordinates)


def auxiliary_points(problem: Problem, steps: list[Step]) -> list[str]:
    """Points the proof uses that the goal's statement does not need (goal points and what they are built from)."""
    needed = problem.built_from({p for goal in problem.goals for p in goal.points})
    used = {p for s in steps for p in s.fact.points}
    return [p for p in problem.points if p in used and p not in needed]


# -- readable text -------------------------------------------------------------------


def _p(name: str) -> str:
    return name.upper()


def _seg(a: str, b: str) -> str:
    return _p(a) + _p(b)


def _angle(a: str, b: str, c: str, d: str) -> str:
    if a == c:
        return f"∠{_p(b)}{_p(a)}{_p(d)}"
    return f"∠({_seg(a, b)},{_seg(c, d)})"


def describe(fact: Fact) -> str:
    """A fact in conventional notation."""
    p, a = fact.pred, fact.args
    if p == "coll":
        return ", ".join(map(_p, a)) + " are collinear"
    if p == "cyclic":
        return ", ".join(map(_p, a)) + " are concyclic"
    if p == "para":
        return f"{_seg(*a[:2])} ∥ {_seg(*a[2:])}"
    if p == "perp":
        return f"{_seg(*a[:2])} ⟂ {_seg(*a[2:])}"
    if p == "cong":
        return f"{_seg(*a[:2])} = {_seg(*a[2:])}"
    if p in ("eqangle", "eqangle6"):
        return f"{_angle(*a[:4])} = {_angle(*a[4:])}"
    if p in ("eqratio", "eqratio6"):
        return f"{_seg(*a[:2])}:{_seg(*a[2:4])} = {_seg(*a[4:6])}:{_seg(*a[6:])}"
    if p == "aconst":
        return f"{_angle(*a[:4])} = {a[4].replace('pi', 'π')}"
    if p == "rconst":
        return f"{_seg(*a[:2])}:{_seg(*a[2:4])} = {a[4].replace('/', ':')}"
    if p in LINEAR_EQUATIONS:
        terms, constant = linear_terms(fact)
        show = (lambda pts: "·".join(_seg(*pts[i:i + 2]) for i in range(0, len(pts), 2))) if p == "lequation" \
            else (lambda pts: _angle(*pts))
        body = " ".join(f"{'-' if c < 0 else '+'} {'' if abs(c) == 1 else f'{abs(c)}·'}{show(pts)}" for c, pts in terms)
        value = constant if p == "lequation" else f"{constant * 180}°"
        return f"{body.lstrip('+ ')} = {value}"
    if p == "lconst":
        return f"{_seg(*a[:2])} = {a[2]}"
    if p == "r2const":
        return f"({_seg(*a[:2])}:{_seg(*a[2:4])})² = {a[4].replace('/', ':')}"
    if p == "midp":
        return f"{_p(a[0])} is the midpoint of {_seg(*a[1:])}"
    if p == "circle":
        return f"{_p(a[0])} is the centre of the circle through " + ", ".join(map(_p, a[1:]))
    if p in ("simtri", "simtri2"):
        mirrored = " (mirrored)" if p == "simtri2" else ""
        return f"△{''.join(map(_p, a[:3]))} ∼ △{''.join(map(_p, a[3:]))}{mirrored}"
    if p in ("contri", "contri2"):
        return f"△{''.join(map(_p, a[:3]))} ≅ △{''.join(map(_p, a[3:]))}"
    return str(fact)


_CHASE = {ANGLE: "angle chase", RATIO: "ratio chase", LENGTH: "length chase"}


_PHRASES = {
    "midpoint": "the midpoint of {1}{2}", "mirror": "the reflection of {1} through {2}",
    "reflect": "the reflection of {1} in line {2}{3}", "foot": "the foot of the perpendicular from {1} to {2}{3}",
    "circle": "the centre of circle {1}{2}{3}", "circumcenter": "the centre of circle {1}{2}{3}",
    "orthocenter": "the orthocentre of {1}{2}{3}", "incenter": "the incentre of {1}{2}{3}",
    "excenter": "the excentre of {1}{2}{3} opposite {1}", "on_line": "on line {1}{2}",
    "on_circle": "on the circle centred {1} through {2}", "on_circum": "on circle {1}{2}{3}",
    "on_pline": "on the parallel to {2}{3} through {1}", "on_tline": "on the perpendicular to {2}{3} through {1}",
    "on_bline": "on the perpendicular bisector of {1}{2}", "on_dia": "on the circle with diameter {1}{2}",
    "angle_bisector": "on the bisector of angle {1}{2}{3}",
}


def describe_clause(clause) -> str:
    """A clause in words, e.g. ``X, the midpoint of BC`` or ``X on line AB and on circle CDE``."""
    parts = []
    for c in clause.constructions:
        phrase = _PHRASES.get(c.name)
        parts.append(phrase.format(*map(_p, c.args)) if phrase else f"by {c}")
    joiner = ", " if clause.constructions[0].name in _PHRASES and not _PHRASES[clause.constructions[0].name].startswith("on ") else " "
    return ", ".join(map(_p, clause.points)) + joiner + " and ".join(parts)


def describe_reason(step: Step) -> str:
    """Why a step holds, in words: its rule (or the chase) and the steps it cites."""
    if step.reason == ALGEBRA:
        tables = equation_tables(step.fact)
        used = {tables[i] for i, terms in enumerate(step.combination) if terms is not None and i < len(tables)}
        label = next((_CHASE[t] for t in (LENGTH, RATIO, ANGLE) if t in used), "algebra")
        return f"{label} from " + ", ".join(f"({p})" for p in step.premises)
    cited = ", ".join(f"({p})" for p in step.premises)
    return f"{step.reason} from {cited}" if cited else step.reason


def render_text(proof: Proof) -> str:
    """Numbered premises, then numbered proof steps citing their reasons, ending with the goal."""
    lines = [f"Proof of {proof.problem.name} (diagram seed {proof.seed})"]
    if proof.constructions:
        lines.append("Constructions:")
        clauses = {str(c): c for c in proof.problem.clauses}
        lines += [f"  Construct {describe_clause(clauses[c]) if c in clauses else c}" for c in proof.constructions]
    premises = [s for s in proof.steps if s.reason == PREMISE]
    derived = [s for s in proof.steps if s.reason != PREMISE]
    lines.append("Construction facts:")
    lines += [f"  ({s.id}) {describe(s.fact)}" for s in premises]
    if proof.auxiliary_points:
        lines.append("Auxiliary points: " + ", ".join(map(_p, proof.auxiliary_points)))
    lines.append("Steps:")
    width = max((len(describe(s.fact)) for s in derived), default=0)
    for s in derived:
        mark = "   ∎" if s is proof.steps[-1] else ""
        lines.append(f"  ({s.id}) {describe(s.fact):<{width}}   [{describe_reason(s)}]{mark}")
    lines += answer_lines(proof.problem.goals, [s.fact for s in proof.steps])  # the values 'find x' goals ask
    return "\n".join(lines)
