"""``kata hint ID``: one more of the exercise's hints each time (all with ``--all``), recorded in the store."""

from __future__ import annotations

import click

from kata.app import App, exercise_argument, workspace_option
from kata.reporting import render


@click.command("hint")
@exercise_argument
@click.option("--all", "show_all", is_flag=True, help="Show every hint at once.")
@workspace_option
@click.pass_obj
def command(app: App, exercise_id: str, show_all: bool) -> None:
    """Show the next hint (one more each time)."""
    ex = app.exercise(exercise_id)
    shown = app.store.hints_shown(ex.id) if app.workspace.exists() else 0
    upto = len(ex.hints) if show_all else min(shown + 1, len(ex.hints))
    for n in range(1 if show_all else upto, upto + 1):
        render.echo(f"Hint {n}/{len(ex.hints)}: {ex.hints[n - 1]}")
    if shown < upto:
        app.workspace.ensure()
        for n in range(shown + 1, upto + 1):
            app.store.record_event(ex.id, "hint", str(n))
    if upto == len(ex.hints) and not show_all:
        render.echo("That was the last hint. After a pass, `kata solution " + ex.id + "` shows the reference.")
