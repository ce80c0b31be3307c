"""Pictures of diagrams: points, the lines and circles of the construction, the goal highlighted."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .diagram import Diagram
from .facts import Fact
from .geometry import Circle, circumcircle, dot, norm, unit
from .labels import arrange_labels
from .predicates import TOL
from .problem import Clause

# Circles a construction draws: (centre, point on it) or three points on it, as formal names.
_CIRCLES: dict[str, list[tuple[str, ...]]] = {
    "on_circle": [("o", "a")],
    "circle": [("x", "a")],
    "circumcenter": [("x", "a")],
    "on_circum": [("a", "b", "c")],
    "on_dia": [("a", "b", "x")],
    "on_aline2": [("a", "b", "x")],
    "eqangle3": [("a", "b", "x")],
    "intersection_lc": [("o", "b")],
    "intersection_cc": [("o", "a"), ("w", "a")],
    "incenter2": [("i", "x")],
    "excenter2": [("i", "x")],
    "ninepoints": [("i", "x")],
    "tangent": [("o", "b")],
    "cc_tangent0": [("o", "a"), ("w", "b")],
    "cc_tangent": [("o", "a"), ("w", "b")],
    "e5128": [("c", "b")],
    "2l1c": [("o", "a"), ("i", "x")],
}

_SEGMENT_PREDICATES = {"para", "perp", "cong", "eqangle", "eqangle6", "eqratio", "eqratio6", "eqratio3", "aconst",
                       "rconst", "r2const", "lconst", "lequation", "aequation", "acompute", "rcompute", "lcompute"}


def segments(fact: Fact) -> list[tuple[str, ...]]:
    """Point sets that the fact draws as lines: its pairs, or all its points for coll/midp."""
    if fact.pred in ("coll", "midp"):
        return [fact.args]
    if fact.pred in _SEGMENT_PREDICATES:
        p = fact.points
        return [tuple(p[i:i + 2]) for i in range(0, len(p) - 1, 2)]
    if fact.pred in ("simtri", "simtri2", "simtri*", "contri", "contri2", "contri*"):
        a, b, c, x, y, z = fact.args
        return [(a, b), (b, c), (c, a), (x, y), (y, z), (z, x)]
    return []


def circles_of(diagram: Diagram, clauses: Iterable[Clause] | None = None) -> list[Circle]:
    """The circles that ``clauses`` (default: all the problem's) draw, and those through their cyclic points."""
    pts = diagram.points
    circles = []
    for clause in diagram.problem.clauses if clauses is None else clauses:
        for construction in clause.constructions:
            binding = construction.definition.bind(construction.args)
            for spec in _CIRCLES.get(construction.name, []):
                names = [binding[s] for s in spec]
                if len(names) == 2:
                    circles.append(Circle(pts[names[0]], norm(pts[names[1]] - pts[names[0]])))
                else:
                    circles.append(circumcircle(*(pts[n] for n in names)))
        for fact in clause.facts():
            if fact.pred == "cyclic":
                circles.append(circumcircle(*(pts[n] for n in fact.args[:3])))
    return circles


def _collinear_with(diagram: Diagram, a: str, b: str) -> list[str]:
    pts, scale = diagram.points, diagram.scale
    d = unit(pts[b] - pts[a])
    return [n for n, p in pts.items() if abs(d[0] * (p - pts[a])[1] - d[1] * (p - pts[a])[0]) <= 1e-6 * scale]


def line_extent(diagram: Diagram, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The ends of the line through the (collinear) points ``names``, a little beyond the outermost two."""
    pts = [diagram.points[n] for n in names]
    d = unit(pts[1] - pts[0])
    ts = [dot(p - pts[0], d) for p in pts]
    margin = 0.08 * (max(ts) - min(ts))
    return pts[0] + (min(ts) - margin) * d, pts[0] + (max(ts) + margin) * d


def unique_circles(circles: list[Circle], scale: float) -> list[Circle]:
    """``circles`` without repeats (same centre and radius within 1e-6 of ``scale``)."""
    out: list[Circle] = []
    for c in circles:
        if all(norm(c.center - o.center) > 1e-6 * scale or abs(c.radius - o.radius) > 1e-6 * scale for o in out):
            out.append(c)
    return out


def lines_of(diagram: Diagram, facts: list[Fact]) -> list[tuple[str, ...]]:
    """The lines ``facts`` draw, each as all the diagram's points on it (one entry per line)."""
    lines: dict[frozenset[str], tuple[str, ...]] = {}
    for fact in facts:
        for group in segments(fact):
            distinct = [n for i, n in enumerate(group) if n not in group[:i]]
            if len(distinct) < 2 or norm(diagram.points[distinct[0]] - diagram.points[distinct[1]]) <= TOL * diagram.scale:
                continue
            names = _collinear_with(diagram, distinct[0], distinct[1])
            lines.setdefault(frozenset(names), tuple(names))
    return list(lines.values())


def draw(diagram: Diagram, out: str | Path) -> Path:
    """Draw ``diagram`` to a PNG or SVG file (by the suffix of ``out``) and return the path."""
    out = Path(out)
    if out.suffix.lower() not in (".png", ".svg"):
        raise ValueError(f"cannot draw to {str(out)!r}: the file name must end in .png or .svg")
    fig = figure(diagram)
    import matplotlib.pyplot as plt  # after figure() chose the Agg backend
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out


def figure(diagram: Diagram):
    """The matplotlib figure of ``diagram``: lines, circles, the goal in red, points labelled clear of each other."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    goal = diagram.problem.goal
    scale = diagram.scale
    fig, ax = plt.subplots(figsize=(8, 8))
    for names in lines_of(diagram, diagram.problem.facts()):
        p, q = line_extent(diagram, list(names))
        ax.plot([p[0], q[0]], [p[1], q[1]], color="0.35", lw=1.0, zorder=1)
    for c in unique_circles(circles_of(diagram), scale):
        ax.add_patch(plt.Circle(tuple(c.center), c.radius, fill=False, color="tab:blue", lw=1.0, zorder=1))
    if goal is not None:
        for group in segments(goal):
            pts = np.array([diagram.points[n] for n in group])
            ax.plot(pts[:, 0], pts[:, 1], color="tab:red", lw=2.5, zorder=2)
        if goal.pred in ("cyclic", "circle"):
            names = goal.args[1:] if goal.pred == "circle" else goal.args[:3]
            c = circumcircle(*(diagram.points[n] for n in names))
            ax.add_patch(plt.Circle(tuple(c.center), c.radius, fill=False, color="tab:red", lw=2.5, zorder=2))
    goal_points = set(goal.points) if goal is not None else set()
    labels = {}
    for name, p in diagram.points.items():
        color = "tab:red" if name in goal_points else "black"
        ax.plot(p[0], p[1], "o", color=color, ms=5, zorder=3)
        labels[name] = ax.annotate(name, (p[0], p[1]), xytext=(0, 0), textcoords="offset points", ha="center",
                                   va="center", fontsize=11, color=color, zorder=4)
    title = diagram.problem.name + (f"\ngoal: {goal}" if goal is not None else "")
    ax.set_title(title, fontsize=11)
    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.axis("off")
    fig.tight_layout()
    arrange_labels(fig, ax, labels)
    return fig
