"""``kata grade ID SUBMISSION...``: grade a class's files in parallel, for an instructor.

Each submission is graded exactly as ``kata check`` grades a learner's file (a child process per
submission, with the exercise's time and memory limits), and no progress store is read or written.
A submission is a file, or a folder holding the file named like the exercise's workspace file
(``stage6_07_layer_norm.py`` for 6.7), else its only ``.py`` file.

Exit codes: 0 every submission ran (whatever its score: a failing student is not a grader error);
3 at least one submission could not be run at all (syntax or import error, crash, time or memory
limit, or no file to grade in its folder); the report is complete either way. 2 is a usage error
(unknown id, a missing path, an output that cannot be written), and then nothing is graded.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from kata.app import USAGE_ERROR, App, exercise_argument
from kata.exercise import Exercise
from kata.reporting import render
from kata.reporting.reports import FORMATS, VISIBILITIES, Graded, first_line

COULD_NOT_RUN = 3
SKIPPED_DIRS = {"__pycache__", "__MACOSX", "node_modules", "site-packages"}


def _walk_files(folder: Path) -> list[Path]:
    """Files below ``folder``, skipping hidden entries, caches and archive debris (``__MACOSX``, ``._x``)."""
    found = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        found += [Path(here) / f for f in sorted(files) if not f.startswith(".")]
    return found


def pick_file(folder: Path, exercise: Exercise) -> tuple[Path | None, str]:
    """The file to grade in a submission folder, or None and why none could be chosen."""
    expected = Path(exercise.filename).name
    if (folder / expected).is_file():
        return folder / expected, ""
    files = _walk_files(folder)
    named = [p for p in files if p.name == expected]
    candidates = named or [p for p in files if p.suffix == ".py"]
    if len(candidates) == 1:
        return candidates[0], ""
    listed = ", ".join(str(p.relative_to(folder)) for p in candidates[:5]) + (" ..." if len(candidates) > 5 else "")
    if named:
        why = f"{len(named)} files are named {expected} ({listed}); keep only one"
    elif candidates:
        why = f"it has no {expected} and {len(candidates)} .py files ({listed}); name the one to grade {expected}"
    else:
        why = f"it has no .py file at all; submit your solution as {expected}"
    return None, f"cannot decide which file to grade in the folder {folder}: {why}"


def submission_names(paths: list[Path], exercise: Exercise) -> list[str]:
    """Short unique names: a folder's name, the folder of a file named like the workspace file, else the stem."""
    expected = Path(exercise.filename).name
    names: list[str] = []
    for path in paths:
        absolute = path.resolve()
        base = absolute.parent.name if absolute.is_file() and absolute.name == expected else (
            absolute.name if absolute.is_dir() else absolute.stem)
        base = base or "submission"
        name, n = base, 2
        while name in names:
            name, n = f"{base}-{n}", n + 1
        names.append(name)
    return names


def _grade_one(exercise: Exercise, submission: Path, name: str, time_limit: float | None) -> Graded:
    from kata.grading.runner import GradeResult, grade

    file, problem = pick_file(submission, exercise) if submission.is_dir() else (submission, "")
    if file is None:
        result = GradeResult(exercise.id, "error", 0.0, float(exercise.points), [], 0.0, problem)
    else:
        file = file.resolve()
        result = grade(exercise, file=file, time_limit=time_limit)  # no workspace: nothing is recorded
    return Graded(str(submission), name, file, result)


def grade_all(exercise: Exercise, submissions: list[Path], jobs: int, time_limit: float | None = None,
              on_done=None) -> list[Graded]:
    """Grade every submission, ``jobs`` at a time; the result keeps the order of ``submissions``."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    names = submission_names(submissions, exercise)
    graded: list[Graded | None] = [None] * len(submissions)
    with ThreadPoolExecutor(max(1, min(jobs, len(submissions)))) as pool:
        futures = {pool.submit(_grade_one, exercise, s, n, time_limit): i
                   for i, (s, n) in enumerate(zip(submissions, names))}
        for future in as_completed(futures):
            graded[futures[future]] = item = future.result()
            if on_done:
                on_done(item)
    return [g for g in graded if g is not None]


def _write(path: Path, text: str) -> None:
    """Write whole or not at all: a reader (Gradescope, a CI job) never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _gradescope_outputs(graded: list[Graded], exercise: Exercise, output: Path | None,
                        visibility: str) -> list[tuple[Path | None, str]]:
    """One results.json for one submission; a folder of ``<name>.json`` for several (or an existing folder)."""
    from kata.reporting.reports import to_gradescope

    results = {g.name: to_gradescope(g, exercise, visibility) for g in graded}
    if output is not None and (len(graded) > 1 or output.is_dir()):
        return [(output / f"{name}.json", json.dumps(data, indent=2)) for name, data in results.items()]
    data = next(iter(results.values())) if len(results) == 1 else results
    return [(output, json.dumps(data, indent=2))]


