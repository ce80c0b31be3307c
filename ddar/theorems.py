"""Classic theorems as rules written as data: premise patterns, a conclusion pattern, a diagram
side condition and a generator of candidate bindings read off the numeric diagram.

One generic matcher applies them in the engine (every premise must follow, the side condition
must hold on the diagram) and one generic checker re-matches a step: it binds the variables
from the conclusion and the cited premises (distinct variables, distinct points) and
re-reads the side condition on the proof's diagram.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations, permutations
from typing import TYPE_CHECKING

import numpy as np

from .facts import Fact
from .geometry import Point, cross, dot, norm
from .numeric import nearest_within
from .predicates import TOL

if TYPE_CHECKING:
    from .engine import Engine

Binding = dict[str, str]
Points = dict[str, Point]


@dataclass(frozen=True)
class Theorem:
    """A rule: ``premises`` ⇒ ``conclusion`` (patterns such as ``coll o a c``) when ``side`` finds nothing wrong."""

    name: str
    premises: tuple[str, ...]
    conclusion: str
    candidates: Callable[[Engine], Iterable[Binding]]
    side: Callable[[Points, Binding, float], str | None] | None = None
    description: str = ""


def instantiate(pattern: str, binding: Binding) -> Fact:
    pred, *args = pattern.split()
    return Fact(pred, tuple(binding[a] for a in args))


def apply(theorem: Theorem, engine: Engine) -> int:
    """Derive the theorem's conclusion for every candidate binding whose premises follow."""
    added = 0
    points, scale = engine.points, engine.scale
    cache = engine.candidates.derived
    if theorem.candidates not in cache:
        cache[theorem.candidates] = list(theorem.candidates(engine))
    for binding in cache[theorem.candidates]:
        if engine.late():
            break
        key = (theorem.name, tuple(sorted(binding.items())))
        if key in engine.done:
            continue
        conclusion = instantiate(theorem.conclusion, binding)
        if engine.implied(conclusion):
            engine.done.add(key)
            continue
        premises = [instantiate(p, binding) for p in theorem.premises]
        if not all(engine.implied(p) for p in premises):
            continue
        if theorem.side is not None and theorem.side(points, binding, scale):
            continue
        engine.done.add(key)
        added += engine.derive(conclusion, theorem.name, premises, (theorem.description,) if theorem.description else ())
    return added


# -- the checker's side ------------------------------------------------------------------


def _unify(pattern: str, fact: Fact, binding: Binding) -> Binding | None:
    pred, *args = pattern.split()
    if pred != fact.pred or len(args) != len(fact.args):
        return None
    out = dict(binding)
    for var, name in zip(args, fact.args):
        if out.setdefault(var, name) != name:
            return None
    return out if len(set(out.values())) == len(out) else None


def _bind_premises(patterns: tuple[str, ...], premises: list[Fact], binding: Binding) -> Iterator[Binding]:
    if not patterns:
        yield binding
        return
    for fact in premises:
        bound = _unify(patterns[0], fact, binding)
        if bound is not None:
            yield from _bind_premises(patterns[1:], premises, bound)


def check(theorem: Theorem, fact: Fact, premises: list[Fact], points: Points, scale: float) -> str | None:
    """None if ``fact`` follows from ``premises`` by ``theorem`` on this diagram, else what is wrong."""
    binding = _unify(theorem.conclusion, fact, {})
    if binding is None:
        return f"conclusion is not of the form {theorem.conclusion}"
    problem = "the premises do not match " + ", ".join(theorem.premises)
    for full in _bind_premises(theorem.premises, premises, binding):
        side = theorem.side(points, full, scale) if theorem.side else None
        if side is None:
            return None
        problem = f"diagram check failed: {side}"
    return problem


# -- numeric helpers -------------------------------------------------------------------------


