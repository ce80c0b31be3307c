"""The ``geoprover`` command line."""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Sequence

from ddar import GeoproverError, build_diagram, parse_problem
from ddar.problem import read_statements


def _check_one(name: str, statement: str, seed: int) -> dict:
    start = time.perf_counter()
    record: dict = {"name": name, "ok": False, "points": None, "seconds": None, "attempts": None, "error": None}
    try:
        problem = parse_problem(name, statement)
        record["points"] = len(problem.points)
        diagram = build_diagram(problem, seed)
        record["attempts"] = diagram.attempts
        failed = diagram.failed_facts()
        if failed:
            record["error"] = "numerically false: " + "; ".join(str(f) for f in failed)
        else:
            record["ok"] = True
    except GeoproverError as e:
        record["error"] = str(e)
    record["seconds"] = round(time.perf_counter() - start, 4)
    return record


def cmd_check(args: argparse.Namespace) -> int:
    pairs = read_statements(args.file, args.names or None)
    start = time.perf_counter()
    records = [_check_one(name, statement, args.seed) for name, statement in pairs]
    for r in records:
        if args.json:
            print(json.dumps(r))
        else:
            status = "ok" if r["ok"] else f"error: {r['error']}"
            points = f"{r['points']} points" if r["points"] is not None else "-"
            print(f"{r['name']}  {status}  {points}  {r['seconds']:.3f}s")
    ok = sum(r["ok"] for r in records)
    if not args.json:
        print(f"{ok}/{len(records)} ok in {time.perf_counter() - start:.2f}s (seed {args.seed})")
    return 0 if ok == len(records) else 1


def cmd_draw(args: argparse.Namespace) -> int:
    from ddar.draw import draw

    (name, statement), = read_statements(args.file, [args.name])
    diagram = build_diagram(parse_problem(name, statement), args.seed)
    path = draw(diagram, args.out)
    print(f"wrote {path}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    for name, statement in read_statements(args.file):
        body = statement.partition("?")[0]
        print(f"{name}  {len([c for c in body.split(';') if c.strip()])} clauses")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="geoprover", description="Olympiad plane geometry: check, draw and prove problems.")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="build each problem's diagram and check its facts and goal numerically")
    check.add_argument("file", help="problem file (name and statement lines in pairs)")
    check.add_argument("names", nargs="*", metavar="NAME", help="problems to check (default: all)")
    check.add_argument("--seed", type=int, default=0, help="random seed of the diagrams (default 0)")
    check.add_argument("--json", action="store_true", help="one JSON object per problem instead of text")
    check.set_defaults(run=cmd_check)

    draw = sub.add_parser("draw", help="draw a problem's diagram to PNG or SVG")
    draw.add_argument("file", help="problem file")
    draw.add_argument("name", help="problem name")
    draw.add_argument("--out", required=True, help="output picture, .png or .svg")
    draw.add_argument("--seed", type=int, default=0, help="random seed of the diagram (default 0)")
    draw.set_defaults(run=cmd_draw)

    lst = sub.add_parser("list", help="list the problems of a file with their number of clauses")
    lst.add_argument("file", help="problem file")
    lst.set_defaults(run=cmd_list)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:
        return 0
    except (GeoproverError, ValueError, OSError) as e:
        if args.debug:
            traceback.print_exc()
        print(f"geoprover {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"geoprover {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
