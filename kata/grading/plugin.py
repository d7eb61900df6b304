"""The pytest plugin of the grading child: fixtures for checks, and one outcome per check.

A check is a test function; its parametrized cases are graded together: the check
passes when every case passes, and its points are shared equally by the cases.
Messages are written for the learner: a :class:`CheckFailure` speaks for itself,
any other exception is reported with the frames of the learner's own file only.
"""

from __future__ import annotations

import contextlib
import traceback
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest

from kata.checking.compare import CheckFailure
from kata.grading.runner import FIRST_FAILURE
from kata.mistakes import mistakes_of
from kata.state.notebooks import place as learner_line

MAX_MESSAGE = 4000
_SKIPPED = pytest.skip.Exception  # bound before any learner code runs, like everything the verdict relies on


class LoadFailed(Exception):
    """The learner's file could not be run at all; ``str(exc)`` says why, for the learner."""


class LearnerModule:
    """The learner's module as checks see it: a missing name is a check failure, not a crash."""

    def __init__(self, module: Any, exercise_id: str):
        object.__setattr__(self, "_module", module)
        object.__setattr__(self, "_exercise_id", exercise_id)

    def __getattr__(self, name: str) -> Any:
        try:
            return getattr(self._module, name)
        except AttributeError:
            raise CheckFailure(
                f"your file does not define `{name}`, which the checks use; the stub declares it "
                f"(`kata reset {self._exercise_id}` restores the stub)"
            ) from None


@dataclass
class _Check:
    name: str
    max_points: float
    cases: list[tuple[str, str, str]] = field(default_factory=list)  # (case id, status, message)
    extras: dict[str, dict[str, Any]] = field(default_factory=dict)  # case id -> optional "mistake", "grid"


