"""``kata progress``: done / in progress / not started per track, and the score, from the progress store."""

from __future__ import annotations

from typing import Any

import click

from kata.app import App, emit_json, json_option, workspace_option
from kata.exercise import TRACKS
from kata.reporting import render
from kata.state.status import status_of


@click.command("progress")
@json_option
@workspace_option
@click.pass_obj
def command(app: App, as_json: bool) -> None:
    """Done / in progress / not started per track, and your score."""
    found = app.progress()
    tracks: dict[str, dict[str, Any]] = {}
    for ex in app.path():
        item = found.get(ex.id)
        t = tracks.setdefault(ex.track, {"track": ex.track, "title": TRACKS.get(ex.track, (ex.track, ex.track))[1],
                                         "done": 0, "in_progress": 0, "not_started": 0, "total": 0,
                                         "score": 0.0, "max_score": 0.0, "exercises": []})
        state = status_of(ex, item, app.workspace)
        t[state] += 1
        t["total"] += 1
        t["score"] += item.best_score if item else 0.0
        t["max_score"] += ex.points
        t["exercises"].append({"id": ex.id, "status": state, "best_score": item.best_score if item else 0.0,
                               "max_score": ex.points, "attempts": item.attempts if item else 0,
                               "hints_shown": item.hints_shown if item else 0,
                               "solution_revealed": item.solution_revealed if item else False})
    summary = list(tracks.values())
    if as_json:
        emit_json({"workspace": str(app.workspace.root), "tracks": summary,
                   "score": sum(t["score"] for t in summary), "max_score": sum(t["max_score"] for t in summary)})
        return
    render.echo(f"workspace: {app.workspace.root}")
    render.bars([(t["title"], t["done"], t["in_progress"], t["total"], t["score"], t["max_score"]) for t in summary])
