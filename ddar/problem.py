"""Parsing problems written in the benchmark language into ``Problem`` objects.

A problem file holds name/statement line pairs. A statement is
``clause; clause; ... ? goal`` where a clause is ``points = construction, construction``.
Every construction is expanded to its full argument form; bad input raises
``ProblemError`` naming the problem, the clause, the token and what was expected.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .constructions import CONSTRUCTIONS, ConstructionDef
from .errors import ProblemError
from .facts import PREDICATES, Fact, parse_constant

_FORBIDDEN = re.compile(r"[\s,;=?@]")
_FLOAT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Construction:
    """One construction instance in full form, e.g. ``on_line e a c``."""

    name: str
    args: tuple[str, ...]

    @property
    def definition(self) -> ConstructionDef:
        return CONSTRUCTIONS[self.name]

    def facts(self) -> list[Fact]:
        return self.definition.facts(self.args)

    def preconditions(self) -> list[Fact]:
        return self.definition.instantiate_preconditions(self.args)

    def input_points(self) -> list[str]:
        binding = self.definition.bind(self.args)
        return [binding[a] for a in self.definition.input_points]

    def __str__(self) -> str:
        return " ".join((self.name, *self.args))


@dataclass(frozen=True)
class Clause:
    """New points and the constructions (one, or two loci to intersect) that place them."""

    points: tuple[str, ...]
    constructions: tuple[Construction, ...]
    pins: tuple[tuple[str, float, float], ...] = ()

    def facts(self) -> list[Fact]:
        return [f for c in self.constructions for f in c.facts()]

    def __str__(self) -> str:
        pinned = {name: (x, y) for name, x, y in self.pins}
        lhs = " ".join(f"{p}@{pinned[p][0]!r}_{pinned[p][1]!r}" if p in pinned else p for p in self.points)
        return f"{lhs} = " + ", ".join(str(c) for c in self.constructions)


@dataclass(frozen=True)
class Problem:
    """A parsed problem: its clauses in order and an optional goal."""

    name: str
    clauses: tuple[Clause, ...]
    goal: Fact | None = None
    text: str = field(default="", compare=False)

    @property
    def points(self) -> list[str]:
        return [p for c in self.clauses for p in c.points]

    def built_from(self, points) -> set[str]:
        """The given points and every point they are built from, transitively."""
        inputs = {p: {q for c in clause.constructions for q in c.input_points()}
                  for clause in self.clauses for p in clause.points}
        out: set[str] = set()
        stack = list(points)
        while stack:
            p = stack.pop()
            if p not in out:
                out.add(p)
                stack.extend(inputs.get(p, ()))
        return out

    def facts(self) -> list[Fact]:
        """All facts asserted by the constructions, in clause order."""
        return [f for c in self.clauses for f in c.facts()]

    def statement(self) -> str:
        """The problem in full-form text (parses back to an equal problem)."""
        body = "; ".join(str(c) for c in self.clauses)
        return f"{body} ? {self.goal}" if self.goal else body


def parse_problem(name: str, statement: str) -> Problem:
    """Parse one statement; raises ``ProblemError`` on bad input."""
    statement = statement.strip()
    if not statement:
        raise ProblemError("empty statement", name)
    body, _, goal_text = statement.partition("?")
    if "?" in goal_text:
        raise ProblemError("more than one '?' in the statement", name)
    declared: set[str] = set()
    clauses = []
    for text in body.split(";"):
        text = text.strip()
        if not text:
            raise ProblemError("empty clause (two ';' in a row?)", name)
        clauses.append(_parse_clause(text, declared, name))
    goal = _parse_goal(goal_text.strip(), declared, name) if goal_text.strip() else None
    return Problem(name, tuple(clauses), goal, statement)


def split_statements(text: str, source: str = "<text>") -> list[tuple[str, str]]:
    """(name, statement) pairs of a problem file's text; blank lines are ignored."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) % 2:
        raise ProblemError(f"{source}: odd number of non-empty lines; expected name/statement pairs "
                           f"(last line {lines[-1]!r} has no statement)")
    pairs = list(zip(lines[::2], lines[1::2]))
    seen: set[str] = set()
    for name, _ in pairs:
        if name in seen:
            raise ProblemError(f"{source}: problem name {name!r} appears twice")
        seen.add(name)
    return pairs


def parse_problems(text: str, source: str = "<text>") -> list[Problem]:
    """Parse a whole problem file's text."""
    return [parse_problem(name, statement) for name, statement in split_statements(text, source)]


