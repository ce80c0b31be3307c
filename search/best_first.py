"""Best-first search over auxiliary constructions.

Where the beam search spends its budget level by level, this one keeps every untried
(node, construction) pair in one priority queue and always tries the most promising next,
whatever its depth. A pair's priority is its node's value plus the proposer's score of the
construction (a log-probability: scores add along a path, so depth costs by itself). A node's
value is its parent's plus its construction's score plus what the engine learned from it:
``FEEDBACK`` times the log of one plus the facts the construction added. A node is expanded
(its proposals computed) only when its turn comes: it enters the queue with its value plus the
best score the root's proposals had, the score its best child can expect.

Nodes keep their saturated engine (pickled) until each of their proposals has been handed to an
attempt; at most ``OPEN_NODES`` wait to be expanded, the least valuable are dropped first. With
``workers`` processes the attempts go ``workers`` at a time, so a child can only overtake the
siblings of a later batch: the order (and the proof found) may depend on the number of workers.
"""

from __future__ import annotations

import heapq
import itertools
import math
import multiprocessing as mp
import time
from collections.abc import Callable
from dataclasses import dataclass

from ddar import Clause, Problem

from .beam import Node, Root, SearchResult, _attempt, saturate, worker_pool
from .proposers import SearchState, validate
from .tried import aux_key, key_cell

FEEDBACK = 0.5  # value of a construction per unit of log(1 + facts it added)
OPEN_NODES = 256  # unexpanded nodes kept with their engines at most


@dataclass
class _Open:
    """A node of the tree with its value, depth and the facts its engine holds."""

    node: Node
    value: float
    depth: int
    facts: int
    state: str = "open"  # open (to expand), expanded, or dropped (never expanded)
    pending: int = 0  # its proposals queued and not yet tried (its engine goes when none is left)


def best_first(problem: Problem, proposer, per_node: int = 64, depth: int = 3, timeout: float = 300.0,
               workers: int = 1, seed: int = 0, log: Callable[[dict], None] | None = None, mode: str = "heuristic",
               root: Root | None = None) -> SearchResult:
    """Prove ``problem``: the engine alone first (unless given its saturated ``root``), then best-first search over
    added constructions (at most ``depth`` of them on a path, ``per_node`` proposals per node)."""
    start = time.perf_counter()
    deadline = start + timeout
    if root is None:
        root, done = saturate(problem, proposer, depth, seed, deadline, log)
        if done is not None:
            return done
    engine, points, facts = root
    queue: list[tuple[float, int, str, object]] = []
    order = itertools.count()  # ties: first pushed, first tried
    waiting: list[tuple[float, int, _Open]] = []  # unexpanded nodes, least valuable first (a min-heap)
    opened = [0]  # nodes waiting to be expanded
    best_child = 0.0  # the score the root's best proposal had: what a node's best child can expect
    attempts: list[float] = []

    def push_node(item: _Open) -> None:
        key = next(order)
        heapq.heappush(queue, (-(item.value + best_child), key, "expand", item))
        heapq.heappush(waiting, (item.value, key, item))
        opened[0] += 1
        while opened[0] > OPEN_NODES:
            least = heapq.heappop(waiting)[2]
            if least.state == "open":
                least.state, least.node.engine = "dropped", b""
                opened[0] -= 1

    def result(status: str, proof=None, aux: tuple[Clause, ...] = ()) -> SearchResult:
        return SearchResult(problem, status, proof, [str(c) for c in aux], time.perf_counter() - start, len(attempts),
                            mode, attempts, facts)

    pool = worker_pool(workers)
    try:
        first = _Open(Node((), points, engine, 0.0), 0.0, 0, facts, "expanded")
        seen: set[tuple[str, ...]] = set()  # the constructions queued so far (``aux_key``): each is tried once
        cell = key_cell(points)
        scores = _expand(problem, proposer, first, per_node, queue, order, seen, cell)
        best_child = max(scores, default=0.0)
        while queue:
            if time.perf_counter() > deadline:
                return result("timeout")
            batch = _pop_attempts(queue, max(1, workers))
            if not batch:  # an expansion is next
                _, _, _, item = heapq.heappop(queue)
                if item.state == "open":
                    item.state = "expanded"
                    opened[0] -= 1
                    _expand(problem, proposer, item, per_node, queue, order, seen, cell)
                continue
            shared_deadline = time.monotonic() + (deadline - time.perf_counter())
            jobs = [(parent.node.engine, clause, new, shared_deadline, seed) for parent, clause, new, _ in batch]
            for parent, *_ in batch:
                parent.pending -= 1
                if not parent.pending:
                    parent.node.engine = b""  # every child has its job: the parent's engine is not needed again
            outs = pool.imap(_attempt, jobs) if pool else map(_attempt, jobs)
            for parent, clause, new, score in batch:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    return result("timeout")
                out = outs.next(timeout=remaining) if pool else next(outs)
                attempts.append(out["seconds"])
                aux = parent.node.aux + (clause,)
                if log:
                    log({"depth": parent.depth + 1, "constructions": [str(c) for c in aux], "score": round(score, 4),
                         "status": out["status"], "facts": out["facts"], "seconds": round(out["seconds"], 4)})
                if "proof" in out:
                    return result("proved", out["proof"], aux)
                if parent.depth + 1 < depth:
                    learned = FEEDBACK * math.log1p(max(0, out["facts"] - parent.facts))
                    value = parent.value + score + learned
                    push_node(_Open(Node(aux, {**parent.node.points, **new}, out["engine"], value), value,
                                    parent.depth + 1, out["facts"]))
    except mp.TimeoutError:
        return result("timeout")
    finally:
        if pool:
            pool.terminate()
    return result("exhausted" if time.perf_counter() < deadline else "timeout")


def _expand(problem: Problem, proposer, item: _Open, per_node: int, queue: list, order,
            seen: set[tuple[str, ...]], cell: float) -> list[float]:
    """Queue the node's proposals (each valid on its diagram, and not the premises of one queued before: ``seen``)
    as attempts; their scores."""
    node = item.node
    state = SearchState(node.problem(problem), node.points)
    scores = []
    for clause, score in proposer.propose(state, per_node):
        new = validate(state, clause)
        if new is None:
            continue
        key = aux_key(node.aux + (clause,), {**node.points, **new}, cell)
        if key not in seen:
            seen.add(key)
            heapq.heappush(queue, (-(item.value + score), next(order), "attempt", (item, clause, new, score)))
            scores.append(score)
    item.pending = len(scores)
    if not scores:
        node.engine = b""
    return scores


def _pop_attempts(queue: list, n: int) -> list[tuple[_Open, Clause, dict, float]]:
    """Up to ``n`` attempts from the front of the queue, stopping at an expansion."""
    batch = []
    while queue and len(batch) < n and queue[0][2] == "attempt":
        batch.append(heapq.heappop(queue)[3])
    return batch
