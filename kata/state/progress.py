"""The progress store: SQLite in ``.kata/``; every write is one transaction.

WAL mode and a busy timeout let two ``kata check`` run at once; a kill mid-write
loses at most that write. A store that SQLite cannot read is moved aside to
``progress.corrupt-<time>.sqlite3`` and rebuilt empty, with a warning.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    exercise TEXT NOT NULL, at REAL NOT NULL, status TEXT NOT NULL, score REAL NOT NULL,
    max_score REAL NOT NULL, duration_s REAL NOT NULL, file_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    exercise TEXT NOT NULL, at REAL NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS attempts_by_exercise ON attempts (exercise);
CREATE INDEX IF NOT EXISTS events_by_exercise ON events (exercise, kind);
"""


@dataclass
class ExerciseProgress:
    attempts: int = 0
    passed: bool = False
    best_score: float = 0.0
    max_score: float = 0.0
    last_status: str = ""
    hints_shown: int = 0
    solution_revealed: bool = False
    started: bool = False


@dataclass
class ProgressStore:
    path: Path
    warnings: list[str] = field(default_factory=list)

    def _connect(self) -> "sqlite3.Connection":
        import sqlite3  # only when the store is really used: `kata list` in a fresh folder never opens it

        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._open()
        except sqlite3.DatabaseError as exc:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            moved = self.path.with_name(f"progress.corrupt-{stamp}.sqlite3")
            n = 1
            while moved.exists():  # never overwrite an earlier backup made in the same second
                moved = self.path.with_name(f"progress.corrupt-{stamp}-{n}.sqlite3")
                n += 1
            try:
                self.path.replace(moved)
            except FileNotFoundError:
                pass  # another kata process moved it aside first
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.warnings.append(f"the progress store could not be read ({exc}); it was moved to {moved.name} "
                                 "and a new, empty one was started")
            return self._open()

    def _open(self) -> "sqlite3.Connection":
        import sqlite3

        conn = sqlite3.connect(self.path, timeout=30)
        try:
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA journal_mode = WAL")
            with conn:
                conn.executescript(SCHEMA)
            conn.execute("SELECT count(*) FROM attempts").fetchone()
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def _write(self, sql: str, params: tuple) -> None:
        conn = self._connect()
        try:
            with conn:
                conn.execute(sql, params)
        finally:
            conn.close()

    def record_attempt(self, exercise: str, status: str, score: float, max_score: float, duration_s: float,
                       file_hash: str) -> None:
        self._write("INSERT INTO attempts VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (exercise, time.time(), status, score, max_score, duration_s, file_hash))

    def record_event(self, exercise: str, kind: str, detail: str = "") -> None:
        self._write("INSERT INTO events VALUES (?, ?, ?, ?)", (exercise, time.time(), kind, detail))

    def hints_shown(self, exercise: str) -> int:
        return self.summary().get(exercise, ExerciseProgress()).hints_shown

    def summary(self) -> dict[str, ExerciseProgress]:
        """Progress per exercise id; an absent store reads as no progress at all."""
        if not self.path.exists():
            return {}
        conn = self._connect()
        try:
            found: dict[str, ExerciseProgress] = {}
            for ex, n, passed, best, top in conn.execute(
                "SELECT exercise, count(*), max(status = 'pass'), max(score), max(max_score) "
                "FROM attempts GROUP BY exercise"):
                found[ex] = ExerciseProgress(attempts=n, passed=bool(passed), best_score=best, max_score=top)
            for ex, status in conn.execute(
                "SELECT exercise, status FROM attempts a WHERE at = (SELECT max(at) FROM attempts b "
                "WHERE b.exercise = a.exercise)"):
                found[ex].last_status = status
            for ex, kind, n in conn.execute("SELECT exercise, kind, count(*) FROM events GROUP BY exercise, kind"):
                item = found.setdefault(ex, ExerciseProgress())
                if kind == "hint":
                    item.hints_shown = n
                elif kind == "solution":
                    item.solution_revealed = True
                elif kind == "start":
                    item.started = True
            return found
        finally:
            conn.close()


def file_hash(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
