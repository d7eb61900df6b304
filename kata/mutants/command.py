"""``kata verify --mutants``: score, print, compare with (or update) the baseline; returns the exit code."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kata.exercise import Exercise
from kata.mutants import baseline, report
from kata.mutants.generate import generic_backend
from kata.mutants.score import score_all
from kata.reporting import render


def run_mutants(exercises: list[Exercise], jobs: int, limit: int | None, update: bool, path: Path | None,
                as_json: bool) -> int:
    backend = generic_backend()
    if backend != "cosmic-ray":
        render.error(f"generic mutation operators: {backend}")
    scores = score_all(exercises, jobs=jobs, limit=limit)
    if as_json:
        click.echo(json.dumps(report.json_document(scores), indent=2))
    else:
        report.table(scores, backend)
    if update:
        written = baseline.update(scores, limit, path)
        render.error(f"baseline written: {written}")
        return 0
    problems = baseline.regressions(scores, baseline.load(path), limit)
    for problem in problems:
        render.error(problem)
    return 1 if problems else 0
