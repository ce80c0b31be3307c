"""Facts: a predicate name and its arguments, plus the table of predicates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Fact:
    """A predicate instance such as ``coll a b c``; constants stay as text (``1pi/3``, ``1/2``)."""

    pred: str
    args: tuple[str, ...]

    def __str__(self) -> str:
        return " ".join((self.pred, *self.args))

    @property
    def points(self) -> tuple[str, ...]:
        """The point arguments (constants left out)."""
        n = PREDICATES[self.pred].points
        return self.args if n is None else self.args[:n]


@dataclass(frozen=True)
class PredicateInfo:
    """Arity of a predicate: ``points`` point arguments (None: ``min_points`` or more), then ``constant``."""

    points: int | None
    min_points: int = 0
    constant: str | None = None  # "angle" (npi/d), "ratio" (n/d) or "degrees" (signed integer)


PREDICATES: dict[str, PredicateInfo] = {
    "coll": PredicateInfo(None, 3),
    "ncoll": PredicateInfo(None, 3),
    "cyclic": PredicateInfo(None, 4),
    "para": PredicateInfo(4),
    "npara": PredicateInfo(4),
    "perp": PredicateInfo(4),
    "nperp": PredicateInfo(4),
    "cong": PredicateInfo(4),
    "circle": PredicateInfo(None, 4),  # centre, then three or more points on the circle
    "midp": PredicateInfo(3),
    "eqangle": PredicateInfo(8),
    "eqangle6": PredicateInfo(8),
    "eqratio": PredicateInfo(8),
    "eqratio6": PredicateInfo(8),
    "eqratio3": PredicateInfo(6),
    "aconst": PredicateInfo(4, constant="angle"),
    "rconst": PredicateInfo(4, constant="ratio"),
    "s_angle": PredicateInfo(3, constant="degrees"),
    "simtri": PredicateInfo(6),
    "simtri2": PredicateInfo(6),
    "simtri*": PredicateInfo(6),
    "contri": PredicateInfo(6),
    "contri2": PredicateInfo(6),
    "contri*": PredicateInfo(6),
    "sameside": PredicateInfo(6),
    "diff": PredicateInfo(2),
}

_ANGLE = re.compile(r"^(-?\d*)pi/(\d+)$")
_RATIO = re.compile(r"^(\d+)/(\d+)$")
_DEGREES = re.compile(r"^-?\d+$")


def parse_constant(kind: str, token: str) -> Fraction:
    """Value of a constant token: an angle as a fraction of pi, a ratio, or degrees.

    Raises ValueError with the expected form when the token is malformed.
    """
    if kind == "angle":
        m = _ANGLE.match(token)
        if not m or int(m.group(2)) == 0:
            raise ValueError(f"malformed angle {token!r}: expected npi/d such as 1pi/3")
        n = m.group(1)
        return Fraction(int(n) if n not in ("", "-") else (-1 if n == "-" else 1), int(m.group(2)))
    if kind == "ratio":
        m = _RATIO.match(token)
        if not m or int(m.group(2)) == 0 or int(m.group(1)) == 0:
            raise ValueError(f"malformed ratio {token!r}: expected n/d such as 1/2")
        return Fraction(int(m.group(1)), int(m.group(2)))
    if kind == "degrees":
        if not _DEGREES.match(token):
            raise ValueError(f"malformed angle in degrees {token!r}: expected a signed integer such as 30")
        return Fraction(int(token))
    raise KeyError(kind)


def angle_token(value: Fraction) -> str:
    """Text of an angle constant ``value``·pi, reduced to [0, 1)·pi."""
    value = value % 1
    return f"{value.numerator}pi/{value.denominator}"
