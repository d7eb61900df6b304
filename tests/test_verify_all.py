"""The CI gate: `kata verify` over every registered exercise.

Every reference passes every check and is worth the declared points, every untouched stub fails, every declared
known mistake fails with a report that names it, statements and hints are present, ids are unique.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from helpers import kata_script, subprocess_env
from kata.registry import load_registry


def test_verify_every_registered_exercise(tmp_path: Path) -> None:
    registry = load_registry()
    done = subprocess.run([kata_script(), "verify", "--json"], cwd=tmp_path, env=subprocess_env(),
                          capture_output=True, text=True, timeout=3600)
    assert done.stdout, done.stderr
    report = json.loads(done.stdout)
    problems = {item["id"]: item["problems"] for item in report["exercises"] if not item["ok"]}
    assert problems == {}, "kata verify found problems:\n" + json.dumps(problems, indent=2)
    assert report["ok"] is True and done.returncode == 0, done.stderr
    assert [item["id"] for item in report["exercises"]] == [e.id for e in registry.ordered()]
    for item in report["exercises"]:
        exercise = registry.get(item["id"])
        assert item["runs"] == 2 + len(exercise.mistakes), item  # reference, stub and every mistake were graded
    assert "warning" not in done.stderr, done.stderr
