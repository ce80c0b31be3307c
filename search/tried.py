"""What a search has already tried: constructions that build the same points the same way are one attempt.

A node's added constructions are named by its diagram (the first new point is ``x``, the next ``x1``, ...), so the
same two constructions added in the other order read differently but give the engine the same premises, and a
search that restarts wider (``search.modes``) meets every construction of its earlier rounds again. ``aux_key``
names an attempt up to that: each clause's own new points become placeholders (with where they land), and clauses
that use no other added point are compared as a set.
"""

from __future__ import annotations

from ddar import Clause
from ddar.geometry import Point
from ddar.predicates import diagram_scale

KEY_CELL = 1e-6  # new points nearer than this (relative to the diagram's size) are the same point


def key_cell(points: dict[str, Point]) -> float:
    """The grid ``aux_key`` places new points on, for a search from a diagram with these points."""
    return KEY_CELL * diagram_scale(points)


def aux_key(aux: tuple[Clause, ...], points: dict[str, Point], cell: float) -> tuple[str, ...]:
    """A key equal for two tuples of added constructions that give the engine the same premises: the same clauses
    in any order, whatever names the new points took, as long as no clause builds on another's new point (those
    keep their order and names). Each clause carries where its points lie (``points``, in units of ``cell``): a point
    placed freely on a locus lands elsewhere when other points are there first."""
    added = {p for clause in aux for p in clause.points}
    bodies = []
    for clause in aux:
        own = {p: f"#{i}" for i, p in enumerate(clause.points)}
        words = str(clause).replace(",", " ,").replace("@", " @").split()
        if any(w in added and w not in own for w in words):
            return tuple(str(c) for c in aux)  # builds on another added point: order and names matter
        at = " ".join(f"{round(points[p][0] / cell)},{round(points[p][1] / cell)}" for p in clause.points)
        bodies.append(" ".join(own.get(w, w) for w in words) + " at " + at)
    return tuple(sorted(bodies))
