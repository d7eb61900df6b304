"""All exercises known to this run, looked up by id, in catalogue order."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterable, Mapping

from kata.exercise import TRACKS, Exercise

if TYPE_CHECKING:  # pragma: no cover
    from kata.state.plugins import LoadedPlugins


class UnknownExercise(LookupError):
    def __init__(self, wanted: str, suggestions: list[str]):
        self.wanted = wanted
        self.suggestions = suggestions
        hint = f" Did you mean {' or '.join(suggestions)}?" if suggestions else " `kata list` shows them all."
        super().__init__(f"Unknown exercise '{wanted}'.{hint}")


def sort_key(exercise_id: str) -> tuple:
    track, _, rest = exercise_id.partition(".")
    order = list(TRACKS).index(track) if track in TRACKS else len(TRACKS)
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in rest.split("."))
    return (order, track, parts)


class Registry:
    """The exercises by id, which plugin owns each, and what went wrong registering them.

    A plain class, not a dataclass: every light verb imports this module, and making a dataclass costs more than
    reading the cached catalogue does."""

    def __init__(self, exercises: dict[str, Exercise] | None = None, owner: dict[str, str] | None = None,
                 duplicates: list[str] | None = None, plugins: LoadedPlugins | None = None) -> None:
        self.exercises = {} if exercises is None else exercises
        self.owner = {} if owner is None else owner
        self.duplicates = [] if duplicates is None else duplicates
        self.plugins = plugins  # None for a catalogue read from the cache (kata.state.catalogue_cache)

    def loaded_plugins(self) -> LoadedPlugins:
        """The plugin manager and what each plugin brought; a registry read from the cache loads them now."""
        if self.plugins is None:
            self.plugins = load_registry().plugins
        return self.plugins

    def add(self, exercise: Exercise, owner: str = "test") -> None:
        if exercise.id in self.exercises:
            self.duplicates.append(
                f"exercise id '{exercise.id}' is declared by both {self.owner[exercise.id]} and {owner}; "
                "the second was ignored"
            )
            return
        self.exercises[exercise.id] = exercise
        self.owner[exercise.id] = owner

    def ordered(self) -> list[Exercise]:
        return [self.exercises[i] for i in sorted(self.exercises, key=sort_key)]

    def path(self):
        """The recommended order (kata.state.path); raises kata.state.path.PathError when prerequisites form a cycle."""
        from kata.state.path import learning_path

        return learning_path(self.ordered())

    def get(self, exercise_id: str) -> Exercise:
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise UnknownExercise(exercise_id, self.suggest(exercise_id)) from None

    def suggest(self, wanted: str) -> list[str]:
        import difflib

        ids = sorted(self.exercises, key=sort_key)
        close = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)
        return close or [i for i in ids if i.startswith(wanted)][:3]

    def select(self, ids: Iterable[str] = (), track: str | None = None, kind: str | None = None) -> list[Exercise]:
        chosen = [self.get(i) for i in ids] if ids else self.ordered()
        return [e for e in chosen if (track is None or e.track == track) and (kind is None or e.kind == kind)]


def load_registry(env: Mapping[str, str] | None = None, *, entry_points: bool = True) -> Registry:
    """Load every plugin and collect its exercises; broken packs are warnings."""
    from kata.state.plugins import call_register, load_plugins

    env = os.environ if env is None else env
    loaded = load_plugins(env, entry_points=entry_points)
    registry = Registry(plugins=loaded)

    def register(exercise: Exercise, owner: str) -> None:
        registry.add(exercise, owner)
        info = loaded.info.get(owner)
        if info is not None and exercise.id in registry.exercises and registry.owner[exercise.id] == owner:
            info.exercises.append(exercise.id)

    call_register(loaded, register, env)
    return registry