def read_statements(path: str | Path, names: list[str] | None = None) -> list[tuple[str, str]]:
    """(name, statement) pairs of a problem file, unparsed; with ``names``, those problems in that order."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ProblemError(f"cannot read problem file {str(path)!r}: {e.strerror}") from None
    pairs = split_statements(text, str(path))
    if not names:
        return pairs
    by_name = dict(pairs)
    for name in names:
        if name not in by_name:
            raise ProblemError(f"no problem named {name!r} in {str(path)!r}{_suggest(name, list(by_name))}")
    return [(n, by_name[n]) for n in names]


def load_problems(path: str | Path, names: list[str] | None = None) -> list[Problem]:
    """Read and parse a problem file; with ``names``, return those problems in that order."""
    return [parse_problem(name, statement) for name, statement in read_statements(path, names)]


def load_problem(path: str | Path, name: str) -> Problem:
    return load_problems(path, [name])[0]


def _suggest(word: str, choices: list[str]) -> str:
    """A hint naming up to three choices that share a prefix with ``word`` or look like it."""
    prefix = [c for c in choices if len(os.path.commonprefix([c, word])) >= 3]
    similar = difflib.get_close_matches(word, choices, n=3, cutoff=0.5)
    close = list(dict.fromkeys(prefix + similar))[:3]
    return f"; did you mean {', '.join(close)}?" if close else ""


def _check_name(token: str, problem: str, clause: str) -> None:
    if not token or _FORBIDDEN.search(token):
        raise ProblemError(f"bad point name {token!r}", problem, clause)


def _parse_number(token: str, what: str, problem: str, clause: str) -> float:
    if not _FLOAT.match(token):
        raise ProblemError(f"malformed number {token!r} in {what}: expected a decimal number", problem, clause)
    return float(token)


def parse_clause(text: str, declared: set[str], problem: str = "<clause>") -> Clause:
    """Parse one clause given the points already declared (which it does not change)."""
    return _parse_clause(text.strip(), set(declared), problem)


def _parse_clause(text: str, declared: set[str], problem: str) -> Clause:
    if "=" not in text:
        raise ProblemError("expected 'points = construction ...'", problem, text)
    lhs, rhs = (s.strip() for s in text.split("=", 1))
    points, pins = [], []
    for token in lhs.split():
        name, at, coords = token.partition("@")
        _check_name(name, problem, text)
        if at:
            x, sep, y = coords.rpartition("_")
            if not sep:
                raise ProblemError(f"malformed number in pinned point {token!r}: expected name@x_y",
                                   problem, text)
            pins.append((name, _parse_number(x, token, problem, text), _parse_number(y, token, problem, text)))
        if name in declared or name in points:
            raise ProblemError(f"point {name!r} is declared twice", problem, text)
        points.append(name)
    if not points:
        raise ProblemError("no new point on the left of '='", problem, text)
    parts = [p.strip() for p in rhs.split(",")]
    if not all(parts):
        raise ProblemError("missing construction (empty text between commas)", problem, text)
    constructions = tuple(_parse_construction(p, points, declared, problem, text) for p in parts)
    _check_combination(constructions, points, problem, text)
    declared.update(points)
    return Clause(tuple(points), constructions, tuple(pins))


def _parse_construction(text: str, points: list[str], declared: set[str], problem: str, clause: str) -> Construction:
    name, *args = text.split()
    definition = CONSTRUCTIONS.get(name)
    if definition is None:
        raise ProblemError(f"unknown construction {name!r}{_suggest(name, list(CONSTRUCTIONS))}", problem, clause)
    formal = definition.args
    short_form_fits = len(points) == len(definition.new) and not set(args) & set(points)
    if len(args) == definition.short_arity and short_form_fits:
        args = _expand(definition, points, args)
    elif len(args) != len(formal):
        forms = f"{len(formal)} ({' '.join(formal)})"
        if len(points) == len(definition.new):
            forms += f" or {definition.short_arity} without the new points"
        raise ProblemError(f"{name} takes {forms} arguments, got {len(args)}: {' '.join(args) or '(none)'}",
                           problem, clause)
    for formal_arg, actual in zip(formal, args):
        if formal_arg in definition.numbers:
            try:
                parse_constant("degrees", actual)
            except ValueError as e:
                raise ProblemError(f"{name}: {e}", problem, clause) from None
            continue
        _check_name(actual, problem, clause)
        if formal_arg in definition.new:
            if actual not in points:
                raise ProblemError(f"{name}: argument {formal_arg!r} is a new point, so {actual!r} must be one of "
                                   f"the points declared by this clause ({' '.join(points)})", problem, clause)
        elif actual in points:
            raise ProblemError(f"{name}: point {actual!r} is used before it is constructed", problem, clause)
        elif actual not in declared:
            raise ProblemError(f"{name}: undeclared point {actual!r}", problem, clause)
    return Construction(name, tuple(args))


def _expand(definition: ConstructionDef, points: list[str], args: list[str]) -> list[str]:
    """Short form → full form: the clause's new points go to the formal new-point slots."""
    new_points, given = iter(points), iter(args)
    return [next(new_points) if a in definition.new else next(given) for a in definition.args]


def _check_combination(constructions: tuple[Construction, ...], points: list[str], problem: str, clause: str) -> None:
    built: set[str] = set()
    for c in constructions:
        binding = c.definition.bind(c.args)
        built.update(binding[a] for a in c.definition.new)
    missing = [p for p in points if p not in built]
    if missing:
        raise ProblemError(f"point {missing[0]!r} is declared but no construction places it", problem, clause)
    if len(constructions) == 1:
        return
    for c in constructions:
        if not c.definition.is_locus:
            raise ProblemError(f"{c.name} places its points by itself and must stand alone in its clause; "
                               "only loci (on_line, on_circle, ...) can be intersected", problem, clause)
    if len(constructions) > 2:
        raise ProblemError(f"{len(constructions)} loci intersected; at most two can be", problem, clause)


def _parse_goal(text: str, declared: set[str], problem: str) -> Fact:
    pred, *args = text.split()
    info = PREDICATES.get(pred)
    if info is None:
        raise ProblemError(f"unknown goal predicate {pred!r}{_suggest(pred, list(PREDICATES))}", problem, text)
    if info.points is None:
        if len(args) < info.min_points:
            raise ProblemError(f"{pred} takes at least {info.min_points} points, got {len(args)}", problem, text)
        point_args = args
    else:
        expected = info.points + (1 if info.constant else 0)
        if len(args) != expected:
            raise ProblemError(f"{pred} takes {expected} arguments, got {len(args)}", problem, text)
        point_args = args[:info.points]
        if info.constant:
            try:
                parse_constant(info.constant, args[-1])
            except ValueError as e:
                raise ProblemError(f"{pred}: {e}", problem, text) from None
    for p in point_args:
        if p not in declared:
            raise ProblemError(f"undeclared point {p!r} in the goal", problem, text)
    return Fact(pred, tuple(args))
