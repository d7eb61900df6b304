"""``kata list``: the exercises on the recommended path, with their state; filters by track, kind and state."""

from __future__ import annotations

import sys

import click

from kata.app import USAGE_ERROR, App, emit_json, json_option, workspace_option
from kata.exercise import TRACKS
from kata.reporting import render
from kata.state.status import STATUSES, status_of


@click.command("list")
@click.option("--track", metavar="TRACK", help=f"Only this track ({', '.join(TRACKS)}, or a pack's).")
@click.option("--kind", type=click.Choice(["concept", "numeric", "implement", "theory", "project"]), help="Only this kind.")
@click.option("--status", type=click.Choice(list(STATUSES)), help="Only exercises in this state.")
@json_option
@workspace_option
@click.pass_obj
def command(app: App, track: str | None, kind: str | None, status: str | None, as_json: bool) -> None:
    """List exercises with their state."""
    known_tracks = {ex.track for ex in app.registry.ordered()}
    if track is not None and track not in known_tracks:
        render.error(f"Unknown track '{track}'. Tracks: {', '.join(sorted(known_tracks))}.")
        sys.exit(USAGE_ERROR)
    progress = app.progress()
    rows = []
    for ex in (e for e in app.path() if (track is None or e.track == track) and (kind is None or e.kind == kind)):
        state = status_of(ex, progress.get(ex.id), app.workspace)
        if status is None or state == status:
            rows.append({"id": ex.id, "title": ex.title, "track": ex.track, "kind": ex.kind,
                         "framework": ex.framework, "points": ex.points, "status": state, "after": list(ex.after)})
    if as_json:
        emit_json(rows)
        return
    render.table(["id", "title", "kind", "lib", "points", "status"],
                 [[r["id"], r["title"], r["kind"], r["framework"], str(r["points"]), r["status"].replace("_", " ")]
                  for r in rows])