def _triangle_centres(engine: Engine) -> dict[str, list[tuple[tuple[str, str, str], tuple[str, ...]]]]:
    """The non-degenerate triangles (a, b, c) with a point at their orthocentre, at their incentre or one of their
    excentres, or at their centroid and all three midpoints (of ab, bc, ca): by key, (triangle, those points),
    computed at once with numpy and kept."""
    cache = engine.candidates.derived
    if "centres" in cache:
        return cache["centres"]
    names = engine.candidates.names
    xy = np.array([engine.points[n] for n in names])
    scale = engine.scale
    triples = np.array(list(combinations(range(len(names)), 3)), dtype=int).reshape(-1, 3)
    a, b, c = (xy[triples[:, i]] for i in range(3))
    u, v = b - a, c - a
    area = u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]
    keep = np.abs(area) > TOL * scale * scale
    triples, a, b, c, area = triples[keep], a[keep], b[keep], c[keep], area[keep]
    sa, sb, sc = (np.linalg.norm(u - v, axis=1) for u, v in ((b, c), (c, a), (a, b)))
    d2 = lambda u: np.sum(u * u, axis=1)  # noqa: E731
    ux = (d2(a) * (b[:, 1] - c[:, 1]) + d2(b) * (c[:, 1] - a[:, 1]) + d2(c) * (a[:, 1] - b[:, 1])) / (2 * area)
    uy = (d2(a) * (c[:, 0] - b[:, 0]) + d2(b) * (a[:, 0] - c[:, 0]) + d2(c) * (b[:, 0] - a[:, 0])) / (2 * area)
    circum = np.stack([ux, uy], axis=1)
    centres = {"orthocentre": a + b + c - 2 * circum, "centroid": (a + b + c) / 3,
               "mid_ab": (a + b) / 2, "mid_bc": (b + c) / 2, "mid_ca": (c + a) / 2}
    for key, (wa, wb, wc) in {"incentre": (sa, sb, sc), "excentre_a": (-sa, sb, sc), "excentre_b": (sa, -sb, sc),
                              "excentre_c": (sa, sb, -sc)}.items():
        total = wa + wb + wc
        with np.errstate(divide="ignore", invalid="ignore"):
            centres[key] = (wa[:, None] * a + wb[:, None] * b + wc[:, None] * c) / total[:, None]
    hits, nearests = nearest_within(np.concatenate(list(centres.values())), xy, 1e-7 * scale)  # all at once
    hit = dict(zip(centres, np.split(hits, len(centres))))
    nearest = dict(zip(centres, np.split(nearests, len(centres))))
    hit["centroid"] = hit["centroid"] & hit["mid_ab"] & hit["mid_bc"] & hit["mid_ca"]
    parts = {key: (key,) for key in ("orthocentre", "incentre", "excentre_a", "excentre_b", "excentre_c")}
    parts["centroid"] = ("centroid", "mid_ab", "mid_bc", "mid_ca")
    out = {key: [(tuple(names[i] for i in triples[t]), tuple(names[nearest[p][t]] for p in at))
                 for t in np.flatnonzero(hit[key]).tolist()] for key, at in parts.items()}
    cache["centres"] = out
    return out


def _parallel(points: Points, a: str, b: str, c: str, d: str) -> bool:
    u, v = points[b] - points[a], points[d] - points[c]
    return abs(cross(u, v)) <= 1e-9 * norm(u) * norm(v)


def _non_collinear(points: Points, a: str, b: str, c: str, scale: float) -> bool:
    return abs(cross(points[b] - points[a], points[c] - points[a])) > TOL * scale * scale


def _rotations(t: tuple[str, str, str]) -> list[tuple[str, str, str]]:
    a, b, c = t
    return [(a, b, c), (b, c, a), (c, a, b)]


# -- candidates -----------------------------------------------------------------------------------


def _lines_through_point(engine: Engine) -> Iterator[Binding]:
    """O, A, C on one line and O, B, D on another with AB ∥ CD (A, B, C, D distinct from O)."""
    points = engine.points
    lines = engine.candidates.lines
    for l1, l2 in combinations(lines, 2):
        common = set(l1) & set(l2)
        if len(common) != 1:
            continue
        (o,) = common
        for a, c in permutations([x for x in l1 if x != o], 2):
            for b, d in permutations([x for x in l2 if x != o], 2):
                if _parallel(points, a, b, c, d):
                    yield {"o": o, "a": a, "c": c, "b": b, "d": d}
                    yield {"o": o, "a": b, "c": d, "b": a, "d": c}


def _parallelogram_midpoints(engine: Engine) -> Iterator[Binding]:
    by_centre: dict[str, list[tuple[str, str]]] = {}
    for m, a, b in engine.candidates.midpoints:
        by_centre.setdefault(m, []).append((a, b))
    for m, diagonals in by_centre.items():
        for (a, b), (c, d) in permutations(diagonals, 2):
            if not {a, b} & {c, d}:
                yield {"m": m, "a": a, "b": b, "c": c, "d": d}


def _orthocentres(engine: Engine) -> Iterator[Binding]:
    for t, (h,) in _triangle_centres(engine)["orthocentre"]:
        if h not in t:
            for a, b, c in _rotations(t):
                yield {"a": a, "b": b, "c": c, "d": h}


def _incentres(engine: Engine) -> Iterator[Binding]:
    centres = _triangle_centres(engine)
    for key in ("incentre", "excentre_a", "excentre_b", "excentre_c"):
        for t, (x,) in centres[key]:
            if x not in t:
                for a, b, c in _rotations(t):
                    yield {"a": a, "b": b, "c": c, "x": x}


