"""A project's mutants: each one a learner file given the short `kata run` and graded on what it made.

A project's checks read the artifacts of a training run, so every mutant of its model code gets the run
`kata verify` gives a project's variants (:func:`kata.authoring.verify.project_runs`: short mode, forked
from one warm process) in a workspace of its own, then one grading batch. A mutant is *killed* when its run
fails (it crashes, or runs past the limit) or a check fails.

A run costs seconds, so most mutants never need one: first every mutant is graded without a run. The
checks the reference passes without one (a module against torch, a masking rule) do not read the artifacts;
a mutant that fails one of them is killed as it would be after its run. Only the rest are run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from kata.exercise import Exercise
from kata.grading.runner import FIRST_FAILURE, Variant, grade_many

SCREEN_LIMIT_S = 30.0
SLOWER = 5.0  # a mutant's run or grading may take this many times the reference's (at least the floors below)
RUN_FLOOR_S, GRADE_FLOOR_S = 60.0, 30.0


@dataclass
class ProjectGrading:
    note: str = ""  # why the mutants were not measured, when they were not
    killed: list[bool] | None = None  # per mutant file
    screened: int = 0  # killed by a check that needs no run
    runs: int = 0  # short runs given to mutants
    failures: dict[int, str] | None = None  # mutant index -> how its run failed


def _empty(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def grade_project(exercise: Exercise, reference: Path, files: list[Path], folder: Path) -> ProjectGrading:
    """Which of the mutant ``files`` the project's checks kill, each after its own short run if it needs one."""
    from kata.authoring.verify import PROJECT_RUN_LIMIT_S, project_runs

    screen = grade_many(exercise, [Variant(file=f, workspace=_empty(folder / "screen" / str(i)), short=True)
                                   for i, f in enumerate([reference, *files])], time_limit=SCREEN_LIMIT_S)
    runless = screen[0].passed()  # the checks that read no artifacts
    killed = [r.status == "error" or bool(runless - r.passed()) for r in screen[1:]]
    started = time.monotonic()
    [(keywords, failure)] = project_runs(exercise, [(folder / "runs" / "reference", reference, None)])
    run_s = time.monotonic() - started
    mine = grade_many(exercise, [Variant(file=reference, **keywords)])[0]
    if failure or mine.status != "pass":
        why = failure or next((c["message"] for c in mine.checks if c["status"] != "pass"), mine.message)
        return ProjectGrading(note=f"not measured: the reference's short run or its grading fails: {why}"[:300])
    left = [i for i, k in enumerate(killed) if not k]
    grading = ProjectGrading(killed=killed, screened=len(files) - len(left), runs=len(left), failures={})
    if not left:
        return grading
    limit = min(float(PROJECT_RUN_LIMIT_S), max(RUN_FLOOR_S, SLOWER * run_s))
    runs = project_runs(exercise, [(folder / "runs" / str(i), files[i], None) for i in left], limit=limit)
    grade_limit = min(float(exercise.time_limit), max(GRADE_FLOOR_S, SLOWER * mine.duration_s))
    results = grade_many(exercise, [Variant(file=files[i], stop_at=FIRST_FAILURE, **kw)  # killed by any failure
                                    for i, (kw, _) in zip(left, runs)], time_limit=grade_limit)
    for i, (_, failure), result in zip(left, runs, results):
        killed[i] = bool(failure) or result.status != "pass"
        if failure:
            grading.failures[i] = failure
    return grading
