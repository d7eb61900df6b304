"""``kata start ID``: write the exercise's stub (or a notebook) into the workspace."""

from __future__ import annotations

import sys

import click

from kata.app import USAGE_ERROR, App, exercise_argument, workspace_option
from kata.reporting import render


@click.command("start")
@exercise_argument
@click.option("--force", is_flag=True, help="Overwrite a started file (a backup is kept).")
@click.option("--notebook", is_flag=True, help="Write a Jupyter notebook (.ipynb) instead of a .py file.")
@workspace_option
@click.pass_obj
def command(app: App, exercise_id: str, force: bool, notebook: bool) -> None:
    """Write the exercise's stub into the workspace and print its path."""
    ex = app.exercise(exercise_id)
    ws = app.workspace
    target = ws.file_for(ex)
    if notebook:
        from kata.state.notebooks import notebook_path, notebook_text

        target = notebook_path(target)
    if target.exists() and not force:
        again = f"kata start {ex.id}{' --notebook' if notebook else ''} --force"
        reset = "" if notebook else f", or `kata reset {ex.id}`"
        render.error(f"{target} already exists; edit it, or use `{again}` to replace it "
                     f"with the stub (a backup is kept){reset}.")
        sys.exit(USAGE_ERROR)
    backup = app.write_stub(ex, target, notebook_text(ex) if notebook else None, "start", "notebook" if notebook else "")
    if backup:
        render.echo(f"backup of your file: {backup}")
    render.echo(str(target))
    if notebook:
        render.echo(f"Open it in Jupyter and fill in the code cells; grade them there with `%load_ext kata` and "
                    f"`%kata check {ex.id}`, or here with `kata check {ex.id} --file {target}`.")
    else:
        render.echo(f"Read the statement with `kata show {ex.id}`, edit the file, then run `kata check {ex.id}`.")
