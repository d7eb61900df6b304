"""Every package the project imports is declared, and every declared one is used (deptry).

A package installed by hand on a developer's machine hides a missing declaration until a fresh install
crashes; deptry reads pyproject.toml and every import under the project (tests included), so an undeclared
import (DEP001), an unused declaration (DEP002) or a transitive-only import (DEP003) fails here first.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_deptry_finds_no_undeclared_or_unused_dependency() -> None:
    beside = Path(sys.executable).with_name("deptry")
    deptry = str(beside) if beside.exists() else shutil.which("deptry")
    assert deptry, "deptry is not installed: it is a dev dependency (pip install -e '.[dev]')"
    done = subprocess.run([deptry, "."], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={"NO_COLOR": "1", "PATH": "", "HOME": str(ROOT)})
    assert done.returncode == 0, f"deptry found dependency problems:\n{done.stdout}\n{done.stderr}"
