"""Beam search over auxiliary constructions.

A node is the problem plus the constructions added so far, with its diagram and its
saturated engine state; its score is the sum of its proposals' scores. Children continue
from the parent's engine state (``Engine.extend``), so an attempt only pays for what the
new point adds. Attempts run in worker processes; the first proof (in proposal order)
ends the search; everything stays within the problem's time budget.
"""

from __future__ import annotations

import heapq
import json
import math
import multiprocessing as mp
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from ddar import Clause, Problem, build_diagram
from ddar.engine import Engine
from ddar.geometry import Point
from ddar.proof import Proof, traceback

from .proposers import SearchState, validate
from .tried import aux_key, key_cell

ATTEMPT_SECONDS = 20.0  # engine time of one attempt at most


@dataclass
class Node:
    aux: tuple[Clause, ...]
    points: dict[str, Point]
    engine: bytes | Engine  # the saturated engine, pickled (a child's, until the beam keeps it, may not be; b"" once
    #                         the beam cannot keep it)
    score: float

    def problem(self, base: Problem) -> Problem:
        return replace(base, clauses=base.clauses + self.aux, given=base.given + len(self.aux))


@dataclass
class SearchResult:
    problem: Problem
    status: str  # proved, exhausted or timeout
    proof: Proof | None
    constructions: list[str]
    seconds: float
    attempts: int
    mode: str
    attempt_seconds: list[float] = field(default_factory=list)
    facts: int = 0  # facts the engine found on the problem itself
    error: str | None = None  # why a proof found was withdrawn (status unsound)

    @property
    def solved(self) -> bool:
        return self.proof is not None


def _attempt(job: tuple[bytes, Clause, dict, float, int], pickled: bool = True) -> dict:
    """Continue a parent's engine with one more clause; the proof if the goal follows, else the new state (pickled,
    unless told not to: one process need not pay for pickling the many children its beam drops).
    ``deadline`` is on the ``time.monotonic`` clock, which all processes share."""
    blob, clause, new_points, deadline, seed = job
    start = time.perf_counter()
    engine: Engine = pickle.loads(blob)
    engine.extend(clause, new_points)
    problem = engine.diagram.problem
    seconds = max(0.0, min(ATTEMPT_SECONDS, deadline - time.monotonic()))
    result = engine.run(problem.goals, start + seconds)
    out = {"status": result.status, "facts": len(result.steps), "seconds": time.perf_counter() - start}
    if result.goal_step is not None:
        out["proof"] = traceback(problem, seed, result.steps, result.goal_steps, engine.points)
    else:
        out["engine"] = pickle.dumps(engine) if pickled else engine
    return out


Root = tuple[bytes, dict[str, Point], int]  # a search's start: the pickled saturated engine, the points, the facts


def saturate(problem: Problem, proposer, depth: int, seed: int, deadline: float,
             log: Callable[[dict], None] | None) -> tuple[Root | None, SearchResult | None]:
    """The engine alone on the problem, the start of every search: (its saturated engine, the diagram's points,
    the facts found) to search from, or the search's result when the engine proves the goal or no construction
    is to be tried."""
    start = time.perf_counter()
    diagram = build_diagram(problem, seed)
    engine = Engine(diagram)
    root = engine.run(problem.goals, deadline)
    facts = len(root.steps)  # what every result reports: the engine's facts on the problem itself
    if log:
        log({"depth": 0, "constructions": [], "score": 0.0, "status": root.status, "facts": facts,
             "seconds": round(time.perf_counter() - start, 4)})
    if root.goal_step is not None:
        proof = traceback(problem, seed, root.steps, root.goal_steps, diagram.points)
        return None, SearchResult(problem, "proved", proof, [], time.perf_counter() - start, 0, "ddar", facts=facts)
    if proposer is None or depth == 0:
        return None, SearchResult(problem, root.status, None, [], time.perf_counter() - start, 0, "ddar", facts=facts)
    return (pickle.dumps(engine), dict(diagram.points), facts), None


def worker_pool(workers: int):
    """A pool of ``workers`` processes for attempts (forked where the platform can), or None for one."""
    if workers <= 1:
        return None
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    return ctx.Pool(workers)


