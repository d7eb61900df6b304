"""The parent side of grading: spawn the child, enforce limits, turn what came back into a result.

Learner code never runs in this process. Whatever the child does (hang, die,
exit early, flood its output), the parent produces a :class:`GradeResult`.
"""

from __future__ import annotations

import json
import os
import secrets
import select
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kata.exercise import Exercise
from kata.grading.waiting import ended_within

OUTPUT_TAIL = 2000
STARTUP_ALLOWANCE_S = {"numpy": 10.0, "python": 10.0, "torch": 30.0}
BATCH_ALLOWANCE_S = 2.0  # a forked variant starts with everything imported


@dataclass
class GradeResult:
    id: str
    status: str  # "pass" | "fail" | "error"
    score: float
    max_score: float
    checks: list[dict[str, Any]] = field(default_factory=list)
    duration_s: float = 0.0
    message: str = ""
    reflection: str = ""  # the learner's optional, ungraded REFLECTION, shown beside the model answer

    @property
    def exit_code(self) -> int:
        return {"pass": 0, "fail": 1}.get(self.status, 3)

    def passed(self) -> set[str]:
        """The names of the checks that passed (every case of them)."""
        return {c["name"] for c in self.checks if c["status"] == "pass"}

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    paths = [p for p in sys.path if p and Path(p).exists()]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    # Bytecode caching stays as the user has it: the child caches kata's, the checks' and the reference's modules
    # (an editable install has no .pyc of them, and compiling them cost every grading), and turns caching off
    # before the learner's file loads (kata.grading.child), so no __pycache__ appears beside the learner's code.
    env.setdefault("PYTHONHASHSEED", "0")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    return env


def _tail(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - OUTPUT_TAIL))
            text = handle.read().decode("utf-8", "replace").strip()
    except OSError:
        return ""
    if not text:
        return ""
    cut = " (last part only)" if size > OUTPUT_TAIL else ""
    return f"\nWhat it printed{cut}:\n{text}"


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        process.kill()
    process.wait()


@dataclass(frozen=True)
class Variant:
    """One thing to grade for an exercise: a learner file, or (for ``kata verify``) a declared mistake."""

    file: Path | None = None
    mistake: str | None = None
    workspace: Path | None = None
    short: bool = False  # project checks: the artifacts come from a short `kata verify` run
    # `kata verify` needs only a failure (the stub) or one failure naming the mistake: the grading stops there
    stop_at: str = ""  # "" (every check runs), FIRST_FAILURE, or a declared mistake's name


FIRST_FAILURE = ":first failure:"  # no mistake is named like this


