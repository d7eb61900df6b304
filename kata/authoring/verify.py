"""``kata verify``: the author's proof that every check can fail and every reference passes.

For each exercise: its declaration is sound, the reference (graded as a learner file)
passes every check and is worth the declared points, the untouched stub fails (not
errors), and every declared mistake fails with a report that names it. A project is first
run in short mode (`kata run --short`) for each of these, so its checks re-evaluate real
artifacts end to end.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

from kata.exercise import Exercise
from kata.grading.runner import FIRST_FAILURE, GradeResult, Variant, grade_batch, grade_many
from kata.state.registry import Registry

PROJECT_RUN_LIMIT_S = 300
STRUCTURAL_STEPS = 2  # a declared mistake's first run (a project's): enough for the checks that do not need training
T = TypeVar("T")
BATCHES_PER_JOB = 3  # batches of exercises per worker: few startups, and workers that finish together


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


@dataclass
class _Planned:
    """One variant of an exercise to grade, what it must do, and how its project run ended (projects)."""

    label: str  # "reference", "stub" or the mistake's name
    variant: Variant
    run_failure: str = ""  # the last line a failed `kata run --short` printed


def _project_run(exercise: Exercise, workspace: Path, *, file: Path | None = None,
                 mistake: str | None = None) -> tuple[dict, str]:
    """For a project: a short `kata run` into ``workspace``, so the checks have artifacts to re-evaluate.

    Returns the variant's keywords (workspace, short mode) and, when the run failed, its last line of output
    (verify reports it beside the problem it causes); for other exercises, nothing.
    """
    return project_runs(exercise, [(workspace, file, mistake)])[0]


def project_runs(exercise: Exercise, runs: list[tuple], limit: float = PROJECT_RUN_LIMIT_S) -> list[tuple[dict, str]]:
    """Short `kata run`s of a project's variants ``(workspace, file, mistake[, steps])``, forked from one warm
    process (:mod:`kata.authoring.project_runs`), one after the other, each stopped after ``limit`` seconds; per
    run, what :func:`_project_run` returns. ``steps`` (optional) cuts a run's training to that many steps.
    `kata verify --mutants` runs a project's mutants through it too."""
    if not exercise.experiment:
        return [({}, "") for _ in runs]
    with tempfile.TemporaryDirectory(prefix="kata-runs-") as tmp:
        specs = []
        for index, (workspace, file, mistake, *steps) in enumerate(runs):
            workspace.mkdir(parents=True, exist_ok=True)
            argv = ["run", exercise.id, "--short", "--fresh", "--device", "cpu", "--workspace", str(workspace)]
            argv += ["--mistake", mistake] if mistake else ["--file", str(file)]
            argv += ["--steps", str(steps[0])] if steps and steps[0] else []
            specs.append({"argv": argv, "log": str(Path(tmp) / f"run-{index}.log"), "limit": limit,
                          "status": str(Path(tmp) / f"run-{index}.json"), "reference": exercise.reference,
                          "experiment": exercise.experiment.partition(":")[0]})
        listing = Path(tmp) / "runs.json"
        listing.write_text(json.dumps(specs), encoding="utf-8")
        try:
            subprocess.run([sys.executable, "-m", "kata.authoring.project_runs", str(listing)], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, KATA_PLAIN="1"),
                           timeout=len(specs) * limit + 60, check=False)
        except subprocess.TimeoutExpired:
            pass
        return [({"workspace": run[0], "short": True}, _run_failure(spec)) for run, spec in zip(runs, specs)]


