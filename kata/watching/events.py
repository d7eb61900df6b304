"""What ``kata watch`` reacts to, as :class:`Event` values: saves of the exercise files (watchfiles, imported
only when the watcher starts), keys (single presses on a terminal, lines otherwise), the watcher being ready or
failing. Each source is an iterator; :class:`Events` runs them in daemon threads and merges them into one
queue, in arrival order. Engine code: imports only the standard library (and watchfiles, inside the watcher).
"""

from __future__ import annotations

import os
import queue
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO


@dataclass(frozen=True)
class Event:
    """``kind``: "changed" (``paths`` saved), "key" (``key`` pressed), "ready" (the watcher runs),
    "watch_failed" (``why``), "input_closed" (no more keys: end of the piped input)."""

    kind: str
    key: str = ""
    paths: tuple[str, ...] = ()
    why: str = ""


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
