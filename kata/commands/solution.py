"""``kata solution ID``: the reference solution, after a pass (or forced, which is recorded)."""

from __future__ import annotations

import sys

import click

from kata.app import USAGE_ERROR, App, exercise_argument, workspace_option
from kata.exercise import solution_text
from kata.reporting import render


@click.command("solution")
@exercise_argument
@click.option("--force", is_flag=True, help="Show it before passing (this is recorded).")
@workspace_option
@click.pass_obj
def command(app: App, exercise_id: str, force: bool) -> None:
    """Print the reference solution, once you have passed."""
    ex = app.exercise(exercise_id)
    item = app.progress().get(ex.id)
    passed = bool(item and item.passed)
    if not passed and not force:
        render.error(f"pass {ex.id} first (`kata check {ex.id}`); `kata solution {ex.id} --force` shows it anyway, "
                     "and records that you looked.")
        sys.exit(USAGE_ERROR)
    app.workspace.ensure()
    app.store.record_event(ex.id, "solution", "after pass" if passed else "forced")
    render.code(solution_text(ex))
