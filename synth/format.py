"""The training string of an example, and reading it back. See synth/FORMAT.md."""

from __future__ import annotations

from ddar import Clause, Fact
from ddar.problem import parse_clause, parse_problem

AUX, PROOF, END = "{aux}", "{proof}", "{end}"


def short_clause(clause: Clause) -> str:
    """A clause in short form: constructions without their new-point arguments."""
    parts = []
    for c in clause.constructions:
        new = set(c.definition.new)
        parts.append(" ".join([c.name, *(a for f, a in zip(c.definition.args, c.args) if f not in new)]))
    return " ".join(clause.points) + " = " + ", ".join(parts)


def training_text(premises: list[Clause], goal: Fact, aux: list[Clause], proof: list[Fact]) -> str:
    """``<premise clauses> ? <goal> {aux} <aux clauses> {proof} <facts> {end}``, clauses in short form."""
    body = "; ".join(short_clause(c) for c in premises)
    aux_text = "; ".join(short_clause(c) for c in aux)
    proof_text = "; ".join(str(f) for f in proof)
    return f"{body} ? {goal} {AUX} {aux_text} {PROOF} {proof_text} {END}".replace("  ", " ")


def prompt(text: str) -> str:
    """The part of a training string the model is given: premises, goal and the aux marker."""
    return text.split(f" {AUX}")[0] + f" {AUX}"


def parse_aux_clause(text: str, points: list[str]) -> Clause:
    """A construction string proposed after ``{aux}`` turned back into a clause (raises ProblemError)."""
    return parse_clause(text.strip().rstrip(";"), set(points), "<proposed>")


def parse_training_text(text: str) -> tuple[list[Clause], Fact, list[Clause], list[Fact]]:
    """Premise clauses, goal, aux clauses and proof facts of a training string."""
    head, _, rest = text.partition(f" {AUX} ")
    aux_text, _, rest = rest.partition(f"{PROOF}")
    proof_text = rest.replace(END, "").strip()
    problem = parse_problem("<training>", head)
    points = problem.points
    aux = []
    for part in filter(None, (p.strip() for p in aux_text.split(";"))):
        clause = parse_aux_clause(part, points)
        aux.append(clause)
        points = points + list(clause.points)
    proof = [Fact(p.split()[0], tuple(p.split()[1:])) for p in filter(None, (q.strip() for q in proof_text.split(";")))]
    return list(problem.clauses), problem.goal, aux, proof
