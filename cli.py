"""The ``kata`` command: a thin Click layer over the engine in ``kata/``.

Exit codes: 0 success (a check passed), 1 a check failed (or verify found a problem),
2 a usage error (unknown id, missing file, bad option), 3 the learner's file could
not be run at all (syntax/import error, crash, early exit, time or memory limit).
Nothing here imports numpy, torch or pytest at module level.
"""

from __future__ import annotations

import json
import sys
from functools import cached_property
from pathlib import Path
from typing import Any

import click

from kata import __version__, render
from kata import commands as builtin_commands
from kata.exercise import TRACKS, Exercise, solution_text
from kata.plugins import PluginLoadError, warn
from kata.registry import Registry, UnknownExercise, load_registry
from kata.status import STATUSES, status_of
from kata.workspace import Workspace, find_workspace

USAGE_ERROR = 2


class App:
    """Per-invocation state: the registry and the workspace, both built on first use."""

    def __init__(self) -> None:
        self.workspace_option: str | None = None

    @cached_property
    def registry(self) -> Registry:
        try:
            registry = load_registry()
        except PluginLoadError as exc:
            render.error(str(exc))
            sys.exit(USAGE_ERROR)
        warn(registry.plugins.warnings + registry.duplicates)
        return registry

    @cached_property
    def workspace(self) -> Workspace:
        return find_workspace(self.workspace_option)

    @cached_property
    def store(self):
        from kata.progress import ProgressStore

        store = ProgressStore(self.workspace.store_path)
        ctx = click.get_current_context(silent=True)
        if ctx is not None:  # every verb that touched the store reports a rebuilt one, once
            ctx.call_on_close(self.store_warnings)
        return store

    def store_warnings(self) -> None:
        warn(self.store.warnings)
        self.store.warnings.clear()

    def progress(self) -> dict:
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
        from kata.progress import file_hash

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
        """The exercises in recommended order (kata.path); a cycle of prerequisites is a warning here, and the
        catalogue order is used instead (`kata next` refuses it outright)."""
        from kata.path import PathError

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


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2))


