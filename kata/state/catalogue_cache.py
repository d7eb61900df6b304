"""The built-in catalogue, cached: `kata list`, `kata next` and the other light verbs skip importing every
exercise plugin and pluggy (about a third of `kata list`).

Written only by a live load that found no pack, no warning and no duplicate id; read only when nothing it was
made from changed: the interpreter and every folder on ``sys.path`` (an installed pack shows there, and then the
plugins load live), the plugin switches, kata's declaration module, and the size and modification time of every
built-in exercise's ``__init__.py``. A registry read from it loads the plugins on its first
``Registry.loaded_plugins()`` (``kata plugins``, a pack's commands). ``KATA_NO_CACHE=1`` always loads live.
"""

from __future__ import annotations

import os
from dataclasses import fields
from typing import Mapping

import kata.exercise as declaration
from kata.exercise import Accepts, Exercise
from kata.state import cache
from kata.state.builtins import BUILTIN, builtin_folders
from kata.state.registry import Registry, load_registry

NAME = "catalogue"
SWITCHES = ("KATA_LOAD_PLUGINS", "KATA_DISABLE_PLUGINS", "KATA_STRICT_PLUGINS")


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def _key(env: Mapping[str, str]) -> list:
    plugins = [(name, _stamp(os.path.join(folder, "__init__.py"))) for name, folder in builtin_folders()]
    return [cache.fingerprint(), [(s, env.get(s)) for s in SWITCHES], _stamp(declaration.__file__), plugins]


def _row(exercise: Exercise) -> dict:
    row = {f.name: getattr(exercise, f.name) for f in fields(Exercise)}
    row["accepts"] = {f.name: getattr(exercise.accepts, f.name) for f in fields(Accepts)}
    return row


def _exercise(row: dict) -> Exercise:
    row = dict(row)
    accepts = Accepts(**row.pop("accepts"))
    return Exercise(**row, accepts=accepts)


def _cacheable(registry: Registry) -> bool:
    loaded = registry.plugins
    return loaded is not None and not registry.duplicates and not loaded.warnings and set(loaded.info) == {BUILTIN}


def cached_registry(env: Mapping[str, str] | None = None) -> Registry:
    """The registry, from the cache when the built-in catalogue is all there is and nothing changed."""
    env = os.environ if env is None else env
    key = _key(env)  # before loading: an edit made during the load must not be cached under the new key
    rows = cache.read(NAME, key)
    if rows is not None:
        try:
            exercises = [_exercise(row) for row in rows]
        except (TypeError, ValueError, KeyError):
            exercises = None  # written by another version of Exercise: load live and rewrite it
        if exercises is not None:
            registry = Registry()
            for exercise in exercises:
                registry.add(exercise, BUILTIN)
            return registry
    registry = load_registry(env)
    if _cacheable(registry):
        cache.write(NAME, key, [_row(e) for e in registry.exercises.values()])
    return registry