def describe_exception(exc: BaseException, learner_file: str | None) -> str:
    """Plain words for an exception raised inside a check."""
    if isinstance(exc, CheckFailure):
        return str(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    mine = [f for f in frames if learner_file and _same_file(f.filename, learner_file)]
    if isinstance(exc, MemoryError):
        return "your code ran out of memory (it hit the memory limit for this exercise)"
    if isinstance(exc, NotImplementedError) and mine:
        last = mine[-1]
        return (f"not implemented yet: `{last.name}` still raises NotImplementedError "
                f"({learner_line(last.filename, last.lineno)} of your file). Replace the stub's `raise` with your code.")
    text = f"{type(exc).__name__}: {exc}".rstrip(": ")
    if mine:
        where = "\n".join(f"  {learner_line(f.filename, f.lineno)}, in {f.name}: {(f.line or '').strip()}"
                          for f in mine[-5:])
        return f"your code raised {text}\n{where}"
    if isinstance(exc, AssertionError):
        return str(exc) or "an assertion in the check failed"
    from kata.grading.crash import crash_site

    return crash_site(exc, learner_file)


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return a == b


class GradingPlugin:
    """Registered with ``pytest.main(plugins=[...])`` in the grading child."""

    def __init__(self, solution: Any, reference: Any, learner_file: str | None, workspace: Path,
                 short: bool = False, load: Callable[[], Any] | None = None,
                 arm: Callable[[], Any] | None = None, stop_at: str = ""):
        """``load`` (raising :class:`LoadFailed`) runs the learner's file once the checks are collected, after
        ``arm`` installed the grading guard; its module then backs ``solution`` (a :class:`LearnerModule`).
        ``stop_at`` (`kata verify` only): stop after the first failed case (``FIRST_FAILURE``), or after the first
        one that names this mistake; the result then holds the checks run so far, a failure among them."""
        self._solution = solution
        self._reference = reference
        self._learner_file = learner_file
        self._workspace = workspace
        self._short = short
        self._exercise_id = getattr(solution, "_exercise_id", "")
        self.checks: dict[str, _Check] = {}
        self.internal_errors: list[str] = []
        self.out_of_memory = False
        self._load, self._arm, self._watch = load, arm, None
        self.load_error = ""
        self.tampering: list[str] = []
        self.unfinished: list[str] = []  # collected checks that never reported (the run was stopped)
        self._stop_at = stop_at
        self.stopped_early = False  # by stop_at: the checks left unreported are not a problem then

    @pytest.fixture(scope="session")
    def solution(self) -> Any:
        return self._solution

    @pytest.fixture(scope="session")
    def reference(self) -> Any:
        return self._reference

    @pytest.fixture(scope="session")
    def workspace(self) -> Path:
        return self._workspace

    @pytest.fixture(scope="session")
    def exercise(self, request: pytest.FixtureRequest):
        """The Exercise being graded (project checks find their run folder through it)."""
        from kata.state.registry import load_registry

        return load_registry().get(self._exercise_id)

    @pytest.fixture(scope="session")
    def short_mode(self) -> bool:
        """True while `kata verify` grades the artifacts of a short run (project checks relax thresholds)."""
        return self._short

    @pytest.fixture
    def rng(self, request: pytest.FixtureRequest) -> np.random.Generator:
        return np.random.default_rng(zlib.crc32(request.node.nodeid.encode()))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.internal_errors.append(f"the checks could not be collected: {str(report.longrepr)[-1500:]}")

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, session: pytest.Session, config: pytest.Config,
                                      items: list[pytest.Item]) -> None:
        """Load the learner's file now that pytest and the checks are loaded: learner code runs after them."""
        # A failed check's verdict and message come from its exception (_record), never from pytest's report of
        # it; formatting that report read and parsed the source of every frame of the traceback, which was
        # half of what grading a failing variant cost. Collection errors, reported above, keep their traceback.
        config.option.tbstyle = "no"
        self.unfinished = [item.nodeid for item in items]
        if self._load is None or self.internal_errors or not items:
            return
        self._watch = self._arm() if self._arm else None
        capture = config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
            try:  # what the file prints goes to the child's output, as a file run on its own would
                object.__setattr__(self._solution, "_module", self._load())
            except LoadFailed as exc:
                self.load_error = str(exc)
        if self.load_error or self._tampered(session):
            items[:] = []

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None):
        yield  # outermost: pytest has put back whatever it changes for the duration of a check
        self._tampered(item.session, full=False)

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session):
        yield
        self._tampered(session)  # everything, while pytest's own changes for the session are still in place

    def _tampered(self, session: pytest.Session, full: bool = True) -> bool:
        """Record what the learner's code changed or tried, and stop the run if it did anything."""
        if self._watch is None:
            return False
        problems = self._watch.refused() + self._watch.changed(full)
        if problems and not self.tampering:
            self.tampering = problems
            session.shouldstop = "the grading was tampered with"
        return bool(problems)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        yield
        if call.when == "call" or (call.when == "setup" and call.excinfo is not None):
            self._record(item, call)

    def _record(self, item: pytest.Item, call: pytest.CallInfo) -> None:
        function = getattr(item, "function", None)
        key = getattr(item, "originalname", item.name)
        if key not in self.checks:
            marker = item.get_closest_marker("points")
            doc = (getattr(function, "__doc__", None) or "").strip().splitlines()
            name = doc[0].strip() if doc else key.removeprefix("test_").replace("_", " ")
            self.checks[key] = _Check(name, float(marker.args[0]) if marker else 1.0)
        case = item.callspec.id if hasattr(item, "callspec") else ""
        if item.nodeid in self.unfinished:
            self.unfinished.remove(item.nodeid)
        exc = call.excinfo.value if call.excinfo else None  # the verdict comes from the call, not from the report
        if exc is None:
            self.checks[key].cases.append((case, "pass", ""))
            return
        if isinstance(exc, _SKIPPED):
            self.checks[key].cases.append((case, "fail", f"the check was skipped: {getattr(exc, 'msg', '')}"))
            return
        if isinstance(exc, MemoryError):
            self.out_of_memory = True
        try:
            message = describe_exception(exc, self._learner_file)
        except BaseException:  # an exception whose own __str__ raises must not take the report down with it
            message = f"your code raised a {type(exc).__name__} whose message cannot be printed"
        if call.when == "setup" and not isinstance(exc, CheckFailure):
            self.internal_errors.append(f"check '{key}' could not be set up: {message}")
        self.checks[key].cases.append((case, "error" if isinstance(exc, MemoryError) else "fail", message))
        extra = self._structured(exc, message)
        if extra:
            self.checks[key].extras[case] = extra
        # what verify's judge reads: the failure's message naming the mistake (not only its structured field)
        if self._stop_at and (self._stop_at == FIRST_FAILURE or f"known mistake ({self._stop_at})" in message):
            self.stopped_early = True
            item.session.shouldstop = "kata verify has the failure it needs"

    def _structured(self, exc: BaseException, message: str) -> dict[str, Any]:
        """The optional fields of a failed case: the known mistake it names, and a small visual diff."""
        extra: dict[str, Any] = {}
        named = exc.mistake if isinstance(exc, CheckFailure) else None
        if not isinstance(named, str):  # a check that wrote known(...) into its message names it there
            found = [(message.find(f"known mistake ({m.name})"), m.name) for m in mistakes_of(self._reference)]
            named = min(((at, name) for at, name in found if at >= 0), default=(0, None))[1]
        if named:
            extra["mistake"] = named
        grid = exc.grid if isinstance(exc, CheckFailure) else None
        if _small_grid(grid):
            extra["grid"] = {k: v for k, v in grid.items() if k in GRID_KEYS}
        return extra

    def outcomes(self) -> list[dict[str, Any]]:
        """One JSON-ready dict per check, as DESIGN.md's ``checks`` entries."""
        result = []
        for check in self.checks.values():
            passed = sum(1 for _, status, _ in check.cases if status == "pass")
            total = len(check.cases)
            failing = [(case, status, msg) for case, status, msg in check.cases if status != "pass"]
            if not check.cases:  # a check that never reported cannot have passed
                failing = [("", "error", "the check did not report an outcome (the grading was interrupted)")]
            status = "pass" if not failing else ("error" if any(s == "error" for _, s, _ in failing) else "fail")
            message = ""
            if failing:
                named = [f for f in failing if "known mistake (" in f[2]]
                case, _, msg = (named or failing)[0]
                prefix = f"[{case}] " if case else ""
                count = f" ({len(failing)} of {total} cases failed)" if total > 1 else ""
                message = f"{prefix}{msg}{count}"[:MAX_MESSAGE]
            result.append({
                "name": check.name,
                "status": status,
                "points": round(check.max_points * passed / total, 2) if total else 0.0,
                "max_points": check.max_points,
                "message": message,
                **(check.extras.get(case, {}) if failing else {}),  # optional: "mistake", "grid"
            })
        return result


GRID_KEYS = {"yours", "expected", "wrong", "slice", "shape", "elsewhere"}


def _small_grid(grid: Any) -> bool:
    """A visual diff small enough and plain enough for the check's JSON (anything else is dropped)."""
    if not isinstance(grid, dict) or not all(k in grid for k in ("yours", "expected", "wrong")):
        return False
    tables = (grid["yours"], grid["expected"])
    return all(isinstance(t, list) and 0 < len(t) <= 16 and all(
        isinstance(row, list) and len(row) <= 16 and all(isinstance(c, str) and len(c) <= 16 for c in row)
        for row in t) for t in tables) and isinstance(grid["wrong"], list) and all(
        isinstance(row, str) and len(row) <= 16 for row in grid["wrong"]) and all(
        isinstance(grid.get(k, []), list) and len(grid.get(k, [])) <= 8 for k in ("slice", "shape")) and isinstance(
        grid.get("elsewhere", 0), int)
