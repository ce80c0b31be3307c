"""The geometric rules the engine applies, each a function of the engine's state in a registry.

Every rule walks the diagram's candidates (``numeric.find_candidates``), asks the engine whether
the premises follow (``implied``, ``same_angle``, ...), and records the conclusion with
``engine.derive``, naming the rule its step cites; the checker re-matches that rule
(``rules.check_rule``). A rule returns how many facts it added.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from .equations import LENGTH, RATIO, pair
from .facts import Fact
from .numeric import Triangle, between
from .theorems import THEOREMS, apply
from .rules import (BISECTOR, BISECTOR_CONVERSE, CHORD_ANGLES, CHORDS, COLL_FROM_PARA, EQUIDISTANT, HYPOTENUSE,
                    INSCRIBED, INTERCEPT, INTERCEPT_CONVERSE, MIDPOINT, SIMILAR, chord_angle_fact, intercept_facts,
                    similar_premises)

if TYPE_CHECKING:
    from .engine import Engine

def lines(engine: Engine) -> int:
    added = 0
    for line in engine.candidates.lines:
        if engine.late():
            break
        known = [s for s, _ in engine.lines if s <= frozenset(line)]
        if any(len(s) == len(line) for s in known):
            continue
        base = max(known, key=len, default=None)
        if base is not None:
            p, q = sorted(base)[:2]
            tests = [(p, q, x) for x in line if x not in base]
        else:
            tests = [(x, y, z) for i, x in enumerate(line) for j, y in enumerate(line[i + 1:], i + 1)
                     for z in line[j + 1:]]
        for p, q, x in tests:
            if any({p, q, x} <= s for s, _ in engine.lines):
                continue
            for u, v, w in ((p, q, x), (q, p, x), (x, p, q)):  # any of the three may be the common point
                if engine.same_direction(u, v, u, w):
                    added += engine.derive(Fact("coll", (p, q, x)), COLL_FROM_PARA,
                                           [Fact("para", (u, v, u, w))], force=True)
                    break
    return added

def circles(engine: Engine) -> int:
    added = 0
    for on, centre in engine.candidates.circles:
        if engine.late():
            break
        full = frozenset(on)
        if centre is not None:
            added += _circle_by_centre(engine, centre, on)
        if any(full <= s for s, _ in engine.circles):
            continue
        for i, a in enumerate(on):
            for b in on[i + 1:]:
                groups: dict = {}
                for x in on:
                    if x not in (a, b):
                        groups.setdefault(engine.angle_key(x, a, x, b), []).append(x)
                for members in groups.values():
                    for y in members[1:]:
                        x = members[0]
                        if any({a, b, x, y} <= s for s, _ in engine.circles):
                            continue
                        if engine.same_angle((x, a, x, b), (y, a, y, b)):
                            added += engine.derive(Fact("cyclic", (a, b, x, y)), INSCRIBED,
                                                 [Fact("eqangle", (x, a, x, b, y, a, y, b))],
                                                 (f"ncoll {x} {a} {b}",), force=True)
    return added

def _circle_by_centre(engine: Engine, centre: str, on: tuple[str, ...]) -> int:
    groups: dict = {}
    for x in on:
        groups.setdefault(engine.systems[RATIO].key(pair(centre, x)), []).append(x)
    added = 0
    for members in groups.values():
        if len(members) < 3:
            continue
        if any(o == centre and frozenset(members) <= s for o, s, _ in engine.centres):
            continue
        first = members[0]
        premises = [Fact("cong", (centre, first, centre, x)) for x in members[1:]]
        if all(engine.implied(f) for f in premises):
            added += engine.derive(Fact("circle", (centre, *members)), EQUIDISTANT, premises, force=True)
    return added

def similar(engine: Engine) -> int:
    added = 0
    for t1, t2, sign in engine.candidates.similar:
        key = (t1, t2, sign)
        if key in engine.done or engine.late():
            continue
        found = _similar_by(engine, t1, t2, sign)
        if found is None:
            continue
        engine.done.add(key)
        rule, r1, r2, premises = found
        pred = "simtri" if sign > 0 else "simtri2"
        checks = (f"ncoll {' '.join(r1)}", f"ncoll {' '.join(r2)}",
                  "same orientation" if sign > 0 else "opposite orientation")
        added += engine.derive(Fact(pred, (*r1, *r2)), SIMILAR[rule], premises, checks)
    return added

def _similar_by(engine: Engine, t1: Triangle, t2: Triangle, sign: int):
    for i in range(3):
        r1 = t1[i:] + t1[:i]
        r2 = t2[i:] + t2[:i]
        a0, a1 = similar_premises("AA", r1, r2, sign)
        q0, q1 = similar_premises("SSS", r1, r2, sign)
        angle0 = engine.same_angle(a0.args[:4], a0.args[4:])
        if angle0 and engine.same_angle(a1.args[:4], a1.args[4:]):
            return "AA", r1, r2, [a0, a1]
        ratio0 = engine.same_ratio(q0.args[:4], q0.args[4:])
        if angle0 and ratio0:
            return "SAS", r1, r2, [q0, a0]
        if ratio0 and engine.same_ratio(q1.args[:4], q1.args[4:]):
            return "SSS", r1, r2, [q0, q1]
    return None

def midpoints(engine: Engine) -> int:
    added = 0
    for m, a, b in engine.candidates.midpoints:
        if (m, a, b) in engine.done:
            continue
        if engine.same_length(m, a, m, b) and engine.implied(Fact("coll", (m, a, b))):
            engine.done.add((m, a, b))
            added += engine.derive(Fact("midp", (m, a, b)), MIDPOINT,
                                 [Fact("coll", (m, a, b)), Fact("cong", (m, a, m, b))], (f"{m} between {a} {b}",))
    return added

def right_angle_midpoints(engine: Engine) -> int:
    added = 0
    for m, a, b, x in engine.candidates.right_angles_on_midpoint_circles:
        if (m, a, b, x) in engine.done:
            continue
        midp, right = Fact("midp", (m, a, b)), Fact("perp", (x, a, x, b))
        if (m, a, b) in engine.done and engine.implied(right):
            engine.done.add((m, a, b, x))
            added += engine.derive(Fact("circle", (m, a, b, x)), HYPOTENUSE, [midp, right])
    return added

def bisectors(engine: Engine) -> int:
    added = 0
    for a, b, c, d in engine.candidates.bisectors:
        coll = Fact("coll", (d, b, c))
        if (a, b, c, d) in engine.done or not engine.implied(coll):
            continue
        angle = Fact("eqangle", (a, b, a, d, a, d, a, c))
        ratio = Fact("eqratio", (d, b, d, c, a, b, a, c))
        if engine.same_angle(angle.args[:4], angle.args[4:]):
            engine.done.add((a, b, c, d))
            added += engine.derive(ratio, BISECTOR, [coll, angle], (f"ncoll {a} {b} {c}",))
        elif engine.same_ratio(ratio.args[:4], ratio.args[4:]):
            engine.done.add((a, b, c, d))
            added += engine.derive(angle, BISECTOR_CONVERSE, [coll, ratio], (f"ncoll {a} {b} {c}",))
    return added

def equal_chords(engine: Engine) -> int:
    added = 0
    for on, a, b, p, q in engine.candidates.equal_chords:
        if (a, b, p, q) in engine.done:
            continue
        circle = next(((s, sid) for s, sid in engine.circles if {a, b, p, q} <= s <= set(on)), None)
        if circle is None:
            continue
        points, sid = circle
        c = next(x for x in on if x in points and x not in (a, b))
        r = next(x for x in on if x in points and x not in (p, q))
        angle = next((f for f in (chord_angle_fact(c, a, b, r, p, q, s) for s in (1, -1)) if engine.holds(f)),
                     None)
        if angle is None:
            continue
        cong = Fact("cong", (a, b, p, q))
        cyclic = engine.steps[sid].fact
        if engine.same_length(a, b, p, q):
            engine.done.add((a, b, p, q))
            added += engine.derive(angle, CHORD_ANGLES, [cyclic, cong], ("orientation of the chords",))
        elif engine.same_angle(angle.args[:4], angle.args[4:]):
            engine.done.add((a, b, p, q))
            added += engine.derive(cong, CHORDS, [cyclic, angle])
    return added

def intercepts(engine: Engine) -> int:
    added = 0
    for a, m, d, b, n, c in engine.candidates.intercepts:
        key = ("intercept", a, m, d, b, n, c)
        if key in engine.done:
            continue
        lines, first, ratio = intercept_facts(a, m, d, b, n, c)
        outer = Fact("para", (a, b, d, c))
        if not (all(engine.implied(f) for f in lines) and engine.implied(outer)):
            continue
        if engine.implied(first):
            engine.done.add(key)
            added += engine.derive(ratio, INTERCEPT, [*lines, first, Fact("para", (m, n, d, c))])
        elif engine.same_ratio(ratio.args[:4], ratio.args[4:]) and \
                between(engine.points, m, a, d) == between(engine.points, n, b, c):
            engine.done.add(key)
            added += engine.derive(Fact("para", (m, n, a, b)), INTERCEPT_CONVERSE, [*lines, outer, ratio],
                                 (f"{m} inside {a}{d} as {n} inside {b}{c}",))
    return added

def exchanges(engine: Engine) -> int:
    """Equal and rationally proportional segments that one of the ratio and length tables knows, told to the other."""
    added = 0
    for group in engine.candidates.equal_segments:
        if engine.late():
            break
        for known, other in ((RATIO, LENGTH), (LENGTH, RATIO)):
            classes: dict = {}
            for segment in group:
                classes.setdefault(engine.systems[known].key(pair(*segment)), []).append(segment)
            for members in classes.values():
                first = members[0]
                for segment in members[1:]:
                    if engine.systems[other].key(pair(*segment)) != engine.systems[other].key(pair(*first)):
                        added += engine.exchange(Fact("cong", (*first, *segment)))
    for s, t, ratio in engine.candidates.proportional_segments:
        if engine.late():
            break
        added += engine.exchange(Fact("rconst", (*s, *t, f"{ratio.numerator}/{ratio.denominator}")))
    return added


# The rules in the order one round of the fixed point applies them: the classic theorems of
# ``theorems.THEOREMS`` (rules written as data) come before similar triangles, the costliest.
RULES: tuple[Callable[[Engine], int], ...] = (
    lines, circles, midpoints, right_angle_midpoints, bisectors, equal_chords, intercepts,
    *(partial(apply, theorem) for theorem in THEOREMS), similar, exchanges)
