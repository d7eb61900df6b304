"""``kata verify [IDS]``: for exercise authors, every reference passes and every stub and known mistake fails;
with ``--mutants``, how many generated mutants of each reference the checks catch."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kata.app import USAGE_ERROR, App, complete_ids, emit_json, json_option
from kata.reporting import render
from kata.state.registry import UnknownExercise


@click.command("verify")
@click.argument("ids", nargs=-1, metavar="[IDS]...", shell_complete=complete_ids)
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Parallel grading processes (default: CPU count).")
@click.option("--mutants", "mutants", is_flag=True, help="Measure the checks: grade mutants of each reference.")
@click.option("--max-mutants", type=click.IntRange(min=1), help="With --mutants: a fixed seeded sample per exercise.")
@click.option("--update-baseline", is_flag=True, help="With --mutants: record the scores in the baseline file.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              help="With --mutants: the baseline file (default: checks/mutation-baseline.json).")
@json_option
@click.pass_obj
def command(app: App, ids: tuple[str, ...], jobs: int | None, as_json: bool, mutants: bool,
            max_mutants: int | None, update_baseline: bool, baseline_file: Path | None) -> None:
    """Prove every reference passes and every stub and known mistake fails."""
    from kata.authoring.verify import verify as run_verify

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
        emit_json({"ok": ok, "exercises": [i.to_json() for i in items]})
    else:
        for item in items:
            render.echo(f"{'ok  ' if item.ok else 'FAIL'} {item.id} ({item.runs} gradings)")
            for problem in item.problems:
                render.echo(f"     - {problem}")
        render.echo(f"{sum(i.ok for i in items)} of {len(items)} exercises verified")
    sys.exit(0 if ok else 1)
