"""One word for where a learner stands on an exercise, shared by list and progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from kata.exercise import Exercise
    from kata.state.progress import ExerciseProgress
    from kata.state.workspace import Workspace

STATUSES = ("done", "in_progress", "not_started")


def status_of(exercise: Exercise, progress: ExerciseProgress | None, workspace: Workspace) -> str:
    if progress and progress.passed:
        return "done"
    if (progress and (progress.attempts or progress.started)) or workspace.file_for(exercise).exists():
        return "in_progress"
    return "not_started"
