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
        if self.pred in LINEAR_EQUATIONS:
            return tuple(p for _, pts in linear_terms(self)[0] for p in pts)
        n = PREDICATES[self.pred].points
        return self.args if n is None else self.args[:n]


@dataclass(frozen=True)
class PredicateInfo:
    """Arity of a predicate: ``points`` point arguments (None: ``min_points`` or more), then ``constant``."""

    points: int | None
    min_points: int = 0
    constant: str | None = None  # "angle" (npi/d), "ratio" (n/d), "length" (n or n/d) or "degrees" (signed integer)


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
    "r2const": PredicateInfo(4, constant="ratio"),  # (|AB| / |CD|)^2 = r
    "lconst": PredicateInfo(2, constant="length"),  # |AB| = L
    "s_angle": PredicateInfo(3, constant="degrees"),
    "simtri": PredicateInfo(6),
    "simtri2": PredicateInfo(6),
    "simtri*": PredicateInfo(6),
    "contri": PredicateInfo(6),
    "contri2": PredicateInfo(6),
    "contri*": PredicateInfo(6),
    "sameside": PredicateInfo(6),
    "nsameside": PredicateInfo(6),
    "sameclock": PredicateInfo(6),  # triangles ABC and DEF have the same orientation
    "obtuse_angle": PredicateInfo(3),  # the angle ABC is obtuse
    "diff": PredicateInfo(2),
    "lequation": PredicateInfo(None, 3),  # linear equation over lengths, see LINEAR_EQUATIONS
    "aequation": PredicateInfo(None, 5),  # linear equation over angles
    "acompute": PredicateInfo(4),  # goal only: what is ∠(AB, CD)? (see COMPUTE_GOALS)
    "rcompute": PredicateInfo(4),  # goal only: what is AB:CD?
    "lcompute": PredicateInfo(2),  # goal only: what is |AB|?
}

_ANGLE = re.compile(r"^(-?[0-9]*)pi/([0-9]+)$")
_RATIO = re.compile(r"^([0-9]+)/([0-9]+)$")
_DEGREES = re.compile(r"^-?[0-9]+$")
_NEWCLID_DEGREES = re.compile(r"^(-?[0-9]+)o$")
_INTEGER = re.compile(r"^[0-9]+$")
_COEFFICIENT = re.compile(r"^[+-]?([0-9]+)(?:/([0-9]+)|\.([0-9]*))?$|^[+-]?\.([0-9]+)$")

MAX_DIGITS = 12
"""Digits allowed in a constant's numerator and denominator (ratios, lengths, angles, degrees): a ratio's
numbers are factored into primes by trial division, which stays instant up to 12 digits."""
MAX_COEFFICIENT_DIGITS = 30
"""Digits allowed in each part of a linear equation's coefficient (``-3/2``, ``0.25``)."""
MAX_CONSTANT_CHARS = 64
"""Characters allowed in a constant or coefficient token."""


def _bounded(token: str, *parts: str | None, digits: int = MAX_DIGITS) -> None:
    """Raise ValueError when a number's parts (digit strings) are longer than ``digits``."""
    if any(part and len(part.lstrip("-")) > digits for part in parts):
        raise ValueError(f"number {token!r} is too large: at most {digits} digits in a numerator or denominator")


def _short(token: str, what: str) -> None:
    if len(token) > MAX_CONSTANT_CHARS:
        raise ValueError(f"malformed {what} {token[:20]!r}...: longer than {MAX_CONSTANT_CHARS} characters")


def parse_coefficient(token: str) -> Fraction:
    """A linear equation's coefficient (``2``, ``-1/2``, ``0.25``), with at most MAX_COEFFICIENT_DIGITS digits in
    each part; raises ValueError on anything else (exponents, ``inf``, ``nan``, a zero denominator)."""
    if not isinstance(token, str) or len(token) > MAX_CONSTANT_CHARS or not _COEFFICIENT.match(token):
        raise ValueError(f"malformed coefficient {str(token)[:40]!r}: expected a fraction such as -1/2")
    m = _COEFFICIENT.match(token)
    _bounded(token, *m.groups(), digits=MAX_COEFFICIENT_DIGITS)
    if m.group(2) is not None and int(m.group(2)) == 0:
        raise ValueError(f"malformed coefficient {token!r}: zero denominator")
    return Fraction(token)

LINEAR_EQUATIONS = {"lequation": 2, "aequation": 4}
"""Linear equations as goals: ``lequation c1 a b c2 c d ... L`` (sum of c_i·|AB| = L) and ``aequation c1 a b c d
... x`` (sum of c_i·∠(AB,CD) = x modulo 180°); the number is the points per term."""

COMPUTE_GOALS = {"acompute": ("aconst",), "rcompute": ("rconst", "r2const"), "lcompute": ("lconst",)}
"""'Find x' goals (``ddar/compute.py``): each asks for the value of a quantity (the angle ∠(AB, CD), the ratio
AB:CD, the length AB) and is settled by a fact of one of these predicates stating it."""

PREDICATE_ALIASES = {"simtrir": "simtri2", "contrir": "contri2"}
"""Newclid's names of predicates that the language already has under another name."""


