"""The ``geoprover`` command line."""

from __future__ import annotations

import argparse
from dataclasses import replace
import json
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ddar import GeoproverError, Problem, build_diagram, check_proof, parse_problem
from ddar.problem import parse_clause
from ddar.checker import bind_to_problem

from .beam import log_to
from .feedback import EVAL_STATUSES, STATUSES, next_step, search_progress, status_help
from .modes import DEFAULT_MODE, DEFAULT_MODEL, MODES, STRATEGIES, SearchOptions, check_options, default_mode, solve
from ddar.diagram import CHECK_SECONDS
from ddar.problem import read_statements
from ddar.proof_reader import read_proof
from ddar.compute import answer_lines, configuration_notes, unresolved, varying
from ddar.proof import step_from_json


def _check_one(name: str, statement: str, seed: int) -> dict:
    start = time.perf_counter()
    record: dict = {"name": name, "ok": False, "points": None, "seconds": None, "attempts": None, "error": None}
    try:
        problem = parse_problem(name, statement)
        record["points"] = len(problem.points)
        diagram = build_diagram(problem, seed, max_seconds=CHECK_SECONDS)
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


def cmd_constructions(args: argparse.Namespace) -> int:
    from ddar.catalogue_doc import render

    print(render(args.names, "json" if args.json else "markdown" if args.markdown else "text"))
    return 0


def _load_one(file: str, name: str):
    (name, statement), = read_statements(file, [name])
    return parse_problem(name, statement)


def _options(args: argparse.Namespace) -> SearchOptions:
    mode = args.mode or ("mix" if args.model else default_mode())  # a model given is a model used
    return SearchOptions(mode, args.model, args.beam, args.depth, args.per_node, args.search_workers, args.strategy)


def _with_hints(problem: Problem, hints: list[str]) -> Problem:
    """The problem with the ``--hint`` clauses added as given constructions (as after ``|``)."""
    clauses = list(problem.clauses)
    for text in hints:
        clauses.append(parse_clause(text, {p for c in clauses for p in c.points}, problem.name))
    return replace(problem, clauses=tuple(clauses), given=problem.given + len(hints))


def cmd_prove(args: argparse.Namespace) -> int:
    problem = _with_hints(_load_one(args.file, args.name), args.hint or [])
    log = log_to(args.log) if args.log else None
    options = _options(args)
    with search_progress(args.progress or None, log) as log:
        result = solve(problem, options, args.timeout, args.seed, log)
    if args.draw:  # with the constructions the proof added, on the diagram it was found on
        from ddar.diagram import Diagram
        from ddar.draw import draw

        proof = result.proof
        diagram = build_diagram(problem, args.seed) if proof is None or not proof.points else \
            Diagram(proof.problem, {p: np.array(xy) for p, xy in proof.points.items()}, args.seed, 1)
        draw(diagram, args.draw)
    if result.proof is None:
        message = (f"{problem.name}: not proved ({result.status}) after {result.seconds:.2f}s, "
                   f"{result.facts} facts, {result.attempts} constructions tried")
        if result.error:
            message += f"; the proof found failed its check and is not printed: {result.error}"
        message += "".join(f"; {why}" for why in unresolved(problem, args.seed))  # 'find x' goals
        print(json.dumps({"name": problem.name, "solved": False, "status": result.status, "facts": result.facts,
                          "seconds": round(result.seconds, 4), "attempts": result.attempts}) if args.json else message)
        hint = None if varying(problem, args.seed) else next_step(result.status, options, args.timeout)
        if hint and not args.json:
            print(hint)
        return 1
    if args.out:
        Path(args.out).write_text(result.proof.dumps() + "\n", encoding="utf-8")
    if args.html:
        from ddar.html_view import write_html

        write_html(result.proof, args.html, f"proved in {result.seconds:.3f}s ({result.mode})")
    if args.json:
        print(result.proof.dumps())
    else:
        print(result.proof.text())
        for note in configuration_notes(problem, args.seed):  # 'find x' values that hold in this configuration
            print(note)
        print(f"proved in {result.seconds:.3f}s ({result.mode}): {len(result.proof.steps)} steps, "
              f"{result.attempts} constructions tried")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    data = read_proof(args.proof)  # raises GeoproverError (exit 2) on a malformed file
    problem = parse_problem(data["problem"], data["statement"])
    errors = []
    if args.problems:
        statements = dict(read_statements(args.problems))
        if problem.name not in statements:
            errors.append(f"no problem named {problem.name!r} in {args.problems}")
        else:
            errors += bind_to_problem(problem, data.get("constructions", []), parse_problem(
                problem.name, statements[problem.name]))
    else:
        print(f"statement checked: {problem.statement()}")
        print("(not compared with a problem file: pass --problems FILE to check that it is the problem named)")
    check = check_proof(problem, data)
    errors += check.errors
    if not errors:
        print(f"{problem.name}: ok, {len(data['steps'])} steps checked")
        for line in answer_lines(problem.goals, [step_from_json(s).fact for s in data["steps"]]):
            print(line)
        checks = check.dependences
        if checks:
            print(f"it holds in the configuration of its diagram, which the proof depends on ({len(checks)} checks):")
            print("\n".join(f"  - {c}" for c in checks))
    for error in errors:
        print(f"{problem.name}: {error}")
    if args.html:  # after the verdict: a proof too broken to draw still gets its verdict
        from ddar.html_view import write_html
        from ddar.proof import Proof

        try:
            write_html(Proof.from_json(data), args.html, "checked by geoprover verify: " +
                       ("ok" if not errors else "REJECTED: " + "; ".join(errors)))
        except (GeoproverError, KeyError, ValueError) as e:
            print(f"geoprover verify: no page written to {args.html}: {e}", file=sys.stderr)
    return 1 if errors else 0


