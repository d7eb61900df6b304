"""The progress store: what is recorded, concurrent writers, a corrupt file, a writer killed mid-transaction."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import LAYER_NORM_POINTS, Kata
from helpers import assert_plain, kata_script, subprocess_env
from kata.state.progress import ProgressStore, file_hash

GARBAGE = bytes(range(256)) * 16 + b"definitely not SQLite"


@pytest.fixture
def store_path(workspace: Path) -> Path:
    return workspace / ".kata" / "progress.sqlite3"


def _rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


# ---- what is recorded -------------------------------------------------------------------------------------

def test_attempts_hints_and_solutions_are_recorded(store_path: Path) -> None:
    store = ProgressStore(store_path)
    store.record_event("6.7", "start")
    store.record_attempt("6.7", "fail", 2.0, 10.0, 0.4, "aaaa")
    store.record_attempt("6.7", "error", 0.0, 10.0, 0.2, "bbbb")
    store.record_event("6.7", "hint", "1")
    store.record_event("6.7", "hint", "2")
    store.record_event("6.7", "solution", "forced")
    store.record_event("6.5", "hint", "1")
    summary = store.summary()
    item = summary["6.7"]
    assert (item.attempts, item.passed, item.best_score, item.max_score) == (2, False, 2.0, 10.0)
    assert (item.last_status, item.hints_shown, item.solution_revealed, item.started) == ("error", 2, True, True)
    assert store.hints_shown("6.7") == 2 and store.hints_shown("6.5") == 1 and store.hints_shown("6.6") == 0
    assert summary["6.5"].attempts == 0 and not summary["6.5"].started
    store.record_attempt("6.7", "pass", 10.0, 10.0, 0.4, "cccc")
    assert ProgressStore(store_path).summary()["6.7"].passed
    assert store.warnings == []


def test_an_absent_store_reads_as_no_progress_and_is_not_created(store_path: Path) -> None:
    assert ProgressStore(store_path).summary() == {}
    assert not store_path.exists() and not store_path.parent.exists()


def test_an_attempt_records_the_graded_file(kata: Kata, write_learner, reference_source: str,
                                            store_path: Path) -> None:
    path = write_learner(reference_source)
    kata("check", "6.7")
    with sqlite3.connect(store_path) as conn:
        [(exercise, status, score, top, duration, digest)] = conn.execute(
            "SELECT exercise, status, score, max_score, duration_s, file_hash FROM attempts").fetchall()
    assert (exercise, status, score, top) == ("6.7", "pass", LAYER_NORM_POINTS, LAYER_NORM_POINTS)
    assert duration > 0 and digest == file_hash(path)


def test_the_cli_records_checks_hints_and_a_forced_solution(kata: Kata) -> None:
    kata("start", "6.7")
    assert kata("check", "6.7").exit_code == 1
    kata("hint", "6.7")
    kata("hint", "6.7")
    kata("solution", "6.7", "--force")
    track = next(t for t in kata.json("progress")["tracks"] if t["track"] == "6")
    item = next(e for e in track["exercises"] if e["id"] == "6.7")
    assert item == {"id": "6.7", "status": "in_progress", "best_score": 0, "max_score": LAYER_NORM_POINTS, "attempts": 1,
                    "hints_shown": 2, "solution_revealed": True}


# ---- concurrency ------------------------------------------------------------------------------------------

def test_two_concurrent_kata_checks_are_both_recorded(kata: Kata, workspace: Path, store_path: Path) -> None:
    kata("start", "6.7")
    command = [kata_script(), "--workspace", str(workspace), "check", "6.7", "--json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=subprocess_env()) for _ in range(2)]
    outcomes = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    for code, out, err in outcomes:
        assert code == 1, err
        assert json.loads(out)["status"] == "fail"
        assert "warning" not in err
    assert ProgressStore(store_path).summary()["6.7"].attempts == 2
    assert next(t for t in kata.json("progress")["tracks"] if t["track"] == "6")["exercises"]


WRITER = """
import sys
from pathlib import Path
from kata.state.progress import ProgressStore
store = ProgressStore(Path(sys.argv[1]))
for n in range(int(sys.argv[3])):
    store.record_attempt(sys.argv[2], "fail", float(n), 10.0, 0.1, "h")
    store.record_event(sys.argv[2], "hint", str(n))
