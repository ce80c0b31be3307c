"""Property-based fuzzing of the problem parser and the proof reader (hypothesis).

Mutated statements and problem files must parse or raise ``GeoproverError``; a statement that parses must
draw a diagram or raise ``DiagramError`` within its time limit. Mutated proof files, run through
``geoprover verify`` in-process, must end with exit status 0, 1 or 2 (2 with exactly one line on stderr),
never with an exception, and quickly.

The default suite runs a fast seed of each (about 20 s in all). The slow test repeats them with new seeds
for ``GEOPROVER_FUZZ_SECONDS`` seconds (default 600) and prints how many inputs it tried.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import json
import os
import re
import signal
import tempfile
import time
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ddar import GeoproverError, build_diagram, parse_problem, prove  # noqa: E402
from ddar.constructions import CONSTRUCTIONS  # noqa: E402
from ddar.facts import PREDICATES  # noqa: E402
from ddar.problem import MAX_STATEMENT_CHARS, split_statements  # noqa: E402
from ddar.proof_reader import parse_proof  # noqa: E402
from search.cli import main  # noqa: E402

from conftest import CLASSICS  # noqa: E402

PER_INPUT = 5.0  # seconds any one input may take
MAX_FUZZ_TEXT = 200_000  # mutated texts are cut to this length (the limits on input are below it)
BIG_PRIME = "1000000000000000000000000000057"
COUNT = {"statements": 0, "proofs": 0, "known checker crashes": 0}

SEEDS = [line for line in CLASSICS.read_text(encoding="utf-8").splitlines()[1::2] if line.strip()][:12] + [
    "a b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? rconst m n b c 1/2",
    "a b c = triangle a b c; x = s_angle a b x 30o ? aconst b a b x 1pi/6",
    "a b = segment a b; c = lconst c a 3, lconst c b 4 ? lconst a b 5",
    "a b c = triangle a b c; d = on_line d a c ? lequation 1/1 a d 1/1 d c -1/1 a c 0",
    "a b c = triangle a b c; x@0.5_1.25 = free x | y = midpoint y a x ? aequation 1/1 a b a c 1/1 a c a b 0",
]

INTERESTING = [
    "1e999999999", "1/0", "0/0", "nan", "inf", "-inf", "Infinity", f"{BIG_PRIME}/1", f"1/{BIG_PRIME}", BIG_PRIME,
    "9" * 40, "pi/0", "1pi/0", "999999999999999999999pi/2", "1000000000000000000000o", "-0", "0", "1", "-1",
    "1/2", "-3/2", "0.5", ".5", "1.", "30o", "1pi/3", "", " ", ";", "?", "|", "=", ",", "@", "@1e999_0",
    "@nan_nan", "@1_2", "*", "\x00", "\n", "\t", "\u2028", "é", "ℕ", "a" * 200, "ab", "x", "y", "p", "q",
] + sorted(CONSTRUCTIONS) + sorted(PREDICATES)


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise ``Hang`` if the block runs past ``seconds`` (a hang fails the test instead of stalling it)."""
    def alarm(signum, frame):
        raise Hang(f"still running after {seconds:g}s")
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.perf_counter() - start
    assert elapsed < PER_INPUT, f"{elapsed:.1f}s"


# -- mutations ----------------------------------------------------------------------------------------------

TOKEN_OPS = st.one_of(
    st.tuples(st.just("replace"), st.integers(0, 10**6), st.sampled_from(INTERESTING)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.sampled_from(INTERESTING)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.text(max_size=8)),
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.none()),
    st.tuples(st.just("duplicate"), st.integers(0, 10**6), st.none()),
    st.tuples(st.just("swap"), st.integers(0, 10**6), st.integers(0, 10**6)),
    st.tuples(st.just("char"), st.integers(0, 10**6), st.characters()),
    st.tuples(st.just("cut"), st.integers(0, 10**6), st.integers(1, 20)),
    st.tuples(st.just("repeat"), st.integers(0, 10**6), st.integers(2, 400)),
)


