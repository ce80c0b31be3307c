"""Evaluation over a problem file: each problem in its own process with a hard time limit."""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass

from ddar import GeoproverError, parse_problem

from .modes import MODEL_MODES, SearchOptions, solve

GRACE_SECONDS = 5.0  # a worker still alive this long after its time limit is killed


@dataclass
class Outcome:
    """What happened to one problem; ``status`` is proved, saturated, timeout, killed, crashed, error or unsound."""

    name: str
    solved: bool
    seconds: float
    steps: int | None
    status: str
    error: str | None = None
    peak_mib: float | None = None
    mode: str | None = None
    constructions: list[str] | None = None

    def to_json(self) -> dict:
        return asdict(self)


def solve_one(name: str, statement: str, timeout: float, seed: int, options: SearchOptions = SearchOptions()) -> Outcome:
    """Prove one problem in this process and check the proof."""
    start = time.perf_counter()
    try:
        problem = parse_problem(name, statement)
        parsed = time.perf_counter() - start
        result = solve(problem, options, timeout, seed)
    except (GeoproverError, ValueError) as e:
        return Outcome(name, False, time.perf_counter() - start, None, "error", str(e))
    seconds = parsed + result.seconds  # parse, diagram, deduction (and search) and traceback; not the check
    if result.status == "unsound":
        return Outcome(name, False, seconds, None, "unsound", result.error, mode=result.mode)
    if result.proof is None:
        return Outcome(name, False, seconds, None, result.status)
    return Outcome(name, True, seconds, len(result.proof.steps), "proved", mode=result.mode,
                   constructions=result.constructions)


def _worker(conn, name: str, statement: str, timeout: float, seed: int, options: SearchOptions) -> None:
    try:
        outcome = solve_one(name, statement, timeout, seed, options)
    except Exception as e:  # report any crash as a record, never lose the run
        outcome = Outcome(name, False, 0.0, None, "crashed", f"{type(e).__name__}: {e} | {traceback.format_exc(limit=3)}")
    outcome.peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.send(outcome.to_json())
    conn.close()


def evaluate(problems: list[tuple[str, str]], timeout: float, workers: int, seed: int = 0,
             on_done: Callable[[Outcome], None] | None = None, options: SearchOptions = SearchOptions()
             ) -> list[Outcome]:
    """Run every (name, statement) in a worker process, ``workers`` at a time; outcomes in input order."""
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    if options.mode in MODEL_MODES and ctx.get_start_method() == "fork":
        import lm  # noqa: F401 -- torch imported once here (no torch op runs before the fork), not in every worker
    pending = list(enumerate(problems))
    running: dict[int, tuple] = {}
    results: dict[int, Outcome] = {}
    try:
        _run(ctx, pending, running, results, workers, timeout, seed, options, on_done)
    finally:
        for process, *_ in running.values():  # interrupted: leave no worker behind
            process.kill()
    return [results[i] for i in range(len(problems))]


def _run(ctx, pending, running, results, workers, timeout, seed, options, on_done) -> None:
    """Start workers, collect answers, kill the ones past their limit, until every problem has an outcome."""
    while pending or running:
        while pending and len(running) < workers:
            index, (name, statement) = pending.pop(0)
            receiver, sender = ctx.Pipe(duplex=False)
            process = ctx.Process(target=_worker, args=(sender, name, statement, timeout, seed, options))
            process.start()
            sender.close()
            running[index] = (process, receiver, time.perf_counter(), name)
        for index in list(running):
            process, receiver, started, name = running[index]
            elapsed = time.perf_counter() - started
            outcome = None
            if receiver.poll():
                try:
                    outcome = Outcome(**receiver.recv())
                except EOFError:
                    outcome = None
            if outcome is None and not process.is_alive():
                outcome = Outcome(name, False, elapsed, None, "crashed", f"worker exited with code {process.exitcode}")
            elif outcome is None and elapsed > timeout + GRACE_SECONDS:
                process.kill()
                outcome = Outcome(name, False, elapsed, None, "killed", f"no answer {elapsed:.0f}s after the start")
            if outcome is None:
                continue
            process.join(timeout=1)
            del running[index]
            results[index] = outcome
            if on_done:
                on_done(outcome)
        if running:
            time.sleep(0.005)
