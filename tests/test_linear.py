"""Exact elimination: canonical reduced forms and certificates that add up."""

from __future__ import annotations

import random
from fractions import Fraction as F

from ddar.linear import ONE, LinearSystem, add_scaled


def _combine(certificate, sources):
    total: dict = {}
    for source, coefficient in certificate.items():
        add_scaled(total, coefficient, sources[source])
    return total


def test_implied_equation_has_a_certificate_that_adds_up():
    sources = {"e1": {"x": F(1), "y": F(-1)}, "e2": {"y": F(2), "z": F(-1), ONE: F(1, 2)}, "e3": {"z": F(1), "w": F(-3)}}
    system = LinearSystem()
    for name, expr in sources.items():
        assert system.add(expr, name)
    target = {"x": F(2), "w": F(-3), ONE: F(1, 2)}  # 2x - 3w + 1/2 = 2*e1 + e2 + e3
    assert system.reduce(target) == {}
    assert _combine(system.certificate(target), sources) == target
    assert not system.add(target, "again")


def test_reduced_forms_are_canonical():
    system = LinearSystem()
    system.add({"a": F(1), "b": F(-1)}, 1)
    system.add({"b": F(1), "c": F(-1)}, 2)
    assert system.reduce({"a": F(1)}) == system.reduce({"c": F(1)})
    assert system.key("a") == system.key("b") == system.key("c")
    assert system.key("a") != system.key("d")


def test_hashed_implication_agrees_with_exact_reduction():
    rng = random.Random(3)
    names = ["a", "b", "c", "d", "e", "f", ONE]
    system = LinearSystem(is_constant=lambda v: v == "f")
    for i in range(5):
        system.add({v: F(rng.choice([-3, -2, -1, 1, 2, 3]), rng.randint(1, 3)) for v in rng.sample(names, 3)}, i)
    agree = implied = 0
    for _ in range(500):
        expr = {v: F(rng.randint(-2, 2)) for v in rng.sample(names, rng.randint(1, 4))}
        expr = {v: c for v, c in expr.items() if c}
        if rng.random() < 0.5:  # a combination of what was added: implied
            expr = {}
            for q, row in system.rows.items():
                add_scaled(expr, F(rng.randint(-2, 2)), {**row, q: F(-1)})
        exact = system.reduce(expr) == {}
        implied += exact
        agree += system.implies(expr) == exact
    assert agree == 500 and 100 < implied < 500


def test_constants_are_never_eliminated():
    system = LinearSystem(is_constant=lambda v: v == "log2")
    system.add({"x": F(1), "y": F(-1), "log2": F(-1)}, 1)
    assert system.reduce({"x": F(1), "y": F(-1)}) == {"log2": F(1)}
    assert not system.add({"log2": F(1)}, 2)
