"""``kata plugins``: the loaded plugins (built-in exercises and installed packs) and their exercises."""

from __future__ import annotations

import click

from kata.app import App, emit_json, json_option
from kata.reporting import render


@click.command("plugins")
@json_option
@click.pass_obj
def command(app: App, as_json: bool) -> None:
    """List the loaded plugins and their exercises."""
    infos = list(app.registry.loaded_plugins().info.values())
    if as_json:
        emit_json([{"name": i.name, "distribution": i.distribution, "exercises": i.exercises} for i in infos])
        return
    render.table(["plugin", "distribution", "exercises"],
                 [[i.name, i.distribution, f"{len(i.exercises)}: {', '.join(i.exercises[:6])}"
                   + (" ..." if len(i.exercises) > 6 else "")] for i in infos])