def mutate_text(text: str, ops) -> str:
    """Apply token- and character-level mutations to ``text`` (tokens: words and ; , = ? | @ _ /)."""
    for op, i, arg in ops:
        tokens = _tokens(text)
        n = len(tokens)
        if op == "replace" and n:
            tokens[i % n] = arg
        elif op == "insert":
            tokens.insert(i % (n + 1), arg if arg.strip() == arg and arg else f" {arg} ")
        elif op == "delete" and n:
            del tokens[i % n]
        elif op == "duplicate" and n:
            tokens.insert(i % n, tokens[i % n])
        elif op == "swap" and n:
            tokens[i % n], tokens[arg % n] = tokens[arg % n], tokens[i % n]
        elif op == "char":
            k = i % (len(text) + 1)
            text = text[:k] + arg + text[k:]
            continue
        elif op == "cut":
            k = i % (len(text) + 1)
            text = text[:k] + text[k + arg:]
            continue
        elif op == "repeat" and n:
            k = i % n
            tokens[k:k + 1] = [tokens[k]] * arg
        text = "".join(tokens)[:MAX_FUZZ_TEXT]
    return text


_TOKEN = re.compile(r"\s|[;,=?|@_/]|[^\s;,=?|@_/]+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


# -- statements and problem files ----------------------------------------------------------------------------

STATEMENTS = st.tuples(st.sampled_from(SEEDS), st.lists(TOKEN_OPS, min_size=1, max_size=4))


def check_statement(case) -> None:
    original, ops = case
    statement = mutate_text(original, ops)
    COUNT["statements"] += 1
    with time_limit(4 * PER_INPUT):
        try:
            problem = parse_problem("fuzz", statement)
        except GeoproverError as e:
            assert "\n" not in str(e)
            return
        if len(problem.statement()) <= MAX_STATEMENT_CHARS:  # the full form reads back the same
            again = parse_problem("fuzz", problem.statement())
            assert again == problem and again.given == problem.given
        try:
            diagram = build_diagram(problem, 0, max_seconds=1.0)
        except GeoproverError as e:
            assert "\n" not in str(e)
            return
        diagram.failed_facts()
    with time_limit(4 * PER_INPUT):
        try:
            split_statements(f"fuzz\n{statement}\n# dialect: newclid\nother\n{original}\n")
        except GeoproverError:
            pass


# -- proof files -------------------------------------------------------------------------------------------------

@functools.cache
def seed_proofs() -> tuple[str, ...]:
    names = {"simson_line", "midline_half", "angle_bisector_theorem"}
    texts = [line for line in CLASSICS.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for name, statement in zip(texts[::2], texts[1::2]):
        if name in names:
            result = prove(parse_problem(name, statement), timeout=60)
            assert result.proof is not None
            out.append(result.proof.dumps())
    return tuple(out)


JSON_LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**40), 10**40), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(INTERESTING), st.text(max_size=20),
)
JSON_VALUES = st.recursive(JSON_LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                                st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                           max_leaves=12)
FRACTIONS = st.builds(lambda n, d: f"{n}/{d}", st.integers(-(10**35), 10**35), st.integers(-3, 10**35))
POINT_NAMES = list("abcdefghijklmnopqrstuvwxyz") + ["m1", "h1"]
WORDS = POINT_NAMES + sorted(PREDICATES) + INTERESTING[:30]

