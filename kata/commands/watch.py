"""``kata watch``: re-check the exercise you are editing each time you save it, as rustlings' watch mode does.

Events (a saved file, a key, the watcher being ready or failing) come from sources that run in threads and meet
in one queue (:class:`kata.watching.events.Events`); :class:`kata.watching.session.WatchSession` decides what
each event means, and :func:`kata.watching.session.run` hands them over one at a time. This module wires them
to the terminal; the names tests and scripts use are importable from here as before.
watchfiles is imported only when the watcher starts.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import click

from kata.app import App, complete_ids, workspace_option
from kata.reporting import render
from kata.watching.events import Event, Events, file_events, key_events, keyboard
from kata.watching.session import KEYS, Grader, WatchSession, first_exercise, run

__all__ = ["KEYS", "Event", "Events", "Grader", "WatchSession", "command", "file_events", "first_exercise",
           "key_events", "keyboard", "run"]


@click.command("watch")
@click.argument("exercise_id", metavar="[ID]", required=False, shell_complete=complete_ids)
@click.option("--manual", is_flag=True, help="Do not watch files: check when you press c or Enter "
              "(for file systems where watching fails).")
@workspace_option
@click.pass_obj
def command(app: App, exercise_id: str | None, manual: bool) -> None:
    """Check the exercise you are editing each time you save it; move on after a pass.

    Keys: h next hint, l list, c or Enter check now, n next exercise, q quit. Without ID, starts from the
    first exercise you started and have not passed, else the first not started. Ctrl-C stops with a summary.
    """
    first, why = first_exercise(app, exercise_id)
    session = WatchSession(app, first, manual=manual)
    stop = threading.Event()
    try:
        with keyboard(sys.stdin) as read:
            sources = [key_events(read)]
            if not manual:
                folders = sorted({Path(p).parent for p in session.files})
                for folder in folders:
                    folder.mkdir(parents=True, exist_ok=True)
                sources.append(file_events(folders, set(session.files), stop))
            events = Events(*sources)
            session.arrive(first, why)
            if manual:
                render.echo(f"Manual mode: press c or Enter to check {session.path}. {KEYS}")
            run(session, events)
    except KeyboardInterrupt:
        render.echo("")
    finally:
        stop.set()
    render.echo(session.summary())
