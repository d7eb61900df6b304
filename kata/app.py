"""The state of one ``kata`` invocation and the options its verbs share.

:class:`App` builds the registry, the workspace and the progress store on first use, so a verb pays only for
what it touches. Every verb in :mod:`kata.commands` takes it with ``@click.pass_obj``. This module is engine,
not entry point: it imports the registry, workspace, progress and render modules, never a verb, never ``cli``.
Nothing here imports numpy, torch or pytest.
"""

from __future__ import annotations

import sys
from functools import cached_property
from pathlib import Path
from typing import Any

import click

from kata.exercise import Exercise
from kata.reporting import render
from kata.state.catalogue_cache import cached_registry
from kata.state.notices import PluginLoadError, warn
from kata.state.registry import Registry, UnknownExercise
from kata.state.status import status_of
from kata.state.workspace import Workspace, find_workspace

USAGE_ERROR = 2


class App:
    """Per-invocation state: the registry and the workspace, both built on first use."""

    def __init__(self) -> None:
        self.workspace_option: str | None = None

    @cached_property
    def registry(self) -> Registry:
        try:
            registry = cached_registry()
        except PluginLoadError as exc:
            render.error(str(exc))
            sys.exit(USAGE_ERROR)
        warn((registry.plugins.warnings if registry.plugins else []) + registry.duplicates)
        return registry

    @cached_property
    def workspace(self) -> Workspace:
        return find_workspace(self.workspace_option)

    @cached_property
    def store(self):
        from kata.state.progress import ProgressStore

        store = ProgressStore(self.workspace.store_path)
        ctx = click.get_current_context(silent=True)
        if ctx is not None:  # every verb that touched the store reports a rebuilt one, once
            ctx.call_on_close(self.store_warnings)
        return store

    def store_warnings(self) -> None:
        warn(self.store.warnings)
        self.store.warnings.clear()

    def progress(self) -> dict:
        if "store" not in self.__dict__ and not self.workspace.store_path.exists():
            return {}  # no store yet: nothing to read, and the store's module need not load
        summary = self.store.summary()
        self.store_warnings()
        return summary

    def write_stub(self, exercise: Exercise, target: Path | None = None, text: str | None = None,
                   event: str = "start", detail: str = "") -> Path | None:
        """Write the exercise's stub (or ``text``) to ``target``, backing up a file already there, and record
        ``event``; returns the backup's path. Shared by start, reset and watch."""
        target = target or self.workspace.file_for(exercise)
        self.workspace.ensure()
        backup = self.workspace.backup(target) if target.exists() else None
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(exercise.stub() if text is None else text, encoding="utf-8")
        self.store.record_event(exercise.id, event, detail)
        return backup

    def record_result(self, exercise: Exercise, result: Any, path: Path, digest: str | None = None) -> None:
        """Record a graded attempt, as `kata check` and `kata watch` do."""
        from kata.state.progress import file_hash

        self.workspace.ensure()
        self.store.record_attempt(exercise.id, result.status, result.score, result.max_score, result.duration_s,
                                  digest or file_hash(path))
        self.store_warnings()

    def exercise(self, exercise_id: str) -> Exercise:
        try:
            return self.registry.get(exercise_id)
        except UnknownExercise as exc:
            render.error(str(exc))
            sys.exit(USAGE_ERROR)

    def path(self) -> list[Exercise]:
        """The exercises in recommended order (kata.state.path); a cycle of prerequisites is a warning here, and the
        catalogue order is used instead (`kata next` refuses it outright)."""
        from kata.state.path import PathError

        try:
            found = self.registry.path()
        except PathError as exc:
            warn([str(exc)])
            return self.registry.ordered()
        warn(found.warnings)
        return found.order

    def next_after(self, exercise: Exercise | None, progress: dict,
                   order: list[Exercise] | None = None) -> Exercise | None:
        """The first exercise on the path after ``exercise`` (wrapping round) that is not done."""
        ordered = order if order is not None else self.path()
        start = ordered.index(exercise) + 1 if exercise in ordered else 0
        for candidate in ordered[start:] + ordered[:start]:
            if candidate is not exercise and status_of(candidate, progress.get(candidate.id), self.workspace) != "done":
                return candidate
        return None


def _set_workspace(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(App).workspace_option = value


_WORKSPACE_HELP = ("The learner's workspace (default: KATA_WORKSPACE, the nearest enclosing one, "
                   "else the current folder).")
# KATA_WORKSPACE is read once, by the group: `kata --workspace DIR VERB` must beat the environment.
root_workspace_option = click.option("--workspace", metavar="DIR", envvar="KATA_WORKSPACE", expose_value=False,
                                     callback=_set_workspace, help=_WORKSPACE_HELP)
workspace_option = click.option("--workspace", metavar="DIR", expose_value=False, callback=_set_workspace,
                                help=_WORKSPACE_HELP)
json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")


def emit_json(data: Any) -> None:
    """What every ``--json`` prints: the data, indented by 2."""
    import json  # here: the plain output of `kata list` needs none of it

    click.echo(json.dumps(data, indent=2))


def complete_ids(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    return [i for i in cached_registry().exercises if i.startswith(incomplete)]


exercise_argument = click.argument("exercise_id", metavar="ID", shell_complete=complete_ids)
