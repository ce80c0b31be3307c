"""Reading proof files (``geoprover-proof/1``) defensively.

``read_proof`` takes a file's bytes or text and returns the proof as a plain dict whose every
field has the documented type and a bounded size, or raises ``GeoproverError`` with a one-line
message naming the file, the field and what is wrong. Nothing in the file can make the reader
(or the checker after it) run long: the file's size, the JSON nesting, the integers, the number
of steps, premises and terms, the length of every text and the digits of every coefficient and
constant are all bounded, and ``NaN``/``Infinity`` are refused.

Whether the proof is *right* is the checker's business (``ddar.checker``): the reader only makes
sure it is a proof file at all.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

from .errors import GeoproverError
from .problem import MAX_STATEMENT_CHARS
from .facts import LINEAR_EQUATIONS, PREDICATES, Fact, linear_terms, parse_coefficient, parse_constant

FORMAT = "geoprover-proof/1"

MAX_BYTES = 16 * 2**20
"""Largest proof file read."""
MAX_DEPTH = 12
"""Deepest JSON nesting read; a proof needs 6 (proof, steps, step, combination, equation, term)."""
MAX_INT_DIGITS = 18
"""Digits of any JSON integer (step ids, premises, equation indices, the seed)."""
MAX_SEED = 2**32 - 1
MAX_STEPS = 100_000
MAX_PREMISES = 1_000
MAX_EQUATIONS = 64
"""Entries of one step's combination (one per linear equation of its fact)."""
MAX_TERMS = 10_000
"""Terms of one equation's combination."""
MAX_POINTS = 10_000
MAX_COORDINATE = 1e9
MAX_TEXT = 20_000
"""Longest text field (the statement, a fact)."""
MAX_SHORT_TEXT = 1_000
"""Longest short text field (the problem name, a reason, a check, a point name, a construction)."""
MAX_FACT_TOKENS = 500


class ProofFormatError(GeoproverError):
    """A proof file that is not a well-formed geoprover proof."""


def read_proof(path: str | Path) -> dict:
    """The validated proof in the file at ``path`` (see ``parse_proof``)."""
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_BYTES:
            raise ProofFormatError(f"{path} is not a geoprover proof: larger than {MAX_BYTES // 2**20} MiB")
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise ProofFormatError(f"cannot read proof file {str(path)!r}: {e.strerror or e}") from None
    return parse_proof(raw, str(path))


def parse_proof(raw: bytes | str, source: str = "<proof>") -> dict:
    """A proof file's content as a dict with exactly the documented fields, every one checked.

    Returned fields: ``format``, ``problem`` and ``statement`` (text), ``seed`` (int), ``goal`` (text or
    None), ``constructions`` and ``auxiliary_points`` (lists of text), ``points`` (name -> [x, y], finite
    floats) and ``steps``: dicts with ``id`` (int), ``fact`` and ``reason`` (text), ``premises`` (ints),
    ``combination`` (per equation of the fact, None or a list of [step id, equation index, coefficient text]
    with the coefficient in lowest terms) and ``checks`` (text). Unknown fields are ignored. Raises
    ``ProofFormatError`` (a ``GeoproverError``) with one line naming ``source`` and the fault.
    """
    fail = _failer(source)
    if isinstance(raw, (bytes, bytearray)):
        if len(raw) > MAX_BYTES:
            fail(f"larger than {MAX_BYTES // 2**20} MiB")
        try:
            text = bytes(raw).decode("utf-8")
        except UnicodeDecodeError as e:
            fail(f"not UTF-8 text (byte {e.start})")
    elif isinstance(raw, str):
        text = raw
        if len(text) > MAX_BYTES:
            fail(f"larger than {MAX_BYTES // 2**20} MiB")
    else:
        fail(f"expected text, got {type(raw).__name__}")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_int=_bounded_int, parse_float=_finite_float)
    except RecursionError:
        fail(f"JSON nested deeper than {MAX_DEPTH} levels")
    except json.JSONDecodeError as e:
        fail(f"invalid JSON at line {e.lineno} column {e.colno}: {e.msg}")
    except (ValueError, OverflowError) as e:
        fail(_one_line(str(e)))
    depth = _depth(data)
    if depth > MAX_DEPTH:
        fail(f"JSON nested deeper than {MAX_DEPTH} levels")
    return _proof(data, fail)


