"""What the command line tells a user besides the answer: what each status means, what to try when a problem is
not proved, and the progress of a long search."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .modes import MAX_DEPTH, SearchOptions

STATUSES = {
    "proved": "the goal follows: the proof is printed, checked independently",
    "saturated": "the engine derived all it can without reaching the goal, and no construction was tried "
                 "(--mode ddar or --depth 0)",
    "exhausted": "the search ran out of constructions to try (--per-node, --beam and --depth set how many; it "
                 f"widens and deepens, up to depth {MAX_DEPTH}, while time remains) without reaching the goal",
    "timeout": "the time limit (--timeout) ran out first",
    "unsound": "a proof was found but failed its independent check, so it is withdrawn (please report it)",
}
EVAL_STATUSES = {
    "killed": "the worker outlived its time limit by 5 s and was stopped",
    "crashed": "the worker died or raised an unexpected error (the error field says which)",
    "error": "the problem does not parse or cannot be drawn",
}


def status_help(statuses: dict[str, str], footer: str = "") -> str:
    """An argparse epilog (raw text) listing ``statuses`` and what each means, then ``footer``."""
    width = max(map(len, statuses))
    lines = ["statuses (the reason a problem is or is not proved):"]
    for name, meaning in statuses.items():
        lines += textwrap.wrap(meaning, 78, initial_indent=f"  {name:<{width}}  ", subsequent_indent=" " * (width + 4))
    return "\n".join(lines + ([footer] if footer else []))


def next_step(status: str, options: SearchOptions, timeout: float) -> str | None:
    """A one-line suggestion of what to try after a search that ended with ``status``, for the mode it used."""
    give = 'or give a construction: --hint "x = midpoint x b c"'
    if status == "saturated":
        if options.mode == "ddar":
            return f"hint: search for auxiliary points with --mode heuristic or --mode ranked, {give}"
        return f"hint: --depth 0 tries no construction: try --depth 2, {give}"
    if status == "exhausted":
        other = " or ".join(f"--mode {m}" for m in ("mix", "heuristic", "ranked") if m != options.mode)
        return f"hint: every construction proposed was tried: try {other}, --per-node {2 * options.per_node}, {give}"
    if status == "timeout":
        faster = {"ddar": "", "heuristic": ", --mode mix (the shipped model's constructions too)"}.get(
            options.mode, f", --workers {2 * options.workers}")
        return f"hint: try a longer --timeout (it was {timeout:g} s){faster}, {give}"
    return None


@contextmanager
def search_progress(enabled: bool | None, log: Callable[[dict], None] | None = None
                    ) -> Iterator[Callable[[dict], None]]:
    """A log function for ``search.beam.search`` that shows constructions tried, depth and time on stderr
    (``enabled`` None: only when stderr is a terminal) and passes each record on to ``log``."""
    from tqdm import tqdm

    fmt = "{desc} {elapsed}: {n_fmt} constructions tried{postfix}"
    with tqdm(desc="search", file=sys.stderr, disable=None if enabled is None else not enabled,
              leave=not sys.stderr.isatty(),  # on a terminal the bar goes when done; in a log its last state stays
              bar_format=fmt, mininterval=0.2 if sys.stderr.isatty() else 5.0) as bar:
        deepest = 0

        def show(record: dict) -> None:
            nonlocal deepest
            if log:
                log(record)
            if record["depth"] == 0:
                bar.set_postfix_str(f"engine {record['status']} with {record['facts']} facts", refresh=True)
                return
            deepest = max(deepest, record["depth"])
            bar.set_postfix_str(f"depth {deepest}, last {record['status']} with {record['facts']} facts",
                                refresh=False)
            bar.update(1)

        yield show
