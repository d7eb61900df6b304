"""The class summary, CSV gradebook and HTML page, from made-up results (no grading: these run in milliseconds)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kata.grading.runner import GradeResult
from kata.reporting.class_report import render_html
from kata.reporting.class_summary import explanation, mistake_of, summarize, to_csv
from kata.reporting.reports import Graded
from kata.state.registry import load_registry

AXIS0 = ("LayerNorm.forward(x) differs from the reference: max abs error 2 at index (0, 1).\n"
         "This matches a known mistake (axis 0): you normalised over axis 0 (4 of 4 cases failed)")


def _check(name: str, status: str, message: str = "", points: float = 0.0, **extra) -> dict:
    return {"name": name, "status": status, "points": points if status != "pass" else 1.0, "max_points": 1.0,
            "message": message, **extra}


def _graded(name: str, status: str, checks: list[dict], message: str = "") -> Graded:
    score = sum(c["points"] for c in checks)
    return Graded(f"class/{name}", name, Path(f"class/{name}/x.py") if checks else None,
                  GradeResult("6.7", status, score, 2.0, checks, 0.5, message))


@pytest.fixture
def graded() -> list[Graded]:
    grid = {"yours": [["T", "F"], ["F", "F"]], "expected": [["F", "F"], ["F", "F"]], "wrong": ["x.", ".."]}
    return [
        _graded("ann", "pass", [_check("forward", "pass"), _check("backward", "pass")]),
        _graded("bob", "fail", [_check("forward", "fail", AXIS0, mistake="axis 0", grid=grid),
                                _check("backward", "fail", AXIS0)]),
        _graded("=cmd()", "fail", [_check("forward", "fail", AXIS0), _check("backward", "pass")]),  # no field
        _graded("eve", "fail", [_check("forward", "fail", "<script>alert(1)</script> was printed"),
                                _check("backward", "pass")]),
        _graded("zed", "error", [], "your file has a syntax error on line 3"),
    ]


def test_a_mistake_is_read_from_its_field_or_its_message() -> None:
    assert mistake_of({"status": "fail", "message": "x", "mistake": "ddof=1"}) == "ddof=1"
    assert mistake_of({"status": "fail", "message": AXIS0}) == "axis 0"
    assert mistake_of({"status": "fail", "message": "This matches a known mistake (diagonal hidden (k=0)): no"}) \
        == "diagonal hidden (k=0)"  # a name with parentheses of its own
    assert mistake_of({"status": "pass", "message": AXIS0}) is None
    assert explanation(AXIS0, "axis 0") == "you normalised over axis 0"  # without "(4 of 4 cases failed)"


def test_summary_counts_each_submission_once_per_mistake(graded: list[Graded]) -> None:
    summary = summarize(graded)
    assert (summary["submissions"], summary["passed"], summary["failed"], summary["could_not_run"]) == (5, 1, 3, 1)
    assert summary["median_score"] == 1.0 and summary["max_score"] == 2.0
    [axis0] = summary["mistakes"]
    assert (axis0["name"], axis0["count"], axis0["share"]) == ("axis 0", 2, 0.4)  # bob twice counts once
    assert axis0["submissions"] == ["bob", "=cmd()"] and axis0["checks"] == ["forward", "backward"]
    assert axis0["explanation"] == "you normalised over axis 0"
    rates = {c["name"]: (c["passed"], c["graded"], c["pass_rate"]) for c in summary["checks"]}
    assert rates == {"forward": (1, 4, 0.2), "backward": (3, 4, 0.6)}  # of all 5 submissions, run or not


def test_csv_keeps_formulas_out_and_leaves_ungraded_checks_empty(graded: list[Graded]) -> None:
    rows = list(csv.reader(io.StringIO(to_csv(graded))))
    assert rows[0] == ["name", "submission", "score", "max_score", "status", "forward", "backward", "mistakes"]
    assert rows[3][:2] == ["'=cmd()", "class/=cmd()"] and rows[3][-1] == "axis 0"
    assert rows[5] == ["zed", "class/zed", "0", "2", "error", "", "", ""]


def test_the_page_escapes_learner_text_and_draws_the_grid(graded: list[Graded]) -> None:
    page = render_html(graded, load_registry().get("6.7"))
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert page.count("<svg") == 2 and '<td class="bad">T</td>' in page
    assert "<b>axis 0</b>" in page and "2 (40%)" in page
    assert page == render_html(graded, load_registry().get("6.7"))  # the same class gives the same page