def _failer(source: str):
    def fail(message: str, where: str | None = None):
        where = f" ({where})" if where else ""
        raise ProofFormatError(_one_line(f"{source} is not a geoprover proof{where}: {message}"))
    return fail


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number a proof may hold")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"integer {text[:20]}... has more than {MAX_INT_DIGITS} digits")
    return int(text)


def _finite_float(text: str) -> float:
    if len(text) > 400:
        raise ValueError(f"number {text[:20]}... is too long")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:40]} is out of range")
    return value


def _depth(data) -> int:
    """Nesting depth of decoded JSON (iteratively; stops counting past MAX_DEPTH + 1)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, (dict, list)):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level
            stack.extend((v, level + 1) for v in (value.values() if isinstance(value, dict) else value))
    return deepest


def _kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _text(value, field: str, fail, limit: int = MAX_SHORT_TEXT, empty: bool = False) -> str:
    if not isinstance(value, str):
        fail(f"{field} must be text, not {_kind(value)}")
    if not empty and not value.strip():
        fail(f"{field} is empty")
    if len(value) > limit:
        fail(f"{field} is longer than {limit} characters")
    return value


def _int(value, field: str, fail, low: int | None = None, high: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        fail(f"{field} must be an integer, not {_kind(value)}")
    if (low is not None and value < low) or (high is not None and value > high):
        fail(f"{field} {value} is out of range ({low} to {high})")
    return value


def _list(value, field: str, fail, limit: int) -> list:
    if not isinstance(value, list):
        fail(f"{field} must be a list, not {_kind(value)}")
    if len(value) > limit:
        fail(f"{field} has more than {limit} entries")
    return value


def _proof(data, fail) -> dict:
    if not isinstance(data, dict):
        fail(f"expected a JSON object, not {_kind(data)}")
    for key in ("format", "problem", "statement", "seed", "steps"):
        if key not in data:
            fail(f"missing field {key!r}")
    if data["format"] != FORMAT:
        shown = data["format"] if isinstance(data["format"], str) else _kind(data["format"])
        fail(f"format {str(shown)[:40]!r}; expected {FORMAT!r}")
    out: dict = {"format": FORMAT}
    out["problem"] = _text(data["problem"], "problem", fail)
    out["statement"] = _text(data["statement"], "statement", fail, MAX_STATEMENT_CHARS)
    out["seed"] = _int(data["seed"], "seed", fail, 0, MAX_SEED)
    goal = data.get("goal")
    out["goal"] = None if goal is None else _text(goal, "goal", fail, MAX_TEXT)
    for key in ("constructions", "auxiliary_points"):
        items = _list(data.get(key, []), key, fail, MAX_POINTS)
        out[key] = [_text(item, f"{key}[{i}]", fail) for i, item in enumerate(items)]
    out["points"] = _points(data.get("points", {}), fail)
    steps = _list(data["steps"], "steps", fail, MAX_STEPS)
    out["steps"] = [_step(step, i, fail) for i, step in enumerate(steps)]
    return out


def _points(value, fail) -> dict[str, list[float]]:
    if not isinstance(value, dict):
        fail(f"points must be an object (name: [x, y]), not {_kind(value)}")
    if len(value) > MAX_POINTS:
        fail(f"points has more than {MAX_POINTS} entries")
    out = {}
    for name, xy in value.items():
        field = f"points[{name[:40]!r}]"
        _text(name, "a point name", fail)
        if not isinstance(xy, list) or len(xy) != 2:
            fail(f"{field} must be a list [x, y], not {_kind(xy)}" +
                 (f" of {len(xy)} entries" if isinstance(xy, list) else ""))
        coordinates = []
        for c in xy:
            if not isinstance(c, (int, float)) or isinstance(c, bool):
                fail(f"{field} must hold two numbers, not {_kind(c)}")
            if not abs(c) <= MAX_COORDINATE:
                fail(f"{field} holds {c!r}; coordinates are at most {MAX_COORDINATE:g} in size")
            coordinates.append(float(c))
        out[name] = coordinates
    return out


def _step(step, index: int, fail) -> dict:
    where = f"steps[{index}]"
    if not isinstance(step, dict):
        fail(f"{where} must be an object, not {_kind(step)}")
    for key in ("id", "fact", "reason", "premises"):
        if key not in step:
            fail(f"{where} has no field {key!r}")
    sid = _int(step["id"], f"{where}.id", fail, -MAX_STEPS * 10, MAX_STEPS * 10)
    where = f"step {sid}"
    fact = _text(step["fact"], f"{where}: fact", fail, MAX_TEXT)
    _fact_shape(fact, where, fail)
    reason = _text(step["reason"], f"{where}: reason", fail)
    premises = [_int(p, f"{where}: premise", fail) for p in _list(step["premises"], f"{where}: premises", fail,
                                                                   MAX_PREMISES)]
    out = {"id": sid, "fact": fact, "reason": reason, "premises": premises}
    if step.get("combination") is not None:
        out["combination"] = _combination(step["combination"], where, fail)
    if step.get("checks") is not None:
        checks = _list(step["checks"], f"{where}: checks", fail, MAX_PREMISES)
        out["checks"] = [_text(c, f"{where}: check", fail) for c in checks]
    return out


def _fact_shape(fact: str, where: str, fail) -> None:
    """The fact must read as a fact: a known predicate with as many arguments as it takes, and well-formed
    constants and coefficients of bounded size. Whether its points are the problem's, distinct, and the fact
    true, is the checker's to judge."""
    pred, *args = fact.split()
    if len(args) > MAX_FACT_TOKENS:
        fail(f"{where}: the fact has more than {MAX_FACT_TOKENS} arguments")
    info = PREDICATES.get(pred)
    if info is None:
        fail(f"{where}: {fact[:80]!r}: unknown predicate {pred[:40]!r}")
    try:
        if pred in LINEAR_EQUATIONS:
            linear_terms(Fact(pred, tuple(args)))
            return
    except (ValueError, KeyError) as e:
        fail(f"{where}: {fact[:80]!r}: {e}")
    if info.points is None:
        if len(args) < info.min_points:
            fail(f"{where}: {fact[:80]!r}: {pred} takes at least {info.min_points} points, got {len(args)}")
        return
    expected = info.points + (1 if info.constant else 0)
    if len(args) != expected:
        fail(f"{where}: {fact[:80]!r}: {pred} takes {expected} arguments, got {len(args)}")
    if info.constant:
        try:
            parse_constant(info.constant, args[-1])
        except ValueError as e:
            fail(f"{where}: {fact[:80]!r}: {e}")


def _combination(value, where: str, fail) -> list:
    entries = _list(value, f"{where}: combination", fail, MAX_EQUATIONS)
    out: list = []
    for i, terms in enumerate(entries):
        if terms is None:
            out.append(None)
            continue
        field = f"{where}: combination[{i}]"
        terms = _list(terms, field, fail, MAX_TERMS)
        checked = []
        for term in terms:
            if not isinstance(term, list) or len(term) != 3:
                fail(f"{field}: a term must be [step id, equation index, coefficient], not {_kind(term)}" +
                     (f" of {len(term)} entries" if isinstance(term, list) else ""))
            sid = _int(term[0], f"{field}: a term's step id", fail)
            index = _int(term[1], f"{field}: a term's equation index", fail, 0, MAX_EQUATIONS)
            checked.append([sid, index, _coefficient(term[2], field, fail)])
        out.append(checked)
    return out


def _coefficient(value, field: str, fail) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        fail(f"{field}: a coefficient must be text such as \"-1/2\", not {_kind(value)}")
    try:
        return str(Fraction(parse_coefficient(value)))
    except ValueError as e:
        fail(f"{field}: {e}")
