"""The errors geoprover raises for bad input and impossible diagrams."""

from __future__ import annotations


class GeoproverError(Exception):
    """Base class of all errors geoprover reports to a user."""


def _where(problem: str | None, clause: str | None) -> str:
    parts = []
    if problem:
        parts.append(f"problem {problem!r}")
    if clause:
        parts.append(f"clause {clause!r}")
    return ", ".join(parts)


class ProblemError(GeoproverError):
    """A problem text that does not follow the language; the message names where and why."""

    def __init__(self, reason: str, problem: str | None = None, clause: str | None = None):
        self.reason = reason
        self.problem = problem
        self.clause = clause
        where = _where(problem, clause)
        super().__init__(f"{where}: {reason}" if where else reason)


class DiagramError(GeoproverError):
    """No numeric diagram could be built; the message names the clause and the reason."""

    def __init__(self, reason: str, problem: str | None = None, clause: str | None = None):
        self.reason = reason
        self.problem = problem
        self.clause = clause
        where = _where(problem, clause)
        super().__init__(f"{where}: {reason}" if where else reason)