# Mutations of the proof's JSON tree. The "well-typed" ones keep the file readable, so that the checker (not
# only the reader) meets wrong proofs: other facts, rules, premises, coefficients, coordinates, step orders.
TREE_OPS = st.one_of(
    # (op, where, argument); ``where`` picks a node (or a step, for the step operations) modulo their number
    st.tuples(st.just("set"), st.integers(0, 10**6), JSON_VALUES),
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.none()),
    st.tuples(st.just("duplicate"), st.integers(0, 10**6), st.none()),
    st.tuples(st.just("text"), st.integers(0, 10**6), st.lists(TOKEN_OPS, min_size=1, max_size=3)),
    st.tuples(st.just("nest"), st.integers(0, 10**6), st.integers(1, 400)),
    st.tuples(st.just("number"), st.integers(0, 10**6), st.sampled_from([-1, 1, 2, 10**6, 2**31, -(2**63), 1e-9, 0.5])),
    st.tuples(st.just("fact"), st.integers(0, 10**6), st.lists(st.tuples(st.integers(0, 20), st.sampled_from(WORDS)),
                                                             min_size=1, max_size=3)),
    st.tuples(st.just("reason"), st.integers(0, 10**6), st.integers(0, 10**6)),
    st.tuples(st.just("premises"), st.integers(0, 10**6), st.lists(st.integers(-2, 40), max_size=6)),
    st.tuples(st.just("coefficient"), st.integers(0, 10**6), st.one_of(FRACTIONS, st.sampled_from(INTERESTING[:30]))),
    st.tuples(st.just("term"), st.integers(0, 10**6), st.tuples(st.integers(-1, 40), st.integers(-1, 8))),
    st.tuples(st.just("step order"), st.integers(0, 10**6), st.integers(0, 10**6)),
    st.tuples(st.just("move point"), st.integers(0, 10**6), st.floats(-2, 2)),
    st.tuples(st.just("statement"), st.integers(0, 10**6), st.lists(TOKEN_OPS, min_size=1, max_size=3)),
)
PROOFS = st.tuples(st.integers(0, 2), st.lists(TREE_OPS, min_size=1, max_size=4),
                   st.one_of(st.just([]), st.lists(TOKEN_OPS, min_size=1, max_size=2)), st.booleans())


def _paths(value):
    """Paths (keys and indices) of the nodes of a JSON tree, in document order, at most 12 deep."""
    out, stack = [], [((), value)]
    while stack:
        path, node = stack.pop()
        out.append(path)
        if len(path) < 12 and isinstance(node, (dict, list)):
            items = node.items() if isinstance(node, dict) else enumerate(node)
            stack.extend(reversed([(path + (k,), v) for k, v in items]))
    return out


def _get(value, path):
    for key in path:
        value = value[key]
    return value


def _steps(data) -> list:
    steps = data.get("steps") if isinstance(data, dict) else None
    return [s for s in steps if isinstance(s, dict)] if isinstance(steps, list) else []


def mutate_proof(data, ops):
    for op, i, arg in ops:
        steps = _steps(data)
        if op in ("fact", "reason", "premises", "coefficient", "term", "step order") and steps:
            _mutate_step(data, steps, steps[i % len(steps)], op, arg)
            continue
        if op == "move point" and isinstance(data, dict) and isinstance(data.get("points"), dict) and data["points"]:
            name = sorted(data["points"])[i % len(data["points"])]
            xy = data["points"][name]
            if isinstance(xy, list) and xy and isinstance(xy[0], float):
                xy[0] += arg
            continue
        if op == "statement" and isinstance(data, dict) and isinstance(data.get("statement"), str):
            data["statement"] = mutate_text(data["statement"], arg)
            continue
        paths = _paths(data)
        path = paths[i % len(paths)]
        if not path:
            if op == "set":
                data = arg
            continue
        parent, key = _get(data, path[:-1]), path[-1]
        current = parent[key]
        if op == "set":
            parent[key] = arg
        elif op == "delete":
            del parent[key]
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(current))
        elif op == "text" and isinstance(current, str):
            parent[key] = mutate_text(current, arg)
        elif op == "nest":
            for _ in range(arg):
                current = [current]
            parent[key] = current
        elif op == "number" and isinstance(current, (int, float)) and not isinstance(current, bool):
            parent[key] = current + arg
    return data


def _mutate_step(data, steps, step, op, arg) -> None:
    if op == "fact" and isinstance(step.get("fact"), str):
        words = step["fact"].split()
        for k, word in arg:
            words[k % len(words)] = word
        step["fact"] = " ".join(words)
    elif op == "reason":
        reasons = sorted({s.get("reason") for s in steps if isinstance(s.get("reason"), str)})
        step["reason"] = reasons[arg % len(reasons)] if reasons else "premise"
    elif op == "premises":
        step["premises"] = arg
    elif op in ("coefficient", "term"):
        terms = [t for entry in step.get("combination") or [] if isinstance(entry, list) for t in entry
                 if isinstance(t, list) and len(t) == 3]
        if terms:
            term = terms[len(str(arg)) % len(terms)]
            if op == "coefficient":
                term[2] = arg
            else:
                term[0], term[1] = arg
    elif op == "step order":
        j = arg % len(steps)
        a, b = data["steps"].index(step), data["steps"].index(steps[j])
        data["steps"][a], data["steps"][b] = data["steps"][b], data["steps"][a]


