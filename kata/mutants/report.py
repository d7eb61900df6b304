"""``kata verify --mutants`` output: one row per exercise, a project's short runs, then each survivor with its line
and input."""

from __future__ import annotations

from kata.mutants.score import MutantScore
from kata.reporting import render


def json_document(scores: list[MutantScore]) -> dict:
    return {"exercises": [s.to_json() for s in scores]}


def _score_text(s: MutantScore) -> str:
    return "-" if s.score is None else f"{s.score:.0%}"


def table(scores: list[MutantScore], backend: str) -> None:
    rows = [[s.id, s.kind, str(s.mutants), str(s.killed), str(s.equivalent), str(len(s.survivors)),
             _score_text(s), s.note] for s in scores]
    render.table(["exercise", "kind", "mutants", "killed", "equivalent", "survivors", "score", "note"], rows,
                 title=f"Mutation scores (generic operators: {backend})")
    for s in scores:
        if s.kind == "project" and s.mutants:
            render.echo(f"{s.id}: {s.runs} of {s.mutants} mutants given a short run (the others failed a check that "
                        f"reads no run); {len(s.run_failures)} of those runs failed")
        for v in s.survivors:
            render.echo(f"survivor {s.id} line {v.line}: {v.mutation}\n    differs on: {v.input}")
    counted = [s for s in scores if s.score is not None]
    total = {k: sum(getattr(s, k) for s in counted) for k in ("mutants", "killed", "equivalent")}
    survivors = sum(len(s.survivors) for s in counted)
    render.echo(f"{total['mutants']} mutants: {total['killed']} killed, {total['equivalent']} equivalent, "
                f"{survivors} survivors")
