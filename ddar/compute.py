"""'Find x' goals: ``acompute a b c d`` (the angle between lines AB and CD), ``rcompute a b c d`` (the ratio
AB:CD) and ``lcompute a b`` (the length AB).

The value comes from the algebra: the goal's quantity (d(AB) − d(CD), log|AB| − log|CD|, |AB|) is reduced in
the engine's exact linear tables, and when the reduced form is a constant, that constant is the value. The
engine then proves the fact stating it (``aconst``, ``rconst``, ``r2const`` for a square-root ratio, or
``lconst``) like any other, as an algebra step with its certificate, which the checker recomputes (a value read
off a diagram is never taken as proved). Diagrams serve only to explain a value that does not follow: measured on
two of them, a quantity that differs is not constant (and no added construction can help), one that agrees is
shown with the simple value it is close to, if any.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

from .diagram import CHECK_SECONDS, build_diagram
from .equations import ANGLE, LENGTH, RATIO, angle_diff, pair
from .errors import GeoproverError
from .facts import COMPUTE_GOALS, Fact, angle_token, normalize_constant, parse_constant
from .geometry import Point, line_angle, norm
from .linear import ONE, LinearSystem
from .problem import Problem

SNAP_DENOMINATOR = 360
"""Largest denominator of a simple value (of 180° for angles) that the diagram is said to suggest."""


def computed_value(goal: Fact, systems: Mapping[str, LinearSystem]) -> Fact | None:
    """The fact stating the value of ``goal``'s quantity when the tables reduce it to a constant, else None."""
    if goal.pred == "acompute":
        form = systems[ANGLE].reduce(angle_diff(*goal.args))
        if any(k != ONE for k in form):
            return None
        return Fact("aconst", (*goal.args, angle_token(Fraction(form.get(ONE, 0)))))
    if goal.pred == "rcompute":
        return _ratio_value(goal, systems)
    return _length_value(goal, systems)


def _log_exponents(form: dict) -> dict[int, Fraction] | None:
    """The exponent of each prime of a ratio table form that holds only log-prime constants (None otherwise)."""
    if any(not (isinstance(k, tuple) and k[0] == "log") for k in form):
        return None
    return {k[1]: Fraction(c) for k, c in form.items()}


def _power(exponents: dict[int, Fraction]) -> Fraction:
    value = Fraction(1)
    for p, e in exponents.items():
        value *= Fraction(p) ** int(e)
    return value


def _constant(kind: str, value: Fraction) -> str | None:
    """The constant's token, or None when it is out of the language's bounds."""
    try:
        return normalize_constant(kind, f"{value.numerator}/{value.denominator}")
    except ValueError:
        return None


def _proportion(top: dict, bottom: dict) -> Fraction | None:
    """r > 0 with top = r·bottom, two reduced forms of the length table (None if there is none)."""
    if not bottom or set(top) != set(bottom):
        return None
    key = next(iter(bottom))
    r = Fraction(top[key]) / Fraction(bottom[key])
    return r if r > 0 and all(Fraction(top[k]) == r * Fraction(c) for k, c in bottom.items()) else None


def _ratio_value(goal: Fact, systems: Mapping[str, LinearSystem]) -> Fact | None:
    """AB:CD from the ratio table (a rational or the square root of one) or from the length table."""
    a, b, c, d = goal.args
    exponents = _log_exponents(systems[RATIO].reduce({pair(a, b): Fraction(1), pair(c, d): Fraction(-1)}))
    candidates: list[tuple[str, Fraction]] = []
    if exponents is not None and all(e.denominator == 1 for e in exponents.values()):
        candidates.append(("rconst", _power(exponents)))
    length = systems[LENGTH]
    r = _proportion(length.reduce({pair(a, b): Fraction(1)}), length.reduce({pair(c, d): Fraction(1)}))
    if r is not None:
        candidates.append(("rconst", r))
    if exponents is not None and all((2 * e).denominator == 1 for e in exponents.values()):
        candidates.append(("r2const", _power({p: 2 * e for p, e in exponents.items()})))
    for pred, value in candidates:
        token = _constant("ratio", value)
        if token is not None:
            return Fact(pred, (a, b, c, d, token))
    return None