def _complete_ids(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    return [i for i in load_registry().exercises if i.startswith(incomplete)]


exercise_argument = click.argument("exercise_id", metavar="ID", shell_complete=_complete_ids)


class KataGroup(click.Group):
    """Adds the commands that plugins contribute (``kata_register_commands``) on first lookup."""

    _plugins_added = False

    def _add_plugin_commands(self, ctx: click.Context) -> None:
        if not KataGroup._plugins_added:
            KataGroup._plugins_added = True
            ctx.ensure_object(App).registry.plugins.manager.hook.kata_register_commands(cli=self)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._add_plugin_commands(ctx)
        return sorted(set(super().list_commands(ctx)) | set(builtin_commands.available()))

    def get_command(self, ctx: click.Context, name: str):
        found = super().get_command(ctx, name) or builtin_commands.load(name)
        if found is None:
            self._add_plugin_commands(ctx)
            found = super().get_command(ctx, name)
        return found


@click.group(cls=KataGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kata")
@root_workspace_option
@click.pass_context
def main(ctx: click.Context) -> None:
    """Learn transformers by implementing them, one graded kata at a time.

    Start with `kata list`, then `kata start 6.7`, edit the file it prints, and `kata check 6.7`.
    Exit codes: 0 ok, 1 a check failed, 2 usage error, 3 your file could not be run.
    """
    ctx.ensure_object(App)


@main.command("list")
@click.option("--track", metavar="TRACK", help=f"Only this track ({', '.join(TRACKS)}, or a pack's).")
@click.option("--kind", type=click.Choice(["concept", "numeric", "implement", "theory", "project"]), help="Only this kind.")
@click.option("--status", type=click.Choice(list(STATUSES)), help="Only exercises in this state.")
@json_option
@workspace_option
@click.pass_obj
def list_cmd(app: App, track: str | None, kind: str | None, status: str | None, as_json: bool) -> None:
    """List exercises with their state."""
    known_tracks = {ex.track for ex in app.registry.ordered()}
    if track is not None and track not in known_tracks:
        render.error(f"Unknown track '{track}'. Tracks: {', '.join(sorted(known_tracks))}.")
        sys.exit(USAGE_ERROR)
    progress = app.progress()
    rows = []
    for ex in (e for e in app.path() if (track is None or e.track == track) and (kind is None or e.kind == kind)):
        state = status_of(ex, progress.get(ex.id), app.workspace)
        if status is None or state == status:
            rows.append({"id": ex.id, "title": ex.title, "track": ex.track, "kind": ex.kind,
                         "framework": ex.framework, "points": ex.points, "status": state, "after": list(ex.after)})
    if as_json:
        _emit_json(rows)
        return
    render.table(["id", "title", "kind", "lib", "points", "status"],
                 [[r["id"], r["title"], r["kind"], r["framework"], str(r["points"]), r["status"].replace("_", " ")]
                  for r in rows])


@main.command()
@exercise_argument
@workspace_option
@click.pass_obj
def show(app: App, exercise_id: str) -> None:
    """Print an exercise's statement."""
    ex = app.exercise(exercise_id)
    render.markdown(f"# {ex.id} {ex.title}\n\n*{ex.kind}, {ex.framework}, {ex.points} points; "
                    f"your file: `{ex.filename}`*\n\n{ex.statement()}{_related(app, ex)}")


def _related(app: App, ex: Exercise) -> str:
    """The exercise's neighbours on the path: what it builds on (its ``after``) and what builds on it."""
    known = app.registry.exercises
    before = [f"{i} ({known[i].title})" for i in ex.after if i in known]
    later = [f"{e.id} ({e.title})" for e in app.registry.ordered() if ex.id in e.after]
    lines = ([f"- builds on: {', '.join(before)}"] if before else []) + \
            ([f"- used again in: {', '.join(later)}"] if later else [])
    return "\n\n## Related exercises\n\n" + "\n".join(lines) + "\n" if lines else ""


@main.command()
@exercise_argument
@click.option("--force", is_flag=True, help="Overwrite a started file (a backup is kept).")
@click.option("--notebook", is_flag=True, help="Write a Jupyter notebook (.ipynb) instead of a .py file.")
@workspace_option
@click.pass_obj
def start(app: App, exercise_id: str, force: bool, notebook: bool) -> None:
    """Write the exercise's stub into the workspace and print its path."""
    ex = app.exercise(exercise_id)
    ws = app.workspace
    target = ws.file_for(ex)
    if notebook:
        from kata.notebooks import notebook_path, notebook_text

        target = notebook_path(target)
    if target.exists() and not force:
        again = f"kata start {ex.id}{' --notebook' if notebook else ''} --force"
        reset = "" if notebook else f", or `kata reset {ex.id}`"
        render.error(f"{target} already exists; edit it, or use `{again}` to replace it "
                     f"with the stub (a backup is kept){reset}.")
        sys.exit(USAGE_ERROR)
    backup = app.write_stub(ex, target, notebook_text(ex) if notebook else None, "start", "notebook" if notebook else "")
    if backup:
        render.echo(f"backup of your file: {backup}")
    render.echo(str(target))
    if notebook:
        render.echo(f"Open it in Jupyter and fill in the code cells; grade them there with `%load_ext kata` and "
                    f"`%kata check {ex.id}`, or here with `kata check {ex.id} --file {target}`.")
    else:
        render.echo(f"Read the statement with `kata show {ex.id}`, edit the file, then run `kata check {ex.id}`.")


@main.command()
@exercise_argument
@click.option("--file", "file_", type=click.Path(dir_okay=False, path_type=Path),
              help="Grade this file instead of the workspace's.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), help="Seconds allowed (default: the exercise's).")
@json_option
@workspace_option
@click.pass_obj
def check(app: App, exercise_id: str, file_: Path | None, time_limit: float | None, as_json: bool) -> None:
    """Grade your solution of an exercise."""
    ex = app.exercise(exercise_id)
    if not app.workspace.root.is_dir():
        render.error(f"the workspace {app.workspace.root} does not exist (`kata start {ex.id}` creates it).")
        sys.exit(USAGE_ERROR)
    path = (file_ or app.workspace.file_for(ex)).resolve()
    if not file_ and not path.is_file():  # started with `kata start ID --notebook`: grade the notebook
        from kata.notebooks import notebook_path

        if notebook_path(path).is_file():
            path = notebook_path(path)
    if not path.is_file():
        hint = "" if file_ else f" Run `kata start {ex.id}` first."
        render.error(f"no file to grade: {path} does not exist.{hint}")
        sys.exit(USAGE_ERROR)
    from kata.grading.runner import grade

    result = grade(ex, file=path, workspace=app.workspace.root, time_limit=time_limit)
    if not file_ or app.workspace.exists():
        app.record_result(ex, result, path)
    if as_json:
        _emit_json(result.to_json())
    else:
        steps = []
        if result.status == "pass":
            steps += render.pass_notes(ex, result)
            nxt = app.next_after(ex, app.progress())
            if nxt is None:
                steps.append("Passed. That was the last one!")
            elif status_of(nxt, app.progress().get(nxt.id), app.workspace) == "in_progress":
                steps.append(f"Passed. Next: `kata check {nxt.id}` ({nxt.title}; you have started it).")
            else:
                steps.append(f"Passed. Next: `kata start {nxt.id}` ({nxt.title}), or `kata next`.")
        else:
            steps.append(f"Fix the first failing check; `kata hint {ex.id}` gives a hint.")
        render.check_result(result, ex.title, str(path), steps)
    sys.exit(result.exit_code)


@main.command()
@exercise_argument
@click.option("--all", "show_all", is_flag=True, help="Show every hint at once.")
@workspace_option
@click.pass_obj
def hint(app: App, exercise_id: str, show_all: bool) -> None:
    """Show the next hint (one more each time)."""
    ex = app.exercise(exercise_id)
    shown = app.store.hints_shown(ex.id) if app.workspace.exists() else 0
    upto = len(ex.hints) if show_all else min(shown + 1, len(ex.hints))
    for n in range(1 if show_all else upto, upto + 1):
        render.echo(f"Hint {n}/{len(ex.hints)}: {ex.hints[n - 1]}")
    if shown < upto:
        app.workspace.ensure()
        for n in range(shown + 1, upto + 1):
            app.store.record_event(ex.id, "hint", str(n))
    if upto == len(ex.hints) and not show_all:
        render.echo("That was the last hint. After a pass, `kata solution " + ex.id + "` shows the reference.")


@main.command()
@json_option
@workspace_option
@click.pass_obj
def progress(app: App, as_json: bool) -> None:
    """Done / in progress / not started per track, and your score."""
    found = app.progress()
    tracks: dict[str, dict[str, Any]] = {}
    for ex in app.path():
        item = found.get(ex.id)
        t = tracks.setdefault(ex.track, {"track": ex.track, "title": TRACKS.get(ex.track, (ex.track, ex.track))[1],
                                         "done": 0, "in_progress": 0, "not_started": 0, "total": 0,
                                         "score": 0.0, "max_score": 0.0, "exercises": []})
        state = status_of(ex, item, app.workspace)
        t[state] += 1
        t["total"] += 1
        t["score"] += item.best_score if item else 0.0
        t["max_score"] += ex.points
        t["exercises"].append({"id": ex.id, "status": state, "best_score": item.best_score if item else 0.0,
                               "max_score": ex.points, "attempts": item.attempts if item else 0,
                               "hints_shown": item.hints_shown if item else 0,
                               "solution_revealed": item.solution_revealed if item else False})
    summary = list(tracks.values())
    if as_json:
        _emit_json({"workspace": str(app.workspace.root), "tracks": summary,
                    "score": sum(t["score"] for t in summary), "max_score": sum(t["max_score"] for t in summary)})
        return
    render.echo(f"workspace: {app.workspace.root}")
    render.bars([(t["title"], t["done"], t["in_progress"], t["total"], t["score"], t["max_score"]) for t in summary])


@main.command()
@exercise_argument
@click.option("--force", is_flag=True, help="Show it before passing (this is recorded).")
@workspace_option
@click.pass_obj
def solution(app: App, exercise_id: str, force: bool) -> None:
    """Print the reference solution, once you have passed."""
    ex = app.exercise(exercise_id)
    item = app.progress().get(ex.id)
    passed = bool(item and item.passed)
    if not passed and not force:
        render.error(f"pass {ex.id} first (`kata check {ex.id}`); `kata solution {ex.id} --force` shows it anyway, "
                     "and records that you looked.")
        sys.exit(USAGE_ERROR)
    app.workspace.ensure()
    app.store.record_event(ex.id, "solution", "after pass" if passed else "forced")
    render.code(solution_text(ex))


@main.command()
@exercise_argument
@workspace_option
@click.pass_obj
def reset(app: App, exercise_id: str) -> None:
    """Restore the stub; your file is backed up first."""
    ex = app.exercise(exercise_id)
    backup = app.write_stub(ex, event="reset")
    if backup:
        render.echo(f"backup of your file: {backup}")
    render.echo(f"restored the stub: {app.workspace.file_for(ex)}")


@main.command()
@click.argument("ids", nargs=-1, metavar="[IDS]...", shell_complete=_complete_ids)
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Parallel grading processes (default: CPU count).")
@click.option("--mutants", "mutants", is_flag=True, help="Measure the checks: grade mutants of each reference.")
@click.option("--max-mutants", type=click.IntRange(min=1), help="With --mutants: a fixed seeded sample per exercise.")
@click.option("--update-baseline", is_flag=True, help="With --mutants: record the scores in the baseline file.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              help="With --mutants: the baseline file (default: checks/mutation-baseline.json).")
@json_option
@click.pass_obj
def verify(app: App, ids: tuple[str, ...], jobs: int | None, as_json: bool, mutants: bool,
           max_mutants: int | None, update_baseline: bool, baseline_file: Path | None) -> None:
    """Prove every reference passes and every stub and known mistake fails."""
    from kata.verify import verify as run_verify

    try:
        chosen = app.registry.select(ids)
    except UnknownExercise as exc:
        render.error(str(exc))
        sys.exit(USAGE_ERROR)
    if mutants or update_baseline or max_mutants:
        from kata.mutants.command import run_mutants

        sys.exit(run_mutants(chosen, jobs or 1, max_mutants, update_baseline, baseline_file, as_json))
    items = run_verify(app.registry, chosen, jobs)
    ok = all(i.ok for i in items)
    if as_json:
        _emit_json({"ok": ok, "exercises": [i.to_json() for i in items]})
    else:
        for item in items:
            render.echo(f"{'ok  ' if item.ok else 'FAIL'} {item.id} ({item.runs} gradings)")
            for problem in item.problems:
                render.echo(f"     - {problem}")
        render.echo(f"{sum(i.ok for i in items)} of {len(items)} exercises verified")
    sys.exit(0 if ok else 1)


@main.command()
@json_option
@click.pass_obj
def plugins(app: App, as_json: bool) -> None:
    """List the loaded plugins and their exercises."""
    infos = list(app.registry.plugins.info.values())
    if as_json:
        _emit_json([{"name": i.name, "distribution": i.distribution, "exercises": i.exercises} for i in infos])
        return
    render.table(["plugin", "distribution", "exercises"],
                 [[i.name, i.distribution, f"{len(i.exercises)}: {', '.join(i.exercises[:6])}"
                   + (" ..." if len(i.exercises) > 6 else "")] for i in infos])


if __name__ == "__main__":
    main()
