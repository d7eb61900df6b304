"""The recommended path through the exercises: track order, then declared prerequisites.

The built-in tracks are walked drills first (small facts), then stage 6 (the block), lab 00 (one
block by hand), chapter 13 (the book's exercises); a pack's tracks follow, in the registry's order.
Within that order an exercise moves after everything in its ``after`` (its prerequisites), so a
pack can hook its exercises into the path. A prerequisite nobody declares is ignored with a warning;
prerequisites that form a cycle are refused with :class:`PathError`, which names the cycle.
No numpy: ``kata list`` and ``kata next`` use this.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from kata.exercise import Exercise

TRACK_ORDER = ("ta", "6", "lab00", "13")


class PathError(ValueError):
    """The declared prerequisites cannot be ordered (they form a cycle)."""


class LearningPath:
    """The exercises in recommended order, and what was wrong with the declarations (warnings).

    A plain class, not a dataclass: `kata list` imports this module, and making a dataclass costs it more than
    working out the whole path does."""

    __slots__ = ("order", "warnings")

    def __init__(self, order: list[Exercise], warnings: list[str] | None = None) -> None:
        self.order = order
        self.warnings = [] if warnings is None else warnings

    def position(self, exercise_id: str) -> int:
        return [e.id for e in self.order].index(exercise_id)

    def next_open(self, done: set[str], after: str | None = None) -> Exercise | None:
        """The first exercise not in ``done`` (after ``after`` if given, wrapping round), or ``None``."""
        ids = [e.id for e in self.order]
        start = ids.index(after) + 1 if after in ids else 0
        for exercise in self.order[start:] + self.order[:start]:
            if exercise.id not in done and exercise.id != after:
                return exercise
        return None


def _base_key(catalogue_index: Mapping[str, int]):
    def key(exercise: Exercise) -> tuple:
        track = TRACK_ORDER.index(exercise.track) if exercise.track in TRACK_ORDER else len(TRACK_ORDER)
        return (track, catalogue_index[exercise.id])

    return key


def _find_cycle(pending: dict[str, list[str]]) -> list[str]:
    """One cycle among ``pending`` (id -> prerequisites still unplaced), as a list of ids."""
    start = next(iter(pending))
    seen: list[str] = []
    node = start
    while node not in seen:
        seen.append(node)
        node = next(p for p in pending[node] if p in pending)
    return seen[seen.index(node):] + [node]


def learning_path(exercises: Iterable[Exercise]) -> LearningPath:
    """Order ``exercises`` (given in catalogue order) along the path; raise PathError on a cycle."""
    exercises = list(exercises)
    catalogue_index = {e.id: i for i, e in enumerate(exercises)}
    by_id = {e.id: e for e in exercises}
    warnings = []
    needs: dict[str, list[str]] = {}
    for exercise in exercises:
        known = []
        for wanted in exercise.after:
            if wanted in by_id and wanted != exercise.id:
                known.append(wanted)
            else:
                what = "itself" if wanted == exercise.id else f"'{wanted}', which no loaded exercise has"
                warnings.append(f"exercise {exercise.id} declares a prerequisite on {what}; it is ignored")
        needs[exercise.id] = known
    remaining = sorted(exercises, key=_base_key(catalogue_index))
    placed: set[str] = set()
    order: list[Exercise] = []
    while remaining:
        ready = next((e for e in remaining if all(p in placed for p in needs[e.id])), None)
        if ready is None:
            cycle = _find_cycle({e.id: needs[e.id] for e in remaining})
            raise PathError("the exercises' prerequisites form a cycle (" + " needs ".join(cycle)
                            + "), so no order can satisfy them; remove one of these `after=` entries")
        order.append(ready)
        placed.add(ready.id)
        remaining.remove(ready)
    return LearningPath(order, warnings)