_TMP = Path(tempfile.mkdtemp(prefix="geoprover-fuzz-"))


def check_proof_file(case) -> None:
    which, tree_ops, text_ops, raw = case
    proofs = seed_proofs()
    data = mutate_proof(json.loads(proofs[which % len(proofs)]), tree_ops)
    try:
        text = json.dumps(data)
    except (RecursionError, ValueError):
        text = "[" * 5000
    if text_ops:
        text = mutate_text(text, text_ops)
    COUNT["proofs"] += 1
    path = _TMP / "proof.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass") if raw else text.encode("utf-8", "replace"))
    with time_limit(4 * PER_INPUT):
        try:
            parse_proof(path.read_bytes(), "fuzz")
        except GeoproverError as e:
            assert "\n" not in str(e)
        err, out = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = main(["verify", str(path)])
    assert code in (0, 1, 2)
    assert "Traceback" not in err.getvalue()
    if code == 2:
        assert len(err.getvalue().splitlines()) == 1, err.getvalue()


# -- the tests -----------------------------------------------------------------------------------------------------

# no Phase.explain: it traces every line the test runs, which makes the run about ten times slower
COMMON = dict(database=None, deadline=None, derandomize=False, print_blob=True,
              phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


def _statement_test(examples: int):
    return settings(max_examples=examples, **COMMON)(given(STATEMENTS)(check_statement))


def _proof_test(examples: int):
    return settings(max_examples=examples, **COMMON)(given(PROOFS)(check_proof_file))


def test_fuzz_statements_fast():
    seed(0)(_statement_test(2000))()


def test_fuzz_proofs_fast():
    seed(0)(_proof_test(1000))()


@pytest.mark.parametrize("fact", ["cyclic d b c p", "cyclic c c c p"])
def test_step_citing_a_failed_step(fact, tmp_path):
    """Step 1 of the Simson proof changed to a fact about a point the problem lacks (or with a repeated point):
    step 14 cites it in its combination; verify must say the proof is wrong (exit 1), not crash."""
    data = json.loads(seed_proofs()[0])
    assert data["problem"] == "simson_line" and data["steps"][0]["fact"] == "cyclic a b c p"
    data["steps"][0]["fact"] = fact
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["verify", str(path)]) == 1


def test_mutations_do_mutate():
    assert mutate_text("a b = segment a b", [("replace", 0, "x")]) == "x b = segment a b"
    assert mutate_text("a b", [("repeat", 0, 3)]) == "aaa b"
    data = mutate_proof({"k": [1, 2]}, [("delete", 2, None)])
    assert data == {"k": [2]}


@pytest.mark.slow
def test_fuzz_long():
    """Alternate statement and proof fuzzing with fresh seeds for GEOPROVER_FUZZ_SECONDS (default 600)."""
    budget = float(os.environ.get("GEOPROVER_FUZZ_SECONDS", "600"))
    start = time.perf_counter()
    round_ = 0
    COUNT.update({"statements": 0, "proofs": 0})
    while time.perf_counter() - start < budget:
        round_ += 1
        seed(1000 + round_)(_statement_test(500))()
        seed(1000 + round_)(_proof_test(100))()
    seconds = time.perf_counter() - start
    report = (f"fuzzing: {COUNT['statements']} statements and {COUNT['proofs']} proof files in {seconds:.0f}s "
              f"({round_} rounds), no traceback or hang")
    print(report)
    out = os.environ.get("GEOPROVER_FUZZ_REPORT")
    if out:
        Path(out).write_text(report + "\n", encoding="utf-8")
