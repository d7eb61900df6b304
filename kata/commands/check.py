"""``kata check ID``: grade the learner's file (or notebook) in a child process, record the attempt, report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kata.app import USAGE_ERROR, App, emit_json, exercise_argument, json_option, workspace_option
from kata.reporting import render
from kata.state.status import status_of


@click.command("check")
@exercise_argument
@click.option("--file", "file_", type=click.Path(dir_okay=False, path_type=Path),
              help="Grade this file instead of the workspace's.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), help="Seconds allowed (default: the exercise's).")
@json_option
@workspace_option
@click.pass_obj
def command(app: App, exercise_id: str, file_: Path | None, time_limit: float | None, as_json: bool) -> None:
    """Grade your solution of an exercise."""
    ex = app.exercise(exercise_id)
    if not app.workspace.root.is_dir():
        render.error(f"the workspace {app.workspace.root} does not exist (`kata start {ex.id}` creates it).")
        sys.exit(USAGE_ERROR)
    path = (file_ or app.workspace.file_for(ex)).resolve()
    if not file_ and not path.is_file():  # started with `kata start ID --notebook`: grade the notebook
        from kata.state.notebooks import notebook_path

        if notebook_path(path).is_file():
            path = notebook_path(path)
    if not path.is_file():
        hint = "" if file_ else f" Run `kata start {ex.id}` first."
        render.error(f"no file to grade: {path} does not exist.{hint}")
        sys.exit(USAGE_ERROR)
    from kata.grading.runner import grade

    result = grade(ex, file=path, workspace=app.workspace.root, time_limit=time_limit)
    if not file_ or app.workspace.exists():
        app.record_result(ex, result, path)
    if as_json:
        emit_json(result.to_json())
    else:
        steps = []
        if result.status == "pass":
            steps += render.pass_notes(ex, result)
            nxt = app.next_after(ex, app.progress())
            if nxt is None:
                steps.append("Passed. That was the last one!")
            elif status_of(nxt, app.progress().get(nxt.id), app.workspace) == "in_progress":
                steps.append(f"Passed. Next: `kata check {nxt.id}` ({nxt.title}; you have started it).")
            else:
                steps.append(f"Passed. Next: `kata start {nxt.id}` ({nxt.title}), or `kata next`.")
        else:
            steps.append(f"Fix the first failing check; `kata hint {ex.id}` gives a hint.")
        render.check_result(result, ex.title, str(path), steps)
    sys.exit(result.exit_code)
