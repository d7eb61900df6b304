"""The CI gate: `kata verify` over every registered exercise.

Every reference passes every check and is worth the declared points, every untouched stub fails, every declared
known mistake fails with a report that names it, statements and hints are present, ids are unique.

The exercises are verified in parts, each its own test, so that pytest-xdist spreads them over its workers:
each project alone (its short training runs dominate), then the other exercises in a few balanced parts.
Together the parts cover the registry exactly once (the first test proves it).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from helpers import kata_script, subprocess_env
from kata.authoring.verify import balanced
from kata.state.registry import load_registry

PLAIN_PARTS = 3  # parts for the exercises that are not projects


def _parts() -> dict[str, list[str]]:
    """Part name -> exercise ids, the longest parts first (the projects with the most variants)."""
    registry = load_registry(env={}, entry_points=False)
    ordered = registry.ordered()
    projects = sorted((e for e in ordered if e.experiment), key=lambda e: -len(e.mistakes))
    parts = {e.id: [e.id] for e in projects}  # each project's variants run one after another: the longest parts
    plain = [e for e in ordered if not e.experiment]
    order = {e.id: index for index, e in enumerate(ordered)}
    for index, chunk in enumerate(balanced(plain, PLAIN_PARTS, lambda e: 2 + len(e.mistakes))):  # by variants
        parts[f"exercises-{index + 1}"] = sorted((e.id for e in chunk), key=order.__getitem__)
    return parts


PARTS = _parts()


@pytest.mark.parametrize("part", list(PARTS))
def test_verify_every_registered_exercise(part: str, tmp_path: Path) -> None:
    registry = load_registry()
    ids = PARTS[part]
    # -j 2: a part left running alone at the end of the suite still uses both cores
    done = subprocess.run([kata_script(), "verify", *ids, "-j", "2", "--json"], cwd=tmp_path, env=subprocess_env(),
                          capture_output=True, text=True, timeout=3600)
    assert done.stdout, done.stderr
    report = json.loads(done.stdout)
    problems = {item["id"]: item["problems"] for item in report["exercises"] if not item["ok"]}
    assert problems == {}, "kata verify found problems:\n" + json.dumps(problems, indent=2)
    assert report["ok"] is True and done.returncode == 0, done.stderr
    assert [item["id"] for item in report["exercises"]] == ids
    for item in report["exercises"]:
        exercise = registry.get(item["id"])
        # reference, stub and every mistake were graded; a project also grades the reference's 2-step run, and a
        # mistake that run did not prove is graded again after the short run
        extra = 1 if exercise.experiment else 0
        assert 2 + len(exercise.mistakes) + extra <= item["runs"] <= 2 + 2 * len(exercise.mistakes) + extra, item
    assert "warning" not in done.stderr, done.stderr


def test_the_parts_cover_every_registered_exercise_once() -> None:
    ids = [i for part in PARTS.values() for i in part]
    assert sorted(ids) == sorted(e.id for e in load_registry(env={}, entry_points=False).ordered())
    assert len(ids) == len(set(ids))