"""


def test_concurrent_writers_lose_nothing(store_path: Path) -> None:
    ProgressStore(store_path).record_event("setup", "start")  # the file exists before the race starts
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(store_path), f"ex{i}", "20"],
                                env=subprocess_env(), stderr=subprocess.PIPE, text=True) for i in range(4)]
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
    summary = ProgressStore(store_path).summary()
    assert [(summary[f"ex{i}"].attempts, summary[f"ex{i}"].hints_shown) for i in range(4)] == [(20, 20)] * 4
    assert _integrity(store_path) == "ok"


# ---- a corrupt store --------------------------------------------------------------------------------------

def test_a_corrupt_store_is_reported_backed_up_and_rebuilt(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(GARBAGE)
    store = ProgressStore(store_path)
    assert store.summary() == {}
    [warning] = store.warnings
    [backup] = store_path.parent.glob("progress.corrupt-*.sqlite3")
    assert "could not be read" in warning and backup.name in warning
    assert backup.read_bytes() == GARBAGE
    assert _integrity(store_path) == "ok"
    store.record_attempt("6.7", "pass", 10.0, 10.0, 0.3, "h")
    assert ProgressStore(store_path).summary()["6.7"].passed


@pytest.mark.parametrize("verb", [["progress", "--json"], ["list", "--json"], ["hint", "6.7"],
                                  ["check", "6.7", "--json"]], ids=lambda v: v[0])
def test_the_cli_survives_a_corrupt_store(verb: list[str], kata: Kata, store_path: Path, write_learner,
                                          reference_source: str) -> None:
    write_learner(reference_source)
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(GARBAGE)
    result = kata(*verb)
    assert result.exit_code == 0, result.output
    assert "kata: warning: the progress store could not be read" in result.stderr
    assert_plain(result.stderr)
    assert [p.read_bytes() for p in store_path.parent.glob("progress.corrupt-*")] == [GARBAGE]
    if verb[-1] == "--json":
        json.loads(result.stdout)
    again = kata("progress", "--json")
    assert again.exit_code == 0 and "warning" not in again.stderr
    expected_attempts = 1 if verb[0] == "check" else 0
    stage6 = next(t for t in json.loads(again.stdout)["tracks"] if t["track"] == "6")
    item = next(e for e in stage6["exercises"] if e["id"] == "6.7")
    assert item["attempts"] == expected_attempts


def test_corrupt_stores_in_the_same_second_keep_every_backup(store_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import kata.state.progress

    monkeypatch.setattr(kata.state.progress.time, "strftime", lambda fmt: "20260101-000000")
    store_path.parent.mkdir(parents=True)
    for n in range(3):
        store_path.write_bytes(GARBAGE + bytes([n]))
        assert ProgressStore(store_path).summary() == {}
    backups = sorted(p.read_bytes()[-1] for p in store_path.parent.glob("progress.corrupt-*.sqlite3"))
    assert backups == [0, 1, 2]


def test_a_truncated_store_is_rebuilt(store_path: Path) -> None:
    store = ProgressStore(store_path)
    for n in range(30):
        store.record_event("6.7", "hint", "x" * 2000)
    with sqlite3.connect(store_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store_path.write_bytes(store_path.read_bytes()[:3000])
    fresh = ProgressStore(store_path)
    assert fresh.summary() == {}
    assert fresh.warnings and _integrity(store_path) == "ok"


# ---- a kill in the middle -----------------------------------------------------------------------------------

KILLED_WRITER = """
import sqlite3, sys, time
from pathlib import Path
from kata.state.progress import ProgressStore
path = Path(sys.argv[1])
store = ProgressStore(path)
for n in range(5):
    store.record_attempt("6.7", "fail", float(n), 10.0, 0.1, "committed")
conn = sqlite3.connect(path)
conn.execute("BEGIN IMMEDIATE")
for n in range(2000):
    conn.execute("INSERT INTO attempts VALUES ('6.7', 0, 'pass', 10, 10, 0.1, 'uncommitted')")
conn.execute("INSERT INTO events VALUES ('6.7', 0, 'solution', 'uncommitted')")
print("inside the transaction", flush=True)
time.sleep(120)
"""

LOOPING_WRITER = """
import sys
from pathlib import Path
from kata.state.progress import ProgressStore
store = ProgressStore(Path(sys.argv[1]))
n = 0
while True:
    store.record_attempt("6.7", "fail", 1.0, 10.0, 0.1, "loop")
    n += 1
    print(n, flush=True)
"""


def _kill(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def test_a_writer_killed_inside_a_transaction_leaves_a_readable_store(store_path: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(store_path)], stdout=subprocess.PIPE,
                              text=True, env=subprocess_env())
    try:
        assert writer.stdout.readline().strip() == "inside the transaction"
    finally:
        _kill(writer)
    store = ProgressStore(store_path)
    item = store.summary()["6.7"]
    assert store.warnings == []
    assert (item.attempts, item.passed, item.solution_revealed) == (5, False, False)
    assert _integrity(store_path) == "ok"
    store.record_attempt("6.7", "pass", 10.0, 10.0, 0.1, "after")
    assert ProgressStore(store_path).summary()["6.7"].attempts == 6


def test_a_writer_killed_at_any_moment_loses_no_committed_write(store_path: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", LOOPING_WRITER, str(store_path)], stdout=subprocess.PIPE,
                              text=True, env=subprocess_env())
    try:
        confirmed = 0
        while confirmed < 30:
            confirmed = int(writer.stdout.readline())
    finally:
        _kill(writer)
    store = ProgressStore(store_path)
    attempts = store.summary()["6.7"].attempts
    assert store.warnings == [] and _integrity(store_path) == "ok"
    assert attempts >= confirmed  # every write it reported done is there, perhaps one more
    assert attempts == _rows(store_path, "attempts")
