"""``kata grade --format html``: one self-contained page about a class (charts inline, no network, no assets).

The class at a glance (a histogram of scores), the pass rate of each check (a sorted bar chart), the known
mistakes ranked by how many submissions made them, and every submission's checks, searchable and sortable.
Charts are matplotlib SVG inlined in the page; the page is a Jinja2 template shipped in
``kata/reporting/templates``.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

from kata.reporting.class_summary import check_names, mistakes_by_submission, summarize

if TYPE_CHECKING:
    from kata.exercise import Exercise
    from kata.reporting.reports import Graded

TEMPLATE = "class_report.html.j2"
INK, PASS, FAIL = "#33415c", "#2a9d8f", "#e76f51"


def _svg(figure: Any) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog, no date: the same class gives the same page)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    return re.sub(r"\s*<metadata>.*?</metadata>", "", text[text.index("<svg"):], flags=re.S)


def _style() -> dict[str, Any]:
    return {"svg.fonttype": "none", "svg.hashsalt": "kata-class-report", "font.size": 10,
            "axes.spines.top": False, "axes.spines.right": False, "axes.edgecolor": INK, "axes.labelcolor": INK,
            "xtick.color": INK, "ytick.color": INK}


def score_histogram(scores: list[float], max_score: float, median: float) -> str:
    """Submissions per score band, with the median marked."""
    import matplotlib
    from matplotlib.figure import Figure

    bands = max(1, min(int(round(max_score)) or 1, 20))
    edges = [max_score * i / bands for i in range(bands + 1)]
    with matplotlib.rc_context(_style()):
        figure = Figure(figsize=(6.4, 2.8))
        axes = figure.add_subplot()
        axes.hist(scores, bins=edges, color=INK, edgecolor="white", rwidth=0.92)
        axes.axvline(median, color=FAIL, linestyle="--", linewidth=1.5, label=f"median {median:g}")
        axes.set_xlim(0, max_score or 1)
        axes.set_xlabel(f"score (out of {max_score:g})")
        axes.set_ylabel("submissions")
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.legend(frameon=False)
        return _svg(figure)


def pass_rate_chart(checks: list[dict[str, Any]]) -> str:
    """One horizontal bar per check, hardest at the top."""
    import matplotlib
    from matplotlib.figure import Figure

    numbered = [(f"C{n} {_short(c['name'])}", c) for n, c in enumerate(checks, 1)]  # C1.. as in the table
    ranked = sorted(numbered, key=lambda item: (-item[1]["pass_rate"], item[0]))  # barh draws bottom-up
    with matplotlib.rc_context(_style()):
        figure = Figure(figsize=(9.5, 0.36 * len(ranked) + 0.8))
        axes = figure.add_subplot()
        rates = [100 * c["pass_rate"] for _, c in ranked]
        bars = axes.barh([label for label, _ in ranked], rates,
                         color=[PASS if r >= 50 else FAIL for r in rates])
        axes.bar_label(bars, labels=[f"{r:.0f}%" for r in rates], padding=3, color=INK)
        axes.set_xlim(0, 112)
        axes.set_xlabel("submissions that pass the check (%)")
        return _svg(figure)


def _short(name: str, limit: int = 60) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _rows(graded: list[Graded], names: list[str]) -> list[dict[str, Any]]:
    """What the submissions table shows: per submission its score, and each check's status and message."""
    from kata.reporting import grid_view

    rows = []
    for g in graded:
        by_name = {c["name"]: c for c in g.result.checks}
        cells = []
        for number, name in enumerate(names, 1):
            c = by_name.get(name)
            grid = c.get("grid") if c else None
            cells.append({"number": number, "name": name, "status": c["status"] if c else "none",
                          "message": c["message"] if c else "not graded (the submission did not get this far)",
                          "points": c["points"] if c else 0, "max_points": c["max_points"] if c else None,
                          "grid": grid_view.html_snippet(grid, style=False) if isinstance(grid, dict) else ""})
        rows.append({"name": g.name, "submission": g.submission, "file": str(g.file or ""),
                     "status": g.result.status, "score": g.result.score, "max_score": g.result.max_score,
                     "message": g.result.message, "mistakes": list(mistakes_by_submission(g)), "cells": cells})
    return rows


def render_html(graded: list[Graded], exercise: Exercise) -> str:
    """The whole page, as text."""
    import jinja2

    from kata.reporting import grid_view

    summary = summarize(graded)
    names = check_names(graded)
    environment = jinja2.Environment(loader=jinja2.PackageLoader("kata.reporting", "templates"),
                                     autoescape=jinja2.select_autoescape(("html", "j2")),
                                     trim_blocks=True, lstrip_blocks=True)
    page = environment.get_template(TEMPLATE).render(
        exercise=exercise, summary=summary, names=names, rows=_rows(graded, names),
        histogram=score_histogram([g.result.score for g in graded], summary["max_score"], summary["median_score"]),
        pass_rates=pass_rate_chart(summary["checks"]) if summary["checks"] else "",
        grid_style=_inner_style(grid_view.STYLE))  # our own SVG and CSS: the template marks them |safe
    return re.sub(r"[ \t]+\n", "\n", page)


def _inner_style(style: str) -> str:
    return style.removeprefix("<style>").removesuffix("</style>")
