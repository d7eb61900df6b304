"""``kata verify``: the author's proof that every check can fail and every reference passes.

For each exercise: its declaration is sound, the reference (graded as a learner file)
passes every check and is worth the declared points, the untouched stub fails (not
errors), and every declared mistake fails with a report that names it. A project is first
run in short mode (`kata run --short`) for each of these, so its checks re-evaluate real
artifacts end to end.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kata.exercise import Exercise
from kata.grading.runner import GradeResult, grade
from kata.registry import Registry

PROJECT_RUN_LIMIT_S = 300


@dataclass
class VerifyItem:
    id: str
    problems: list[str] = field(default_factory=list)
    runs: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict:
        return {"id": self.id, "ok": self.ok, "problems": self.problems, "runs": self.runs}


def _first_problem(result: GradeResult) -> str:
    failing = [c for c in result.checks if c["status"] != "pass"]
    return result.message or (f"'{failing[0]['name']}': {failing[0]['message']}" if failing else "")


def _project_run(exercise: Exercise, workspace: Path, *, file: Path | None = None, mistake: str | None = None) -> dict:
    """For a project: a short `kata run` into ``workspace``, so the checks have artifacts to re-evaluate.

    Returns the grading keywords (workspace, short mode); for other exercises, none.
    """
    if not exercise.experiment:
        return {}
    workspace.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-c", "import cli; cli.main()", "run", exercise.id, "--short", "--fresh",
               "--device", "cpu", "--workspace", str(workspace)]
    command += ["--mistake", mistake] if mistake else ["--file", str(file)]
    env = dict(os.environ, KATA_PLAIN="1")
    try:  # a stub's run fails, and its grading then says "run kata run first": that is the expected fail
        subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=env, timeout=PROJECT_RUN_LIMIT_S, check=False)
    except subprocess.TimeoutExpired:
        pass
    return {"workspace": workspace, "short": True}


def _check_reference(exercise: Exercise, path: Path, folder: Path) -> list[str]:
    result = grade(exercise, file=path, **_project_run(exercise, folder / "reference-run", file=path))
    if result.status != "pass":
        return [f"the reference does not pass ({result.status}): {_first_problem(result)}"]
    if result.max_score != exercise.points:
        return [f"the checks are worth {result.max_score:g} points but the exercise declares {exercise.points}"]
    return []


def _check_stub(exercise: Exercise, folder: Path) -> list[str]:
    stub = folder / Path(exercise.filename).name
    stub.write_text(exercise.stub(), encoding="utf-8")
    result = grade(exercise, file=stub, **_project_run(exercise, folder / "stub-run", file=stub))
    if result.status == "fail":
        return []
    if result.status == "pass":
        return ["the untouched stub passes every check"]
    return [f"the untouched stub cannot be run (error instead of fail): {result.message}"]


def _check_mistake(exercise: Exercise, name: str, folder: Path) -> list[str]:
    run = _project_run(exercise, folder / f"mistake-{abs(hash(name))}", mistake=name)
    result = grade(exercise, mistake=name, **run)
    if result.status == "pass":
        return [f"mistake '{name}' passes every check"]
    if result.status == "error":
        return [f"mistake '{name}' could not be graded: {result.message}"]
    if not any(f"known mistake ({name})" in c["message"] for c in result.checks):
        return [f"mistake '{name}' fails, but no failing check names it: {_first_problem(result)}"]
    return []


def _declared_mistakes(exercise: Exercise) -> tuple[Path | None, list[str]]:
    spec = importlib.util.find_spec(exercise.reference)
    if spec is None or not spec.origin:
        return None, [f"reference module {exercise.reference} not found"]
    module = importlib.import_module(exercise.reference)
    defined = {m.name for m in getattr(module, "MISTAKES", ())}
    problems = [f"mistake '{n}' is declared but the reference defines no such MISTAKES entry"
                for n in exercise.mistakes if n not in defined]
    problems += [f"the reference defines mistake '{n}' that the exercise does not declare"
                 for n in sorted(defined - set(exercise.mistakes))]
    return Path(spec.origin), problems


def verify(registry: Registry, exercises: list[Exercise], jobs: int | None = None) -> list[VerifyItem]:
    items = {e.id: VerifyItem(e.id) for e in exercises}
    for message in registry.duplicates:
        for item in items.values():
            if f"'{item.id}'" in message:
                item.problems.append(message)
    jobs = jobs or max(1, os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="kata-verify-") as tmp, ThreadPoolExecutor(jobs) as pool:
        futures = []
        for exercise in exercises:
            item = items[exercise.id]
            item.problems += exercise.problems()
            try:
                origin, problems = _declared_mistakes(exercise)
            except Exception as exc:  # the reference itself is broken
                item.problems.append(f"the reference cannot be imported: {type(exc).__name__}: {exc}")
                continue
            item.problems += problems
            if origin is None:
                continue
            folder = Path(tmp) / exercise.slug
            folder.mkdir()
            futures.append((item, pool.submit(_check_reference, exercise, origin, folder)))
            futures.append((item, pool.submit(_check_stub, exercise, folder)))
            futures += [(item, pool.submit(_check_mistake, exercise, name, folder)) for name in exercise.mistakes]
        for item, future in futures:
            item.problems += future.result()
            item.runs += 1
    return [items[e.id] for e in exercises]
