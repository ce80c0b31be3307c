"""The deduction rules: their names and the premises each conclusion needs.

The engine applies these rules; the proof checker re-matches every rule step against
the same definitions, reading side conditions (non-collinearity, orientation,
betweenness) off a diagram.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .facts import Fact
from .geometry import Point, cross, dot
from . import theorems
from .predicates import holds

Triangle = tuple[str, str, str]

COLL_FROM_PARA = "parallel lines through a point"
SAME_LINE = "same line"
SAME_CIRCLE = "same circle"
CENTRE = "centre of the circle"
INSCRIBED = "equal inscribed angles"
EQUIDISTANT = "equidistant points"
SIMILAR = {"AA": "similar triangles (AA)", "SAS": "similar triangles (SAS)", "SSS": "similar triangles (SSS)"}
MIDPOINT = "midpoint"
HYPOTENUSE = "midpoint of the hypotenuse"
BISECTOR = "angle bisector theorem"
BISECTOR_CONVERSE = "angle bisector theorem (converse)"
CHORDS = "equal inscribed angles subtend equal chords"
CHORD_ANGLES = "equal chords subtend equal inscribed angles"
INTERCEPT = "parallel lines cut proportional segments"
INTERCEPT_CONVERSE = "proportional segments between parallels"
DIAGRAM = "read off the diagram"
# Facts about the diagram's configuration, not equations: a goal of this kind is read off the diagram.
DIAGRAM_PREDICATES = frozenset({"ncoll", "npara", "nperp", "sameside", "nsameside", "sameclock", "obtuse_angle",
                                "diff"})


def chord_angle_fact(c: str, a: str, b: str, r: str, p: str, q: str, sign: int) -> Fact:
    """∠ACB = ∠PRQ (sign = -1: = ∠QRP), inscribed angles on chords AB and PQ."""
    return Fact("eqangle", (c, a, c, b, r, p, r, q) if sign > 0 else (c, a, c, b, r, q, r, p))


def intercept_facts(a: str, m: str, d: str, b: str, n: str, c: str) -> tuple[list[Fact], Fact, Fact]:
    """Lines AMD and BNC; the parallels AB, MN, DC; the proportion MA:MD = NB:NC."""
    lines = [Fact("coll", (a, m, d)), Fact("coll", (b, n, c))]
    return lines, Fact("para", (a, b, m, n)), Fact("eqratio", (m, a, m, d, n, b, n, c))


def similar_angle_fact(t1: Triangle, t2: Triangle, i: int, sign: int) -> Fact:
    """The angle at vertex i of t1 equals that of t2 (sign = -1: its negative, mirrored triangles)."""
    a, b, c = t1[i], t1[(i + 1) % 3], t1[(i + 2) % 3]
    p, q, r = t2[i], t2[(i + 1) % 3], t2[(i + 2) % 3]
    return Fact("eqangle", (a, b, a, c, p, q, p, r) if sign > 0 else (a, b, a, c, p, r, p, q))


def similar_ratio_fact(t1: Triangle, t2: Triangle, i: int) -> Fact:
    """The two sides at vertex i of t1 are in the ratio of those at vertex i of t2."""
    a, b, c = t1[i], t1[(i + 1) % 3], t1[(i + 2) % 3]
    p, q, r = t2[i], t2[(i + 1) % 3], t2[(i + 2) % 3]
    return Fact("eqratio", (a, b, a, c, p, q, p, r))


def similar_premises(kind: str, t1: Triangle, t2: Triangle, sign: int) -> list[Fact]:
    """Premises of similarity by AA (vertices 0, 1), SAS (at vertex 0) or SSS (vertices 0, 1)."""
    if kind == "AA":
        return [similar_angle_fact(t1, t2, 0, sign), similar_angle_fact(t1, t2, 1, sign)]
    if kind == "SAS":
        return [similar_ratio_fact(t1, t2, 0), similar_angle_fact(t1, t2, 0, sign)]
    return [similar_ratio_fact(t1, t2, 0), similar_ratio_fact(t1, t2, 1)]


# -- side conditions on a diagram ------------------------------------------------

Points = Mapping[str, Point]


def orientation(points: Points, t: Triangle) -> float:
    a, b, c = (points[n] for n in t)
    return cross(b - a, c - a)


def non_collinear(points: Points, t: Triangle, scale: float) -> bool:
    a, b, c = (points[n] for n in t)
    return abs(cross(b - a, c - a)) > 1e-9 * scale * scale


def strictly_between(points: Points, m: str, a: str, b: str) -> bool:
    return dot(points[a] - points[m], points[b] - points[m]) < 0


def _sets_merge(target: set[str], parts: list[tuple[set[str], int]]) -> bool:
    """Whether the parts, joined whenever they share at least their stated overlap, give target."""
    if not parts:
        return False
    current, rest = set(parts[0][0]), parts[1:]
    changed = True
    while rest and changed:
        changed = False
        for part in list(rest):
            if len(current & part[0]) >= part[1]:
                current |= part[0]
                rest.remove(part)
                changed = True
    return not rest and current == target


def side_conditions(reason: str, fact: Fact) -> list[str]:
    """In words, what a step by ``reason`` concluding ``fact`` takes from the diagram (empty if nothing)."""
    a = fact.args
    if reason in SIMILAR.values():
        mirrored = fact.pred in ("simtri2", "contri2")
        return [f"{' '.join(a[:3]).upper()} and {' '.join(a[3:]).upper()} are triangles of "
                f"{'opposite' if mirrored else 'the same'} orientation"]
    if reason == MIDPOINT:
        return [f"{a[0].upper()} lies between {a[1].upper()} and {a[2].upper()}"]
    if reason == INSCRIBED:
        return [f"{a[2].upper()}, {a[0].upper()}, {a[1].upper()} are not collinear"]
    if reason in (BISECTOR, BISECTOR_CONVERSE):
        return [f"{' '.join(sorted(set(fact.points))).upper()}: the bisected angle's vertex is off the opposite line"]
    if reason in (CHORD_ANGLES, INTERCEPT, INTERCEPT_CONVERSE, DIAGRAM):
        what = {CHORD_ANGLES: "the inscribed angles turn as on the diagram",
                INTERCEPT: "the two transversals are different lines",
                INTERCEPT_CONVERSE: "the points divide their segments alike",
                DIAGRAM: "it is read off the diagram, not derived"}[reason]
        return [f"[{fact}]: {what}"]
    theorem = theorems.BY_NAME.get(reason)
    if theorem is not None and theorem.side is not None:
        return [f"[{fact}] by {reason}: {theorem.description or 'its side condition holds'}"]
    return []


def check_rule(reason: str, fact: Fact, premises: list[Fact], points: Points, scale: float) -> str | None:
    """None if ``fact`` follows from ``premises`` by the rule ``reason``; otherwise what is wrong."""
    theorem = theorems.BY_NAME.get(reason)
    if theorem is not None:
        return theorems.check(theorem, fact, premises, points, scale)
    checker = _RULE_CHECKS.get(reason)
    if checker is None:
        return f"unknown rule {reason!r}"
    return checker(fact, premises, points, scale)


def _need(required: list[Fact], premises: list[Fact]) -> str | None:
    missing = [str(f) for f in required if f not in premises]
    return f"missing premise {missing[0]}" if missing else None


def _coll_from_para(fact, premises, points, scale):
    if fact.pred != "coll" or len(set(fact.args)) != 3:
        return "conclusion must be three collinear points"
    for p in premises:
        if p.pred == "para" and p.args[0] == p.args[2] and set(p.args) == set(fact.args):
            return None
    return "no premise para U V U W on the same three points"


def _same_line(fact, premises, points, scale):
    if fact.pred != "coll" or any(p.pred != "coll" for p in premises):
        return "collinear sets joined must be coll facts"
    return None if _sets_merge(set(fact.args), [(set(p.args), 2) for p in premises]) else \
        "premises do not join into this line (two shared points needed)"


def _same_circle(fact, premises, points, scale):
    if fact.pred == "circle":
        centre = fact.args[0]
        if any(p.pred != "circle" or p.args[0] != centre for p in premises):
            return "premises must be circles with the same centre"
        parts = [(set(p.args[1:]), 1) for p in premises]
        return None if _sets_merge(set(fact.args[1:]), parts) else "premises do not join into this circle"
    if fact.pred != "cyclic":
        return "conclusion must be cyclic or circle"
    parts = []
    for p in premises:
        if p.pred not in ("cyclic", "circle"):
            return "premises must be cyclic or circle facts"
        parts.append((set(p.args[1:] if p.pred == "circle" else p.args), 3))
    return None if _sets_merge(set(fact.args), parts) else "premises do not join into this circle (3 shared points)"


def _centre(fact, premises, points, scale):
    if fact.pred != "circle" or len(premises) != 2:
        return "conclusion must be a circle with its centre, from a centred circle and a concyclic set"
    centred, cyclic = premises
    if centred.pred != "circle" or cyclic.pred != "cyclic" or centred.args[0] != fact.args[0]:
        return "premises must be a circle with the same centre and a cyclic fact"
    known, more = set(centred.args[1:]), set(cyclic.args)
    if len(known & more) < 3 or known | more != set(fact.args[1:]):
        return "the circles do not share three points or do not give these points"
    return None


def _inscribed(fact, premises, points, scale):
    if fact.pred != "cyclic" or len(set(fact.args)) != 4:
        return "conclusion must be four concyclic points"
    a, b, x, y = fact.args
    if not non_collinear(points, (x, a, b), scale):
        return f"diagram check failed: {x} {a} {b} are collinear"
    return _need([Fact("eqangle", (x, a, x, b, y, a, y, b))], premises)


def _equidistant(fact, premises, points, scale):
    if fact.pred != "circle" or len(fact.args) < 4:
        return "conclusion must be a centre with three or more points"
    o, first, *rest = fact.args
    return _need([Fact("cong", (o, first, o, x)) for x in rest], premises)


def _similar(kind: str) -> Callable:
    def check(fact, premises, points, scale):
        if fact.pred not in ("simtri", "simtri2"):
            return "conclusion must be simtri or simtri2"
        t1, t2 = fact.args[:3], fact.args[3:]
        sign = 1 if fact.pred == "simtri" else -1
        if not (non_collinear(points, t1, scale) and non_collinear(points, t2, scale)):
            return "diagram check failed: a triangle is degenerate"
        same_orientation = (orientation(points, t1) > 0) == (orientation(points, t2) > 0)
        if same_orientation != (sign > 0):
            return "diagram check failed: orientation does not match"
        return _need(similar_premises(kind, t1, t2, sign), premises)
    return check


def _midpoint(fact, premises, points, scale):
    if fact.pred != "midp":
        return "conclusion must be midp"
    m, a, b = fact.args
    if not strictly_between(points, m, a, b):
        return f"diagram check failed: {m} is not between {a} and {b}"
    return _need([Fact("coll", (m, a, b)), Fact("cong", (m, a, m, b))], premises)


def _hypotenuse(fact, premises, points, scale):
    if fact.pred != "circle" or len(fact.args) != 4:
        return "conclusion must be circle M A B X"
    m, a, b, x = fact.args
    return _need([Fact("midp", (m, a, b)), Fact("perp", (x, a, x, b))], premises)


def _bisector(converse: bool) -> Callable:
    def check(fact, premises, points, scale):
        if fact.pred != ("eqangle" if converse else "eqratio"):
            return "wrong conclusion for the angle bisector theorem"
        if converse:
            a, b, _, d, _, _, _, c = fact.args
        else:
            d, b, _, c, a, _, _, _ = fact.args
        angle = Fact("eqangle", (a, b, a, d, a, d, a, c))
        ratio = Fact("eqratio", (d, b, d, c, a, b, a, c))
        if (ratio if not converse else angle) != fact:
            return "conclusion is not of the form of the angle bisector theorem"
        if not non_collinear(points, (a, b, c), scale):
            return f"diagram check failed: {a} {b} {c} are collinear"
        return _need([Fact("coll", (d, b, c)), ratio if converse else angle], premises)
    return check


def _circle_containing(premises: list[Fact], needed: set[str]) -> bool:
    return any(p.pred in ("cyclic", "circle") and needed <= set(p.args[1:] if p.pred == "circle" else p.args)
               for p in premises)


def _chords(fact, premises, points, scale):
    if fact.pred != "cong":
        return "conclusion must be cong"
    a, b, p, q = fact.args
    for e in premises:
        if e.pred == "eqangle" and e.args[0] == e.args[2] and e.args[4] == e.args[6]:
            c, r = e.args[0], e.args[4]
            if {e.args[1], e.args[3]} == {a, b} and {e.args[5], e.args[7]} == {p, q} and c not in (a, b) \
                    and r not in (p, q) and _circle_containing(premises, {a, b, p, q, c, r}):
                return None
    return "needs inscribed angles on these chords and a circle through all their points"


def _chord_angles(fact, premises, points, scale):
    if fact.pred != "eqangle" or fact.args[0] != fact.args[2] or fact.args[4] != fact.args[6]:
        return "conclusion must be two inscribed angles"
    c, a, _, b, r, p, _, q = fact.args
    if c in (a, b) or r in (p, q):
        return "an inscribed angle cannot stand at an end of its chord"
    if not _circle_containing(premises, {a, b, p, q, c, r}):
        return "no premise circle through all the points"
    if not holds(fact, points, scale):
        return "diagram check failed: the angles are not equal with this orientation"
    if Fact("cong", (a, b, p, q)) in premises or Fact("cong", (a, b, q, p)) in premises:
        return None
    return f"missing premise cong {a} {b} {p} {q}"


def _two_transversals(points: Points, a: str, m: str, d: str, b: str, scale: float) -> str | None:
    """Six distinct points on two different lines AMD and BNC (B off line AD)."""
    if not non_collinear(points, (a, d, b), scale):
        return f"diagram check failed: {b} lies on line {a}{d}"
    return None


def _intercept(converse: bool) -> Callable:
    def check(fact, premises, points, scale):
        if converse:
            if fact.pred != "para":
                return "conclusion must be para"
            m, n, a, b = fact.args
            ratio = next((e for e in premises if e.pred == "eqratio" and e.args[:3] == (m, a, m)
                          and e.args[4:7] == (n, b, n)), None)
            if ratio is None:
                return "missing the proportion MA:MD = NB:NC"
            d, c = ratio.args[3], ratio.args[7]
        else:
            if fact.pred != "eqratio":
                return "conclusion must be eqratio"
            m, a, _, d, n, b, _, c = fact.args
        if len({a, m, d, b, n, c}) != 6:
            return "the intercept theorem needs six distinct points"
        lines, first, proportion = intercept_facts(a, m, d, b, n, c)
        error = _two_transversals(points, a, m, d, b, scale)
        if error:
            return error
        if converse:
            if strictly_between(points, m, a, d) != strictly_between(points, n, b, c):
                return "diagram check failed: M and N are not on the same side"
            return _need(lines + [Fact("para", (a, b, d, c)), proportion], premises)
        if proportion != fact:
            return "conclusion is not of the form MA:MD = NB:NC"
        return _need(lines + [first, Fact("para", (m, n, d, c))], premises)
    return check


def _diagram(fact, premises, points, scale):
    if fact.pred not in DIAGRAM_PREDICATES:
        return f"only facts about the configuration ({', '.join(sorted(DIAGRAM_PREDICATES))}) are read off the diagram"
    return None if not premises and holds(fact, points, scale) else "diagram check failed: false in the diagram"


_RULE_CHECKS: dict[str, Callable] = {
    DIAGRAM: _diagram,
    COLL_FROM_PARA: _coll_from_para,
    SAME_LINE: _same_line,
    SAME_CIRCLE: _same_circle,
    CENTRE: _centre,
    INSCRIBED: _inscribed,
    EQUIDISTANT: _equidistant,
    **{name: _similar(kind) for kind, name in SIMILAR.items()},
    MIDPOINT: _midpoint,
    HYPOTENUSE: _hypotenuse,
    BISECTOR: _bisector(False),
    BISECTOR_CONVERSE: _bisector(True),
    CHORDS: _chords,
    CHORD_ANGLES: _chord_angles,
    INTERCEPT: _intercept(False),
    INTERCEPT_CONVERSE: _intercept(True),
}
