"""Shared fixtures: paths of the shipped problems and of the benchmark in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLASSICS = ROOT / "problems" / "classics.txt"
BENCHMARK = ROOT.parent / "shared" / "benchmarks" / "imo_ag_30.txt"


@pytest.fixture
def benchmark_file() -> Path:
    if not BENCHMARK.exists():
        pytest.skip(f"benchmark file {BENCHMARK} not present")
    return BENCHMARK
