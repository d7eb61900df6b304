"""The recorded mutation scores CI holds: ``checks/mutation-baseline.json``.

Per exercise: the score and counts of the last recorded run, the keys of the mutants that run did
not kill (survivors and equivalents), and, written by hand, a ``note`` on why the survivors left stay
(kept by later updates while there are survivors). A score below its baseline is a regression; a mutant the
baseline counts as killed that now survives is one too, which is what the sampled CI test checks.
Raising the baseline is explicit: ``kata verify --mutants --update-baseline``.
"""

from __future__ import annotations

import json
from pathlib import Path

from kata.mutants.score import MutantScore

VERSION = 1


def default_path() -> Path:
    import checks

    return Path(checks.__file__).resolve().parent / "mutation-baseline.json"


def load(path: Path | None = None) -> dict:
    path = path or default_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"version": VERSION, "exercises": {}}
    data.setdefault("exercises", {})
    return data


def update(scores: list[MutantScore], limit: int | None, path: Path | None = None) -> Path:
    """Record these exercises' scores (others keep theirs); ``limit`` is the per-exercise sample size used."""
    path = path or default_path()
    data = load(path)
    data["version"] = VERSION
    data["command"] = "kata verify --mutants IDS --update-baseline" + (f" --max-mutants {limit}" if limit else "")
    for s in scores:
        if s.note and not s.mutants:
            data["exercises"][s.id] = {"kind": s.kind, "score": None, "note": s.note}
            continue
        entry = {
            "kind": s.kind, "score": s.score, "mutants": s.mutants, "killed": s.killed,
            "equivalent": s.equivalent, "survivors": len(s.survivors), "max_mutants": limit,
            "not_killed": sorted([v.key for v in s.survivors] + s.equivalent_keys),
        }
        note = data["exercises"].get(s.id, {}).get("note")
        if note and s.survivors:  # the author's word on why the survivors stay (written by hand), kept
            entry["note"] = note
        data["exercises"][s.id] = entry
    data["exercises"] = dict(sorted(data["exercises"].items()))
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def regressions(scores: list[MutantScore], data: dict, limit: int | None) -> list[str]:
    """Exercises measured the way the baseline was (same sample size) whose score fell below it."""
    found = []
    for s in scores:
        recorded = data["exercises"].get(s.id)
        if not recorded or recorded.get("score") is None or s.score is None:
            continue
        if recorded.get("max_mutants") == limit and s.score < recorded["score"] - 1e-9:
            found.append(f"{s.id}: mutation score {s.score:.1%} is below its baseline {recorded['score']:.1%}")
    return found
