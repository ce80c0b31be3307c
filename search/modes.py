"""How to prove: the engine alone (ddar) or a search with heuristic, model, mixed or model-ranked heuristic
proposals, or staged: mixed first, for a share of the budget, then the heuristics alone."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ddar import Clause, GeoproverError, Problem, build_diagram, check_proof
from ddar.checker import bind_to_problem
from ddar.compute import varying
from ddar.geometry import norm
from ddar.predicates import diagram_scale
from ddar.problem import parse_clause

from .beam import SearchResult, saturate, search
from .best_first import best_first
from .proposers import HeuristicProposer, MixProposer, ModelProposer, RankedProposer, SearchState, validate

MODES = ("ddar", "heuristic", "model", "mix", "ranked", "staged")
MODEL_MODES = ("model", "mix", "ranked", "staged")  # the modes that use the language model
STRATEGIES = ("beam", "best-first")
MAX_DEPTH = 4
GOAL_CENTRE_SHARE = 0.5  # of the budget kept for a search from the goal circle's centre, when the first fails
STAGED_MIX_SHARE = 0.2  # of a staged search's budget spent on mix before the heuristics alone take the rest
DEFAULT_MODEL = "default"  # the model shipped with the package (lm/models/default)
DEFAULT_MODE = "staged"  # the strongest search measured (see lm/models/default/MODEL_CARD.md)


def default_mode() -> str:
    """The mode ``prove`` and ``eval`` use unless told: ``DEFAULT_MODE``, or the heuristics alone when it
    needs a model and none is installed."""
    if DEFAULT_MODE in MODEL_MODES:
        import lm  # only here: the heuristics and the engine alone never import torch

        if DEFAULT_MODEL not in lm.shipped_models():
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
    strategy: str = "beam"


_MODELS: dict = {}  # name or folder -> loaded model, shared by the searches of one process (and its forks)


def loaded_model(name: str):
    """``lm.load(name)``, once per process (the searches of a Ray worker or of a Python session share it).
    Torch runs on one thread here: searches run one per core, and the model is small enough that more threads
    only wait on each other (scoring 64 candidates took 2 to 5 times longer on two threads beside a busy core)."""
    if name not in _MODELS:
        import torch

        import lm

        torch.set_num_threads(1)
        _MODELS[name] = lm.load(name)
    return _MODELS[name]


def check_options(options: SearchOptions) -> None:
    """Raise on a bad mode, or a model that does not exist or is not a checkpoint, without loading the model:
    a process that forks searches must not have run torch (its forked children could hang)."""
    if options.mode not in MODES:
        raise ValueError(f"unknown mode {options.mode!r}; choose one of {', '.join(MODES)}")
    if options.strategy not in STRATEGIES:
        raise ValueError(f"unknown search strategy {options.strategy!r}; choose one of {', '.join(STRATEGIES)}")
    if options.mode in MODEL_MODES:
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


def goal_centre(problem: Problem, seed: int = 0) -> Clause | None:
    """For a ``cyclic`` goal whose circle has no centre among the points: the clause that builds that centre
    (a goal-directed construction: equal distances from it carry the goal)."""
    goal = problem.goal
    if goal is None or goal.pred != "cyclic":
        return None
    on = list(dict.fromkeys(goal.points))
    if len(on) < 4:
        return None
    points = build_diagram(problem, seed).points
    state = SearchState(problem, dict(points))
    name = state.fresh_name()
    clause = parse_clause(f"{name} = circle {name} {' '.join(on[:3])}", set(points), problem.name)
    new = validate(state, clause)
    if new is None:
        return None
    scale = diagram_scale(points)
    if any(norm(new[name] - xy) <= 1e-6 * scale for xy in points.values()):
        return None  # the centre is already a point
    return clause


def solve(problem: Problem, options: SearchOptions, timeout: float, seed: int = 0,
          log: Callable[[dict], None] | None = None) -> SearchResult:
    """Prove ``problem`` the way ``options`` say, within ``timeout`` seconds. A search that fails with time left
    and a goal circle without a centre spends the rest of the budget (at least ``GOAL_CENTRE_SHARE`` of it)
    searching again from that centre."""
    if not problem.goals:
        raise GeoproverError(f"problem {problem.name!r} has no goal to prove (a statement ends with '? goal')")
    if options.mode == "staged":
        return _staged(problem, options, timeout, seed, log)
    start = time.perf_counter()
    proposer = make_proposer(options)
    depth = 0 if proposer is None or varying(problem, seed) else options.depth  # no construction fixes a value
    centre = goal_centre(problem, seed) if depth else None
    first = timeout * (1 - GOAL_CENTRE_SHARE) if centre else timeout
    result, attempts = _widening(problem, proposer, options, depth, first, seed, log)
    left = timeout - (time.perf_counter() - start)
    if centre is not None and result.proof is None and result.status in ("exhausted", "timeout") and left >= 1:
        started = replace(problem, clauses=problem.clauses + (centre,), given=problem.given + 1)
        facts = result.facts  # the engine's facts on the problem itself, as the log's first record says
        result, more = _widening(started, proposer, options, depth, left, seed, log and _without_root(log))
        attempts += more
        result.facts = facts
        if result.proof is None:
            result.problem = problem
        else:
            result.constructions = [str(centre)] + result.constructions
            result.mode = options.mode  # not 'ddar': the centre was added
            if hasattr(proposer, "origins"):
                proposer.origins[str(centre)] = "goal centre"
    result.attempts, result.seconds = attempts, time.perf_counter() - start
    origins = getattr(proposer, "origins", None)
    if origins and result.constructions:
        result.mode += ": " + " + ".join(origins.get(c, "?") for c in result.constructions)
    if result.proof is not None:
        given = [str(c) for c in problem.clauses[len(problem.clauses) - problem.given:]]
        result.proof.constructions = given + result.constructions
        _check(problem, result)
    return result


def _staged(problem: Problem, options: SearchOptions, timeout: float, seed: int,
            log: Callable[[dict], None] | None) -> SearchResult:
    """Mix for ``STAGED_MIX_SHARE`` of the budget (the model's constructions find their proofs early), then, if
    no proof came and constructions were tried, the heuristics alone for the rest (theirs come later, deeper).
    The result's mode names the stage that found the proof: ``staged (mix: model)``, ``staged (heuristic)``."""
    start = time.perf_counter()
    result = solve(problem, replace(options, mode="mix"), timeout * STAGED_MIX_SHARE, seed, log)
    left = timeout - (time.perf_counter() - start)
    if result.proof is None and result.status in ("exhausted", "timeout") and left >= 1:
        first = result
        result = solve(problem, replace(options, mode="heuristic"), left, seed, log and _without_root(log))
        result.attempts += first.attempts
        result.attempt_seconds = first.attempt_seconds + result.attempt_seconds
    result.seconds = time.perf_counter() - start
    if result.mode != "ddar":  # the engine alone: no stage to name
        result.mode = f"staged ({result.mode})"
    return result


def _widening(problem: Problem, proposer, options: SearchOptions, depth: int, timeout: float, seed: int,
              log: Callable[[dict], None] | None) -> tuple[SearchResult, int]:
    """Beam (or best-first) search from one saturation of the problem; one that runs out of candidates early starts
    again from it, wider and deeper (``timeout`` when under a second is left for that). The last result and the
    attempts of all."""
    start = time.perf_counter()
    root, done = saturate(problem, proposer, depth, seed, start + timeout, log)
    if done is not None:
        return done, 0
    beam, per_node = options.beam, options.per_node
    attempts, tried = 0, {}  # tried: shared by the beam searches, each skips what an earlier one tried
    while True:
        left = timeout - (time.perf_counter() - start)
        if options.strategy == "best-first":
            result = best_first(problem, proposer, per_node, depth, left, options.workers, seed, log, options.mode,
                                root)
        else:
            result = search(problem, proposer, beam, depth, per_node, left, options.workers, seed, log, options.mode,
                            root, tried)
        attempts += result.attempts
        if result.status != "exhausted" or depth >= MAX_DEPTH:
            return result, attempts
        if timeout - (time.perf_counter() - start) < 1:
            result.status = "timeout"  # it ran out of time to widen, not out of constructions
            return result, attempts
        beam, per_node, depth = beam * 2, per_node * 2, depth + 1


def _without_root(log: Callable[[dict], None]) -> Callable[[dict], None]:
    """``log`` minus the records of the problem itself (depth 0), which a search from the goal centre repeats."""
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
