"""`kata run ID`: run a project exercise's experiment (training, evaluation, comparison) on your code."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from kata.app import USAGE_ERROR, App
from kata.reporting import render


@click.command("run")
@click.argument("exercise_id", metavar="ID")
@click.option("--steps", type=click.IntRange(min=1), help="Training steps (default: the exercise's).")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True)
@click.option("--corpus", type=click.Path(), help="Train on this UTF-8 text (or, for 13.24, an aclImdb folder) instead of the built-in data.")
@click.option("--seed", type=int, help="Random seed (default: the exercise's).")
@click.option("--fresh", is_flag=True, help="Start over instead of resuming a saved run.")
@click.option("--short", is_flag=True, help="A short run that only proves the pipeline (what `kata verify` uses).")
@click.option("--file", "file_", type=click.Path(dir_okay=False, path_type=Path), help="Run this file instead of the workspace's.")
@click.option("--mistake", hidden=True, help="(verify) run the reference with this known mistake.")
@click.option("--workspace", metavar="DIR", help="The learner's workspace.")
@click.pass_context
def command(ctx: click.Context, exercise_id: str, steps: int | None, device: str, corpus: str | None,
            seed: int | None, fresh: bool, short: bool, file_: Path | None, mistake: str | None,
            workspace: str | None) -> None:
    """Train and evaluate a project exercise; resumable after Ctrl-C."""
    app = ctx.ensure_object(App)
    if workspace:
        app.workspace_option = workspace
    ex = app.exercise(exercise_id)
    if not ex.experiment:
        render.error(f"{ex.id} is not a project exercise; `kata check {ex.id}` grades it directly.")
        sys.exit(USAGE_ERROR)
    learner = _learner(ex, app, file_, mistake)
    from kata.trainer.data import CorpusError
    from kata.trainer.loop import RunInterrupted
    from kata.trainer.projects import RunContext

    module_name, _, function = ex.experiment.partition(":")
    import importlib

    experiment = getattr(importlib.import_module(module_name), function)
    app.workspace.ensure()
    if short:  # verify runs several of these side by side: one thread each keeps them from fighting
        import torch

        torch.set_num_threads(1)
    context = RunContext(ex, app.workspace.root, {"steps": steps, "seed": seed, "device": device},
                         corpus, short=short, fresh=fresh)
    try:
        summary = experiment(learner, context)
    except RunInterrupted as exc:
        render.echo(str(exc))
        sys.exit(130)
    except CorpusError as exc:
        render.error(str(exc))
        sys.exit(USAGE_ERROR)
    except ValueError as exc:
        if "--device" in str(exc):
            render.error(str(exc))
            sys.exit(USAGE_ERROR)
        _crash(exc, learner)
    except Exception as exc:
        _crash(exc, learner)
    for line in summary or ():
        render.echo(line)
    render.echo(f"Artifacts in {context.root}. Grade them with `kata check {ex.id}`.")


def _learner(ex, app, file_: Path | None, mistake: str | None):
    from kata.grading.child import LoadError, load_learner

    if mistake:
        import importlib

        from kata.mistakes import find

        reference = importlib.import_module(ex.reference)
        return find(reference, mistake).apply(reference)
    path = (file_ or app.workspace.file_for(ex)).resolve()
    if not path.is_file():
        render.error(f"no file to run: {path} does not exist." + ("" if file_ else f" Run `kata start {ex.id}` first."))
        sys.exit(2)
    try:
        return load_learner(path, "kata_run_solution")
    except LoadError as exc:
        render.error(str(exc))
        sys.exit(3)


def _crash(exc: BaseException, learner) -> None:
    """Learner code failed during the run: their own lines, not ours, and exit 3."""
    origin = getattr(learner, "__file__", None)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if origin and f.filename == origin]
    where = "".join(f"\n  line {f.lineno}, in {f.name}: {(f.line or '').strip()}" for f in frames[-4:])
    render.error(f"the run failed: {type(exc).__name__}: {exc}{where}")
    sys.exit(3)
