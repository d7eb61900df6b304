"""`kata next`: the next exercise on the recommended path, started if it is not yet.

The path is kata.state.path's: drills, stage 6, lab 00, chapter 13, then packs, each exercise after its
declared prerequisites. "Next" is the first exercise on it that is not done. Light: no numpy.
"""

from __future__ import annotations

import sys

import click

from kata.app import USAGE_ERROR, App, emit_json, json_option, workspace_option
from kata.reporting import render
from kata.state.path import PathError
from kata.state.notices import warn
from kata.state.status import status_of


@click.command("next")
@click.option("--show", "show_only", is_flag=True, help="Only say which exercise is next; write no file.")
@json_option
@workspace_option
@click.pass_obj
def command(app: App, show_only: bool, as_json: bool) -> None:
    """Start (or show) the next exercise on the recommended path."""
    try:
        path = app.registry.path()
    except PathError as exc:
        render.error(str(exc))
        sys.exit(USAGE_ERROR)
    warn(path.warnings)
    progress = app.progress()
    states = {ex.id: status_of(ex, progress.get(ex.id), app.workspace) for ex in path.order}
    done = {i for i, state in states.items() if state == "done"}
    ex = path.next_open(done)
    if ex is None:
        if as_json:
            emit_json({"next": None, "done": len(done), "total": len(path.order)})
        else:
            render.echo(f"All {len(path.order)} exercises are done. `kata progress` shows your scores.")
        return
    state = states[ex.id]
    target = app.workspace.file_for(ex)
    started = False
    if state == "not_started" and not show_only:
        app.write_stub(ex, target, event="start", detail="next")
        started = True
    missing = [p for p in ex.after if p not in done]
    if as_json:
        emit_json({"next": {"id": ex.id, "title": ex.title, "track": ex.track, "kind": ex.kind,
                                 "status": "in_progress" if started else state, "file": str(target),
                                 "started_now": started, "after": list(ex.after), "after_not_done": missing},
                        "position": path.position(ex.id) + 1, "done": len(done), "total": len(path.order)})
        return
    render.echo(f"Next on the path ({path.position(ex.id) + 1} of {len(path.order)}, {len(done)} done): "
                f"{ex.id} {ex.title}")
    if ex.after:
        note = f" (not done yet: {', '.join(missing)})" if missing else ""
        render.echo(f"It builds on {', '.join(ex.after)}{note}.")
    if started:
        render.echo(f"Started: {target}")
        render.echo(f"Read the statement with `kata show {ex.id}`, edit the file, then run `kata check {ex.id}`.")
    elif state == "in_progress":
        render.echo(f"You have started it: {target}. `kata check {ex.id}` grades it, `kata hint {ex.id}` helps.")
    else:
        render.echo(f"`kata next` (without --show) or `kata start {ex.id}` writes its stub.")
