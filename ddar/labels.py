"""Where point labels go in a picture: for each label in turn (the most crowded points first), the offset around
its point, among a few candidates, whose box stays off the other labels and points, nearer its own point than
any other, and covers the least of the lines (the goal's, drawn thicker, weigh most)."""

from __future__ import annotations

import numpy as np

# Candidate directions of a label from its point, the first preferred (up and right, as labels usually sit).
_DIRECTIONS = [(1, 1), (1, -1), (-1, 1), (-1, -1), (1, 0), (-1, 0), (0, 1), (0, -1),
               (2, 1), (2, -1), (-2, 1), (-2, -1), (1, 2), (-1, 2), (1, -2), (-1, -2)]
_GAPS = (2.0, 7.0, 14.0)  # pixels between a point's dot and its label's box, nearest first
LABEL_COST = 1e5  # a label on another label
POINT_COST = 1e3  # a label on another point
NEARER_COST = 100.0  # a label nearer another point than its own (it would name the wrong point)
GAP_COST = 1.0  # per pixel of gap
LINE_WEIGHT, GOAL_WEIGHT = 0.3, 5.0  # per pixel of a line under a label: any line or circle, the goal's
PAD = 1.5  # pixels kept clear around a label box


def _inside_lengths(segments: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """Length of each segment ``(x0, y0, x1, y1)`` inside the box ``(left, bottom, right, top)`` (Liang–Barsky)."""
    p, d = segments[:, :2], segments[:, 2:] - segments[:, :2]
    lo, hi = np.zeros(len(segments)), np.ones(len(segments))
    for axis, (low, high) in enumerate(((box[0], box[2]), (box[1], box[3]))):
        step = d[:, axis]
        flat = np.abs(step) < 1e-12
        with np.errstate(divide="ignore", invalid="ignore"):
            t0, t1 = (low - p[:, axis]) / step, (high - p[:, axis]) / step
        enter = np.where(flat, np.where((low <= p[:, axis]) & (p[:, axis] <= high), 0.0, np.inf), np.minimum(t0, t1))
        leave = np.where(flat, 1.0, np.maximum(t0, t1))
        lo, hi = np.maximum(lo, enter), np.minimum(hi, leave)
    return np.maximum(hi - lo, 0.0) * np.hypot(d[:, 0], d[:, 1])


def _distances(points: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """Distance of each point to the box ``(left, bottom, right, top)`` (0 inside)."""
    dx = np.maximum(np.maximum(box[0] - points[:, 0], points[:, 0] - box[2]), 0.0)
    dy = np.maximum(np.maximum(box[1] - points[:, 1], points[:, 1] - box[3]), 0.0)
    return np.hypot(dx, dy)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """Area shared by two boxes ``(left, bottom, right, top)``."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def choose_offsets(anchors: dict[str, tuple[float, float]], sizes: dict[str, tuple[float, float]],
                   segments: np.ndarray, weights: np.ndarray, marker: float = 4.0) -> dict[str, tuple[float, float]]:
    """Each label's centre as an offset from its anchor, in the (pixel) units of the arguments: ``anchors`` the
    points, ``sizes`` each label's width and height, ``segments`` an (n, 4) array of the lines drawn with their
    ``weights``, ``marker`` the radius of a point's dot."""
    names = list(anchors)
    xy = np.array([anchors[n] for n in names], dtype=float).reshape(-1, 2)
    crowd = {n: int(np.sum(np.hypot(*(xy - xy[i]).T) < 40.0)) for i, n in enumerate(names)}
    placed: list[tuple[float, float, float, float]] = []
    offsets: dict[str, tuple[float, float]] = {}
    for name in sorted(names, key=lambda n: -crowd[n]):
        (x, y), (w, h) = anchors[name], sizes[name]
        own = np.array([n == name for n in names])
        best = None
        for rank, (gap, (dx, dy)) in enumerate((g, d) for g in _GAPS for d in _DIRECTIONS):
            norm = float(np.hypot(dx, dy))
            cx = x + dx / norm * (gap + marker) + np.sign(dx) * w / 2
            cy = y + dy / norm * (gap + marker) + np.sign(dy) * h / 2
            box = (cx - w / 2 - PAD, cy - h / 2 - PAD, cx + w / 2 + PAD, cy + h / 2 + PAD)
            cost = 0.01 * rank + GAP_COST * gap
            cost += sum(LABEL_COST + _overlap(box, other) for other in placed if _overlap(box, other) > 0)
            distance = _distances(xy, box)
            cost += POINT_COST * int(((distance < marker) & ~own).sum())
            cost += NEARER_COST * int(((distance < distance[own][0] + 1.0) & ~own).sum())
            if len(segments):
                cost += float(_inside_lengths(segments, box) @ weights)
            if best is None or cost < best[0]:
                best = (cost, (cx - x, cy - y), box)
        offsets[name] = best[1]
        placed.append(best[2])
    return offsets


def arrange_labels(fig, ax, labels: dict) -> None:
    """Move the matplotlib annotations ``labels`` (point name → annotation at its point, centred, in offset
    points) to offsets chosen by ``choose_offsets`` against the lines, circles and points already on ``ax``."""
    fig.canvas.draw()  # fixes the layout, so data → pixels is final
    renderer = fig.canvas.get_renderer()
    to_pixels = ax.transData.transform
    segments, weights = [], []
    for line in ax.lines:  # lines, the goal's segments; the points' dots (no line style) are the anchors
        if line.get_linestyle() in ("None", "", " "):
            continue
        xy = to_pixels(line.get_xydata())
        segments += [np.concatenate([a, b]) for a, b in zip(xy[:-1], xy[1:])]
        weights += [GOAL_WEIGHT if line.get_linewidth() > 2 else LINE_WEIGHT] * (len(xy) - 1)
    for patch in ax.patches:
        xy = patch.get_verts()
        segments += [np.concatenate([a, b]) for a, b in zip(xy[:-1], xy[1:])]
        weights += [GOAL_WEIGHT if patch.get_linewidth() > 2 else LINE_WEIGHT] * (len(xy) - 1)
    anchors = {n: tuple(to_pixels(a.xy)) for n, a in labels.items()}
    sizes = {}
    for name, annotation in labels.items():
        extent = annotation.get_window_extent(renderer)
        sizes[name] = (extent.width, extent.height)
    offsets = choose_offsets(anchors, sizes, np.array(segments).reshape(-1, 4), np.array(weights))
    points_per_pixel = 72.0 / fig.dpi
    for name, (dx, dy) in offsets.items():
        labels[name].xyann = (dx * points_per_pixel, dy * points_per_pixel)