def _report(fmt: str, graded: list[Graded], exercise: Exercise, output: Path | None,
            visibility: str) -> list[tuple[Path | None, str]]:
    from kata.reporting.reports import to_json, to_junit

    if fmt == "gradescope":
        return _gradescope_outputs(graded, exercise, output, visibility)
    if fmt == "csv":
        from kata.reporting.class_summary import to_csv

        return [(output, to_csv(graded))]
    if fmt == "html":
        from kata.reporting.class_report import render_html

        return [(output, render_html(graded, exercise))]
    return [(output, to_json(graded, exercise) if fmt == "json" else to_junit(graded, exercise))]


def _progress_line(total: int):
    done = [0]

    def show(item: Graded) -> None:
        done[0] += 1
        r = item.result
        extra = f": {first_line(r.message, 120)}" if r.status == "error" else ""
        click.echo(f"[{done[0]}/{total}] {item.name}: {r.status} {r.score:g}/{r.max_score:g}{extra}", err=True)

    return show


@click.command("grade")
@exercise_argument
@click.argument("submissions", nargs=-1, required=True, metavar="SUBMISSION...",
                type=click.Path(exists=True, path_type=Path))
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Submissions graded at once (default: CPU count).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write the report here (default: stdout). Gradescope with several submissions (or an existing "
                   "folder): a folder of NAME.json, one per submission.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), help="Seconds per submission (default: the exercise's).")
@click.option("--visibility", type=click.Choice(VISIBILITIES), default="visible", show_default=True,
              help="Gradescope: when students see each check's result.")
@click.pass_obj
def command(app: App, exercise_id: str, submissions: tuple[Path, ...], jobs: int | None, fmt: str, output: Path | None,
            time_limit: float | None, visibility: str) -> None:
    """Grade a class's files or folders in parallel: JSON, JUnit, Gradescope, a CSV gradebook or an HTML report.

    Writes JSON (with a class summary), JUnit XML, Gradescope results.json, a CSV gradebook (one row per
    submission) or one self-contained HTML page (charts, the class's known mistakes ranked, every submission's
    checks); progress goes to stderr. Never reads or writes a
    learner's progress. Exit 0 when every submission ran (whatever its score), 3 when some could not be
    run at all (the report still covers every submission), 2 for a usage error.
    """
    exercise = app.exercise(exercise_id)
    several_gradescope = fmt == "gradescope" and len(submissions) > 1
    if output is not None and output.is_dir() and fmt != "gradescope":
        render.error(f"--output {output} is a folder; give a file name for the {fmt} report (e.g. {output}/report."
                     f"{ {'junit': 'xml'}.get(fmt, fmt)}).")
        sys.exit(USAGE_ERROR)
    if output is not None and several_gradescope and output.exists() and not output.is_dir():
        render.error(f"--output {output} is a file, but Gradescope results for {len(submissions)} submissions are "
                     "one file each: give a folder.")
        sys.exit(USAGE_ERROR)
    graded = grade_all(exercise, list(submissions), jobs or os.cpu_count() or 1, time_limit,
                       on_done=_progress_line(len(submissions)))
    for path, text in _report(fmt, graded, exercise, output, visibility):
        if path is None:
            click.echo(text.rstrip("\n"))
        else:
            _write(path, text)
    counts = {s: sum(g.result.status == s for g in graded) for s in ("pass", "fail", "error")}
    where = f"; report in {output}" if output is not None else ""
    click.echo(f"graded {len(graded)} submission{'s' if len(graded) != 1 else ''} of {exercise.id}: {counts['pass']} passed, {counts['fail']} "
               f"failed, {counts['error']} could not be run{where}", err=True)
    sys.exit(COULD_NOT_RUN if counts["error"] else 0)
