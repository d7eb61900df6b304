"""Report formats for instructor grading (``kata grade``): JSON, JUnit XML and Gradescope's results.json.

Each format is a pure function of the graded submissions, so the command decides only where text goes.

- JSON: ``{"exercise", "submissions", "summary"}``: ``submissions`` holds one ``{"submission", "name", "file",
  "result"}`` per submission, ``result`` being exactly the object ``kata check --json`` prints; ``summary`` is
  :func:`kata.reporting.class_summary.summarize` (counts, median, pass rate per check, the known mistakes ranked).
- CSV and HTML: :mod:`kata.reporting.class_summary` (a gradebook) and :mod:`kata.reporting.class_report` (a page
  with charts).
- JUnit XML: one ``<testsuite>`` per submission, one ``<testcase>`` per check (``classname`` the exercise id);
  a failing check is a ``<failure>``; a submission that could not be run gets one more test case, "the
  submission runs", with an ``<error>``, so CI tools tell a crash from a wrong answer.
- Gradescope: the ``results.json`` an autograder writes (``score``, ``execution_time``, ``output``,
  ``stdout_visibility``, ``tests`` of ``name``, ``score``, ``max_score``, ``output``, ``visibility``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kata.exercise import Exercise
    from kata.grading.runner import GradeResult

FORMATS = ("json", "junit", "gradescope", "csv", "html")
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
RUNS_CHECK = "the submission runs"  # the extra test case that carries a could-not-run message


@dataclass
class Graded:
    """One submission and its grade."""

    submission: str  # the path as the instructor gave it
    name: str  # short and unique among this run's submissions (a folder name or a file stem)
    file: Path | None  # the file graded; None when no file could be chosen in a folder
    result: GradeResult

    def to_json(self) -> dict[str, Any]:
        return {"submission": self.submission, "name": self.name, "file": str(self.file) if self.file else None,
                "result": self.result.to_json()}


def first_line(text: str, limit: int = 200) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _run_error(result: GradeResult) -> tuple[str, float] | None:
    """The could-not-run message and the points it leaves unaccounted for, or None when the file ran."""
    if result.status != "error" or not result.message:
        return None
    checked = sum(c["max_points"] for c in result.checks)
    return result.message, round(max(result.max_score - checked, 0.0), 2)


# ---- JSON -------------------------------------------------------------------------------------------------

def to_json(graded: list[Graded], exercise: Exercise) -> str:
    from kata.reporting.class_summary import summarize

    return json.dumps({"exercise": exercise.id, "submissions": [g.to_json() for g in graded],
                       "summary": summarize(graded)}, indent=2)


# ---- JUnit XML --------------------------------------------------------------------------------------------

_NOT_XML = "[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"  # compiled on use: it costs ~15 ms


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: a learner's output may contain escape codes or NUL bytes."""
    return re.sub(_NOT_XML, "\ufffd", text)


def to_junit(graded: list[Graded], exercise: Exercise) -> str:
    from xml.etree import ElementTree as ET

    root = ET.Element("testsuites", name=f"kata grade {exercise.id}")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    time_total = 0.0
    for g in graded:
        suite = ET.SubElement(root, "testsuite", name=_xml_text(g.name))
        props = ET.SubElement(suite, "properties")
        for key, value in (("submission", g.submission), ("file", str(g.file or "")), ("status", g.result.status),
                           ("score", f"{g.result.score:g}"), ("max_score", f"{g.result.max_score:g}")):
            ET.SubElement(props, "property", name=key, value=_xml_text(value))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        cases = [(c["name"], c["status"], c["message"]) for c in g.result.checks]
        run_error = _run_error(g.result)
        if run_error:
            cases.append((RUNS_CHECK, "error", run_error[0]))
        for name, status, message in cases:
            case = ET.SubElement(suite, "testcase", classname=exercise.id, name=_xml_text(name))
            counts["tests"] += 1
            if status != "pass":
                tag = "error" if status == "error" else "failure"
                counts["failures" if tag == "failure" else "errors"] += 1
                problem = ET.SubElement(case, tag, message=_xml_text(first_line(message)),
                                        type="CouldNotRun" if tag == "error" else "CheckFailed")
                problem.text = _xml_text(message)
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failures"]))
        suite.set("errors", str(counts["errors"]))
        suite.set("skipped", "0")
        suite.set("time", f"{g.result.duration_s:.3f}")
        for key in totals:
            totals[key] += counts[key]
        time_total += g.result.duration_s
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{time_total:.3f}")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


# ---- Gradescope -------------------------------------------------------------------------------------------

def to_gradescope(g: Graded, exercise: Exercise, visibility: str = "visible") -> dict[str, Any]:
    """Gradescope's results.json for one submission; the tests' scores add up to ``score``."""
    tests = [{"name": c["name"], "score": float(c["points"]), "max_score": float(c["max_points"]),
              "output": c["message"] or "passed", "visibility": visibility} for c in g.result.checks]
    run_error = _run_error(g.result)
    if run_error:
        tests.append({"name": RUNS_CHECK, "score": 0.0, "max_score": run_error[1], "output": run_error[0],
                      "visibility": visibility})
    score = round(sum(t["score"] for t in tests), 2)
    top = round(sum(t["max_score"] for t in tests), 2)
    graded_file = f" ({g.file.name})" if g.file else ""
    summary = f"{exercise.id} {exercise.title}{graded_file}: {g.result.status}, {score:g}/{top:g} points."
    if run_error:
        summary += f"\nYour submission could not be run: {first_line(run_error[0], 500)}"
    return {"score": score, "execution_time": round(g.result.duration_s, 2), "output": summary,
            "stdout_visibility": "hidden", "tests": tests}
