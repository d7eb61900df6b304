"""``kata reset ID``: the stub again, with the learner's file backed up first."""

from __future__ import annotations

import click

from kata.app import App, exercise_argument, workspace_option
from kata.reporting import render


@click.command("reset")
@exercise_argument
@workspace_option
@click.pass_obj
def command(app: App, exercise_id: str) -> None:
    """Restore the stub; your file is backed up first."""
    ex = app.exercise(exercise_id)
    backup = app.write_stub(ex, event="reset")
    if backup:
        render.echo(f"backup of your file: {backup}")
    render.echo(f"restored the stub: {app.workspace.file_for(ex)}")