def _done_records(path: str | None) -> dict[str, dict]:
    """Outcomes already in a JSON-lines results file (a re-run skips those problems)."""
    if not path or not Path(path).exists():
        return {}
    done = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
            done[record["name"]] = record
        except (json.JSONDecodeError, KeyError):
            continue  # a line cut short by a crash: the problem runs again
    return done


def cmd_eval(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .evaluate import Outcome, evaluate

    pairs = read_statements(args.file, args.names or None)
    done = _done_records(args.json)
    todo = [(n, s) for n, s in pairs if n not in done]
    options = _options(args)
    if args.workers < 1:
        raise GeoproverError("--workers must be at least 1")
    check_options(options)  # a bad mode or model fails here, not in every worker
    out = open(args.json, "a", encoding="utf-8") if args.json else None
    bar = tqdm(total=len(pairs), initial=len(pairs) - len(todo), desc="eval", unit="problem", file=sys.stderr,
               disable=None)
    solved = sum(bool(r.get("solved")) for r in done.values())

    def finished(outcome) -> None:
        nonlocal solved
        solved += outcome.solved
        bar.update(1)
        bar.set_postfix(solved=solved)
        if out:
            out.write(json.dumps(outcome.to_json()) + "\n")
            out.flush()

    try:
        if args.ray is None:
            fresh = evaluate(todo, args.timeout, args.workers, args.seed, finished, options)
        else:
            from .ray_backend import ray_evaluate

            cpus = max(args.workers, options.workers)  # a problem's task needs its search's workers
            fresh = ray_evaluate(args.ray, cpus, todo, args.timeout, args.seed, finished, options)
    finally:
        bar.close()
        if out:
            out.close()
    by_name = {o.name: o for o in fresh}
    fields = set(Outcome.__dataclass_fields__)
    outcomes = [by_name.get(n) or Outcome(**{k: v for k, v in done[n].items() if k in fields}) for n, _ in pairs]
    width = max(len(o.name) for o in outcomes)
    modes = max([9, *(len(o.mode or "-") for o in outcomes)])
    print(f"{'problem':<{width}}  {'status':<10} {'mode':<{modes}} {'seconds':>8} {'steps':>6}  constructions")
    for o in outcomes:
        steps = "-" if o.steps is None else str(o.steps)
        extra = "; ".join(o.constructions or []) or (o.error or "")
        print(f"{o.name:<{width}}  {o.status:<10} {o.mode or '-':<{modes}} {o.seconds:8.2f} {steps:>6}  {extra}")
    print(f"solved {sum(o.solved for o in outcomes)}/{len(outcomes)}")
    return 0


def _weights(text: str | None) -> dict[str, float]:
    from synth.sampler import DEFAULT_WEIGHTS

    weights = dict(DEFAULT_WEIGHTS)
    for part in filter(None, (text or "").split(",")):
        name, sep, value = part.partition("=")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            raise GeoproverError(f"--weights: expected name=number, got {part!r}") from None
        if not sep:
            raise GeoproverError(f"--weights: expected name=number, got {part!r}")
    return weights


def cmd_synth(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from synth.dataset import SynthConfig, generate

    if (args.n if args.n is not None else args.aux) < 1 or args.workers < 1 or args.max_clauses < 3:
        raise GeoproverError("--n, --aux and --workers must be at least 1, --max-clauses at least 3")
    config = SynthConfig(seed=args.seed, max_clauses=args.max_clauses, budget=args.budget,
                         samples_per_shard=args.samples_per_shard, weights=_weights(args.weights))
    unit = "example" if args.n else "example with needed aux"
    with tqdm(total=args.n or args.aux, desc="synth", unit=unit, file=sys.stderr,  # updated once per shard
              disable=False if args.progress else None, mininterval=0.1 if sys.stderr.isatty() else 5.0) as bar:
        if args.ray is None:
            stats = generate(args.out, args.n, config, args.workers, bar.update, aux=args.aux)
        else:
            from .ray_backend import ray_generate

            stats = ray_generate(args.ray, args.workers, args.out, args.n, config, bar.update, aux=args.aux)
    print(json.dumps(stats, indent=1, sort_keys=True))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from lm.train import TrainConfig, fit_warmup

    if args.mix_shards < 1:
        raise GeoproverError(f"--mix-shards must be at least 1, not {args.mix_shards}")
    if args.device.startswith("cuda"):
        import torch

        if not torch.cuda.is_available():
            raise GeoproverError("--device cuda: no CUDA device is available here (use --device cpu)")
    warmup, note = fit_warmup(args.steps, args.warmup)
    if note and not args.resume:  # a resumed run keeps its saved warm-up
        print(f"geoprover train: warning: {note}", file=sys.stderr)
    config = TrainConfig(data=args.data, out=args.out, size=args.size, steps=args.steps, batch_tokens=args.batch_tokens,
                         block=args.block, lr=args.lr, warmup=warmup, eval_interval=args.eval_interval,
                         checkpoint_interval=args.checkpoint_interval, device=args.device, aux_only=args.aux_only,
                         init=args.init, seed=args.seed, mix_shards=args.mix_shards)
    saved = Path(args.out) / "trainer.json"
    if args.resume and saved.exists():  # a resumed run, and its fine-tuning stage, read the data as it began to
        config = replace(config, mix_shards=json.loads(saved.read_text())["config"].get("mix_shards", 1))
    stages = [(config, args.resume)]
    if args.aux_steps:  # then fine-tune on the examples with needed aux, from the stage above
        tuned = replace(config, out=f"{args.out.rstrip('/')}-aux", steps=args.aux_steps, lr=args.aux_lr,
                        warmup=max(1, args.aux_steps // 10), aux_only=True, init=args.out)
        stages.append((tuned, args.resume and (Path(tuned.out) / "config.json").exists()))
    for stage, resume in stages:
        _train_stage(stage, resume, args.progress)
    return 0


def _train_stage(config, resume: bool, show: bool = False) -> None:
    """One training run with a progress bar (the loss at every step; on a terminal, or everywhere with ``show``),
    held-out losses and warnings on stderr; its log in OUT/log.jsonl."""
    import warnings

    from tqdm import tqdm

    from lm.train import train

    with tqdm(total=config.steps, desc=f"train {Path(config.out).name}", unit="step", file=sys.stderr,
              disable=False if show else None, mininterval=0.1 if sys.stderr.isatty() else 5.0) as bar, \
            warnings.catch_warnings():
        def one_line(message, *_args, **_kwargs) -> None:
            print(f"geoprover train: warning: {message}", file=sys.stderr)

        warnings.showwarning = one_line

        def progress(record: dict) -> None:
            bar.set_postfix({k: record[k] for k in ("loss", "heldout_loss", "tokens_per_second") if k in record},
                            refresh=False)
            bar.update(record["step"] - bar.n)
            if "heldout_loss" in record:
                print(json.dumps(record), file=sys.stderr, flush=True)

        try:
            history = train(config, resume=resume, progress=progress)
        except FileExistsError as e:
            raise GeoproverError(str(e)) from None
    with open(Path(config.out) / "log.jsonl", "w", encoding="utf-8") as log:
        log.writelines(json.dumps(h) + "\n" for h in history)


def _search_arguments(parser: argparse.ArgumentParser, *workers_flags: str) -> None:
    parser.add_argument("--mode", choices=MODES, default=None,
                        help="ddar: the engine alone; heuristic, model, mix (model with heuristics), ranked "
                             "(heuristics ranked by the model) or staged (mix for a fifth of the time, then the "
                             "heuristics): search over added constructions "
                             f"(default: {DEFAULT_MODE}, the strongest measured)")
    parser.add_argument("--model", help=f"shipped model name or checkpoint folder for --mode model, mix, ranked or "
                                        "staged "
                                        f"(default: {DEFAULT_MODEL}, shipped with the package)")
    parser.add_argument("--strategy", choices=STRATEGIES, default="beam",
                        help="beam: level by level, the --beam nodes that taught the engine most go on; best-first: "
                             "always the most promising (node, construction) pair next, at any depth (default beam)")
    parser.add_argument("--beam", type=int, default=4, help="nodes kept per depth (default 4)")
    parser.add_argument("--depth", type=int, default=2, help="constructions added at most (default 2)")
    parser.add_argument("--per-node", type=int, default=64, help="proposals tried per node (default 64)")
    parser.add_argument(*workers_flags, dest="search_workers", type=int, default=1,
                        help="engine processes per search (default 1: deterministic order)")


def _ray_argument(parser: argparse.ArgumentParser, task: str) -> None:
    parser.add_argument("--ray", nargs="?", const="", metavar="ADDRESS",
                        help=f"run {task} as a Ray task on the cluster at ADDRESS (auto, HOST:PORT or ray://HOST:PORT) "
                             "or, without ADDRESS, on a new local one of --workers CPUs (pip install 'geoprover[ray]')")


def _progress_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--progress", action="store_true",
                        help=f"show progress on stderr ({what}) even when it is not a terminal "
                             "(on a terminal it always shows)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="geoprover", description="Olympiad plane geometry: check, draw, prove and verify problems.")
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

    prv = sub.add_parser("prove", help="prove a problem with the deduction engine and print the proof",
                         epilog=status_help(STATUSES, "exit status: 0 when proved, 1 when not, 2 on an error"),
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    prv.add_argument("file", help="problem file")
    prv.add_argument("name", help="problem name")
    prv.add_argument("--timeout", type=float, default=120.0, help="seconds before giving up (default 120)")
    prv.add_argument("--seed", type=int, default=0, help="random seed of the diagram (default 0)")
    prv.add_argument("--json", action="store_true", help="print the proof as JSON")
    prv.add_argument("--out", help="also write the proof as JSON to this file")
    prv.add_argument("--draw", help="also draw the diagram to this .png or .svg file")
    prv.add_argument("--html", help="also write the proof to this self-contained HTML page (diagram beside the steps)")
    prv.add_argument("--log", help="write every search node tried to this JSON-lines file")
    prv.add_argument("--hint", action="append", metavar="CLAUSE",
                     help="an auxiliary construction to start from, e.g. 'x = midpoint x b c' (repeatable)")
    _search_arguments(prv, "--workers", "--search-workers")
    _progress_argument(prv, "constructions tried, depth and time")
    prv.set_defaults(run=cmd_prove)

    ver = sub.add_parser("verify", help="check a proof written by 'prove --out' independently")
    ver.add_argument("proof", help="proof JSON file")
    ver.add_argument("--problems", metavar="FILE", help="problem file: check the proof is about its problem of that name")
    ver.add_argument("--html", help="also write the proof to this self-contained HTML page (diagram beside the steps)")
    ver.set_defaults(run=cmd_verify)

    evl = sub.add_parser("eval", help="prove every problem of a file, each in its own process with a time limit",
                         epilog=status_help({**STATUSES, **EVAL_STATUSES}),
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    evl.add_argument("file", help="problem file")
    evl.add_argument("names", nargs="*", metavar="NAME", help="problems to run (default: all)")
    evl.add_argument("--timeout", type=float, default=120.0, help="seconds per problem (default 120)")
    evl.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2)), help="problems at a time")
    _search_arguments(evl, "--search-workers")
    evl.add_argument("--seed", type=int, default=0, help="random seed of the diagrams (default 0)")
    evl.add_argument("--json", metavar="OUT", help="append one JSON line per problem to this file; "
                     "problems already in it are skipped")
    _ray_argument(evl, "each problem")
    evl.set_defaults(run=cmd_eval)

    syn = sub.add_parser("synth", help="make a dataset of synthetic theorems (resumable, deduplicated)")
    syn.add_argument("--out", required=True, help="output folder (a re-run into it finishes what is missing)")
    wanted = syn.add_mutually_exclusive_group(required=True)
    wanted.add_argument("--n", type=int, help="number of examples wanted")
    wanted.add_argument("--aux", type=int, help="number of examples with needed auxiliary constructions wanted "
                                                "(whole shards, with the plain examples that come with them)")
    syn.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2)), help="worker processes")
    syn.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    syn.add_argument("--max-clauses", type=int, default=8, help="clauses after the free configuration: 3 to K (default 8)")
    syn.add_argument("--budget", type=float, default=2.0, help="engine seconds per sample (default 2)")
    syn.add_argument("--samples-per-shard", type=int, default=32, help="random problems per shard (default 32)")
    syn.add_argument("--weights", help="construction weights to change, e.g. 'midpoint=8,on_circle=0'")
    _ray_argument(syn, "each shard")
    _progress_argument(syn, "a bar of the examples made, updated per shard")
    syn.set_defaults(run=cmd_synth)

    trn = sub.add_parser("train", help="train the language model on a synthetic dataset (CPU or GPU)")
    trn.add_argument("--data", required=True, help="dataset folder written by 'geoprover synth'")
    trn.add_argument("--out", required=True, help="checkpoint folder")
    trn.add_argument("--size", choices=["mini", "tiny", "small", "base"], default="tiny", help="model size (default tiny)")
    trn.add_argument("--steps", type=int, default=1000, help="optimizer steps in all (default 1000)")
    trn.add_argument("--batch-tokens", type=int, default=16384, help="tokens per step (default 16384)")
    trn.add_argument("--block", type=int, default=512, help="tokens per packed sequence (default 512)")
    trn.add_argument("--lr", type=float, default=1e-3, help="peak learning rate (default 1e-3)")
    trn.add_argument("--warmup", type=int, default=None,
                     help="warm-up steps (default 50, or a tenth of --steps when those are 50 or fewer)")
    trn.add_argument("--eval-interval", type=int, default=100, help="steps between held-out losses (default 100)")
    trn.add_argument("--checkpoint-interval", type=int, default=500, help="steps between checkpoints (default 500)")
    trn.add_argument("--device", default="cpu", help="cpu or cuda (bf16 autocast on cuda)")
    trn.add_argument("--resume", action="store_true", help="continue the checkpoint in --out exactly")
    trn.add_argument("--aux-only", action="store_true", help="train only on examples with auxiliary constructions")
    trn.add_argument("--init", help="start from this checkpoint's weights and tokenizer (fine-tuning)")
    trn.add_argument("--aux-steps", type=int, default=0,
                     help="then fine-tune this many steps on the examples with needed aux only, into OUT-aux")
    trn.add_argument("--aux-lr", type=float, default=5e-4, help="peak learning rate of the fine-tuning (default 5e-4)")
    trn.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    trn.add_argument("--mix-shards", type=int, default=16,
                     help="shards whose examples are shuffled together before packing (default 16; 1: in the order "
                          "written, as the shipped model was trained)")
    _progress_argument(trn, "a bar with the loss at every step")
    trn.set_defaults(run=cmd_train)

    lst = sub.add_parser("list", help="list the problems of a file with their number of clauses")
    lst.add_argument("file", help="problem file")
    lst.set_defaults(run=cmd_list)

    cons = sub.add_parser("constructions", help="the constructions of the language: arguments, what each builds, "
                                                "the facts it asserts and an example")
    cons.add_argument("names", nargs="*", metavar="NAME", help="constructions to show (default: all)")
    style = cons.add_mutually_exclusive_group()
    style.add_argument("--json", action="store_true", help="one JSON object per construction instead of text")
    style.add_argument("--markdown", action="store_true", help="a Markdown table (the one in docs/LANGUAGE.md)")
    cons.set_defaults(run=cmd_constructions)
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
        message = " ".join(str(e).splitlines()) or type(e).__name__  # always one line
        print(f"geoprover {args.command}: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"geoprover {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
