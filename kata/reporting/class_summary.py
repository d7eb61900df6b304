"""What a class got wrong, as data: score statistics, pass rate per check, and the known mistakes it made.

Shared by ``kata grade --format json`` (its ``summary`` object), ``--format csv`` (a gradebook) and
``--format html`` (:mod:`kata.reporting.class_report`). Pure Python over the graded results: no NumPy here.
"""

from __future__ import annotations

import csv
import io
import re
import statistics
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kata.reporting.reports import Graded

_NAMED = re.compile(r"known mistake \((.+?)\): ")
_CASES_TAIL = re.compile(r" \(\d+ of \d+ cases failed\)$")


def mistake_of(check: dict[str, Any]) -> str | None:
    """The known mistake a failed check names: its ``mistake`` field, else the name in its message."""
    if check.get("status") == "pass":
        return None
    if isinstance(check.get("mistake"), str):
        return check["mistake"]
    found = _NAMED.search(check.get("message", ""))
    return found.group(1) if found else None


def explanation(message: str, name: str) -> str:
    """The sentence after "This matches a known mistake (NAME): " in a check's message."""
    marker = f"known mistake ({name}): "
    at = message.find(marker)
    if at < 0:
        return ""
    return _CASES_TAIL.sub("", message[at + len(marker):].splitlines()[0]).strip()


def check_names(graded: list[Graded]) -> list[str]:
    """Every check's name, in the order the checks ran (a submission that crashed early has fewer)."""
    names: list[str] = []
    for g in graded:
        for c in g.result.checks:
            if c["name"] not in names:
                names.append(c["name"])
    return names


def mistakes_by_submission(g: Graded) -> dict[str, list[str]]:
    """Known mistake name -> the checks of this submission that named it."""
    found: dict[str, list[str]] = {}
    for c in g.result.checks:
        name = mistake_of(c)
        if name:
            found.setdefault(name, []).append(c["name"])
    return found


def summarize(graded: list[Graded]) -> dict[str, Any]:
    """The class at a glance, the pass rate of each check, and the named mistakes ranked by how many made them."""
    total = len(graded)
    scores = [g.result.score for g in graded]
    statuses = Counter(g.result.status for g in graded)
    checks = []
    for name in check_names(graded):
        outcomes = [c for g in graded for c in g.result.checks if c["name"] == name]
        passed = sum(c["status"] == "pass" for c in outcomes)
        checks.append({"name": name, "passed": passed, "graded": len(outcomes),
                       "pass_rate": round(passed / total, 4) if total else 0.0})
    counts: Counter[str] = Counter()
    where: dict[str, dict[str, Any]] = {}
    for g in graded:
        for name, in_checks in mistakes_by_submission(g).items():
            counts[name] += 1
            entry = where.setdefault(name, {"checks": [], "submissions": [], "explanation": ""})
            entry["submissions"].append(g.name)
            entry["checks"] += [c for c in in_checks if c not in entry["checks"]]
            if not entry["explanation"]:
                entry["explanation"] = next((explanation(c["message"], name) for c in g.result.checks
                                             if mistake_of(c) == name and explanation(c["message"], name)), "")
    mistakes = [{"name": name, "count": count, "share": round(count / total, 4), **where[name]}
                for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return {
        "submissions": total,
        "passed": statuses["pass"],
        "failed": statuses["fail"],
        "could_not_run": statuses["error"],
        "max_score": graded[0].result.max_score if graded else 0.0,
        "median_score": statistics.median(scores) if scores else 0.0,
        "mean_score": round(statistics.fmean(scores), 2) if scores else 0.0,
        "checks": checks,
        "mistakes": mistakes,
    }


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula (a name like "=cmd()" or "+1")."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(graded: list[Graded]) -> str:
    """A gradebook: one row per submission (name, score, max, status, points of each check, mistakes named)."""
    names = check_names(graded)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "submission", "score", "max_score", "status", *names, "mistakes"])
    for g in graded:
        points = {c["name"]: c["points"] for c in g.result.checks}
        writer.writerow([_cell(g.name), _cell(g.submission), f"{g.result.score:g}", f"{g.result.max_score:g}",
                         g.result.status, *(f"{points[n]:g}" if n in points else "" for n in names),
                         _cell("; ".join(mistakes_by_submission(g)))])
    return out.getvalue()
