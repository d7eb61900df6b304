"""What each event of ``kata watch`` means: :class:`WatchSession` checks on save, answers keys (hint, list,
check now, next, quit) and moves on after a pass; :func:`run` hands it the events one at a time (tests stop it
after N, or feed it events of their own and a fake grader).

Engine code: it takes the invocation's :class:`kata.app.App`, grades through :mod:`kata.grading.runner` (only
when a check runs) and reaches the ``hint`` and ``list`` verbs through the running Click group, never by
importing :mod:`kata.commands`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

import click

from kata.exercise import Exercise
from kata.reporting import render
from kata.state.progress import file_hash
from kata.state.status import status_of
from kata.watching.events import Event

if TYPE_CHECKING:  # pragma: no cover
    from kata.app import App
    from kata.grading.runner import GradeResult

KEYS = "keys: h hint · l list · c or Enter check now · n next exercise · q quit"
Grader = Callable[[Exercise, Path], "GradeResult"]


def run(session: "WatchSession", events: Iterable[Event], max_events: int | None = None) -> int:
    """Hand ``events`` to ``session`` until it says stop, they end, or ``max_events`` were handled; returns
    how many were handled."""
    handled = 0
    for event in events:
        handled += 1
        if not session.handle(event) or (max_events is not None and handled >= max_events):
            break
    return handled


class WatchSession:
    """What each event means: check on save, keys for hint / list / check / next / quit, move on after a pass.

    ``seen`` holds, per exercise, the hash of the content last graded or written by us: a save that changes
    nothing (or our own stub being written) does not re-check.
    """

    def __init__(self, app: "App", current: Exercise, *, manual: bool = False,
                 grader: Grader | None = None) -> None:
        self.app = app
        self.current = current
        self.manual = manual
        self.grader = grader or self._grade
        self.files = {str(app.workspace.file_for(ex)): ex for ex in app.registry.ordered()}
        self.seen: dict[str, str] = {}
        self.checks = 0
        self.passed: list[str] = []
        self.input_closed = False

    def _grade(self, exercise: Exercise, path: Path) -> "GradeResult":
        from kata.grading.runner import grade

        return grade(exercise, file=path, workspace=self.app.workspace.root)

    @property
    def path(self) -> Path:
        return self.app.workspace.file_for(self.current)

    def handle(self, event: Event) -> bool:
        """Act on one event; False means stop watching."""
        if event.kind == "ready":
            render.echo(f"Watching {self.app.workspace.root}: save {self.path} to check it. {KEYS}")
        elif event.kind == "watch_failed":
            render.echo(f"Watching files failed ({event.why}); manual mode: press c or Enter to check {self.path}.")
            self.manual = True
            return not self.input_closed
        elif event.kind == "changed" and not self.manual:
            self.saved(event.paths)
        elif event.kind == "input_closed":
            self.input_closed = True
            return not self.manual  # with nobody to press c, manual mode is over
        elif event.kind == "key":
            return self.key(event.key)
        return True

    def key(self, key: str) -> bool:
        if key == "q":
            return False
        if key in ("c", "\n", "\r"):
            self.check()
        elif key == "h":
            _invoke_verb("hint", exercise_id=self.current.id, show_all=False)
        elif key == "l":
            _invoke_verb("list", track=self.current.track, kind=None, status=None, as_json=False)
            render.echo(f"You are on {self.current.id}.")
        elif key == "n":
            self.move_on()
        elif key.isprintable() and not key.isspace():
            render.echo(KEYS)
        return True

    def saved(self, paths: tuple[str, ...]) -> None:
        changed = [self.files[p] for p in paths if p in self.files]
        if not changed:
            return
        exercise = self.current if self.current in changed else changed[-1]
        try:
            digest = file_hash(self.app.workspace.file_for(exercise))
        except OSError:  # removed or being replaced between the save and now; the next event tells
            return
        if self.seen.get(exercise.id) == digest:
            return
        if exercise is not self.current:
            render.echo(f"You saved {exercise.id} ({exercise.title}): watching it instead of {self.current.id}.")
            self.current = exercise
        self.check()

    def check(self) -> None:
        """Grade the current file, record the attempt as `kata check` does, show the result; after a pass, move on."""
        ex, path, app = self.current, self.path, self.app
        if not path.is_file():
            render.echo(f"{path} does not exist: `kata start {ex.id}` writes it, or press n for the next exercise.")
            return
        digest = file_hash(path)
        render.echo(f"Checking {ex.id} ...")
        result = self.grader(ex, path)
        app.record_result(ex, result, path, digest)
        self.seen[ex.id] = digest
        self.checks += 1
        if result.status == "pass":
            self.passed.append(ex.id)
            render.check_result(result, ex.title, str(path), render.pass_notes(ex, result) + ["Passed."])
            self.move_on()
        else:
            hints = app.store.hints_shown(ex.id)
            render.check_result(result, ex.title, str(path), [
                f"Fix the first failing check and save; h shows hint {min(hints + 1, len(ex.hints))} of "
                f"{len(ex.hints)}." if ex.hints else "Fix the first failing check and save.", KEYS])

    def move_on(self) -> None:
        nxt = self.app.next_after(self.current, self.app.progress())
        if nxt is None:
            render.echo("That was the last one: every exercise is done! Press q to quit.")
            return
        self.arrive(nxt, "next")

    def arrive(self, exercise: Exercise, why: str) -> None:
        """Make ``exercise`` the current one: write its stub if it is not started, else check it now."""
        self.current = exercise
        path = self.path
        if path.exists():
            render.echo(f"Now on {exercise.id} {exercise.title} ({why}): {path}")
            self.check()
            return
        self.app.write_stub(exercise)
        self.seen[exercise.id] = file_hash(path)
        render.echo(f"Now on {exercise.id} {exercise.title} ({why}): started it, the stub is in {path}. "
                    f"`kata show {exercise.id}` prints the statement; save the file to check it.")

    def summary(self) -> str:
        passed = ", ".join(self.passed) or "none"
        return (f"Stopped watching: {self.checks} check{'s' * (self.checks != 1)}, passed: {passed}. "
                f"Carry on with `kata watch {self.current.id}`.")


def _invoke_verb(name: str, **params: object) -> None:
    """Run another verb of the group that runs this session (``kata hint``, ``kata list``) in this context."""
    ctx = click.get_current_context()
    ctx.invoke(ctx.find_root().command.get_command(ctx, name), **params)


def first_exercise(app: "App", exercise_id: str | None) -> tuple[Exercise, str]:
    """The exercise to start from, and why: the one asked for, else the first started and not passed, else the
    first not started (catalogue order)."""
    if exercise_id:
        return app.exercise(exercise_id), "as asked"
    progress = app.progress()
    open_ = [ex for ex in app.registry.ordered() if status_of(ex, progress.get(ex.id), app.workspace) != "done"]
    started = [ex for ex in open_ if app.workspace.file_for(ex).exists()]
    if started:
        return started[0], "the first exercise you started and have not passed"
    if open_:
        return open_[0], "the first exercise you have not started"
    render.echo("Every exercise is done: nothing to watch. `kata progress` shows your score.")
    sys.exit(0)
