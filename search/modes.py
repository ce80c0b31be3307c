"""How to prove: the engine alone (ddar) or a search with heuristic, model, mixed or model-ranked heuristic
proposals."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ddar import Problem, check_proof
from ddar.checker import bind_to_problem
from ddar.compute import varying

from .beam import SearchResult, search
from .proposers import HeuristicProposer, MixProposer, ModelProposer, RankedProposer

MODES = ("ddar", "heuristic", "model", "mix", "ranked")
MAX_DEPTH = 4
DEFAULT_MODEL = "default"  # the model shipped with the package (lm/models/default)
DEFAULT_MODE = "heuristic"  # the strongest search measured (see lm/models/default/MODEL_CARD.md)


def default_mode() -> str:
    """The mode ``prove`` and ``eval`` use unless told: ``DEFAULT_MODE``, or the heuristics alone when it
    needs a model and none is installed."""
    import lm

    if DEFAULT_MODE in ("model", "mix") and DEFAULT_MODEL not in lm.shipped_models():
        return "heuristic"
    return DEFAULT_MODE


@dataclass(frozen=True)
class SearchOptions:
    mode: str = "ddar"
    model: str | None = None
    beam: int = 4
    depth: int = 2
    per_node: int = 64
    workers: int = 1


_MODELS: dict = {}  # name or folder -> loaded model, shared by the searches of one process (and its forks)


def loaded_model(name: str):
    """``lm.load(name)``, once per process: an evaluation loads it before forking its workers."""
    if name not in _MODELS:
        import lm

        _MODELS[name] = lm.load(name)
    return _MODELS[name]


def check_options(options: SearchOptions) -> None:
    """Raise on a bad mode, or a model that does not exist or is not a checkpoint, without loading the model:
    a process that forks searches must not have run torch (its forked children could hang)."""
    if options.mode not in MODES:
        raise ValueError(f"unknown mode {options.mode!r}; choose one of {', '.join(MODES)}")
    if options.mode not in ("ddar", "heuristic"):
        from lm import resolve
        from lm.checkpoint import read_config

        read_config(resolve(options.model or DEFAULT_MODEL))


def make_proposer(options: SearchOptions):
    """The proposer of a mode (None for the engine alone)."""
    check_options(options)
    if options.mode == "ddar":
        return None
    if options.mode == "heuristic":
        return HeuristicProposer()
    loaded = loaded_model(options.model or DEFAULT_MODEL)
    if options.mode == "ranked":
        return RankedProposer(loaded)
    model = ModelProposer(loaded)
    return model if options.mode == "model" else MixProposer(model, HeuristicProposer())


def solve(problem: Problem, options: SearchOptions, timeout: float, seed: int = 0,
          log: Callable[[dict], None] | None = None) -> SearchResult:
    """Prove ``problem`` the way ``options`` say, within ``timeout`` seconds."""
    start = time.perf_counter()
    proposer = make_proposer(options)
    depth = 0 if proposer is None or varying(problem, seed) else options.depth  # no construction fixes a value
    beam, per_node = options.beam, options.per_node
    attempts = 0
    while True:  # a search that runs out of candidates early starts again, wider and deeper
        left = timeout - (time.perf_counter() - start)
        result = search(problem, proposer, beam, depth, per_node, left, options.workers, seed, log, options.mode)
        attempts += result.attempts
        if result.status != "exhausted" or timeout - (time.perf_counter() - start) < 1 or depth >= MAX_DEPTH:
            break
        beam, per_node, depth = beam * 2, per_node * 2, depth + 1
        if log:  # the log holds the problem itself once, then every construction tried
            log = _without_root(log)
    result.attempts, result.seconds = attempts, time.perf_counter() - start
    origins = getattr(proposer, "origins", None)
    if origins and result.constructions:
        result.mode += ": " + " + ".join(origins.get(c, "?") for c in result.constructions)
    if result.proof is not None:
        given = [str(c) for c in problem.clauses[len(problem.clauses) - problem.given:]]
        result.proof.constructions = given + result.constructions
        _check(problem, result)
    return result


def _without_root(log: Callable[[dict], None]) -> Callable[[dict], None]:
    """``log`` minus the records of the problem itself (depth 0), which a restarted search repeats."""
    def write(record: dict) -> None:
        if record["depth"] > 0:
            log(record)

    return write


def _check(problem: Problem, result: SearchResult) -> None:
    """Check the proof against the problem it claims; a proof that fails is withdrawn (status ``unsound``)."""
    proof = result.proof
    errors = bind_to_problem(proof.problem, proof.constructions, problem) + check_proof(proof.problem, proof).errors
    if errors:
        result.proof, result.status, result.error = None, "unsound", errors[0]
