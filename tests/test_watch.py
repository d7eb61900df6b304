"""`kata watch`: a real watcher sees the learner's saves; manual mode reads keys; the loop on its own, with a fake
grader, for what happens after each event. Every wait is bounded, so a broken watch fails instead of hanging."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import click
import pytest

import cli
from conftest import LAYER_NORM_POINTS, Kata
from helpers import kata_script, subprocess_env
from kata.commands import watch
from kata.commands.watch import Event, Events, WatchSession, first_exercise, run
from kata.exercise import Exercise
from kata.grading.runner import GradeResult

WAIT_S = 90  # per expected line: generous for a loaded 2-core machine, and still a bound
# A shell runs background jobs with SIGINT ignored, and a child inherits that: this gives `kata` the default back.
WITH_DEFAULT_SIGINT = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                       "os.execv(sys.argv[1], sys.argv[1:])")


class Watcher:
    """A `kata watch` process whose output lines the test waits for."""

    def __init__(self, *args: str, **popen) -> None:
        argv = [sys.executable, "-c", WITH_DEFAULT_SIGINT, kata_script(), "watch", *args]
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, env=subprocess_env(), **popen)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, text: str) -> list[str]:
        """The lines up to and including the first that contains ``text``."""
        got = []
        while True:
            try:
                line = self.lines.get(timeout=WAIT_S)
            except queue.Empty:
                raise AssertionError(f"no line with {text!r} after {WAIT_S} s; output so far:\n"
                                     + "".join(self.seen)) from None
            got.append(line)
            self.seen.append(line)
            if text in line:
                return got

    def finish(self) -> str:
        """Wait for the exit (killing on time-out); the rest of the output."""
        try:
            self.process.wait(timeout=WAIT_S)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
        rest = []
        while not self.lines.empty():
            rest.append(self.lines.get())
        self.seen.extend(rest)
        return "".join(rest)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def watcher():
    started: list[Watcher] = []

    def start(*args: str, **popen) -> Watcher:
        started.append(Watcher(*args, **popen))
        return started[-1]

    yield start
    for one in started:
        one.kill()


def test_watch_rechecks_each_save_and_moves_on_after_a_pass(watcher, workspace: Path, learner_path: Path,
                                                            stub_source: str, reference_source: str) -> None:
    w = watcher("6.7", "--workspace", str(workspace), stdin=subprocess.PIPE)
    assert "started it" in "".join(w.wait_for("Now on 6.7"))
    assert learner_path.read_text(encoding="utf-8") == stub_source
    w.wait_for("Watching")
    learner_path.write_text(stub_source.replace('raise NotImplementedError("LayerNorm.forward")', "return x"),
                            encoding="utf-8")
    failed = "".join(w.wait_for("h shows hint 1 of 4"))
    assert "6.7 LayerNorm: forward and backward: FAIL" in failed
    learner_path.write_text(reference_source, encoding="utf-8")
    passed = "".join(w.wait_for("Now on 6.8"))
    assert f"6.7 LayerNorm: forward and backward: PASS  {LAYER_NORM_POINTS}/{LAYER_NORM_POINTS}" in passed and "Passed." in passed
    assert "(next): started it" in passed
    assert (workspace / "stage6" / "stage6_08_transformer_stack.py").is_file()
    w.process.stdin.write("h\nq\n")
    w.process.stdin.flush()
    rest = w.finish()
    assert w.process.returncode == 0, "".join(w.seen)
    assert "Hint 1/" in rest
    assert "Stopped watching: 2 checks, passed: 6.7. Carry on with `kata watch 6.8`." in rest


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_stops_watching_with_a_summary_and_exit_0(watcher, workspace: Path) -> None:
    w = watcher("6.7", "--workspace", str(workspace), stdin=subprocess.PIPE)
    w.wait_for("Watching")
    w.process.send_signal(signal.SIGINT)
    rest = w.finish()
    assert w.process.returncode == 0, "".join(w.seen)
    assert "Stopped watching: 0 checks, passed: none." in rest and "Traceback" not in rest


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_on_a_terminal_single_keys_work_without_enter(watcher, workspace: Path) -> None:
    import pty

    main_fd, child_fd = pty.openpty()
    try:
        w = watcher("6.7", "--manual", "--workspace", str(workspace), stdin=child_fd)
        w.wait_for("Manual mode")
        os.write(main_fd, b"h")
        w.wait_for("Hint 1/4")
        os.write(main_fd, b"q")
        rest = w.finish()
    finally:
        os.close(main_fd)
        os.close(child_fd)
    assert w.process.returncode == 0, "".join(w.seen)
    assert "Stopped watching: 0 checks" in rest


def test_manual_mode_checks_on_c_and_reads_keys_from_piped_lines(kata: Kata, learner_path: Path) -> None:
    result = kata("watch", "6.7", "--manual", input="c\nh\nl\nx\nq\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "started it" in out and "Manual mode: press c or Enter" in out
    assert f"6.7 LayerNorm: forward and backward: FAIL  0/{LAYER_NORM_POINTS}" in out
    assert "Hint 1/4" in out and "You are on 6.7." in out
    assert "6.8 " in out and "13.1 " not in out  # l lists the current track
    assert out.count("keys: h hint") >= 3  # after the start, the failed check and the unknown key x
    assert out.rstrip().endswith("Stopped watching: 1 check, passed: none. Carry on with `kata watch 6.7`.")
    assert next(r for r in kata.json("list") if r["id"] == "6.7")["status"] == "in_progress"


def test_manual_mode_ends_at_the_end_of_piped_input(kata: Kata) -> None:
    result = kata("watch", "6.7", "--manual", input="")
    assert result.exit_code == 0, result.output
    assert "Stopped watching: 0 checks" in result.stdout


def test_an_unknown_id_is_a_usage_error(kata: Kata) -> None:
    result = kata("watch", "6.70", "--manual", input="q\n")
    assert result.exit_code == 2
    assert "Unknown exercise '6.70'" in result.stderr


# ---- the loop, with a fake grader ------------------------------------------------------------------------

class FakeGrader:
    """Passes a file that contains PASS, fails any other; records what it graded."""

    def __init__(self) -> None:
        self.graded: list[str] = []

    def __call__(self, exercise: Exercise, path: Path) -> GradeResult:
        self.graded.append(exercise.id)
        ok = "PASS" in path.read_text(encoding="utf-8")
        check = {"name": "the check", "status": "pass" if ok else "fail", "points": exercise.points if ok else 0,
                 "max_points": exercise.points, "message": "" if ok else "wrong"}
        return GradeResult(exercise.id, check["status"], check["points"], exercise.points, [check], 0.01)


@pytest.fixture
def app(workspace: Path):
    made = cli.App()
    made.workspace_option = str(workspace)
    with click.Context(cli.main, obj=made):
        yield made


def _session(app: cli.App, exercise_id: str = "6.7", **kwargs) -> tuple[WatchSession, FakeGrader]:
    grader = FakeGrader()
    session = WatchSession(app, app.exercise(exercise_id), grader=grader, **kwargs)
    session.arrive(session.current, "as asked")
    return session, grader


def _saved(app: cli.App, exercise_id: str, text: str) -> Event:
    path = app.workspace.file_for(app.exercise(exercise_id))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Event("changed", paths=(str(path),))


def test_a_save_is_checked_and_recorded_and_a_pass_starts_the_next(app: cli.App, capsys) -> None:
    session, grader = _session(app)
    assert grader.graded == []  # a freshly written stub is not checked
    events = (_saved(app, "6.7", text) for text in ("wrong", "# PASS"))  # each save when its turn comes
    assert run(session, events) == 2
    assert grader.graded == ["6.7", "6.7"] and session.passed == ["6.7"]
    assert session.current.id == "6.8" and app.workspace.file_for(session.current).is_file()
    assert app.progress()["6.7"].attempts == 2 and app.progress()["6.7"].passed
    assert app.progress()["6.8"].started
    out = capsys.readouterr().out
    assert "FAIL" in out and "PASS" in out and "Now on 6.8" in out


def test_saving_the_same_content_or_our_own_stub_does_not_recheck(app: cli.App) -> None:
    session, grader = _session(app)
    stub = Event("changed", paths=(str(session.path),))
    again = _saved(app, "6.7", "wrong")
    run(session, [stub, again, Event("changed", paths=again.paths)])
    assert grader.graded == ["6.7"]
    run(session, [Event("key", key="c")])  # c checks whatever the content
    assert grader.graded == ["6.7", "6.7"]


def test_saving_another_exercise_switches_to_it(app: cli.App, capsys) -> None:
    session, grader = _session(app)
    run(session, [_saved(app, "6.5", "wrong"), Event("changed", paths=("/elsewhere/notes.py",))])
    assert session.current.id == "6.5" and grader.graded == ["6.5"]
    assert "watching it instead of 6.7" in capsys.readouterr().out


def test_n_moves_on_and_an_already_started_next_is_checked_at_once(app: cli.App) -> None:
    _saved(app, "6.8", "wrong")
    session, grader = _session(app)
    run(session, [Event("key", key="n")])
    assert session.current.id == "6.8" and grader.graded == ["6.8"]


def test_a_failed_watcher_means_manual_mode(app: cli.App, capsys) -> None:
    session, grader = _session(app)
    assert run(session, [Event("watch_failed", why="OSError: too many watches"), _saved(app, "6.7", "x")]) == 2
    assert session.manual and grader.graded == []
    assert "Watching files failed (OSError: too many watches); manual mode" in capsys.readouterr().out
    assert run(session, [Event("input_closed"), Event("key", key="c")]) == 1  # nobody left to press c


def test_run_stops_after_max_events_or_at_q(app: cli.App) -> None:
    session, grader = _session(app)
    keys = [Event("key", key=k) for k in "xxxxq"]
    assert run(session, keys, max_events=2) == 2
    assert run(session, keys) == 5
    assert run(session, [Event("key", key="q"), Event("key", key="c")]) == 1 and grader.graded == []


def test_events_merges_sources_until_all_have_ended() -> None:
    keys = watch.key_events(iter(["hc", "q", ""]).__next__)
    other = iter([Event("ready")])
    got = list(Events(keys, other))
    assert sorted(e.key or e.kind for e in got) == ["c", "h", "input_closed", "q", "ready"]
    assert [e.key for e in got if e.kind == "key"] == ["h", "c", "q"]


def test_a_folder_that_cannot_be_watched_reports_instead_of_raising(tmp_path: Path) -> None:
    events = list(watch.file_events([tmp_path / "missing"], set(), threading.Event()))
    assert len(events) == 1 and events[0].kind == "watch_failed" and events[0].why


def test_the_real_watcher_reports_ready_then_a_save(tmp_path: Path) -> None:
    target = tmp_path / "mine.py"
    stop = threading.Event()
    source = watch.file_events([tmp_path], {str(target)}, stop)
    got: queue.Queue[Event] = queue.Queue()
    threading.Thread(target=lambda: [got.put(e) for e in source], daemon=True).start()
    try:
        assert got.get(timeout=WAIT_S).kind == "ready"
        (tmp_path / "other.py").write_text("ignored", encoding="utf-8")
        target.write_text("x = 1\n", encoding="utf-8")
        event = got.get(timeout=WAIT_S)
        assert event.kind == "changed" and event.paths == (str(target),)
    finally:
        stop.set()


def test_the_starting_exercise(app: cli.App, capsys) -> None:
    first = app.registry.ordered()[0]
    assert first_exercise(app, None) == (first, "the first exercise you have not started")
    _saved(app, "6.7", "wrong")
    assert first_exercise(app, None) == (app.exercise("6.7"), "the first exercise you started and have not passed")
    app.store.record_attempt("6.7", "pass", 10, 10, 0.1, "h")
    assert first_exercise(app, None) == (first, "the first exercise you have not started")
    assert first_exercise(app, "6.7") == (app.exercise("6.7"), "as asked")



def test_help_imports_no_watchfiles(tmp_path: Path) -> None:
    from test_import_light import LIGHT_COMMANDS, _run

    out = json.loads(_run(LIGHT_COMMANDS.format(commands=[["--help"], ["watch", "--help"]], heavy={"watchfiles"}),
                          tmp_path))
    assert out["heavy"] == [] and set(out["codes"].values()) == {0}, out