def _centroids(engine: Engine) -> Iterator[Binding]:
    centres = _triangle_centres(engine)
    for (a, b, c), (x, mab, mbc, mca) in centres["centroid"]:
        yield {"a": a, "b": b, "c": c, "x": x, "m": mab, "n": mbc, "p": mca}
        yield {"a": b, "b": c, "c": a, "x": x, "m": mbc, "n": mca, "p": mab}
        yield {"a": c, "b": a, "c": b, "x": x, "m": mca, "n": mab, "p": mbc}


def _centred_chords(engine: Engine) -> Iterator[Binding]:
    for on, centre in engine.candidates.circles:
        if centre is None or len(on) < 4:
            continue
        for (a, b), (c, d) in combinations(combinations(on, 2), 2):
            if not {a, b} & {c, d}:
                yield {"o": centre, "a": a, "b": b, "c": c, "d": d}


def _arc_midpoints(engine: Engine) -> Iterator[Binding]:
    points, tol = engine.points, TOL * engine.scale
    for on, _ in engine.candidates.circles:
        for d in on:
            for a, b in combinations([x for x in on if x != d], 2):
                if abs(norm(points[d] - points[a]) - norm(points[d] - points[b])) <= tol:
                    for c in on:
                        if c not in (a, b, d):
                            yield {"a": a, "b": b, "c": c, "d": d}


def _chords_through(engine: Engine) -> dict[str, list[tuple[tuple[str, ...], dict[str, list[tuple[str, str, str]]]]]]:
    """For each centred circle (by centre): the points P off it with the chords AC of it that P lies on."""
    out: dict[str, list] = {}
    for on, centre in engine.candidates.circles:
        if centre is None:
            continue
        through: dict[str, list[tuple[str, str, str]]] = {}
        for line in engine.candidates.lines:
            ends = [x for x in line if x in on]
            if len(ends) == 2:
                for p in line:
                    if p not in on and p != centre:
                        through.setdefault(p, []).append((p, *ends))
        out.setdefault(centre, []).append((on, through))
    return out


def _equal_powers(engine: Engine, shared: bool) -> Iterator[Binding]:
    """P on chord AC and Q on chord BD (B = A if ``shared``) of one circle centred O, with OP = OQ."""
    points, tol = engine.points, TOL * engine.scale
    for centre, circles in _chords_through(engine).items():
        for _, through in circles:
            for (p, chords_p), (q, chords_q) in permutations(through.items(), 2):
                if abs(norm(points[p] - points[centre]) - norm(points[q] - points[centre])) > tol:
                    continue
                for _, a, c in chords_p:
                    for _, b, d in chords_q:
                        for b_, d_ in ((b, d), (d, b)):
                            for a_, c_ in ((a, c), (c, a)):
                                if (a_ == b_) == shared and len({a_, c_, b_, d_}) == (3 if shared else 4):
                                    yield {"o": centre, "a": a_, "c": c_, "b": b_, "d": d_, "p": p, "q": q}


def _equal_powers_shared(engine: Engine) -> Iterator[Binding]:
    for b in _equal_powers(engine, True):
        del b["b"]
        yield b


def _equal_powers_apart(engine: Engine) -> Iterator[Binding]:
    return _equal_powers(engine, False)


# -- side conditions --------------------------------------------------------------------------------


def _two_lines(points: Points, b: Binding, scale: float) -> str | None:
    if not _non_collinear(points, b["o"], b["a"], b["b"], scale):
        return f"{b['o']} {b['a']} {b['b']} are collinear"
    return None


def _same_side_of_centre(points: Points, b: Binding, scale: float) -> str | None:
    o, a, c, p, d = (points[b[k]] for k in ("o", "a", "c", "b", "d"))
    if (dot(a - o, c - o) > 0) != (dot(p - o, d - o) > 0):
        return f"{b['o']} is between {b['a']}, {b['c']} but not between {b['b']}, {b['d']} (or conversely)"
    return _two_lines(points, b, scale)


def _same_division(points: Points, b: Binding, scale: float) -> str | None:
    """C lies where D does, relative to O and A as D to O and B: beyond O, between O and A, or beyond A."""
    def where(x: str, y: str) -> int:
        u = points[b[x]] - points[b["o"]]
        t = dot(points[b[y]] - points[b["o"]], u) / dot(u, u)
        return 0 if t < 0 else 1 if t < 1 else 2
    if where("a", "c") != where("b", "d"):
        return f"{b['c']} and {b['d']} do not lie alike on lines {b['o']}{b['a']} and {b['o']}{b['b']}"
    return _two_lines(points, b, scale)


