"""Sharded, deduplicated, resumable datasets of synthetic theorems.

Shard k holds the examples of samples k*B ... (k+1)*B-1 (B = samples per shard) that are
not duplicates of any earlier shard. Workers make shards in parallel; the parent writes
them in order, each to a temporary name renamed when complete, so a folder only ever
holds whole shards and the same seed gives byte-identical shards whatever the number of
workers. A run into a folder that already has shards continues after the last one.
"""

from __future__ import annotations

import gzip
import json
import multiprocessing as mp
import os
import statistics
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

import numpy as np

from .aux import aux_kinds
from .extract import GOAL_PREDICATES, extract
from .sampler import DEFAULT_WEIGHTS, Rejected, sample_problem

SHARD = "shard-{:05d}.jsonl.gz"
META = "shard-{:05d}.meta.json"


@dataclass(frozen=True)
class SynthConfig:
    """Everything that determines the examples: a folder is only continued with the same config."""

    seed: int = 0
    max_clauses: int = 8
    budget: float = 2.0
    samples_per_shard: int = 32
    per_predicate: int = 1  # plain examples per goal predicate and sample
    aux_trials: int = 48  # random clauses drawn for each prefix of a sample that has new open facts
    aux_plain_share: float = 0.15  # share of drawn clauses without a coincidence that are still tried
    aux_per_trial: int = 7  # aux theorems kept per successful trial (one per goal predicate)
    aux_per_sample: int = 8  # checked aux theorems per sample (one sample would otherwise dominate)
    aux_per_statement: int = 4  # examples with aux of one statement and goal (with other aux) in the dataset
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def make_shard(config: SynthConfig, index: int) -> tuple[list[dict], dict]:
    """Examples of shard ``index`` (before cross-shard deduplication) and its counts."""
    start = time.process_time()
    rejected: Counter = Counter()
    dropped: Counter = Counter()
    records, keys = [], set()
    samples = candidates = aux_candidates = trials = 0
    for i in range(index * config.samples_per_shard, (index + 1) * config.samples_per_shard):
        samples += 1
        rng = np.random.default_rng([config.seed, i])
        try:
            sample = sample_problem(rng, f"sample_{config.seed}_{i}", config.max_clauses, config.weights)
        except Rejected as e:
            rejected[e.reason] += 1
            continue
        report = extract(sample, config.budget, [config.seed, i], config.per_predicate, rng=rng,
                         weights=config.weights, aux_trials=config.aux_trials, aux_per_trial=config.aux_per_trial,
                         aux_per_sample=config.aux_per_sample, aux_plain_share=config.aux_plain_share)
        candidates += report.candidates
        aux_candidates += report.aux_candidates
        trials += report.trials
        dropped.update(report.dropped)
        for example in report.examples:
            if example.key in keys:
                dropped["duplicate"] += 1
                continue
            keys.add(example.key)
            records.append(example.to_json())
    meta = {"samples": samples, "rejected": dict(rejected), "dropped": dict(dropped), "theorems": candidates,
            "aux_theorems": aux_candidates, "aux_trials": trials, "cpu_seconds": time.process_time() - start}
    return records, meta


def _shard_job(args: tuple[SynthConfig, int]) -> tuple[int, list[dict], dict]:
    config, index = args
    records, meta = make_shard(config, index)
    return index, records, meta