def _write_spec(exercise: Exercise, variant: Variant, workdir: Path, **extra: Any) -> dict[str, Any]:
    """The child's spec.json in ``workdir``; ``extra``: what the batch child needs beyond it (cwd, limit, files)."""
    spec = {
        "exercise_id": exercise.id,
        "reference": exercise.reference,
        "checks": exercise.checks,
        "package": exercise.package,
        "solution": {"mistake": variant.mistake} if variant.mistake else {"file": str(variant.file)},
        "result": str(workdir / "result.json"),
        "workdir": str(workdir),
        "workspace": str(variant.workspace) if variant.workspace else "",
        "memory_limit_mb": exercise.memory_limit_mb,
        "short": variant.short,
        "stop_at": variant.stop_at,
        **extra,
    }
    (workdir / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    return spec


def grade(exercise: Exercise, *, file: Path | None = None, mistake: str | None = None,
          workspace: Path | None = None, time_limit: float | None = None, short: bool = False) -> GradeResult:
    """Grade a learner file (or, for ``kata verify``, a declared mistake) in a child process of its own."""
    limit = float(time_limit if time_limit is not None else exercise.time_limit)
    started = time.monotonic()
    token = secrets.token_hex(32).encode("ascii")  # the child signs its result with it (kata.grading.guard)
    with tempfile.TemporaryDirectory(prefix="kata-grade-") as tmp:
        workdir = Path(tmp)
        ready, ready_child = os.pipe()  # the child writes to it just before the learner's code runs
        _write_spec(exercise, Variant(file, mistake, workspace, short), workdir, ready_fd=ready_child)
        log = workdir / "output.log"
        with log.open("wb") as out:
            try:
                process = subprocess.Popen(
                    [sys.executable, "-m", "kata.grading.child", str(workdir / "spec.json")],
                    stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT, env=_child_env(),
                    cwd=str(workspace or workdir), start_new_session=True, pass_fds=(ready_child,),
                )
            finally:
                os.close(ready_child)
            _send_token(process, token)
            code = _wait(process, ready, limit, STARTUP_ALLOWANCE_S.get(exercise.framework, 10.0))
            if code is None:
                _kill(process)
                return _error(exercise, started, _too_long(exercise, limit))
        return _interpret(exercise, workdir, token, code, started)


def grade_many(exercise: Exercise, variants: list[Variant], *, time_limit: float | None = None) -> list[GradeResult]:
    """Grade many variants of one exercise from one pre-warmed child that forks one grandchild per variant.

    The verdicts are those :func:`grade` gives one variant at a time (same child code, same guard, same limits);
    only Python, numpy, pytest and torch are imported once instead of once per variant (kata.grading.batch).
    """
    return grade_batch([(exercise, variant) for variant in variants], time_limit=time_limit)


def grade_batch(items: list[tuple[Exercise, Variant]], *, time_limit: float | None = None) -> list[GradeResult]:
    """Grade variants of several exercises from one pre-warmed child, in order: the results match ``items``.

    `kata verify` puts a few exercises in each batch, so Python, pytest and numpy start once for all of them.
    Order the items with the torch exercises last: the child imports torch when it first needs it, and a
    variant forked before that grades exactly as it would alone.
    """
    if not items:
        return []
    limits = [float(time_limit if time_limit is not None else exercise.time_limit) for exercise, _ in items]
    tokens = [secrets.token_hex(32).encode("ascii") for _ in items]
    with tempfile.TemporaryDirectory(prefix="kata-batch-") as tmp:
        folders = []
        for index, ((exercise, variant), limit) in enumerate(zip(items, limits)):
            workdir = Path(tmp) / f"variant-{index}"
            workdir.mkdir()
            _write_spec(exercise, variant, workdir, cwd=str(variant.workspace or workdir),
                        time_limit=limit + BATCH_ALLOWANCE_S, status=str(workdir / "status.json"),
                        log=str(workdir / "output.log"))
            folders.append(workdir)
        listing = Path(tmp) / "batch.json"
        listing.write_text(json.dumps([str(f / "spec.json") for f in folders]), encoding="utf-8")
        with (Path(tmp) / "batch.log").open("wb") as out:
            process = subprocess.Popen([sys.executable, "-m", "kata.grading.batch", str(listing)],
                                       stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT,
                                       env=_child_env(), cwd=tmp, start_new_session=True)
            _send_token(process, b"\n".join(tokens))
            frameworks = {exercise.framework for exercise, _ in items}  # each is imported once, when first needed
            overall = (sum(limits) + len(items) * BATCH_ALLOWANCE_S
                       + sum(STARTUP_ALLOWANCE_S.get(f, 10.0) for f in frameworks))
            try:
                process.wait(timeout=overall)
            except subprocess.TimeoutExpired:
                _kill(process)
        results = []
        for (exercise, _), workdir, token, limit in zip(items, folders, tokens, limits):
            try:
                ended = json.loads((workdir / "status.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                ended = {"code": -signal.SIGKILL, "timed_out": False, "elapsed": 0.0}
            began = time.monotonic() - float(ended.get("elapsed", 0.0))
            if ended.get("timed_out"):
                results.append(_error(exercise, began, _too_long(exercise, limit)))
            else:
                results.append(_interpret(exercise, workdir, token, int(ended.get("code", 0)), began))
        return results


def _too_long(exercise: Exercise, limit: float) -> str:
    return (f"your code took longer than {limit:g} s (the time limit for {exercise.id}) and was "
            "stopped: look for an endless loop, a wait for input, or a very slow Python loop")


def _interpret(exercise: Exercise, workdir: Path, token: bytes, code: int, started: float) -> GradeResult:
    """The result a finished child left in ``workdir``, checked against its token."""
    from kata.grading.guard import unseal

    result_path, log = workdir / "result.json", workdir / "output.log"
    raw, forged = None, False
    if result_path.exists():
        try:
            raw, forged = unseal(result_path.read_bytes(), token)
        except OSError:
            raw = None
    if forged:
        return _error(exercise, started, "the grading result was tampered with (its signature does not match), "
                      "so it does not count: your code may not write the grader's result" + _tail(log))
    if raw is None:
        return _error(exercise, started, _died(code) + _tail(log))
    return _from_child(exercise, raw, started, _tail(log))


def _wait(process: subprocess.Popen, ready: int, limit: float, allowance: float) -> int | None:
    """The child's exit code, or None when it ran too long: ``limit`` seconds from the moment it says the learner's
    code is about to run (``ready`` becomes readable; it also does when the child ends), never more than
    ``allowance + limit`` in all. So a learner's endless loop is stopped after the limit, not after the limit plus
    what starting Python, numpy and pytest may take on a slow machine."""
    deadline = time.monotonic() + allowance + limit
    try:
        if select.select([ready], [], [], allowance + limit)[0]:
            deadline = min(deadline, time.monotonic() + limit)
    finally:
        os.close(ready)
    if ended_within(process.pid, deadline - time.monotonic()) is False:
        return None
    try:  # it has ended (or this system cannot tell: then Popen polls)
        return process.wait(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        return None


def _send_token(process: subprocess.Popen, token: bytes) -> None:
    try:
        process.stdin.write(token + b"\n")
        process.stdin.close()
    except OSError:  # the child is already gone: reported as a child that left no result
        pass


def _died(code: int) -> str:
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        extra = " (usually the memory limit)" if -code == signal.SIGKILL else ""
        return f"the grading process was killed by {name}{extra} before it could report a result"
    return (f"the grading process ended early with exit status {code} and no result: does your file call "
            "sys.exit(), os._exit() or kill its own process?")


def _error(exercise: Exercise, started: float, message: str, checks: list | None = None) -> GradeResult:
    checks = checks or []
    return GradeResult(exercise.id, "error", sum(c["points"] for c in checks), float(exercise.points), checks,
                       round(time.monotonic() - started, 3), message)


def _from_child(exercise: Exercise, raw: dict[str, Any], started: float, output: str) -> GradeResult:
    status = raw.get("status")
    checks = raw.get("checks", [])
    if status == "error":
        return _error(exercise, started, raw.get("message", "your file could not be run") + output, checks)
    if status == "internal":
        return _error(exercise, started, "internal error in the exercise (not your fault; please report it): "
                      + raw.get("message", "") + output, checks)
    score = round(sum(c["points"] for c in checks), 2)
    max_score = round(sum(c["max_points"] for c in checks), 2)
    verdict = "pass" if all(c["status"] == "pass" for c in checks) else "fail"
    if any(c["status"] == "error" for c in checks):
        verdict = "error"
    return GradeResult(exercise.id, verdict, score, max_score, checks, round(time.monotonic() - started, 3),
                       reflection=raw.get("reflection", ""))
