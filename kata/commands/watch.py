"""``kata watch``: re-check the exercise you are editing each time you save it, as rustlings' watch mode does.

Events (a saved file, a key, the watcher being ready or failing) come from sources that run in threads and meet
in one queue (:class:`Events`); :class:`WatchSession` decides what each event means, and :func:`run` hands them
over one at a time. Tests drive a session with events of their own, or stop :func:`run` after N events.
watchfiles is imported only when the watcher starts.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, TextIO

import click

import cli
from kata import render
from kata.exercise import Exercise
from kata.progress import file_hash
from kata.status import status_of

if TYPE_CHECKING:  # pragma: no cover
    from kata.grading.runner import GradeResult

KEYS = "keys: h hint · l list · c or Enter check now · n next exercise · q quit"
Grader = Callable[[Exercise, Path], "GradeResult"]


@dataclass(frozen=True)
class Event:
    """``kind``: "changed" (``paths`` saved), "key" (``key`` pressed), "ready" (the watcher runs),
    "watch_failed" (``why``), "input_closed" (no more keys: end of the piped input)."""

    kind: str
    key: str = ""
    paths: tuple[str, ...] = ()
    why: str = ""


# ---- event sources ----------------------------------------------------------------------------------------

def file_events(folders: Iterable[Path], files: set[str], stop: threading.Event) -> Iterator[Event]:
    """Saves of the exercise files in ``files`` (absolute paths), watched in ``folders`` until ``stop`` is set."""
    try:
        import watchfiles

        def wanted(change: "watchfiles.Change", path: str) -> bool:
            return change != watchfiles.Change.deleted and path in files

        ready = False
        # yield_on_timeout: the first (empty) batch proves the watcher is running, so saves from then on count
        for changes in watchfiles.watch(*folders, watch_filter=wanted, stop_event=stop, step=100,
                                        rust_timeout=300, yield_on_timeout=True, raise_interrupt=False):
            if not ready:
                ready = True
                yield Event("ready")
            if changes:
                yield Event("changed", paths=tuple(sorted({path for _, path in changes})))
    except Exception as exc:  # noqa: BLE001 - any failure to watch means manual mode, not a crash
        yield Event("watch_failed", why=f"{type(exc).__name__}: {exc}")


def key_events(read: Callable[[], str]) -> Iterator[Event]:
    """One event per key that ``read`` returns; "" from ``read`` means the input ended."""
    while True:
        keys = read()
        if not keys:
            yield Event("input_closed")
            return
        for key in keys:
            yield Event("key", key=key)


@contextmanager
def keyboard(stream: TextIO) -> Iterator[Callable[[], str]]:
    """A reader of keys from ``stream``: on a terminal, single key presses (cbreak mode, restored on exit);
    otherwise one line at a time, whose first letter is the key (an empty line is Enter)."""

    def read_line() -> str:
        line = stream.readline()
        return (line.strip()[:1].lower() or "\n") if line else ""

    try:
        import termios
        import tty

        fd = stream.fileno()
        interactive = stream.isatty()
    except (ImportError, AttributeError, OSError, ValueError):
        interactive = False
    if not interactive:
        yield read_line
        return

    def read_key() -> str:
        chunk = os.read(fd, 32)
        if not chunk:
            return ""
        if chunk.startswith(b"\x1b"):  # an arrow or function key: not ours
            return " "
        return chunk.decode("utf-8", "ignore").lower().replace("\x04", "q") or " "

    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd)  # keys without Enter, no echo; Ctrl-C still interrupts
    try:
        yield read_key
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


class Events:
    """Runs each source in a daemon thread and hands out their events in arrival order, until all have ended."""

    _END = object()

    def __init__(self, *sources: Iterator[Event]) -> None:
        self._queue: queue.Queue = queue.Queue()
        self._live = len(sources)
        for source in sources:
            threading.Thread(target=self._pump, args=(source,), daemon=True, name="kata-watch-source").start()

    def _pump(self, source: Iterator[Event]) -> None:
        try:
            for event in source:
                self._queue.put(event)
        finally:
            self._queue.put(self._END)

    def __iter__(self) -> Iterator[Event]:
        while self._live:
            try:
                item = self._queue.get(timeout=0.5)  # a timeout keeps Ctrl-C prompt on every platform
            except queue.Empty:
                continue
            if item is self._END:
                self._live -= 1
            else:
                yield item


# ---- the loop -----------------------------------------------------------------------------------------

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

    def __init__(self, app: "cli.App", current: Exercise, *, manual: bool = False,
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
            click.get_current_context().invoke(cli.hint, exercise_id=self.current.id, show_all=False)
        elif key == "l":
            click.get_current_context().invoke(cli.list_cmd, track=self.current.track, kind=None, status=None,
                                               as_json=False)
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


def first_exercise(app: "cli.App", exercise_id: str | None) -> tuple[Exercise, str]:
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


@click.command("watch")
@click.argument("exercise_id", metavar="[ID]", required=False, shell_complete=cli._complete_ids)
@click.option("--manual", is_flag=True, help="Do not watch files: check when you press c or Enter "
              "(for file systems where watching fails).")
@cli.workspace_option
@click.pass_obj
def command(app: "cli.App", exercise_id: str | None, manual: bool) -> None:
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
