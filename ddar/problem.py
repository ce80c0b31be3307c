"""Parsing problems written in the benchmark language into ``Problem`` objects.

A problem file holds name/statement line pairs (lines starting with ``#`` are comments).
A statement is ``clause; clause; ... [| aux clause; ...] [? goal[; goal ...]]`` where a
clause is ``points = construction, construction``; clauses after ``|`` are auxiliary
constructions given with the problem. One language covers the reference's dialect and
Newclid's (more constructions, angles as ``45o``, several goals); where the two order a
construction's arguments differently, the reference's order is the one kept.
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
from .constructions_newclid import NEWCLID_ARG_ORDER
from .errors import ProblemError
from .facts import (COMPUTE_GOALS, LINEAR_EQUATIONS, PREDICATE_ALIASES, PREDICATES, Fact, normalize_constant,
                    normalize_linear)

DIALECTS = ("alphageometry", "newclid")
_DIALECT = re.compile(r"^#\s*dialect\s*:\s*(\S*)\s*$")

_FORBIDDEN = re.compile(r"[\s,;=?@\x00-\x1f\x7f]")
_FLOAT = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")

MAX_STATEMENT_CHARS = 50_000
"""Longest statement read (the longest shipped or benchmark statement has about 700 characters)."""
MAX_CLAUSES = 300
"""Most clauses (given and auxiliary together) in one statement; benchmark problems have at most about 25."""
MAX_GOALS = 50
MAX_NAME_CHARS = 1_000
"""Longest problem name."""
MAX_FILE_BYTES = 64 * 2**20
"""Largest problem file read."""
MAX_NUMBER_CHARS = 40
MAX_COORDINATE = 1e9
"""Largest absolute value of a pinned coordinate."""


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
    """A parsed problem: its clauses in order and its goals (``goal`` is the first, or None).

    ``given`` counts the trailing clauses that are auxiliary constructions given with the
    problem (written after ``|``).
    """

    name: str
    clauses: tuple[Clause, ...]
    goal: Fact | None = None
    text: str = field(default="", compare=False)
    goals: tuple[Fact, ...] = ()
    given: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if not self.goals and self.goal is not None:
            object.__setattr__(self, "goals", (self.goal,))
        elif self.goals and self.goal is None:
            object.__setattr__(self, "goal", self.goals[0])
        elif self.goals and self.goal != self.goals[0]:
            raise ValueError(f"problem {self.name!r}: goal {self.goal} is not the first of goals")
        if not 0 <= self.given <= len(self.clauses):
            raise ValueError(f"problem {self.name!r}: given={self.given} with {len(self.clauses)} clauses")

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
        """The problem in full-form text (parses back to an equal problem with the same ``given``)."""
        split = len(self.clauses) - self.given
        body = "; ".join(str(c) for c in self.clauses[:split])
        if self.given:
            body += " | " + "; ".join(str(c) for c in self.clauses[split:])
        return f"{body} ? " + "; ".join(str(g) for g in self.goals) if self.goals else body


def parse_problem(name: str, statement: str) -> Problem:
    """Parse one statement; raises ``ProblemError`` on bad input."""
    if not isinstance(name, str) or not isinstance(statement, str):
        raise ProblemError(f"a problem's name and statement must be text, got {type(name).__name__} and "
                           f"{type(statement).__name__}")
    if len(name) > MAX_NAME_CHARS:
        raise ProblemError(f"problem name {name[:40]!r}... is longer than {MAX_NAME_CHARS} characters")
    statement = statement.strip()
    if not statement:
        raise ProblemError("empty statement", name)
    if len(statement) > MAX_STATEMENT_CHARS:
        raise ProblemError(f"statement of {len(statement)} characters; at most {MAX_STATEMENT_CHARS} are read", name)
    clause_count = statement.partition("?")[0].count(";") + 1
    if clause_count > MAX_CLAUSES:
        raise ProblemError(f"{clause_count} clauses; at most {MAX_CLAUSES} are read", name)
    goal_count = statement.partition("?")[2].count(";") + 1
    if goal_count > MAX_GOALS:
        raise ProblemError(f"{goal_count} goals; at most {MAX_GOALS} are read", name)
    body, _, goal_text = statement.partition("?")
    if "?" in goal_text:
        raise ProblemError("more than one '?' in the statement", name)
    main, bar, aux = body.partition("|")
    if "|" in aux:
        raise ProblemError("more than one '|' in the statement", name)
    if bar and not aux.strip():
        raise ProblemError("no auxiliary clause after '|'", name)
    declared: set[str] = set()
    clauses = [_parse_clause(text, declared, name) for text in _clause_texts(main, name)]
    given = [_parse_clause(text, declared, name) for text in _clause_texts(aux, name)] if bar else []
    goals = tuple(_parse_goal(text, declared, name) for text in _goal_texts(goal_text, name))
    return Problem(name, tuple(clauses + given), goals[0] if goals else None, statement, goals, len(given))


def _clause_texts(text: str, problem: str) -> list[str]:
    parts = [part.strip() for part in text.split(";")]
    if not all(parts):
        raise ProblemError("empty clause (two ';' in a row?)", problem)
    return parts


def _goal_texts(text: str, problem: str) -> list[str]:
    if not text.strip():
        return []
    parts = [part.strip() for part in text.split(";")]
    if not all(parts):
        raise ProblemError("empty goal (two ';' in a row, or one at the end, after '?')", problem)
    return parts


def split_statements(text: str, source: str = "<text>") -> list[tuple[str, str]]:
    """(name, statement) pairs of a problem file's text; blank lines and ``#`` comments are ignored.

    A comment ``# dialect: NAME`` must name one of ``DIALECTS``; both are read as one language.
    """
    lines = []
    for line in text.splitlines():
        line = line.strip()
        dialect = _DIALECT.match(line)
        if dialect and dialect.group(1).lower() not in DIALECTS:
            raise ProblemError(f"{source}: unknown dialect {dialect.group(1)!r}; expected one of {', '.join(DIALECTS)}")
        if line and not line.startswith("#"):
            lines.append(line)
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
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise ProblemError(f"cannot read problem file {str(path)!r}: {e.strerror or e}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ProblemError(f"problem file {str(path)!r} is larger than {MAX_FILE_BYTES // 2**20} MiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ProblemError(f"problem file {str(path)!r} is not UTF-8 text (byte {e.start})") from None
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
    if len(word) > 100:
        return ""
    prefix = [c for c in choices if len(os.path.commonprefix([c, word])) >= 3]
    similar = difflib.get_close_matches(word, choices, n=3, cutoff=0.5)
    close = list(dict.fromkeys(prefix + similar))[:3]
    return f"; did you mean {', '.join(close)}?" if close else ""


def _check_name(token: str, problem: str, clause: str) -> None:
    if not token or _FORBIDDEN.search(token):
        raise ProblemError(f"bad point name {token!r}", problem, clause)


def _parse_number(token: str, what: str, problem: str, clause: str) -> float:
    if len(token) > MAX_NUMBER_CHARS or not _FLOAT.match(token):
        raise ProblemError(f"malformed number {token[:MAX_NUMBER_CHARS]!r} in {what}: expected a decimal number",
                           problem, clause)
    value = float(token)
    if not abs(value) <= MAX_COORDINATE:
        raise ProblemError(f"number {token!r} in {what} is out of range: at most {MAX_COORDINATE:g} in size",
                           problem, clause)
    return value


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
    elif len(args) == len(formal) and name in NEWCLID_ARG_ORDER:
        args = _reference_order(definition, NEWCLID_ARG_ORDER[name].split(), points, args)
    elif len(args) != len(formal):
        raise ProblemError(_arity_message(definition, points, args), problem, clause)
    args = _misnamed_new_points(definition, points, list(args))
    for i, (formal_arg, actual) in enumerate(zip(formal, args)):
        if formal_arg in definition.numbers:
            try:
                args[i] = normalize_constant(definition.number_kind, actual)
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


_COUNTS = ("", "a", "two", "three", "four", "five", "six", "seven", "eight")
_NUMBER_WORDS = {"degrees": "angle in degrees", "angle": "angle", "ratio": "ratio", "length": "length"}


def _describe_arguments(definition: ConstructionDef, formal: tuple[str, ...]) -> str:
    """What the formal arguments are, in words: ``the new point, then two points``."""
    runs: list[list] = []
    for a in formal:
        kind = "new" if a in definition.new else "number" if a in definition.numbers else "point"
        if runs and runs[-1][0] == kind:
            runs[-1][1] += 1
        else:
            runs.append([kind, 1])
    words = []
    for kind, n in runs:
        noun = "point" if kind != "number" else _NUMBER_WORDS.get(definition.number_kind, "number")
        count = _COUNTS[n] if n < len(_COUNTS) else str(n)
        if kind == "new":
            words.append("the new point" if n == 1 else f"{count} new points")
        else:
            article = "an" if n == 1 and noun[0] in "aeiou" else count
            words.append(f"{article} {noun}{'s' if n > 1 else ''}")
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + ", then " + words[-1]


def _arity_message(definition: ConstructionDef, points: list[str], args: list[str]) -> str:
    """Why a construction's argument count is wrong, for the form the text was written in: with its new
    points (one of the clause's points among the arguments) or without them (the short form)."""
    formal, got = definition.args, f"got {len(args)}: {' '.join(args) or '(none)'}"
    full = f"{len(formal)} arguments ({' '.join(formal)}: {_describe_arguments(definition, formal)})"
    short_possible = len(points) == len(definition.new) and definition.short_arity > 0
    if set(args) & set(points) or not short_possible:
        return f"{definition.name} needs {full}; {got}"
    inputs = definition.inputs
    new = "new point" if len(definition.new) == 1 else "new points"
    return (f"{definition.name} needs {definition.short_arity} arguments after the {new} "
            f"({' '.join(inputs)}: {_describe_arguments(definition, inputs)}), or {full}; {got}")


def _misnamed_new_points(definition: ConstructionDef, points: list[str], args: list[str]) -> list[str]:
    """A construction whose new-point slots name none of the clause's points, in a clause that declares exactly
    as many points (``c = free a``, a slip some Newclid files make), places the clause's points."""
    slots = [i for i, a in enumerate(definition.args) if a in definition.new]
    if len(slots) != len(points) or any(args[i] in points for i in slots):
        return args
    if any(a in points for i, a in enumerate(args) if i not in slots):
        return args
    for i, p in zip(slots, points):
        args[i] = p
    return args


def _reference_order(definition: ConstructionDef, order: list[str], points: list[str], args: list[str]) -> list[str]:
    """Arguments in the reference's order: kept when its new-point slots hold the clause's points,
    else read in Newclid's ``order`` if that fits (``parallelogram x a b c`` → ``parallelogram a b c x``)."""
    def fits(binding: dict[str, str]) -> bool:
        return all(binding[a] in points for a in definition.new)
    if fits(definition.bind(tuple(args))):
        return args
    newclid = dict(zip(order, args))
    return [newclid[a] for a in definition.args] if fits(newclid) else args


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
    pred = PREDICATE_ALIASES.get(pred, pred)
    info = PREDICATES.get(pred)
    if info is None:
        raise ProblemError(f"unknown goal predicate {pred!r}{_suggest(pred, list(PREDICATES))}", problem, text)
    if pred in LINEAR_EQUATIONS:
        return _linear_goal(pred, args, declared, problem, text)
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
                args[-1] = normalize_constant(info.constant, args[-1])
            except ValueError as e:
                raise ProblemError(f"{pred}: {e}", problem, text) from None
    for p in point_args:
        if p not in declared:
            raise ProblemError(f"undeclared point {p!r} in the goal", problem, text)
    if pred in COMPUTE_GOALS and not _distinct_segments(args):
        raise ProblemError(f"{pred} asks about {'two different segments' if len(args) > 2 else 'a segment'}, "
                           "each of two different points", problem, text)
    return Fact(pred, tuple(args))


def _distinct_segments(points: list[str]) -> bool:
    """Whether the points, read in pairs, are segments of two different points, no two the same."""
    pairs = {frozenset(points[i:i + 2]) for i in range(0, len(points), 2)}
    return all(len(q) == 2 for q in pairs) and len(pairs) == len(points) // 2


def _linear_goal(pred: str, args: list[str], declared: set[str], problem: str, text: str) -> Fact:
    """A linear equation goal; point names written in upper case (as some Newclid files do) are read in lower case
    when only that point is declared."""
    args = [a.lower() if a not in declared and a.lower() in declared else a for a in args]
    try:
        fact = Fact(pred, normalize_linear(pred, args))
    except ValueError as e:
        raise ProblemError(f"{pred}: {e}", problem, text) from None
    for p in fact.points:
        if p not in declared:
            raise ProblemError(f"undeclared point {p!r} in the goal", problem, text)
    return fact