def _length_value(goal: Fact, systems: Mapping[str, LinearSystem]) -> Fact | None:
    """|AB| from the length table (a constant) or from the ratio table (a product of primes)."""
    a, b = goal.args
    form = systems[LENGTH].reduce({pair(a, b): Fraction(1)})
    values = [Fraction(form.get(ONE, 0))] if all(k == ONE for k in form) else []
    exponents = _log_exponents(systems[RATIO].reduce({pair(a, b): Fraction(1)}))
    if exponents is not None and all(e.denominator == 1 for e in exponents.values()):
        values.append(_power(exponents))
    for value in values:
        token = _constant("length", value) if value > 0 else None
        if token is not None:
            return Fact("lconst", (a, b, token))
    return None


def answers(goal: Fact, fact: Fact) -> bool:
    """Whether ``fact`` settles ``goal``: it is the goal, or, for a 'find x' goal, it states a value of the goal's
    quantity (its points in the goal's order)."""
    if goal.pred not in COMPUTE_GOALS:
        return fact == goal
    return fact.pred in COMPUTE_GOALS[goal.pred] and fact.args[:len(goal.args)] == goal.args


# -- words ------------------------------------------------------------------------------


def answer_lines(goals: tuple[Fact, ...], facts: list[Fact]) -> list[str]:
    """``Answer: ...`` for each 'find x' goal, from the last of ``facts`` that states its value."""
    out = []
    for goal in goals:
        values = [f for f in facts if goal.pred in COMPUTE_GOALS and answers(goal, f)]
        out += [f"Answer: {value_text(v)}" for v in values[-1:]]
    return out


def _seg(a: str, b: str) -> str:
    return (a + b).upper()


def _degrees(value: Fraction) -> str:
    """An angle of ``value``·180° in degrees, taken in [0°, 180°) as lines' angles are: whole, a terminating
    decimal, or a fraction."""
    degrees = (value % 1) * 180
    if degrees.denominator == 1:
        return f"{degrees.numerator}°"
    rest = degrees.denominator
    for p in (2, 5):
        while rest % p == 0:
            rest //= p
    return f"{float(degrees):g}°" if rest == 1 else f"{degrees.numerator}/{degrees.denominator}°"


def _root(n: int) -> str:
    r = math.isqrt(n)
    return str(r) if r * r == n else f"√{n}"


def value_text(fact: Fact) -> str:
    """A value fact (``aconst``, ``rconst``, ``r2const`` or ``lconst``) as the answer to its question, e.g.
    ``∠(AB, CD) = 60°``, ``AB:CD = 1:2``, ``AB:CD = √2:1``, ``AB = 3/2``."""
    a = fact.args
    if fact.pred == "aconst":
        return f"∠({_seg(*a[:2])}, {_seg(*a[2:4])}) = {_degrees(parse_constant('angle', a[4]))}"
    if fact.pred == "lconst":
        return f"{_seg(*a[:2])} = {parse_constant('length', a[2])}"
    value = parse_constant("ratio", a[4])
    if fact.pred == "r2const":
        shown = f"{_root(value.numerator)}:{_root(value.denominator)}"
    else:
        shown = f"{value.numerator}:{value.denominator}"
    return f"{_seg(*a[:2])}:{_seg(*a[2:4])} = {shown}"


def question_text(goal: Fact) -> str:
    """The quantity a 'find x' goal asks for, e.g. ``∠(AB, CD)``."""
    a = goal.args
    if goal.pred == "acompute":
        return f"∠({_seg(*a[:2])}, {_seg(*a[2:])})"
    return f"{_seg(*a[:2])}:{_seg(*a[2:])}" if goal.pred == "rcompute" else _seg(*a)


def diagram_value(goal: Fact, points: Mapping[str, Point]) -> float:
    """The goal's quantity measured on a diagram: an angle in degrees in [0, 180), a ratio or a length."""
    p = [points[n] for n in goal.args]
    if goal.pred == "acompute":
        return math.degrees(line_angle(p[0], p[1]) - line_angle(p[2], p[3])) % 180.0
    if goal.pred == "rcompute":
        return norm(p[0] - p[1]) / norm(p[2] - p[3])
    return norm(p[0] - p[1])