def _read_shard(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _encode_shard(records: list[dict]) -> bytes:
    text = "".join(json.dumps(r, sort_keys=True) + "\n" for r in records).encode()
    return gzip.compress(text, mtime=0)


def _check_config(out: Path, config: SynthConfig) -> None:
    path = out / "config.json"
    wanted = asdict(config)
    if path.exists():
        found = json.loads(path.read_text())
        if found != json.loads(json.dumps(wanted)):
            raise ValueError(f"{out} holds a dataset made with other settings ({path}); use a new folder")
    else:
        _write_atomic(path, json.dumps(wanted, indent=1, sort_keys=True).encode())


def existing_shards(out: Path) -> list[int]:
    """Indices of complete shards, which form a prefix 0 ... k-1."""
    indices = []
    while (out / SHARD.format(len(indices))).exists() and (out / META.format(len(indices))).exists():
        indices.append(len(indices))
    return indices


def generate(out: str | Path, n: int | None, config: SynthConfig, workers: int = 1,
             progress: Callable[[int], None] | None = None, aux: int | None = None,
             source: Callable[[SynthConfig, int], Iterator[tuple[int, list[dict], dict]]] | None = None) -> dict:
    """Make (or finish) a dataset in ``out`` of ``n`` examples, or (``n`` None) of whole shards until it
    holds ``aux`` examples with needed aux; returns its statistics. ``progress`` is called with each
    increment of the count wanted (examples, or examples with needed aux). ``source(config, first)``, when
    given, yields the shards ``(index, records, meta)`` from ``first`` on in order, in place of ``workers``
    local processes (``search.ray_backend`` makes them on Ray)."""
    if (n is None) == (aux is None):
        raise ValueError("give either n (examples) or aux (examples with needed aux)")
    by_aux = n is None
    n = n if n is not None else 2**62
    aux = aux if aux is not None else 2**62
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _check_config(out, config)
    for stale in out.glob("*.tmp"):
        stale.unlink()
    seen: set[str] = set()
    statements: Counter = Counter()  # examples with aux per statement and goal
    count = with_aux = 0
    done = existing_shards(out)
    for index in done:
        for record in _read_shard(out / SHARD.format(index)):
            seen.add(record["key"])
            count += 1
            with_aux += bool(record["aux"])
            statements[record["problem"]] += bool(record["aux"])
    if progress:
        progress(with_aux if by_aux else min(count, n))
    start = time.perf_counter()
    next_index = len(done)
    if count < n and with_aux < aux:
        for index, records, meta in (source or partial(_shards, workers=workers))(config, next_index):
            fresh = [r for r in records if r["key"] not in seen]
            meta["duplicates_across_shards"] = len(records) - len(fresh)
            kept = []
            for r in fresh:
                if not r["aux"] or statements[r["problem"]] < config.aux_per_statement:
                    kept.append(r)
                    statements[r["problem"]] += bool(r["aux"])
            meta["dropped"]["statement with aux already in the dataset"] = len(fresh) - len(kept)
            fresh = kept
            fresh = fresh[: n - count]
            seen.update(r["key"] for r in fresh)
            count += len(fresh)
            new_aux = sum(bool(r["aux"]) for r in fresh)
            with_aux += new_aux
            meta["examples"] = len(fresh)
            _write_atomic(out / META.format(index), json.dumps(meta, sort_keys=True).encode())
            _write_atomic(out / SHARD.format(index), _encode_shard(fresh))
            if progress:
                progress(new_aux if by_aux else len(fresh))
            if count >= n or with_aux >= aux:
                break
    stats = dataset_stats(out)
    stats["wall_seconds_this_run"] = round(time.perf_counter() - start, 2)
    _write_atomic(out / "stats.json", json.dumps(stats, indent=1, sort_keys=True).encode())
    return stats


def _shards(config: SynthConfig, first: int, workers: int) -> Iterator[tuple[int, list[dict], dict]]:
    """Shards first, first+1, ... in order, made by ``workers`` processes a few shards ahead."""
    if workers <= 1:
        index = first
        while True:
            yield _shard_job((config, index))
            index += 1
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers) as pool:
        window: deque = deque()
        index = first
        while True:
            while len(window) < 2 * workers:
                window.append(pool.apply_async(_shard_job, ((config, index),)))
                index += 1
            yield window.popleft().get()


def dataset_stats(out: Path) -> dict:
    """Counts over all complete shards of a folder."""
    samples = examples = theorems = with_aux = duplicates = aux_theorems = trials = 0
    cpu = 0.0
    kinds: Counter = Counter()
    aux_sizes: Counter = Counter()
    aux_goals: Counter = Counter()
    aux_statements: set[str] = set()
    rejected: Counter = Counter()
    dropped: Counter = Counter()
    goals: Counter = Counter()
    lengths: Counter = Counter()
    for index in existing_shards(out):
        meta = json.loads((out / META.format(index)).read_text())
        samples += meta["samples"]
        theorems += meta["theorems"]
        aux_theorems += meta["aux_theorems"]
        trials += meta["aux_trials"]
        cpu += meta["cpu_seconds"]
        duplicates += meta.get("duplicates_across_shards", 0)
        rejected.update(meta["rejected"])
        dropped.update(meta["dropped"])
        for record in _read_shard(out / SHARD.format(index)):
            examples += 1
            goals[record["goal"].split()[0]] += 1
            if record["aux"]:
                with_aux += 1
                kinds.update(aux_kinds(record["aux"]))
                aux_sizes[str(min(len(record["aux"]), 3)) + ("+" if len(record["aux"]) >= 3 else "")] += 1
                aux_goals[record["goal"].split()[0]] += 1
                aux_statements.add(record["problem"].split(" ? ")[0])
            lengths[len(record["proof"])] += 1
    proof_lengths = [k for k, v in sorted(lengths.items()) for _ in range(v)]
    return {
        "examples": examples,
        "samples": samples,
        "rejected_samples": sum(rejected.values()),
        "rejection_reasons": dict(rejected),
        "dropped_theorems": dict(dropped),
        "duplicates_across_shards": duplicates,
        "theorems_proved": theorems,
        "examples_with_needed_aux": with_aux,
        "share_with_needed_aux": round(with_aux / examples, 4) if examples else 0.0,
        "needed_aux_per_cpu_second": round(with_aux / cpu, 3) if cpu else 0.0,
        "premises_of_needed_aux_examples": len(aux_statements),
        "aux_theorems_found": aux_theorems,
        "aux_trials": trials,
        "aux_kinds": dict(kinds.most_common()),
        "largest_aux_kind_share": round(max(kinds.values()) / with_aux, 4) if with_aux else 0.0,
        "aux_clauses_per_example": {k: aux_sizes.get(k, 0) for k in ("1", "2", "3+")},
        "aux_goal_predicates": {p: aux_goals.get(p, 0) for p in GOAL_PREDICATES},
        "goal_predicates": {p: goals.get(p, 0) for p in GOAL_PREDICATES},
        "proof_length_histogram": {str(k): v for k, v in sorted(lengths.items())},
        "median_proof_length": statistics.median(proof_lengths) if proof_lengths else 0,
        "cpu_seconds": round(cpu, 2),
        "examples_per_cpu_second": round(examples / cpu, 2) if cpu else 0.0,
    }
