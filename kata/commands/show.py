"""``kata show ID``: an exercise's statement, and its neighbours on the path."""

from __future__ import annotations

import click

from kata.app import App, exercise_argument, workspace_option
from kata.exercise import Exercise
from kata.reporting import render


@click.command("show")
@exercise_argument
@workspace_option
@click.pass_obj
def command(app: App, exercise_id: str) -> None:
    """Print an exercise's statement."""
    ex = app.exercise(exercise_id)
    render.markdown(f"# {ex.id} {ex.title}\n\n*{ex.kind}, {ex.framework}, {ex.points} points; "
                    f"your file: `{ex.filename}`*\n\n{ex.statement()}{_related(app, ex)}")


def _related(app: App, ex: Exercise) -> str:
    """The exercise's neighbours on the path: what it builds on (its ``after``) and what builds on it."""
    known = app.registry.exercises
    before = [f"{i} ({known[i].title})" for i in ex.after if i in known]
    later = [f"{e.id} ({e.title})" for e in app.registry.ordered() if ex.id in e.after]
    lines = ([f"- builds on: {', '.join(before)}"] if before else []) + \
            ([f"- used again in: {', '.join(later)}"] if later else [])
    return "\n\n## Related exercises\n\n" + "\n".join(lines) + "\n" if lines else ""
