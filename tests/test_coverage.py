"""The rule coverage table names real rules, and each covered rule's minimal test problem is proved by DD+AR."""

from __future__ import annotations

import pytest

from ddar import GeoproverError, parse_problem, prove
from ddar.coverage import ALGEBRA, NOT_COVERED, REFERENCE_RULES
from ddar.problem import read_statements
from ddar.rules import _RULE_CHECKS
from ddar.theorems import BY_NAME
from conftest import ROOT

RULE_TESTS = ROOT.parent / "shared" / "benchmarks" / "newclid" / "testing_minimal_rules.txt"


def test_table_lists_every_reference_rule_with_real_rule_names():
    assert set(REFERENCE_RULES) == {f"r{i:02d}" for i in range(50)}
    for rule_id, (_, how, note) in REFERENCE_RULES.items():
        for name in how:
            assert name in (ALGEBRA, NOT_COVERED) or name in _RULE_CHECKS or name in BY_NAME, (rule_id, name)
        if NOT_COVERED in how:
            assert note, f"{rule_id}: say why it is not covered"


def _rule_tests() -> dict[str, str]:
    return dict(read_statements(RULE_TESTS)) if RULE_TESTS.exists() else {}


@pytest.mark.parametrize("rule_id", [r for r, (_, how, _) in REFERENCE_RULES.items() if NOT_COVERED not in how])
def test_covered_rule_proves_its_minimal_problem(rule_id):
    tests = _rule_tests()
    if not tests:
        pytest.skip(f"{RULE_TESTS} not present")
    if rule_id not in tests:
        pytest.skip(f"no minimal problem for {rule_id}")
    try:
        problem = parse_problem(rule_id, tests[rule_id])
    except GeoproverError as e:
        pytest.fail(f"{rule_id} does not read: {e}")
    result = prove(problem, timeout=20)
    assert result.status == "proved", result.status
