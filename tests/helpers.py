"""Plain helpers shared by the test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def kata_script() -> str:
    """The installed console script, next to this interpreter if it is there."""
    beside = Path(sys.executable).with_name("kata")
    found = str(beside) if beside.exists() else shutil.which("kata")
    assert found, "the `kata` console script is not installed (pip install -e .)"
    return found


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment for a real ``kata`` process: this test's isolated one, plus ``extra``."""
    env = dict(os.environ)
    env.update(extra)
    return env


TRACEBACK_MARKERS = ("Traceback (most recent call last)", 'File "', "kata/grading", "_pytest", "site-packages",
                     "pluggy")


def assert_plain(text: str) -> None:
    """``text`` is a report for a person: no traceback and no frame of our internals."""
    for marker in TRACEBACK_MARKERS:
        assert marker not in text, f"found {marker!r} in the report:\n{text}"
