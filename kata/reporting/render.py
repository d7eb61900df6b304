"""Human output: Rich on a terminal, plain text when piped (Rich is imported only for a terminal).

``NO_COLOR`` is honoured by Rich; ``KATA_PLAIN=1`` forces plain text.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable, Iterable

import click

# Set by the ``%kata`` magic while it runs a check: visual diffs go to Jupyter as HTML through it.
html_sink: Callable[[str], None] | None = None


def rich_wanted() -> bool:
    return sys.stdout.isatty() and not os.environ.get("KATA_PLAIN")


def console():
    from rich.console import Console

    return Console(highlight=False)


def echo(text: str = "") -> None:
    click.echo(text)


def error(text: str) -> None:
    click.echo(f"kata: {text}", err=True)


MARKS = {"pass": "✓", "fail": "✗", "error": "!"}
STYLES = {"pass": "green", "fail": "red", "error": "yellow"}


def check_result(result: Any, title: str, file: str, next_steps: Iterable[str]) -> None:
    head = (f"{result.id} {title}: {result.status.upper()}  {result.score:g}/{result.max_score:g} points "
            f"({result.duration_s:.1f} s)")
    lines: list[tuple[str, str] | dict[str, Any]] = [(head, STYLES.get(result.status, ""))]
    lines.append((f"graded file: {file}", "dim"))
    if result.message:
        lines.append((result.message, STYLES["error"]))
    for c in result.checks:
        lines.append((f"{MARKS.get(c['status'], '?')} {c['name']}  {c['points']:g}/{c['max_points']:g}",
                      STYLES.get(c["status"], "")))
        if c["message"]:
            lines.extend(("    " + part, "") for part in c["message"].splitlines())
        if isinstance(c.get("grid"), dict):
            lines.append(c["grid"])
    lines.extend((step, "bold") for step in next_steps)
    _lines(lines)


def pass_notes(exercise: Any, result: Any) -> list[str]:
    """After a pass: the learner's ungraded reflection beside the model answer, and why the exercise matters."""
    notes = []
    if exercise.model_answer:
        mine = result.reflection.strip() or "(you left REFLECTION empty; it is optional and ungraded)"
        notes.append(f"Your reflection: {mine}\nModel answer: {exercise.model_answer}")
    why = getattr(exercise, "why_it_matters", "")
    if why:
        notes.append(f"Why it matters: {why}")
    return notes


def _lines(lines: list[tuple[str, str] | dict[str, Any]]) -> None:
    """Print lines of (text, style); a dict is a check's visual diff, drawn for where the output goes."""
    from kata.reporting import grid_view

    if rich_wanted():
        from rich.padding import Padding
        from rich.text import Text

        out = console()
        for item in lines:
            out.print(Padding(grid_view.rich_renderable(item), (0, 0, 0, 4)) if isinstance(item, dict)
                      else Text(item[0], style=item[1]))
        return
    for item in lines:
        if isinstance(item, dict) and html_sink is not None:
            sys.stdout.flush()
            html_sink(grid_view.html_snippet(item))
        elif isinstance(item, dict):
            import shutil  # only here: `kata list` imports this module and never needs it

            for line in grid_view.text_lines(item, max(shutil.get_terminal_size((80, 24)).columns - 4, 40)):
                echo(f"    {line}".rstrip())
        else:
            echo(item[0])


def table(headers: list[str], rows: list[list[str]], title: str = "") -> None:
    if rich_wanted():
        from rich.table import Table

        grid = Table(*headers, title=title or None)
        for row in rows:
            grid.add_row(*row)
        console().print(grid)
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = [title] if title else []
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in [headers, *rows]]
    echo("\n".join(lines))  # one write: click.echo flushes after each


def markdown(text: str) -> None:
    if rich_wanted():
        from rich.markdown import Markdown

        console().print(Markdown(text))
    else:
        echo(text.rstrip())


def code(text: str) -> None:
    if rich_wanted():
        from rich.syntax import Syntax

        console().print(Syntax(text, "python", line_numbers=False))
    else:
        click.echo(text.rstrip("\n"))


def bars(rows: list[tuple[str, int, int, int, float, float]]) -> None:
    """Progress per track: (title, done, in progress, total, score, max score)."""
    if rich_wanted():
        from rich.progress_bar import ProgressBar
        from rich.table import Table

        grid = Table("track", "", "done", "in progress", "not started", "score")
        for title, done, doing, total, score, top in rows:
            grid.add_row(title, ProgressBar(total=max(total, 1), completed=done, width=30), f"{done}/{total}",
                         str(doing), str(total - done - doing), f"{score:g}/{top:g}")
        console().print(grid)
        return
    for title, done, doing, total, score, top in rows:
        filled = int(20 * done / total) if total else 0
        echo(f"{title}\n  [{'#' * filled}{'.' * (20 - filled)}] {done}/{total} done, {doing} in progress, "
             f"{total - done - doing} not started; score {score:g}/{top:g}")
