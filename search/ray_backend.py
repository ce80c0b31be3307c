"""``synth --ray`` and ``eval --ray``: shards and problems as Ray tasks, on a cluster or a new local one.

Work is split as on one machine (a task per shard, a task per problem) and every task is a function of
its arguments alone, so the output is the same as the local path's: the driver writes the shards in
order (a run stays resumable) and ``eval`` keeps its per-problem child process with a hard time limit.
A task whose worker dies is run again up to ``MAX_RETRIES`` times.
"""

from __future__ import annotations

import socket
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from ddar import GeoproverError
from synth.dataset import SynthConfig, generate, make_shard

from .evaluate import Outcome, evaluate
from .modes import SearchOptions

MAX_RETRIES = 3  # runs of a task again after its worker (or node) is lost
CONNECT_SECONDS = 5.0  # for a cluster address to accept a connection
INSTALL_HINT = "--ray needs Ray, which is not installed: pip install 'geoprover[ray]'"


def import_ray() -> ModuleType:
    """The ``ray`` module, or a one-line ``GeoproverError`` saying how to install it."""
    try:
        import ray
    except ImportError:
        raise GeoproverError(INSTALL_HINT) from None
    return ray


@contextmanager
def session(address: str, num_cpus: int) -> Iterator[ModuleType]:
    """Ray connected to the cluster at ``address`` (``auto``, ``HOST:PORT``, ``ray://HOST:PORT``) or, for an
    empty address, to a new local cluster of ``num_cpus`` CPUs; one started here is shut down on leaving."""
    ray = import_ray()
    started = not ray.is_initialized()
    if started and address:
        _check_reachable(address)
        ray.init(address=address)
    elif started:
        ray.init(address="local", num_cpus=num_cpus, include_dashboard=False)
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()


def shard_source(ray: ModuleType) -> Callable[[SynthConfig, int], Iterator[tuple[int, list[dict], dict]]]:
    """A ``generate`` shard source: shards ``first``, ``first+1``, ... in order, made by Ray tasks a few
    shards ahead (twice the cluster's CPUs); the ones not yet wanted are cancelled when it stops."""
    task = ray.remote(max_retries=MAX_RETRIES)(make_shard)

    def shards(config: SynthConfig, first: int) -> Iterator[tuple[int, list[dict], dict]]:
        ahead = 2 * max(1, int(ray.cluster_resources().get("CPU", 1)))
        window: deque = deque()
        index = first
        try:
            while True:
                while len(window) < ahead:
                    window.append((index, task.remote(config, index)))
                    index += 1
                wanted, ref = window.popleft()
                try:
                    records, meta = ray.get(ref)
                except ray.exceptions.RayError as e:
                    raise GeoproverError(f"shard {wanted} failed on Ray: {_first_line(e)}") from None
                yield wanted, records, meta
        finally:
            for _, ref in window:
                ray.cancel(ref, force=True)

    return shards


def ray_generate(address: str, num_cpus: int, out: str | Path, n: int | None, config: SynthConfig,
                 progress: Callable[[int], None] | None = None, aux: int | None = None) -> dict:
    """``synth.dataset.generate`` with its shards made on Ray (see ``session`` for ``address``)."""
    with session(address, num_cpus) as ray:
        return generate(out, n, config, progress=progress, aux=aux, source=shard_source(ray))


def _eval_task(name: str, statement: str, timeout: float, seed: int, options: SearchOptions) -> Outcome:
    """One problem, in a child process of this Ray worker with the local path's hard time limit."""
    return evaluate([(name, statement)], timeout, 1, seed, options=options)[0]


def ray_evaluate(address: str, num_cpus: int, problems: list[tuple[str, str]], timeout: float, seed: int = 0,
                 on_done: Callable[[Outcome], None] | None = None, options: SearchOptions = SearchOptions()
                 ) -> list[Outcome]:
    """``search.evaluate.evaluate`` with a Ray task per problem: ``on_done`` in the order they finish,
    outcomes in input order; a task that fails on every try is recorded as ``crashed``."""
    if not problems:  # a re-run with every problem already done starts no cluster
        return []
    with session(address, num_cpus) as ray:
        task = ray.remote(num_cpus=max(1, options.workers), max_retries=MAX_RETRIES)(_eval_task)
        index = {task.remote(name, statement, timeout, seed, options): i for i, (name, statement) in enumerate(problems)}
        pending = list(index)
        results: dict[int, Outcome] = {}
        try:
            while pending:
                ready, pending = ray.wait(pending, num_returns=1)
                i = index[ready[0]]
                try:
                    outcome = ray.get(ready[0])
                except ray.exceptions.RayError as e:
                    outcome = Outcome(problems[i][0], False, 0.0, None, "crashed", f"Ray task failed: {_first_line(e)}")
                results[i] = outcome
                if on_done:
                    on_done(outcome)
        finally:
            for ref in pending:
                ray.cancel(ref, force=True)
        return [results[i] for i in range(len(problems))]


def _check_reachable(address: str) -> None:
    """Fail within seconds, not after Ray's minutes of retries, when nothing listens at ``HOST:PORT``."""
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not port.isdigit():
        return  # "auto" or another form Ray resolves itself
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_SECONDS).close()
    except OSError as e:
        raise GeoproverError(f"--ray {address}: no Ray cluster answers there ({e})") from None


def _first_line(error: Exception) -> str:
    """The first non-blank line of an error's message (Ray's run over many lines)."""
    return next((line for line in str(error).splitlines() if line.strip()), type(error).__name__)