def parse_constant(kind: str, token: str) -> Fraction:
    """Value of a constant token: an angle as a fraction of pi, a ratio, or degrees.

    Raises ValueError with the expected form when the token is malformed.
    """
    if not isinstance(token, str):
        raise ValueError(f"malformed constant {token!r}: expected text")
    if kind == "angle":
        _short(token, "angle")
        m = _ANGLE.match(token)
        if m:
            _bounded(token, m.group(1), m.group(2))
        if not m or int(m.group(2)) == 0:
            raise ValueError(f"malformed angle {token!r}: expected npi/d such as 1pi/3 or degrees such as 60o")
        n = m.group(1)
        return Fraction(int(n) if n not in ("", "-") else (-1 if n == "-" else 1), int(m.group(2)))
    if kind == "ratio":
        _short(token, "ratio")
        m = _RATIO.match(token)
        if m:
            _bounded(token, m.group(1), m.group(2))
        if not m or int(m.group(2)) == 0 or int(m.group(1)) == 0:
            raise ValueError(f"malformed ratio {token!r}: expected n/d such as 1/2")
        return Fraction(int(m.group(1)), int(m.group(2)))
    if kind == "degrees":
        _short(token, "angle in degrees")
        if not _DEGREES.match(token):
            raise ValueError(f"malformed angle in degrees {token!r}: expected a signed integer such as 30 or 30o")
        _bounded(token, token)
        return Fraction(int(token))
    if kind == "length":
        _short(token, "length")
        m = _RATIO.match(token)
        if m:
            _bounded(token, m.group(1), m.group(2))
            if int(m.group(2)) and int(m.group(1)):
                return Fraction(int(m.group(1)), int(m.group(2)))
        if _INTEGER.match(token):
            _bounded(token, token)
            if int(token):
                return Fraction(int(token))
        raise ValueError(f"malformed length {token!r}: expected a positive integer or fraction such as 3 or 5/2")
    raise KeyError(kind)


def normalize_constant(kind: str, token: str) -> str:
    """The internal token of a constant written in either dialect; raises ValueError when malformed.

    Angles (``npi/d``) also accept Newclid's degrees ``45o``; degrees (signed integers) also
    accept ``45o`` and whole-degree ``npi/d``; ratios (``n/d``) also accept a plain integer.
    """
    if not isinstance(token, str):
        raise ValueError(f"malformed constant {token!r}: expected text")
    _short(token, "constant")
    m = _NEWCLID_DEGREES.match(token)
    if m:
        _bounded(token, m.group(1))
    if kind == "angle":
        return angle_token(Fraction(int(m.group(1)), 180) if m else parse_constant("angle", token))
    if kind == "degrees":
        if m:
            return str(int(m.group(1)))
        if _ANGLE.match(token):
            degrees = parse_constant("angle", token) * 180
            if degrees.denominator != 1:
                raise ValueError(f"angle {token!r} is not a whole number of degrees")
            return str(degrees.numerator)
        return str(parse_constant("degrees", token))
    if kind == "ratio":
        if _INTEGER.match(token):
            _bounded(token, token)
        if _INTEGER.match(token) and int(token):
            return f"{int(token)}/1"
        parse_constant("ratio", token)
        return token
    value = parse_constant(kind, token)
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def angle_token(value: Fraction) -> str:
    """Text of an angle constant ``value``·pi, reduced to [0, 1)·pi."""
    value = value % 1
    return f"{value.numerator}pi/{value.denominator}"


def _split_terms(pred: str, body: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """(coefficient token, points) of each term: a coefficient, then LINEAR_EQUATIONS[pred] points, and for
    lengths optionally ``* c d`` (a product of two lengths, which has no linear equation)."""
    width, terms, i = LINEAR_EQUATIONS[pred], [], 0
    while i < len(body):
        points = body[i + 1:i + 1 + width]
        if len(points) < width or "*" in points:
            raise ValueError(f"expected terms of a coefficient and {width} points, then a constant")
        end = i + 1 + width
        if pred == "lequation" and end < len(body) and body[end] == "*":
            points = points + body[end + 1:end + 3]
            end += 3
            if len(points) != 4 or "*" in points:
                raise ValueError("a product of lengths is written a b * c d")
        terms.append((body[i], tuple(points)))
        i = end
    return terms


def linear_terms(fact: Fact) -> tuple[list[tuple[Fraction, tuple[str, ...]]], Fraction]:
    """The terms (coefficient, points; four points for a product of lengths) and the constant of a linear
    equation fact (see ``LINEAR_EQUATIONS``)."""
    *body, constant = fact.args
    terms = [(parse_coefficient(c), pts) for c, pts in _split_terms(fact.pred, [a for a in body])]
    kind = "length" if fact.pred == "lequation" else "angle"
    return terms, (parse_constant(kind, constant) if constant not in ("0", "0/1") else Fraction(0))


def normalize_linear(pred: str, tokens: list[str]) -> tuple[str, ...]:
    """Arguments of a linear equation goal in internal form; raises ValueError naming what is wrong."""
    *body, constant = tokens or [""]
    if not body:
        raise ValueError(f"expected terms of a coefficient and {LINEAR_EQUATIONS[pred]} points, then a constant")
    out = []
    for coefficient, points in _split_terms(pred, body):
        value = parse_coefficient(coefficient)
        out += [str(value), *points[:2], *(("*", *points[2:]) if pred == "lequation" and len(points) == 4 else
                                          points[2:])]
    kind = "length" if pred == "lequation" else "angle"
    out.append("0" if constant in ("0", "0/1", "0o") else normalize_constant(kind, constant))
    return tuple(out)