def search(problem: Problem, proposer, beam: int = 4, depth: int = 2, per_node: int = 64, timeout: float = 300.0,
           workers: int = 1, seed: int = 0, log: Callable[[dict], None] | None = None, mode: str = "heuristic",
           root: Root | None = None, tried: dict[tuple[str, ...], int] | None = None) -> SearchResult:
    """Prove ``problem``: the engine alone first (unless given its saturated ``root``), then beam search over added
    constructions. An attempt is made once (``search.tried``): ``tried`` holds the facts of those that saturated
    without the goal, by key; pass the same dict to a search that restarts wider and it skips them."""
    start = time.perf_counter()
    deadline = start + timeout
    if root is None:
        root, done = saturate(problem, proposer, depth, seed, deadline, log)
        if done is not None:
            return done
    engine, points, facts = root
    tried = {} if tried is None else tried
    cell = key_cell(points)
    attempts: list[float] = []

    def ended(status: str, proof: Proof | None = None, aux: tuple[Clause, ...] = ()) -> SearchResult:
        return SearchResult(problem, status, proof, [str(c) for c in aux], time.perf_counter() - start, len(attempts),
                            mode, attempts, facts)

    level = [Node((), points, engine, 0.0)]
    pool = worker_pool(workers)
    try:
        for d in range(1, depth + 1):
            jobs, children = [], []
            for node in level:
                if time.perf_counter() > deadline:
                    break
                state = SearchState(node.problem(problem), node.points)
                for clause, score in proposer.propose(state, per_node):
                    new = validate(state, clause)
                    if new is None:
                        continue
                    score = -math.inf if math.isnan(score) else score  # NaN would order the heap below apart
                    children.append((node, clause, new, node.score + score))
            children.sort(key=lambda c: -c[3])
            shared_deadline = time.monotonic() + (deadline - time.perf_counter())
            # (facts, child node, the job that rebuilds its engine when it was tried in an earlier round)
            kept: list[tuple[int, Node, tuple | None]] = []
            pending, seen = [], set()
            for node, clause, new, score in children:
                child = Node(node.aux + (clause,), {**node.points, **new}, b"", score)
                key = aux_key(child.aux, child.points, cell)
                if key in seen:
                    continue  # the same premises as an earlier child
                seen.add(key)
                job = (node.engine, clause, new, shared_deadline, seed)
                if key in tried:
                    kept.append((tried[key], child, job))
                else:
                    jobs.append(job)
                    pending.append((child, key))
            results = pool.imap(_attempt, jobs) if pool else map(partial(_attempt, pickled=False), jobs)
            keep = beam if d < depth else 0
            live: list[tuple[tuple[int, float, int], Node]] = []  # (rank, child): the best ``keep`` with an engine
            for order, (child, key) in enumerate(pending):
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    return ended("timeout")
                out = results.next(timeout=remaining) if pool else next(results)
                attempts.append(out["seconds"])
                if log:
                    log({"depth": d, "constructions": [str(c) for c in child.aux], "score": round(child.score, 4),
                         "status": out["status"], "facts": out["facts"], "seconds": round(out["seconds"], 4)})
                if "proof" in out:
                    return ended("proved", out["proof"], child.aux)
                if out["status"] == "saturated":
                    tried[key] = out["facts"]
                child.engine = out["engine"]
                kept.append((out["facts"], child, None))
                heapq.heappush(live, ((out["facts"], child.score, -order), child))
                if len(live) > keep:
                    heapq.heappop(live)[1].engine = b""  # it cannot be in the beam: its engine is dropped
            # Keep the children whose construction taught the engine most, then the best scored.
            best = sorted(kept, key=lambda t: (-t[0], -t[1].score))[:beam] if d < depth else []
            level = []
            for _, child, job in best:
                if job is not None:  # tried in an earlier round: its saturated engine is built again
                    if time.perf_counter() > deadline:
                        return ended("timeout")
                    out = _attempt(job)
                    if "proof" in out:
                        return ended("proved", out["proof"], child.aux)
                    child.engine = out["engine"]
                elif not isinstance(child.engine, bytes):
                    child.engine = pickle.dumps(child.engine)
                level.append(child)
            if not level:
                break
    except mp.TimeoutError:
        return ended("timeout")
    finally:
        if pool:
            pool.terminate()
    return ended("exhausted" if time.perf_counter() < deadline else "timeout")


def log_to(path: str) -> Callable[[dict], None]:
    """A log function that appends JSON lines to ``path``."""
    handle = open(path, "a", encoding="utf-8")

    def write(record: dict) -> None:
        handle.write(json.dumps(record) + "\n")
        handle.flush()

    return write
