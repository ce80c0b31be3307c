"""The construction catalogue as documentation: text, JSON records or a Markdown table.

Everything shown is read from the catalogue (``constructions.CONSTRUCTIONS``: arguments,
new points, facts, preconditions) and from its notes (``construction_notes.NOTES``: what
a construction builds and an example), so ``geoprover constructions`` and the table in
``docs/LANGUAGE.md`` cannot drift from what the parser and the diagram builder do.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence

from .construction_notes import NOTES
from .constructions import CONSTRUCTIONS, REFERENCE_CONSTRUCTIONS, ConstructionDef
from .errors import GeoproverError

TABLE_HEADER = ("| construction | arguments | kind | builds | asserts | needs | example |\n"
                "|---|---|---|---|---|---|---|")


def kind(definition: ConstructionDef) -> str:
    """``free`` (all its points new), ``locus`` (one point on a line or circle, combinable) or ``point(s)``."""
    if not definition.inputs:
        return "free"
    if definition.is_locus:
        return "locus"
    return "point" if len(definition.new) == 1 else "points"


def short_form(definition: ConstructionDef) -> str:
    """The clause written without the new points among the arguments, e.g. ``x = midpoint a b``."""
    return " ".join((*definition.new, "=", definition.name, *definition.inputs))


def _argument(definition: ConstructionDef, arg: str, bold: bool = False) -> str:
    """An argument as shown: a number with its kind (``y:degrees``), a new point in bold with ``bold``."""
    if arg in definition.numbers:
        return f"{arg}:{definition.number_kind}"
    return f"**{arg}**" if bold and arg in definition.new else arg


def _arguments(definition: ConstructionDef, bold: bool = False) -> str:
    return " ".join(_argument(definition, a, bold) for a in definition.args)


def record(name: str) -> dict:
    """Everything known about one construction, as a JSON-ready dict."""
    definition = CONSTRUCTIONS[name]
    builds, example = NOTES[name]
    return {
        "name": name,
        "arguments": list(definition.args),
        "new": list(definition.new),
        "numbers": {a: definition.number_kind for a in definition.numbers},
        "kind": kind(definition),
        "dialect": "reference" if name in REFERENCE_CONSTRUCTIONS else "newclid",
        "builds": builds,
        "short_form": short_form(definition),
        "asserts": [str(f) for _, group in definition.fact_groups for f in group],
        "needs": [str(f) for f in definition.preconditions],
        "example": example,
    }


def select(names: Sequence[str]) -> list[str]:
    """The constructions named (all, in catalogue order, when none is); an unknown name is an error."""
    for name in names:
        if name not in CONSTRUCTIONS:
            close = difflib.get_close_matches(name, list(CONSTRUCTIONS), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise GeoproverError(f"unknown construction {name!r}{hint}")
    return list(names) or list(CONSTRUCTIONS)


def text(names: Sequence[str]) -> str:
    """A readable block per construction."""
    blocks = []
    for name in select(names):
        r, definition = record(name), CONSTRUCTIONS[name]
        origin = "" if r["dialect"] == "reference" else ", Newclid's dialect"
        blocks.append("\n".join((
            f"{name} {_arguments(definition)}  ({r['kind']}{origin}; new: {' '.join(r['new'])})",
            f"  builds      {r['builds']}",
            f"  short form  {r['short_form']}",
            f"  asserts     {', '.join(r['asserts']) or 'nothing'}",
            f"  needs       {', '.join(r['needs']) or 'nothing'}",
            f"  example     {r['example']}",
        )))
    return "\n\n".join(blocks)


def json_lines(names: Sequence[str]) -> str:
    """One JSON object per construction and line."""
    return "\n".join(json.dumps(record(name), ensure_ascii=False) for name in select(names))


def _code(items: Sequence[str]) -> str:
    return ", ".join(f"`{item}`".replace("|", "\\|") for item in items) or "–"


def markdown_table(names: Sequence[str] = ()) -> str:
    """A Markdown table with a row per construction (new points in bold)."""
    rows = [TABLE_HEADER]
    for name in select(names):
        r, definition = record(name), CONSTRUCTIONS[name]
        origin = "" if r["dialect"] == "reference" else " (Newclid)"
        cells = (f"`{name}`", _arguments(definition, bold=True), r["kind"] + origin, r["builds"],
                 _code(r["asserts"]), _code(r["needs"]), _code([r["example"]]))
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def render(names: Sequence[str], style: str) -> str:
    """The catalogue (or the constructions named) as ``text``, ``json`` or ``markdown``."""
    return {"text": text, "json": json_lines, "markdown": markdown_table}[style](names)