def _triangle_abc(points: Points, b: Binding, scale: float) -> str | None:
    return None if _non_collinear(points, b["a"], b["b"], b["c"], scale) else f"{b['a']} {b['b']} {b['c']} are collinear"


def _chords_not_parallel(points: Points, b: Binding, scale: float) -> str | None:
    return f"chords {b['a']}{b['b']} and {b['c']}{b['d']} are parallel" if _parallel(
        points, b["a"], b["b"], b["c"], b["d"]) else None


def _bisector_not_axis(points: Points, b: Binding, scale: float) -> str | None:
    a, bb, c = points[b["a"]], points[b["b"]], points[b["c"]]
    if abs(norm(c - a) - norm(c - bb)) <= TOL * scale:
        return f"{b['c']}{b['a']} = {b['c']}{b['b']}: the bisector is the perpendicular bisector"
    return _triangle_abc(points, b, scale)


def _both_inside_or_outside(points: Points, b: Binding, scale: float) -> str | None:
    second = b.get("b", b["a"])
    inside_p = dot(points[b["a"]] - points[b["p"]], points[b["c"]] - points[b["p"]]) < 0
    inside_q = dot(points[second] - points[b["q"]], points[b["d"]] - points[b["q"]]) < 0
    return None if inside_p == inside_q else f"{b['p']} and {b['q']} are not both inside (or outside) the circle"


_PARALLEL_CUT = ("coll o a c", "coll o b d", "para a b c d")
_TWO_LINES = "O, A, B are not collinear"
_TRIANGLE = "A, B, C are not collinear"

THEOREMS: tuple[Theorem, ...] = (
    Theorem("parallels cut proportional segments from a point", _PARALLEL_CUT, "eqratio o a o c o b o d",
            _lines_through_point, _two_lines, _TWO_LINES),
    Theorem("parallels cut proportional segments from a point (whole)", _PARALLEL_CUT, "eqratio o a a c o b b d",
            _lines_through_point, _two_lines, _TWO_LINES),
    Theorem("parallels cut proportional segments from a point (part)", _PARALLEL_CUT, "eqratio o c a c o d b d",
            _lines_through_point, _two_lines, _TWO_LINES),
    Theorem("proportional segments from a point give parallels",
            ("coll o a c", "coll o b d", "eqratio o a o c o b o d"), "para a b c d", _lines_through_point,
            _same_side_of_centre, "O divides both segments alike"),
    Theorem("proportional segments from a point give parallels (whole)",
            ("coll o a c", "coll o b d", "eqratio o a a c o b b d"), "para a b c d", _lines_through_point,
            _same_division, "C lies on line OA as D on line OB: beyond O, between O and A, or beyond A alike"),
    Theorem("diagonals of a parallelogram bisect each other", ("midp m a b", "para a c b d", "para a d b c"),
            "midp m c d", _parallelogram_midpoints, _triangle_abc, _TRIANGLE),
    Theorem("altitudes are concurrent", ("perp a b c d", "perp a c b d"), "perp a d b c", _orthocentres,
            _triangle_abc, _TRIANGLE),
    Theorem("angle bisectors are concurrent", ("eqangle a b a x a x a c", "eqangle b a b x b x b c"),
            "eqangle c b c x c x c a", _incentres, _triangle_abc, _TRIANGLE),
    Theorem("medians are concurrent", ("midp m a b", "coll m x c", "midp n b c", "coll n x a", "midp p c a"),
            "coll x p b", _centroids, _triangle_abc, _TRIANGLE),
    Theorem("perpendicular bisectors of two chords meet at the centre",
            ("cong o a o b", "cong o c o d", "cyclic a b c d"), "cong o a o c", _centred_chords,
            _chords_not_parallel, "the chords AB and CD are not parallel"),
    Theorem("equal powers are equal distances from the centre",
            ("circle o a c d", "coll p a c", "coll q a d", "eqratio p a q a q d p c"), "cong o p o q",
            _equal_powers_shared, _both_inside_or_outside, "P and Q both inside or both outside the circle"),
    Theorem("equal powers are equal distances from the centre (two chords)",
            ("circle o a c b d", "coll p a c", "coll q b d", "eqratio p a q b q d p c"), "cong o p o q",
            _equal_powers_apart, _both_inside_or_outside, "P and Q both inside or both outside the circle"),
    Theorem("the bisector from C and the perpendicular bisector of AB meet on the circle ABC",
            ("cong d a d b", "eqangle c a c d c d c b"), "cyclic a b c d", _arc_midpoints, _bisector_not_axis,
            "CA ≠ CB and A, B, C are not collinear"),
)

BY_NAME: dict[str, Theorem] = {t.name: t for t in THEOREMS}