def _snap(value: float) -> Fraction | None:
    """A simple fraction within about 1e-7 of ``value``, if there is one."""
    near = Fraction(value).limit_denominator(SNAP_DENOMINATOR)
    return near if abs(float(near) - value) <= 1e-7 * max(1.0, abs(value)) else None


def suggested_value(goal: Fact, value: float) -> str | None:
    """A simple value close to the measured ``value``, in words (``45°``, ``1/2``, ``√2``), if there is one."""
    if goal.pred == "acompute":
        near = _snap(value / 180.0)
        return None if near is None else _degrees(near)
    near = _snap(value)
    if near is not None:
        return str(near)
    square = _snap(value * value)
    return None if square is None else f"√{square}" if square.denominator == 1 else f"√({square})"


def _differ(goal: Fact, first: float, value: float, mirror: bool = True) -> bool:
    """Whether two measures of ``goal``'s quantity differ; with ``mirror``, an angle and its mirror image (the
    same angle on a figure drawn the other way round) count as one."""
    if goal.pred != "acompute":
        return abs(value - first) > 1e-6 * max(1.0, abs(first))
    gap = abs(math.remainder(value - first, 180.0))
    return (min(gap, abs(math.remainder(value + first, 180.0))) if mirror else gap) > 1e-6


def _varies(goal: Fact, values: list[float]) -> bool:
    """Whether measures of ``goal``'s quantity on several diagrams differ, up to mirror images."""
    return any(_differ(goal, values[0], v) for v in values[1:])


def measures(problem: Problem, seed: int, others: int = 1) -> dict[Fact, list[float]]:
    """Each 'find x' goal's quantity measured on the diagram of ``seed`` and on those of the ``others`` next seeds
    that draw."""
    goals = [g for g in problem.goals if g.pred in COMPUTE_GOALS]
    if not goals:
        return {}
    diagrams = [build_diagram(problem, seed)]
    for other in range(seed + 1, seed + 1 + others):
        try:
            diagrams.append(build_diagram(problem, other, max_seconds=CHECK_SECONDS))
        except GeoproverError:
            pass
    return {g: [diagram_value(g, d.points) for d in diagrams] for g in goals}


def configuration_notes(problem: Problem, seed: int, others: int = 3) -> list[str]:
    """For each 'find x' goal whose quantity measures otherwise on other diagrams of the statement (a figure that
    may turn either way, a point on either branch): a note that its proved value is that of this configuration."""
    notes = []
    for goal, values in measures(problem, seed, others).items():
        other = next((v for v in values[1:] if _differ(goal, values[0], v, mirror=False)), None)
        if other is not None:
            unit = "°" if goal.pred == "acompute" else ""
            notes.append(f"note: {question_text(goal)} is {other:.4g}{unit} in another diagram of this statement: "
                         f"the value proved holds in this diagram's configuration (seed {seed}); verify lists the "
                         "checks it depends on")
    return notes


def varying(problem: Problem, seed: int) -> bool:
    """Whether a 'find x' goal's quantity measures differently on two diagrams: no proof of a value exists, with
    or without added constructions."""
    return any(_varies(goal, values) for goal, values in measures(problem, seed).items())


def unresolved(problem: Problem, seed: int) -> list[str]:
    """Why each 'find x' goal of ``problem`` is given no value, in words."""
    out = []
    for goal, values in measures(problem, seed).items():
        unit = "°" if goal.pred == "acompute" else ""
        shown = f"{values[0]:.4g}{unit}"
        if _varies(goal, values):
            out.append(f"the value of {question_text(goal)} does not follow: it is not constant ({shown} in this "
                       f"diagram, {values[-1]:.4g}{unit} in another)")
            continue
        near = suggested_value(goal, values[0])
        hint = f", close to {near}" if near not in (None, shown) else ""
        out.append(f"the value of {question_text(goal)} does not follow from what the engine proves "
                   f"({shown} in the diagram{hint})")
    return out