def _run_failure(spec: dict) -> str:
    """How a run ended, when it failed: its last line of output (a stub's run fails, and its grading then says
    "run kata run first": that is the expected fail)."""
    try:
        ended = json.loads(Path(spec["status"]).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "the run's process ended without a status"
    if ended.get("timed_out"):
        return f"it ran longer than {spec['limit']:g} s"
    if ended.get("code") == 0:
        return ""
    try:
        output = Path(spec["log"]).read_text(encoding="utf-8", errors="replace")
    except OSError:
        output = ""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else f"exit status {ended.get('code')}"


def _variants(exercise: Exercise, origin: Path, folder: Path) -> list[tuple[str, Path | None, str | None]]:
    """``(label, file, mistake)`` for the reference, the untouched stub and every declared mistake."""
    stub = folder / Path(exercise.filename).name
    stub.write_text(exercise.stub(), encoding="utf-8")
    return [("reference", origin, None), ("stub", stub, None), *((name, None, name) for name in exercise.mistakes)]


def _stop_at(label: str) -> str:
    """How far a variant's grading must go: all the way for the reference (every check passes, the points add
    up), to the first failure for the stub, to the first failure that names it for a mistake."""
    return "" if label == "reference" else FIRST_FAILURE if label == "stub" else label


def _judge(exercise: Exercise, planned: _Planned, result: GradeResult) -> list[str]:
    """What is wrong with this variant's verdict (nothing when the reference passes and the rest fail)."""
    label = planned.label
    if label == "reference":
        if result.status != "pass":
            found = [f"the reference does not pass ({result.status}): {_first_problem(result)}"]
        elif result.max_score != exercise.points:
            return [f"the checks are worth {result.max_score:g} points but the exercise declares {exercise.points}"]
        else:
            return []
    elif label == "stub":
        if result.status == "fail":
            return []
        found = ["the untouched stub passes every check" if result.status == "pass" else
                 f"the untouched stub cannot be run (error instead of fail): {result.message}"]
    elif result.status == "pass":
        found = [f"mistake '{label}' passes every check"]
    elif result.status == "error":
        found = [f"mistake '{label}' could not be graded: {result.message}"]
    elif not any(f"known mistake ({label})" in c["message"] for c in result.checks):
        found = [f"mistake '{label}' fails, but no failing check names it: {_first_problem(result)}"]
    else:
        return []
    if planned.run_failure:
        found = [f"{found[0]} (kata run {exercise.id} --short failed: {planned.run_failure})"]
    return found


def _verify_batch(group: list[tuple[Exercise, Path, Path]]) -> list[tuple[list[str], int]]:
    """Every variant of a few exercises that are not projects, graded from one pre-warmed child.

    Returns, per exercise of ``group``, its problems and how many variants were graded."""
    planned = [[_Planned(label, Variant(file=file, mistake=mistake, stop_at=_stop_at(label)))
                for label, file, mistake in _variants(exercise, origin, folder)]
               for exercise, origin, folder in group]
    results = iter(grade_batch([(exercise, p.variant) for (exercise, _, _), plans in zip(group, planned)
                                for p in plans]))
    outcome = []
    for (exercise, _, _), plans in zip(group, planned):
        mine = [next(results) for _ in plans]
        outcome.append(([problem for p, r in zip(plans, mine) for problem in _judge(exercise, p, r)], len(mine)))
    return outcome


def _groups(exercises: list[tuple[Exercise, Path, Path]], jobs: int) -> list[list[tuple[Exercise, Path, Path]]]:
    """Split the exercises into a few batches of about equal work, torch exercises last in each.

    Each batch starts Python and pytest once; there are a few per worker, so the workers also finish together.
    """
    groups = balanced(exercises, min(len(exercises), BATCHES_PER_JOB * jobs), _cost)
    for group in groups:
        group.sort(key=lambda item: item[0].framework == "torch")
    return groups


def balanced(items: list[T], count: int, cost: Callable[[T], float]) -> list[list[T]]:
    """``items`` in at most ``count`` lists of about equal total ``cost``: the largest first, each to the
    lightest list so far. Empty lists are left out."""
    groups: list[list[T]] = [[] for _ in range(max(1, count))]
    load = [0.0] * len(groups)
    for item in sorted(items, key=cost, reverse=True):
        lightest = load.index(min(load))
        groups[lightest].append(item)
        load[lightest] += cost(item)
    return [g for g in groups if g]


def _cost(item: tuple[Exercise, Path, Path]) -> float:
    exercise = item[0]
    return (2 + len(exercise.mistakes)) * (2.0 if exercise.framework == "torch" else 1.0)


def _verify_project(exercise: Exercise, origin: Path, folder: Path) -> list[tuple[list[str], int]]:
    """Every variant of a project, its runs forked from one warm process, then graded in one batch.

    The reference and the stub get the short run. A declared mistake first gets a run of
    ``STRUCTURAL_STEPS`` steps, graded beside the reference's own run of that length: when a check that the
    reference passes after so few steps fails and names the mistake, the check is about what the model is, not
    about how far it trained, and the mistake is proven. Only a mistake that is not proven that way gets the
    short run as well, and is judged on it.
    """
    variants = _variants(exercise, origin, folder)
    reference, mistakes = variants[0], variants[2:]
    first = [*variants[:2], reference, *mistakes]  # the short runs, then the runs of STRUCTURAL_STEPS steps
    planned = _planned_runs(exercise, first, folder, [None, None] + [STRUCTURAL_STEPS] * (1 + len(mistakes)))
    results = grade_many(exercise, [p.variant for p in planned])
    problems = [problem for p, r in zip(planned[:2], results[:2]) for problem in _judge(exercise, p, r)]
    untrained = results[2].passed() if not planned[2].run_failure else set()
    unproven = [variant for variant, result in zip(mistakes, results[3:])
                if not (result.status == "fail" and any(c["name"] in untrained and c["status"] != "pass" and
                                                        f"known mistake ({variant[0]})" in c["message"]
                                                        for c in result.checks))]
    graded = len(results)
    if unproven:  # the slow way: the short run, judged as the reference's is
        again = _planned_runs(exercise, unproven, folder / "short", [None] * len(unproven))
        problems += [problem for p, r in zip(again, grade_many(exercise, [p.variant for p in again]))
                     for problem in _judge(exercise, p, r)]
        graded += len(again)
    return [(problems, graded)]


def _planned_runs(exercise: Exercise, variants: list[tuple[str, Path | None, str | None]], folder: Path,
                  steps: list[int | None]) -> list[_Planned]:
    """Each variant's project run (``steps``: its training cut to that many, or None for the short run), as the
    variant to grade on its artifacts."""
    runs = project_runs(exercise, [(folder / f"run-{i}", file, mistake, n)
                                   for i, ((_, file, mistake), n) in enumerate(zip(variants, steps))])
    return [_Planned(label, Variant(file=file, mistake=mistake, stop_at=_stop_at(label), **keywords), failure)
            for (label, file, mistake), (keywords, failure) in zip(variants, runs)]


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
        tasks: list[tuple[list[VerifyItem], object, tuple]] = []
        plain: list[tuple[Exercise, Path, Path]] = []
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
            if exercise.experiment:  # the long ones first, so the short ones fill the other workers meanwhile
                tasks.append(([item], _verify_project, (exercise, origin, folder)))
            else:
                plain.append((exercise, origin, folder))
        tasks += [([items[e.id] for e, _, _ in group], _verify_batch, (group,)) for group in _groups(plain, jobs)]
        futures = [(owners, pool.submit(task, *args)) for owners, task, args in tasks]
        for owners, future in futures:
            outcome = future.result()
            for item, (problems, runs) in zip(owners, outcome):
                item.problems += problems
                item.runs += runs
    return [items[e.id] for e in exercises]
